"""Assemble event mentions into events: each takes the date, place, actors and casualty figures of its
sentence, and mentions of one incident within one article become one event.

Rules:
- **Context**: an event mention takes the dates, places and actors of its own sentence; when its sentence
  has none of one kind, it takes them from the nearest preceding sentence of the same paragraph (a
  paragraph is a run of text without a line break). Casualty figures come from its own sentence, and from
  following sentences of the paragraph that report figures but no event of their own.
- **Date choice**: for a scheduled process step, the first future date; otherwise the first date that is
  not in the future. A date that dates.py flagged ``background`` keeps its resolved (older) period and the
  event is flagged ``background``.
- **Place choice**: the most precise place (ACLED geo precision 1 before 2 before 3; a named place before a
  region or a country). A dateline ("CHAMAN, Pakistan —", "KHARTOUM, Sudan (AP) —" opening the first
  paragraph, after the headline) says where the story was filed, not where the incident was: its places count
  only when neither the event's context nor a sentence of its paragraph that tells no other event names
  another, and when mentions merge any other place wins over one taken from the dateline (so "near Chaman"
  keeps precision 2 under a "CHAMAN" dateline). A "CITY:" dateline is never a place (see ``_METONYM_AFTER``).
- **Merging**: two mentions are one incident when they have the same kind and sub-event type (or, for
  violence, the same event type where one is an "Armed clash", since reports split a clash into firing
  and response), dates that overlap (a missing date fits any) and places that agree (same name, or one
  is missing, or one is only the country of the other). "Talks failed" joins the last earlier talks
  event whose date and place agree and sets its status to ``failed``. A mention whose sentence announces
  another incident ("in a separate attack", "Elsewhere, ...") starts a new event.
- **Follow-ups** (``_follows_up``): a mention also joins the incident the mention just before it went
  into, whatever its type, when it tells more of it: property destruction in the sentence right after a
  fight, explosion, attack or riot, in its paragraph, naming no date, place or actor of its own ("The
  shelling ... damaged several houses"); or a toll, typed only from its victims and naming no form of
  violence, next to a lethal incident (same paragraph or the next) with agreeing date and place (a
  headline "Two guards killed near X" and the body's shelling; "Doctors said the bodies of nine troops
  had been brought in" after the shelling). The incident keeps the type of the mention that names the
  form.
- **Status**: process steps dated after the publication day are ``scheduled``; talks reported failed
  are ``failed``; violence reported only through a hedge ("allegedly", "reportedly", "claimed") is
  ``reported``; the rest ``occurred``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from truce.core.extract import lexicon
from truce.core.extract.actors import GENERIC_NAMES
from truce.core.extract.cluster import distinct_tolls
from truce.core.extract.document import (
    ActorMention,
    CasualtyMention,
    DateMention,
    Document,
    EventMention,
    PlaceMention,
    Sentence,
)
from truce.core.extract.sentences import split as split_sentences

_HEDGE = re.compile(
    r"\b(?:allegedly|reportedly|claimed|claims|accused|alleged|purportedly|unconfirmed)\b", re.I
)


@dataclass
class _Event:
    kind: str
    event_type: str
    sub_event_type: str
    status: str
    date: DateMention | None
    place: PlaceMention | None
    actors: list[ActorMention] = field(default_factory=list)
    casualties: list[CasualtyMention] = field(default_factory=list)
    evidence: list[tuple[int, int, str]] = field(default_factory=list)
    confidence: float = 0.0
    background: bool = False
    # Keys of what the three lists hold, and how much of each list they cover: the lists only grow, so a
    # merge reads only what was added since, and costs what it adds rather than what the event holds.
    _keys: dict[str, tuple[set, int]] = field(default_factory=dict, repr=False)
    # Two class-level defaults an event overrides when needed (not fields: most events keep them, and
    # every field costs each event's construction). Whether the place is the dateline's, taken for want
    # of any other (any other place named for the incident comes first when mentions merge):
    place_from_dateline = False
    # Whether an evidence sentence names a form of violence, and how many were read (see toll_only):
    _form_named = (False, 0)

    @property
    def toll_only(self) -> bool:
        """Whether the event is only a toll: typed from its victims ("Armed clash" for soldiers killed,
        "Attack" for civilians), no sentence of it naming a form of violence; the toll of an incident whose
        form may be told elsewhere."""
        if self.kind != "violence" or self.sub_event_type not in _VICTIM_TYPED:
            return False
        # Evidence only grows: only the sentences added since the last call are read.
        named, read = self._form_named
        if not named and read < len(self.evidence):
            named = any(_NAMED_FORM.search(text.lower()) for _s, _e, text in self.evidence[read:])
            self._form_named = (named, len(self.evidence))
        return not named

    def keys(self, name: str) -> set:
        """The keys of list ``name`` ("actors": names, "casualties": spans, "evidence": items), current."""
        items: list = getattr(self, name)
        keys, covered = self._keys.get(name, (set(), 0))
        keys.update(_KEY[name](item) for item in items[covered:])
        self._keys[name] = (keys, len(items))
        return keys


# How many earlier events a new one is compared with (far more than an article holds).
LOOK_BACK = 200

_KEY: dict[str, Callable[[Any], Hashable]] = {
    "actors": lambda a: a.name,
    "casualties": lambda c: (c.start, c.end),
    "evidence": lambda e: e,
}


def _sentences(doc: Document) -> list[Sentence]:
    if doc.sentences:
        return doc.sentences
    return [
        Sentence(start=s, end=e, text=doc.text[s:e], index=i)
        for i, (s, e) in enumerate(split_sentences(doc.text))
    ]


def _paragraph_ids(doc: Document, sentences: list[Sentence]) -> list[int]:
    breaks = [m.start() for m in re.finditer(r"\n", doc.text)]
    return [bisect.bisect_left(breaks, s.start) for s in sentences]


def _within(items: list, sentence: Sentence) -> list:
    return [x for x in items if sentence.start <= x.start < sentence.end]


class _BySentence:
    """``_within(items, sentences[i])`` for every ``i``, from one pass over ``items`` instead of one scan
    per call. Each call returns a fresh list (callers extend them). Bucketing needs sentences in text
    order without overlaps (so an item lies in at most one, found by bisection); for any other list the
    plain scan runs."""

    def __init__(self, items: list, sentences: list[Sentence], starts: list[int] | None) -> None:
        self.items = items
        self.sentences = sentences
        self.buckets: list[list] | None = None
        if starts is None:
            return
        self.buckets = [[] for _ in sentences]
        for x in items:
            i = bisect.bisect_right(starts, x.start) - 1
            if i >= 0 and x.start < sentences[i].end:
                self.buckets[i].append(x)

    def __call__(self, index: int) -> list:
        if self.buckets is None:
            return _within(self.items, self.sentences[index])
        return list(self.buckets[index])


def _ordered_starts(sentences: list[Sentence]) -> list[int] | None:
    """The sentences' starts when they are in text order without overlaps (as sentences.split gives
    them), else None."""
    for prev, cur in pairwise(sentences):
        if cur.start < prev.start or prev.end > cur.start:
            return None
    return [s.start for s in sentences]


def _precision_rank(place: PlaceMention) -> tuple[int, int]:
    kind_rank = {"place": 0, "border-crossing": 0, "admin1": 1, "region": 2, "country": 3}.get(place.kind, 2)
    return (place.geo_precision, kind_rank)


_PRECISION_ORDER = {"day": 0, "week": 1, "month": 2, "year": 3, "unknown": 4}
# A date after one of these words bounds a period ("since 2021", "until 2018"); it does not date the event.
_BOUNDARY_BEFORE = re.compile(r"\b(?:since|until|till|before|after|by|from)\s+(?:the\s+)?(?:\w+\s+)?$", re.I)
# A place used for its government ("Islamabad is determined", "Islamabad-Kabul tensions") or a dateline
# ("ISLAMABAD: ...") is not where the event happened.
_METONYM_AFTER = re.compile(
    r"^(?:\s*[:\-–]|\s+\(|['’]s\s+(?:demands|concerns|position|stance|government|request)|\s+(?:is|has|was|have|"
    r"said|says|urged|wants|will|would|accused|denied|insists|rejected|demanded|believes)\b)"
)


_SAID_BEFORE = re.compile(
    r"\b(?:said|says|told (?:\w+ )?\w+|announced|added|stated|reported|confirmed)\s+(?:late\s+|early\s+)?"
    r"(?:on\s+)?$",
    re.I,
)
# Where a violence event's sentence tells the incident: the words of the domain lexicon.
_INCIDENT_WORD = lexicon.pattern()


# A place inside a "since ..." or "until ..." phrase belongs to the boundary event, not this one.
_BOUNDARY_PHRASE = re.compile(r"\b(?:since|until|till)\b[^,;.:]{0,60}$", re.I)


def _pick_date(
    doc: Document, dates: list[DateMention], prefer_future: bool, near: tuple[int, ...] = ()
) -> DateMention | None:
    """The date that dates the event: not a boundary ("since 2021"), future first for scheduled steps,
    otherwise not in the future; the most precise of those; on ties the one nearest an incident word at
    ``near`` (offsets in ``doc.text``: "reopened on Saturday, after explosions on 2 October" dates the
    explosions by 2 October), then the first."""
    if not dates:
        return None
    bounded = [d for d in dates if not _BOUNDARY_BEFORE.search(doc.text[max(0, d.start - 30) : d.start])]
    pool = bounded or dates
    # "a security official said on Friday": the day the words were said, not the incident's.
    pool = [d for d in pool if not _SAID_BEFORE.search(doc.text[max(0, d.start - 30) : d.start])] or pool
    if prefer_future:
        future = [d for d in pool if d.future]
        if future:
            pool = future
    else:
        pool = [d for d in pool if not d.future] or pool
    return min(
        pool,
        key=lambda d: (
            _PRECISION_ORDER.get(d.precision, 4),
            min((abs(d.start - at) for at in near), default=0),
            d.start,
        ),
    )


# A dateline opens the article's first paragraph: "CHAMAN, Pakistan —", "KHARTOUM, Sudan (AP) —",
# "QUETTA, Pakistan, Oct 28 (Reuters) -", "ISLAMABAD:". The name before the dash or colon says where the
# story was filed: up to four capitalised words, then up to two comma-separated parts (a country, a date)
# and an agency in brackets.
_DATELINE = re.compile(
    r"[ \t]*[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,3}(?:,[ \t]*[A-Z][\w'’.]*(?:[ \t]+[\w'’.]+){0,3}){0,2}"
    r"(?:[ \t]*\([^()\n]{1,40}\))?[ \t]*(?:—|–|--?|:)[ \t]"
)


_LINE_BREAKS = re.compile(r"\n*")


def _dateline(doc: Document) -> tuple[int, int] | None:
    """The span of the article's dateline, if it has one: at the start of its first paragraph, after the
    headline when the text opens with the title."""
    text = doc.text
    start = _LINE_BREAKS.match(text).end()  # type: ignore[union-attr]
    title = doc.title.strip()
    if title and text.startswith(title, start):
        start += len(title)
        if text[start : start + 1] != "\n":
            return None
        start = _LINE_BREAKS.match(text, start).end()  # type: ignore[union-attr]
    m = _DATELINE.match(text, start)
    if m is None or m.end() > start + 80:
        return None
    line_end = text.find("\n", start)
    line = text[m.end() : line_end if line_end >= 0 else len(text)].rstrip()
    if not line.endswith((".", "!", "?", '"', "”", "’", "'", ")")):
        return None  # a heading ("Chaman — a border town"), not prose after a dateline
    return (start, m.end())


def _event_places(
    doc: Document, places: list[PlaceMention], dates: list[DateMention], date: DateMention | None
) -> list[PlaceMention]:
    """Places that locate the event: not datelines or governments, and not tied to another period by a
    date right after them ("the capture of Kabul in 2021" does not place an October clash in Kabul)."""
    kept = []
    for p in places:
        if _METONYM_AFTER.match(doc.text[p.end : p.end + 40]):
            continue
        if _BOUNDARY_PHRASE.search(doc.text[max(0, p.start - 60) : p.start]):
            continue
        if date is not None and date.low is not None:
            tied = [d for d in dates if 0 <= d.start - p.end <= 12 and d is not date]
            if any(d.low is not None and not _dates_compatible(d, date) for d in tied):
                continue
        kept.append(p)
    return kept


def _iso(d: Any) -> str | None:
    return d.isoformat() if d is not None else None


def _dates_compatible(a: DateMention | None, b: DateMention | None) -> bool:
    if a is None or b is None or a.low is None or b.low is None:
        return True
    a_high = a.high or a.low
    b_high = b.high or b.low
    return a.low <= b_high and b.low <= a_high


def _places_compatible(a: PlaceMention | None, b: PlaceMention | None) -> bool:
    if a is None or b is None:
        return True
    if a.name.casefold() == b.name.casefold():
        return True
    return "country" in (a.kind, b.kind) and a.country == b.country


def _same_incident(a: _Event, b: _Event) -> bool:
    if a.kind != b.kind:
        return False
    if a.sub_event_type != b.sub_event_type:
        if a.kind != "violence" or a.event_type != b.event_type:
            return False
        if "Armed clash" not in (a.sub_event_type, b.sub_event_type):
            return False
    return _dates_compatible(a.date, b.date) and _places_compatible(a.place, b.place)


def _narrower(a: DateMention | None, b: DateMention | None) -> DateMention | None:
    if a is None or a.low is None:
        return b if b is not None and b.low is not None else a
    if b is None or b.low is None:
        return a
    span_a = ((a.high or a.low) - a.low).days
    span_b = ((b.high or b.low) - b.low).days
    return b if span_b < span_a else a


# Event types that report deaths in a fight or an attack: a mention typed from its victims alone ("Armed
# clash" for soldiers, "Attack" for civilians) may be a follow-up of any of them.
_LETHAL_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
_VICTIM_TYPED = frozenset({"Armed clash", "Attack"})
_PROPERTY = "Looting/property destruction"
# Words that announce an incident other than the one just told: "in a separate attack", "in another
# incident", and "Separately, ..." or "Elsewhere, ..." opening the sentence ("speaking separately" does not).
_ANOTHER = re.compile(
    r"\b(?:in|during|at) (?:an? )?(?:separate|another|second|different|new|fresh|earlier|later) (?:\w+ )?"
    r"(?:incident|attack|clash|raid|strike|blast|explosion|ambush|operation|shooting|bombing|assault|"
    r"encounter)s?\b|^\W*(?:separately|elsewhere)\b"
)  # searched in lower-cased text
# A form of violence named (a fight, an attack, a weapon): a sentence naming one tells an incident of its
# own, not only the victims of the one just told.
_NAMED_FORM = re.compile(
    r"\b(?:clash\w*|fight\w*|fought|battl\w*|gun ?fights?|fire ?fights?|exchang\w*|gunfire|firing|fired|"
    r"opened fire|skirmish\w*|ambush\w*|storm\w*|assault\w*|raid\w*|attack\w*|shot|shoot\w*|gunned|"
    r"stabb\w*|behead\w*|lynch\w*|abduct\w*|kidnap\w*|bomb\w*|blast\w*|explo\w*|shell\w*|mortars?|"
    r"rockets?|missiles?|artillery|strikes?|airstrikes?|drones?|grenades?|ied|mines?|gunmen|"
    r"retaliat\w*|combat|hostilities)\b"
)  # searched in lower-cased text: far faster than re.I on so many alternatives


def _follows_up(
    doc: Document,
    sentences: list[Sentence],
    paragraphs: list[int],
    index: _Index,
    i: int,
    event: _Event,
    previous: _Event,
    previous_sentence: int,
) -> bool:
    """Whether ``event`` (a mention in sentence ``i``) and ``previous`` (the incident the mention just
    before it went into) are one incident that ``_same_incident`` does not see, their types differing:

    - damage told right after a violent incident (a fight, an explosion, an attack or a riot: "The
      shelling ... damaged several houses"), in the next sentence of its paragraph, by a sentence naming
      no date, place or actor of its own (civilians, the usual victims and witnesses, and the incident's
      own actors aside);
    - a toll (a mention typed only from its victims, its sentence naming no form of violence) next to a
      lethal incident, in the same paragraph or the next, with dates and places that agree: the headline's
      "Two guards killed near Torkham" before the body's shelling; "Doctors said the bodies of nine troops
      had been brought in", with neither date nor place, after the shelling that killed them.

    A sentence that announces another incident ("in a separate attack", "elsewhere") is none of these.
    """
    if event.kind != "violence" or previous.kind != "violence" or previous_sentence < 0:
        return False
    if event.sub_event_type == _PROPERTY:
        held = previous.keys("actors")
        return (
            (previous.event_type in _LETHAL_TYPES or previous.event_type == "Riots")
            and previous_sentence == i - 1
            and paragraphs[i] == paragraphs[previous_sentence]
            and not index.dates(i)
            and not index.places(i)
            and all(a.type == "Civilians" or a.name in held for a in index.actors(i))
            and not _ANOTHER.search(sentences[i].text.lower())
        )
    return (
        event.event_type in _LETHAL_TYPES
        and previous.event_type in _LETHAL_TYPES
        and _dates_compatible(previous.date, event.date)
        and _places_compatible(previous.place, event.place)
        and (event.toll_only or previous.toll_only)
        and _paragraphs_apart(doc, sentences, previous_sentence, i) <= 1
        and not _ANOTHER.search(sentences[i].text.lower())
    )


def _paragraphs_apart(doc: Document, sentences: list[Sentence], a: int, b: int) -> int:
    """How many paragraph breaks lie between sentences ``a`` and ``b`` (a before b): runs of line breaks
    in the text between them."""
    between = doc.text[sentences[a].end : sentences[b].start]
    return len(re.findall(r"\n+", between))


def _merge(into: _Event, other: _Event, keep_type: bool = False) -> None:
    """Add ``other`` to ``into``. ``keep_type``: the two were joined by ``_follows_up``, so the type of
    ``into`` stays, unless ``into`` is a toll and ``other`` tells the form."""
    if keep_type and into.toll_only and not other.toll_only:
        into.event_type, into.sub_event_type = other.event_type, other.sub_event_type
    into.date = _narrower(into.date, other.date)
    if other.place is not None and (
        into.place is None
        or (other.place_from_dateline, _precision_rank(other.place))
        < (into.place_from_dateline, _precision_rank(into.place))
    ):
        into.place = other.place
        into.place_from_dateline = other.place_from_dateline
    # Actors and figures new to ``into`` are all added (tested against what ``into`` held before);
    # evidence is added once even when ``other`` repeats it.
    for name in ("actors", "casualties"):
        held = into.keys(name)
        getattr(into, name).extend([item for item in getattr(other, name) if _KEY[name](item) not in held])
    held = into.keys("evidence")
    for item in other.evidence:
        if item not in held:
            held.add(item)
            into.evidence.append(item)
    into.keys("evidence")  # counts the items just added as covered
    into.confidence = max(into.confidence, other.confidence)
    into.background = into.background and other.background
    if not keep_type and into.sub_event_type != other.sub_event_type and into.sub_event_type == "Armed clash":
        # Keep the more specific violence sub-type when a clash and, say, its shelling are one incident.
        into.sub_event_type = other.sub_event_type


def _context(within: _BySentence, paragraphs: list[int], index: int) -> list:
    """Items of sentence ``index``, else of the nearest preceding sentence of the same paragraph."""
    own = within(index)
    if own:
        return own
    j = index - 1
    while j >= 0 and paragraphs[j] == paragraphs[index]:
        found = within(j)
        if found:
            return found
        j -= 1
    return []


def _sentence_index(sentences: list[Sentence], mention: EventMention) -> int:
    if (
        0 <= mention.sentence < len(sentences)
        and sentences[mention.sentence].start <= mention.start < sentences[mention.sentence].end
    ):
        return mention.sentence
    starts = [s.start for s in sentences]
    return max(0, bisect.bisect_right(starts, mention.start) - 1)


@dataclass
class _Index:
    """A document's dates, places, actors and casualties by sentence, built once for all its mentions."""

    dates: _BySentence
    places: _BySentence
    actors: _BySentence
    casualties: _BySentence

    @classmethod
    def of(cls, doc: Document, sentences: list[Sentence]) -> _Index:
        starts = _ordered_starts(sentences)
        return cls(
            _BySentence(doc.dates, sentences, starts),
            _BySentence(doc.places, sentences, starts),
            _BySentence(doc.actors, sentences, starts),
            _BySentence(doc.casualties, sentences, starts),
        )


def _in_span(item: Any, span: tuple[int, int] | None) -> bool:
    return span is not None and span[0] <= item.start < span[1]


def _paragraph_places(
    paragraphs: list[int], i: int, index: _Index, dateline: tuple[int, int] | None, told: set[int]
) -> list[PlaceMention]:
    """The places of the other sentences of sentence ``i``'s paragraph that tell no event of their own
    (sentence numbers in ``told``), outside the dateline."""
    first = last = i
    while first > 0 and paragraphs[first - 1] == paragraphs[i]:
        first -= 1
    while last + 1 < len(paragraphs) and paragraphs[last + 1] == paragraphs[i]:
        last += 1
    found: list[PlaceMention] = []
    for j in range(first, last + 1):
        if j != i and j not in told:
            found.extend(p for p in index.places(j) if not _in_span(p, dateline))
    return found


def _build(
    doc: Document,
    sentences: list[Sentence],
    paragraphs: list[int],
    mention: EventMention,
    index: _Index,
    dateline: tuple[int, int] | None = None,
    told: set[int] | None = None,
) -> _Event:
    i = _sentence_index(sentences, mention)
    sentence = sentences[i]
    scheduled_kind = mention.kind == "process" and (
        mention.status == "scheduled" or "scheduled" in mention.sub_event_type.lower()
    )
    date_pool = _context(index.dates, paragraphs, i)
    if (
        not date_pool
        and i == 0
        and len(sentences) > 1
        and doc.title
        and sentence.text.strip() == doc.title.strip()
    ):
        # A headline tells the incident without its date ("Jets strike hideouts in Paktika"); the lead
        # sentence under it tells when, whether or not it repeats an incident word.
        date_pool = _context(index.dates, paragraphs, 1)
    if dateline is not None:
        # A dateline's date ("QUETTA, Oct 28 —") is the day the story was filed, like its place: the
        # sentence's own date ("on Monday") says when the incident was, and wins where there is one.
        told_date = [d for d in date_pool if not _in_span(d, dateline)]
        if told_date:
            date_pool = told_date
    near = (
        # Only a choice among several dates needs the incident words' places.
        tuple(sentence.start + m.start() for m in _INCIDENT_WORD.finditer(sentence.text))
        if mention.kind == "violence" and len(date_pool) > 1
        else ()
    )
    date = _pick_date(doc, date_pool, prefer_future=scheduled_kind, near=near)
    places = _event_places(doc, _context(index.places, paragraphs, i), date_pool, date)
    from_dateline = False
    if dateline is not None and places:
        # A dateline's places count only when no other is left: the story was filed there, which says
        # little about where the incident was. A place named elsewhere in the paragraph comes first.
        other = [p for p in places if not _in_span(p, dateline)] or _event_places(
            doc, _paragraph_places(paragraphs, i, index, dateline, told or set()), date_pool, date
        )
        if other:
            places = other
        else:
            from_dateline = True
    place = min(places, key=_precision_rank) if places else None
    actors = _context(index.actors, paragraphs, i)
    casualties = index.casualties(i)
    status = mention.status
    if mention.kind == "process":
        if date is not None and date.future:
            status = "scheduled"
        elif "failed" in mention.sub_event_type.lower():
            status = "failed"
    elif status == "occurred" and _HEDGE.search(sentence.text):
        status = "reported"
    unique_actors: list[ActorMention] = []
    for a in actors:
        if a.name not in {u.name for u in unique_actors}:
            unique_actors.append(a)
    confidence = mention.confidence + (0.1 if date else 0.0) + (0.1 if place else 0.0)
    event = _Event(
        kind=mention.kind,
        event_type=mention.event_type,
        sub_event_type=mention.sub_event_type,
        status=status,
        date=date,
        place=place,
        actors=unique_actors,
        casualties=casualties,
        evidence=[(mention.start, mention.end, doc.text[mention.start : mention.end])],
        confidence=round(min(1.0, confidence), 3),
        background=bool(date and date.background),
    )
    if from_dateline:
        event.place_from_dateline = True
    return event


def _without_echoes(actors: list[ActorMention]) -> list[ActorMention]:
    """ "soldiers" next to "Pakistani troops" is one actor said twice: a generic description is dropped
    when a named actor of the same type is present."""
    named_types = {a.type for a in actors if a.name not in GENERIC_NAMES}
    return [a for a in actors if a.name not in GENERIC_NAMES or a.type not in named_types]


def _to_dict(event: _Event, published: DateMention | None = None) -> dict[str, Any]:
    """``published``: the publication day standing in for a date the text does not give."""
    d, p = event.date or published, event.place
    return {
        "kind": event.kind,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "status": event.status,
        "date": {
            "value": d.value if d else None,
            "low": _iso(d.low) if d else None,
            "high": _iso(d.high or d.low) if d else None,
            "precision": d.precision if d else "unknown",
            "part_of_day": d.part_of_day if d else None,
            "from_publication": published is not None and d is published,
        },
        "location": {
            "name": p.name if p else None,
            "country": p.country if p else None,
            "admin1": p.admin1 if p else None,
            "admin2": p.admin2 if p else None,
            "lat": p.lat if p else None,
            "lon": p.lon if p else None,
            "geo_precision": p.geo_precision if p else None,
        },
        "actors": [{"name": a.name, "type": a.type} for a in _without_echoes(event.actors)],
        # A toll restated in one article (headline and body) is one figure, not two.
        "fatalities": distinct_tolls(
            {"who": c.who, "low": c.low, "best": c.best, "high": c.high, "text": c.text}
            for c in event.casualties
            if c.outcome == "killed"
        ),
        # Injuries in the same shape: a report of wounded only is still a toll of the incident.
        "injured": distinct_tolls(
            {"who": c.who, "low": c.low, "best": c.best, "high": c.high, "text": c.text}
            for c in event.casualties
            if c.outcome == "injured"
        ),
        "evidence": [{"text": text, "start": start, "end": end} for start, end, text in event.evidence],
        "confidence": event.confidence,
        "background": event.background,
    }


def events(doc: Document) -> list[dict[str, Any]]:
    """The article's events in the JSON shape of issue 5, one per incident, in order of first mention.

    Requires the earlier components to have run (sentences, dates, places, actors, casualties, event
    type); works with any of their lists empty.
    """
    sentences = _sentences(doc)
    if not sentences or not doc.event_mentions:
        return []
    paragraphs = _paragraph_ids(doc, sentences)
    index = _Index.of(doc, sentences)
    dateline = _dateline(doc)
    mentions = sorted(doc.event_mentions, key=lambda m: m.start)
    at = [_sentence_index(sentences, m) for m in mentions]
    event_sentences = set(at)
    built = [
        (i, _build(doc, sentences, paragraphs, m, index, dateline, event_sentences))
        for i, m in zip(at, mentions, strict=True)
    ]

    # Figures reported in a following sentence of the same paragraph that has no event of its own.
    by_sentence = dict(built)
    for i in range(len(sentences)):
        if i in event_sentences:
            continue
        figures = index.casualties(i)
        j = i - 1
        if figures and j >= 0 and j in by_sentence and paragraphs[j] == paragraphs[i]:
            by_sentence[j].casualties.extend(figures)

    merged: list[_Event] = []
    # The event the previous mention went into, and that mention's sentence.
    last: _Event | None = None
    last_sentence = -1
    for i, event in built:
        previous, previous_sentence = last, last_sentence
        last_sentence = i
        if (
            previous is not None
            and event.kind == previous.kind == "violence"
            and (
                event.sub_event_type == _PROPERTY
                or event.sub_event_type in _VICTIM_TYPED
                or previous.sub_event_type in _VICTIM_TYPED
            )
            and _follows_up(doc, sentences, paragraphs, index, i, event, previous, previous_sentence)
        ):
            _merge(previous, event, keep_type=True)
            last = previous
            continue
        last = event
        if event.sub_event_type == "Talks failed":
            talks = [
                e
                for e in merged
                if e.event_type == "Talks"
                and e.status != "scheduled"
                and _dates_compatible(e.date, event.date)
                and _places_compatible(e.place, event.place)
            ]
            if talks:
                target = talks[-1]
                target.evidence.extend(event.evidence)
                target.status = "failed"
                if not target.sub_event_type.endswith("(later reported failed)"):
                    target.sub_event_type += " (later reported failed)"
                last = target
                continue
        # The nearest earlier mention of the same incident wins: reports tell one incident in a run. Only
        # the last LOOK_BACK events are tried, so a text of thousands of incidents costs linear time. A
        # mention that announces another incident ("in a separate attack") starts one.
        for existing in reversed(merged[-LOOK_BACK:]):
            if _same_incident(existing, event):
                if _ANOTHER.search(sentences[i].text.lower()):
                    merged.append(event)
                    break
                _merge(existing, event)
                last = existing
                break
        else:
            merged.append(event)
    _merge_headline(doc, sentences, paragraphs, merged)
    _anchor_during(doc, merged)
    count = _headline_sentences(doc, sentences, paragraphs)
    head_end = sentences[count - 1].end if count else -1
    return [_to_dict(e, _published_day(doc, e, head_end)) for e in merged]


def _headline_sentences(doc: Document, sentences: list[Sentence], paragraphs: list[int]) -> int:
    """How many sentences the headline holds: those of the first paragraph when the text opens with the
    title and another paragraph follows (a plain-text article's first line, a page's title line)."""
    title = doc.title.strip()
    if not title or not doc.text.lstrip().startswith(title) or len(set(paragraphs)) < 2:
        return 0
    return sum(1 for p in paragraphs if p == paragraphs[0])


def _only_in(event: _Event, start: int, end: int) -> bool:
    return all(start <= s and e <= end for s, e, _t in event.evidence)


def _places_nested(a: PlaceMention | None, b: PlaceMention | None) -> bool:
    """Places that can name one incident's place at two precisions: compatible ones, or a place and the
    province or country it lies in ("Paktika" and "Barmal, Paktika"; "Kandahar" and "Spin Boldak")."""
    if _places_compatible(a, b):
        return True
    assert a is not None and b is not None
    if not a.country or a.country != b.country:
        return False
    coarse = {p.name.casefold() for p in (a, b) if (p.geo_precision or 1) >= 2 or p.kind != "place"}
    return bool(a.admin1 and a.admin1 == b.admin1) or any(
        p.admin1 and p.admin1.casefold() in coarse for p in (a, b)
    )


def _better_supported(headline: _Event, body: _Event) -> _Event:
    """Of a headline's event and the body's telling of it, the one whose type is better supported: one
    that names the form of violence over one typed only from its victims, then a type read from the
    victims' side ("Attack", "Armed clash") only when the other offers none, then the surer typing; the
    body's on a tie, since it tells the incident in full sentences."""

    def rank(e: _Event) -> tuple[bool, bool, float]:
        return (not e.toll_only, e.sub_event_type not in _VICTIM_TYPED, e.confidence)

    return headline if rank(headline) > rank(body) else body


def _merge_headline(
    doc: Document, sentences: list[Sentence], paragraphs: list[int], merged: list[_Event]
) -> None:
    """The headline and the lead telling one incident are one event. A violence event told only in the
    headline joins the first violence event of the next paragraph (the lead) when their dates overlap and
    their places agree or nest (the headline names the province, the lead the district), whatever their
    types: the event takes the better-supported type (``_better_supported``), the body's date and the most
    precise place; a headline town named like the province or district the body's place lies in
    ("Khost" over "Gurbuz district of Khost province") names that province, so the body's place wins.
    A lead that announces another incident ("in a separate attack") is not joined."""
    count = _headline_sentences(doc, sentences, paragraphs)
    if not count or count >= len(sentences):
        return
    head_end = sentences[count - 1].end
    lead_paragraph = paragraphs[count]
    lead_start = sentences[count].start
    lead_end = max(s.end for s, p in zip(sentences, paragraphs, strict=True) if p == lead_paragraph)
    heads = [e for e in merged if e.kind == "violence" and _only_in(e, 0, head_end)]
    if len(heads) != 1:
        return
    head = heads[0]
    lead = next(
        (
            e
            for e in merged
            if e.kind == "violence"
            and e is not head
            and e.evidence
            and lead_start <= e.evidence[0][0] < lead_end
        ),
        None,
    )
    if (
        lead is None
        or lead.event_type not in _LETHAL_TYPES | {"Riots"}
        or head.event_type not in _LETHAL_TYPES | {"Riots"}
        or not _dates_compatible(head.date, lead.date)
        or not _places_nested(head.place, lead.place)
        or _ANOTHER.search(lead.evidence[0][2].lower())
    ):
        return
    best = _better_supported(head, lead)
    date = lead.date if lead.date is not None and lead.date.low is not None else head.date
    # The most precise place; at equal precision the body's, which names it in full sentences (the
    # headline's "Kandahar" may be the province the body's "Spin Boldak" lies in).
    places = [
        (e.place_from_dateline, _precision_rank(e.place), rank, e)
        for rank, e in ((0, lead), (1, head))
        if e.place
    ]
    where = min(places, key=lambda t: t[:3])[3] if places else None
    if (
        where is head
        and lead.place is not None
        and not lead.place_from_dateline
        and head.place is not None
        and head.place.kind == "place"
        and head.place.name.casefold()
        in {(lead.place.admin1 or "").casefold(), (lead.place.admin2 or "").casefold()} - {""}
        and lead.place.name.casefold() != head.place.name.casefold()
    ):
        # The headline's "Khost" is the province the body's "Gurbuz district" lies in, not its namesake
        # town: the body's place is the more specific one.
        where = lead
    place, from_dateline = (where.place, where.place_from_dateline) if where else (None, False)
    _merge(head, lead, keep_type=True)
    head.event_type, head.sub_event_type = best.event_type, best.sub_event_type
    head.date = date
    head.place, head.place_from_dateline = place, from_dateline
    merged.remove(lead)


def _published_day(doc: Document, event: _Event, head_end: int) -> DateMention | None:
    """The publication day for a violence event told in the headline (``head_end``: where the headline
    ends, -1 without one) that neither the headline nor the body dates: a headline reports what happened
    by the day it is published, so the day it was published or the day before; marked
    ``from_publication`` in the output. None for any other event (one told only further down without a
    date stays undated: it may be older news), when the event has a date, or the article none."""
    if (
        event.date is not None
        or doc.published is None
        or event.kind != "violence"
        or not event.evidence
        or event.evidence[0][1] > head_end
    ):
        return None
    day = doc.published
    return DateMention(
        start=0,
        end=0,
        text="",
        value=day.isoformat(),
        low=day - dt.timedelta(days=1),
        high=day,
        precision="day",
        relative=True,
    )


_DURING = re.compile(
    r"\b(?:during|at|on the sidelines of|in the course of)\s+(?:the\s+)?(?:\w+\s+)?(?:talks|negotiations|"
    r"meeting|round)\b",
    re.I,
)


def _anchor_during(doc: Document, merged: list[_Event]) -> None:
    """A step taken "during the negotiations in X" cannot precede them: when the article dates those
    talks to a day inside the step's coarser period, the step's period starts on that day."""
    for event in merged:
        d = event.date
        if event.kind != "process" or d is None or d.low is None or d.precision == "day":
            continue
        if not any(_DURING.search(text) for _s, _e, text in event.evidence):
            continue
        for talks in merged:
            t = talks.date
            if (
                talks is event
                or talks.event_type != "Talks"
                or t is None
                or t.low is None
                or t.precision != "day"
            ):
                continue
            if (
                talks.place is None
                or event.place is None
                or talks.place.name.casefold() != event.place.name.casefold()
            ):
                continue
            if d.low <= t.low <= (d.high or d.low):
                event.date = DateMention(
                    start=d.start,
                    end=d.end,
                    text=d.text,
                    value=d.value,
                    low=t.low,
                    high=d.high,
                    precision=d.precision,
                    relative=d.relative,
                    future=d.future,
                    background=d.background,
                )
                break
