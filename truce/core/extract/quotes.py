"""Quotes: who said what, direct (verbatim words in quotation marks) and indirect ("X said that ...").

``annotate(doc)`` appends ``Quote`` objects to ``doc.quotes``. Rules, in the order they are tried:

* A *quoted segment* is text between a double opening mark (“ „ « or ") and its closing mark (” » or "),
  within one paragraph (a line break ends a paragraph). Curly quotations nest when enough closing marks
  follow; curly marks inside straight ones are a nested quotation. An opening mark left open at the end
  of a paragraph makes the rest of that paragraph a segment, and the next paragraph opens its own
  (newspaper style for multi-paragraph quotes). Single marks (‘ ’ ') are never delimiters: they are
  apostrophes far more often than quotes. Short runs of capitalised words without punctuation
  (“Face the Nation”, "Bobby") are titles and nicknames, not quotes.
* Segments separated only by spaces and punctuation form a *group* that shares one attribution
  ("“A,” “B,” he said").
* The attribution of a group: after a quote ending in , ? ! or a dash, first the words right after it
  ("..., said X", "..., X said", "..., X, the minister, said", "..., according to X", "― X"); then the
  nearest speech verb before it in the same sentence with its subject ("X said:", "X told reporters that
  ... “...”", "According to X, “...”", "what X called “...”", "X’s claim that ...", "as X put it");
  then the words after it (for other endings); then a short next sentence ("“... won.” X said."); then an
  attribution clause later in the sentence ("“...” to cut costs, she said"); then "X said:" closing the
  previous paragraph; last, the subject of the sentence ("X criticised the law as a “crazy system”").
* Speech-verb forms that are also nouns are verbs only after a subject: an -s form ("claims", "tweets")
  not after a determiner, possessive or preposition; a bare form ("state", "call") only after a modal,
  a plural subject or "X and Y"; -ing forms ("..., saying") take the main clause's subject. A pronoun
  subject inside a reported clause ("Lynch said she recalled", "what she calls") defers to the outer
  named speaker.
* A group standing alone as its own sentence continues the speaker of the sentence just before it
  (reported speech "..., X said."), of the previous attributed quote in the same paragraph, or of a quote
  ending the previous paragraph.
* Indirect quotes (sentences without quotation marks): "X said (that) CLAUSE", "X told Y that CLAUSE",
  "CLAUSE, X said", "CLAUSE, said X", "according to X, CLAUSE" and "CLAUSE, according to X" give
  ``direct=False`` with the clause as the quote span.
* Speakers: a name ("Ishaq Dar", "Rep. Jane Roe (D-Ohio)"), a described speaker ("Turkish officials",
  "a senior police officer", "the ministry", "a spokesman for the interior ministry") or a pronoun.
  ``speaker_start``/``speaker_end`` always point at the mention in the attribution itself (the pronoun
  when it is one); ``speaker`` is the resolved name: he/she/who -> the most recent named person before it
  (skipping one whose known gender disagrees; in summary bullets above the first named speaker, the
  article's most quoted person), they/it -> the most recent plural or collective speaker or group
  ("Pakistani officials"), a lone surname or titled name -> the full name it was introduced with
  ("DPM Dar" -> "Ishaq Dar"). A mention naming a person gives the name alone (``_person_name``): titles
  and descriptions before it ("Taliban spokesman Zabihullah Mujahid", "Pakistan's foreign office
  spokesman Shafqat Ali Khan", "Pakistan Foreign Minister Ishaq Dar"), a party tag or place after it
  ("Sen. Jane Roe (D-Ohio)", "Rep. Jane Roe of Ohio") are left out; a name after "for"/"of"/"to" in the
  description is someone else's ("a spokeswoman for X" stays as described).

Only quotes with a speaker are emitted. A direct quote's span is one quoted segment, marks excluded.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from truce.core.extract.document import Document, Quote


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


OPEN_MARKS = "“„«"
CLOSE_MARKS = "”»"
STRAIGHT = '"'
MASK = "\u2026"  # stands for quoted text in the masked copy, so quoted periods never end a sentence

SPEECH_VERBS = _words(
    """say says said saying tell tells told telling add adds added adding ask asks asked asking write
    writes wrote writing tweet tweets tweeted tweeting claim claims claimed claiming state states stated
    declare declares declared explain explains explained note notes noted argue argues argued insist
    insists insisted warn warns warned warning continue continues continued reply replies replied
    respond responds responded recall recalls recalled acknowledge acknowledges acknowledged admit
    admits admitted announce announces announced announcing stress stresses stressed emphasize
    emphasizes emphasized emphasise emphasises emphasised suggest suggests suggested complain complains
    complained predict predicts predicted urge urges urged contend contends contended observe observes
    observed remark remarks remarked quip quips quipped joke jokes joked boast boasts boasted vow vows
    vowed promise promises promised pledge pledges pledged demand demands demanded assert asserts
    asserted maintain maintains maintained conclude concludes concluded concede concedes conceded
    confirm confirms confirmed deny denies denied allege alleges alleged report reports reported comment
    comments commented call calls called calling describe describes described describing cite cites
    cited thunder thundered shout shouts shouted yell yelled chant chanted chanting sing sings sang
    recount recounts recounted reiterate reiterates reiterated proclaim proclaimed counter countered
    affirm affirmed blast blasted mock mocked scoff scoffed lament lamented reads"""
)
# Verbs that report speech without introducing the exact words; they make indirect quotes.
INDIRECT_VERBS = _words(
    """said says told added stated claimed announced warned insisted argued noted explained confirmed
    denied denies deny alleged reported believes believed acknowledged admitted stressed"""
)
# Verbs whose clause the speaker says is untrue: the quote keeps the verb ("denied that their forces had
# fired"), as the clause alone would report the opposite of what was said.
DENIALS = frozenset({"denied", "denies", "deny"})
PRONOUNS = {"he": "m", "she": "f", "they": "p", "it": "n", "we": "p", "i": "s", "who": "?", "which": "n"}
ADVERBIAL = re.compile(
    r"(?:\s+(?:also|then|later|again|earlier|previously|recently|once|repeatedly|publicly|reportedly|"
    r"further|has|have|had|would|will|did|does|do|was|is|are|were|been|[a-z]+ly|"
    r"(?:on|last|this|late|early|on\s+the)\s+(?:\w+)|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|tonight))*\s*$"
)
# Lower-case words that end a noun phrase when walking backwards (function words and frequent verbs).
STOP = _words(
    """that and but or because while when as if which who whom whose after before since until though
    although is was were are be been being am to said says told added by than then so not also this
    these those there here it its he she they we i you his her their our my your him them us me what
    where why how with without against about into onto over under up down out off just even still very
    more most many much some any all both each every no nor yet only has have had do does did will would
    can could may might shall should must on"""
)
CONNECTORS = frozenset({"of", "for", "at", "from", "in"})
DETERMINERS = frozenset(
    {"the", "a", "an", "another", "one", "two", "three", "several", "some", "many", "other"}
)
ADJ_ED = frozenset({"united", "retired", "elected", "unnamed", "armed", "detained", "concerned"})
TITLE = re.compile(
    r"^(?:Mr|Mrs|Ms|Dr|Rep|Sen|Gov|Gen|Lt|Col|Maj|Capt|Prof|Rev|St|Sgt|Pres|Amb|Hon|Jr|Sr)\.?$"
)
WORD = re.compile(r"[A-Za-z\u00C0-\u024F](?:[\w'’\-]|\.(?=\w))*\.?|\(([^()]{1,30})\)|[,;:!?]")
PARA = re.compile(r"\n\s*")


@dataclass
class _Speaker:
    start: int
    end: int
    text: str
    name: str = ""  # resolved


@dataclass
class _Segment:
    start: int  # first character inside the marks
    end: int  # end exclusive, before the closing mark (or at the paragraph end when left open)
    open_at: int  # position of the opening mark
    close_at: int  # position after the closing mark
    para: int


def annotate(doc: Document) -> None:
    """Append the document's quotes to ``doc.quotes``. Requires ``doc.text``; reads nothing else."""
    doc.quotes.extend(find_quotes(doc.text))


def find_quotes(text: str) -> list[Quote]:
    paras = _paragraphs(text)
    segments = _segments(text, paras)
    masked = _mask(text, segments)
    # Titles and nicknames are masked like quotes (their words are nobody's statement) but never emitted.
    segments = [seg for seg in segments if not _is_title(text[seg.start : seg.end])]
    groups = _groups(masked, segments)
    attributions: list[_Speaker | None] = []
    for group in groups:
        attributions.append(_attribute(text, masked, group))
    indirect = _indirect(text, masked, segments)
    _inherit(masked, groups, attributions, paras, indirect)
    speakers = [s for s in attributions if s] + [s for _, s in indirect]
    _resolve(text, speakers)
    quotes: list[Quote] = []
    for group, speaker in zip(groups, attributions, strict=True):
        if speaker is None:
            continue
        for seg in group:
            if seg.end <= seg.start:
                continue
            quotes.append(
                Quote(
                    start=seg.start,
                    end=seg.end,
                    text=text[seg.start : seg.end],
                    speaker=speaker.name or speaker.text,
                    speaker_start=speaker.start,
                    speaker_end=speaker.end,
                    direct=True,
                )
            )
    for (start, end), speaker in indirect:
        quotes.append(
            Quote(
                start=start,
                end=end,
                text=text[start:end],
                speaker=speaker.name or speaker.text,
                speaker_start=speaker.start,
                speaker_end=speaker.end,
                direct=False,
            )
        )
    quotes.sort(key=lambda q: q.start)
    return quotes


# --- quoted segments ---------------------------------------------------------------------------------


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in PARA.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return [(a, b) for a, b in out if text[a:b].strip()] or [(0, len(text))]


def _is_opening_straight(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    return before.isspace() or before in "([{—–-:/" or i == 0


_QUOTE_MARK = re.compile("[" + re.escape(OPEN_MARKS + CLOSE_MARKS + STRAIGHT) + "]")


def _segments(text: str, paras: list[tuple[int, int]]) -> list[_Segment]:
    segments: list[_Segment] = []
    carry: _Segment | None = None  # a quote left open at the end of the previous paragraph
    # Only quotation marks change the state below, so the scan visits them alone.
    marks = [m.start() for m in _QUOTE_MARK.finditer(text)]
    for p_index, (a, b) in enumerate(paras):
        para = text[a:b]
        lead = len(para) - len(para.lstrip())
        if carry is not None and para[lead : lead + 1] not in OPEN_MARKS + STRAIGHT:
            carry = None  # the open quote did not continue: it was a stray mark
        open_at: int | None = None
        depth = 0  # curly quotations nested inside the open one
        for j in range(bisect.bisect_left(marks, a), bisect.bisect_left(marks, b)):
            i = marks[j]
            c = text[i]
            if open_at is None:
                if c in OPEN_MARKS or (c == STRAIGHT and _is_opening_straight(text, i)):
                    open_at = i
                    depth = 0
            elif text[open_at] == STRAIGHT:
                if c == STRAIGHT:  # curly marks inside straight ones are a nested quotation
                    segments.append(_Segment(open_at + 1, i, open_at, i + 1, p_index))
                    open_at = None
            elif c in CLOSE_MARKS and depth > 0:
                depth -= 1
            elif c in CLOSE_MARKS or c == STRAIGHT:
                segments.append(_Segment(open_at + 1, i, open_at, i + 1, p_index))
                open_at = None
            elif c in OPEN_MARKS:
                # A nested quotation when enough closing marks follow for both; otherwise the open mark
                # was never closed, and the quotation restarts at the new one.
                closers = sum(text.count(m, i, b) for m in CLOSE_MARKS)
                if closers >= depth + 2:
                    depth += 1
                else:
                    open_at = i
        carry = None
        if open_at is not None:
            end = b
            while end > open_at + 1 and text[end - 1].isspace():
                end -= 1
            carry = _Segment(open_at + 1, end, open_at, end, p_index)
            # Only a quote that runs to the paragraph's end (several words) is a multi-paragraph quote.
            if len(text[open_at:end].split()) >= 3:
                segments.append(carry)
    return segments


TITLE_SMALL = _words("of the and a an in on to for at by with from or")


_TITLE_PUNCT = re.compile(r"[.,;:!?…]")


def _is_title(quoted: str) -> bool:
    """“Face the Nation”, “Morning Joe”, "Bobby": a short run of capitalised words, no punctuation."""
    words = quoted.split()
    if not words or len(words) > 7 or _TITLE_PUNCT.search(quoted):
        return False
    return (
        all(w[:1].isupper() or w in TITLE_SMALL or not w[:1].isalpha() for w in words)
        and words[0][:1].isupper()
    )


def _mask(text: str, segments: list[_Segment]) -> str:
    chars = list(text)
    for seg in segments:
        for k in range(seg.start, seg.end):
            if chars[k] != "\n" and not (k == seg.end - 1 and chars[k] in ".!?"):
                chars[k] = MASK
    return "".join(chars)


_GROUP_GAP = re.compile(r"[\s,;:.\u2014\u2013-]*")


def _groups(masked: str, segments: list[_Segment]) -> list[list[_Segment]]:
    groups: list[list[_Segment]] = []
    for seg in segments:
        if groups:
            prev = groups[-1][-1]
            between = masked[prev.close_at : seg.open_at]
            if prev.para == seg.para and _GROUP_GAP.fullmatch(between) and between.strip(" ") != ".":
                groups[-1].append(seg)
                continue
        groups.append([seg])
    return groups


# --- attribution -------------------------------------------------------------------------------------


_BOUNDARY_CHAR = re.compile("[\n.!?" + re.escape(CLOSE_MARKS + STRAIGHT) + "]")
_CAPITAL_AFTER_SPACE = re.compile(r"\s+[A-Z]")
_CLOSERS = CLOSE_MARKS + STRAIGHT


@dataclass(frozen=True)
class _Ends:
    """Where sentences of one masked text can start and end. Only newlines, sentence punctuation and
    closing marks bound a sentence, and whether one does depends on the text alone, so each is judged
    once per text instead of at every ``_sentence_bounds`` call."""

    starts: list[int]  # a sentence can start here (just after a boundary looking left), ascending
    at: list[int]  # a boundary that ends a sentence looking right, ascending ...
    ends: list[int]  # ... and where that sentence ends (the newline's own position, else after it)


# The ends of the last masked text: every quote of a document and every step of ``_indirect`` asks for
# sentence bounds in the same masked text. One (text, ends) tuple, replaced whole, so threads cannot mix them.
_last_ends: tuple[str, _Ends] = ("", _Ends([], [], []))


def _sentence_ends(masked: str) -> _Ends:
    """Judge every boundary character of ``masked`` once; kept as the last text's ends."""
    global _last_ends
    n = len(masked)
    ends = _Ends([], [], [])
    for m in _BOUNDARY_CHAR.finditer(masked):
        k = m.start()
        c = masked[k]
        if c == "\n":
            ends.starts.append(k + 1)
            ends.at.append(k)
            ends.ends.append(k)
        elif c in ".!?":
            if (k + 1 >= n or masked[k + 1].isspace()) and not _abbreviation(masked, k):
                ends.starts.append(k + 1)
                ends.at.append(k)
                ends.ends.append(k + 1)
        elif k >= 1 and masked[k - 1] in ".!?":  # a closing mark right after sentence punctuation
            if masked[k + 1 : k + 2].isspace():
                ends.starts.append(k + 1)
            if _CAPITAL_AFTER_SPACE.match(masked[k + 1 : k + 3]):
                ends.at.append(k)
                ends.ends.append(k + 1)
    _last_ends = (masked, ends)
    return ends


def _sentence_bounds(masked: str, pos: int, end: int) -> tuple[int, int]:
    """The sentence around [pos, end) in the masked text: quoted text never ends a sentence."""
    pos = min(pos, len(masked))
    n = len(masked)
    last = _last_ends
    ends = last[1] if last[0] is masked else _sentence_ends(masked)
    j = bisect.bisect_right(ends.starts, pos) - 1  # the last boundary before pos
    left = ends.starts[j] if j >= 0 else 0
    if (
        0 < end < n
        and masked[end - 1] in _CLOSERS
        and end >= 2
        and masked[end - 2] in ".!?"
        and _CAPITAL_AFTER_SPACE.match(masked[end : end + 2])
    ):
        return left, end
    j = bisect.bisect_left(ends.at, end)  # the first boundary at or after end
    right = ends.ends[j] if j < len(ends.at) else end if end >= n else n
    return left, right


_TRAILING_LETTERS = re.compile(r"([A-Za-z]+)$")


def _abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    m = _TRAILING_LETTERS.search(text[max(0, dot - 6) : dot])
    if not m:
        return False
    word = m.group(1)
    return bool(TITLE.match(word)) or (len(word) == 1 and word.isupper()) or word in {"U", "S", "N", "D", "R"}


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    out = []
    # WORD has no anchor, boundary or lookbehind, and its lookahead does not see past ``end``: searching
    # between start and end finds what searching text[start:end] finds.
    for m in WORD.finditer(text, start, end):
        (a, b), w = m.span(), m.group(0)
        # A trailing period belongs to the word only in abbreviations ("Mr.", "G.K.", "D-N.C.").
        if w.endswith(".") and not (TITLE.match(w) or len(w) == 2 or "." in w[:-1]):
            b, w = b - 1, w[:-1]
        out.append((a, b, w))
    return out


_DASH_AFTER = re.compile(r"[\s,]*[\u2015\u2014\u2013-]+\s*")


def _attribute(text: str, masked: str, group: list[_Segment]) -> _Speaker | None:
    first, last = group[0], group[-1]
    s_start, s_end = _sentence_bounds(masked, first.open_at, last.close_at)
    closing_punct = text[last.end - 1] if last.end > last.start else " "
    dash = _DASH_AFTER.match(masked[last.close_at : s_end])
    if dash:
        # "“...” ― Name": a byline-style attribution after a dash.
        sp = _forward_np(text, last.close_at + dash.end(), s_end)
        if sp and sp.text[:1].isupper():
            return sp
    if closing_punct in ",?!\u2014\u2013-\u2026":
        found = _tail_speaker(text, masked, last.close_at, s_end, closing_punct)
        if found:
            return found
    head = _head_speaker(text, masked, s_start, first.open_at)
    if head:
        return head
    tail = _tail_speaker(text, masked, last.close_at, s_end, closing_punct)
    if tail:
        return tail
    if closing_punct in ".!?" and s_end == last.close_at and s_end + 1 < len(masked):
        # "“... won.” Trump said." : a short attribution sentence right after the quote.
        _, n_end = _sentence_bounds(masked, s_end + 1, s_end + 1)
        nxt = masked[s_end:n_end]
        if MASK not in nxt and len(nxt.split()) <= 8:
            sp = _tail_speaker(text, masked, s_end, n_end - 1, ",")
            if sp:
                return sp
    inner = _parenthetical_speaker(text, masked, last.close_at, s_end)
    if inner:
        return inner
    if not masked[s_start : first.open_at].strip():
        # "X said:" closing the previous paragraph introduces a quote that opens this one.
        prev_end = s_start
        while prev_end > 0 and masked[prev_end - 1].isspace():
            prev_end -= 1
        if prev_end > 0 and masked[prev_end - 1] == ":":
            p_start, _ = _sentence_bounds(masked, prev_end - 1, prev_end - 1)
            head = _head_speaker(text, masked, p_start, prev_end)
            if head:
                return head
    return _sentence_subject(text, masked, s_start, first.open_at)


_COMMA_ACCORDING = re.compile(r",\s+according\s+to\s+")
_LATER_CLAUSE = re.compile(r",\s+([^,]{1,60}?)\s+(?:" + "|".join(sorted(SPEECH_VERBS)) + r")\b\s*(?=[,.;]|$)")


def _parenthetical_speaker(text: str, masked: str, start: int, end: int) -> _Speaker | None:
    """ "“...” to drive up prices, she said, ..." : an attribution clause later in the sentence."""
    acc = _COMMA_ACCORDING.search(masked[start:end])
    if acc:
        sp = _forward_np(text, start + acc.end(), end)
        if sp:
            return sp
    for m in _LATER_CLAUSE.finditer(masked[start:end]):
        sp = _np_before(text, masked, start + m.start(1), start + m.end(1))
        if sp and sp.start == start + m.start(1) + len(m.group(1)) - len(m.group(1).lstrip()):
            return sp
    return None


_OPENING_PHRASE_END = re.compile(r"(?:,|\s[\u2014\u2013-])\s+")


def _sentence_subject(text: str, masked: str, s_start: int, quote_at: int) -> _Speaker | None:
    """The subject of a sentence that carries a quoted phrase without a speech verb.

    "X criticized the law as a “crazy system”": the phrase is X's words. Only a name, a pronoun or a
    short described noun phrase directly followed by a lower-case word (the verb) counts.
    """
    head = masked[s_start:quote_at]
    starts = [s_start]
    # After an opening phrase or a dateline: "In July, X ...", "CITY, State (Agency) — X ..."
    for m in _OPENING_PHRASE_END.finditer(head[:160]):
        starts.append(s_start + m.end())
    for start in starts[1:] + starts[:1]:
        sp = _subject_at(text, masked, start, quote_at)
        if sp:
            return sp
    return None


NUMBER_WORD = re.compile(
    r"^(?:\d|One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Twenty|Thirty|Forty|Fifty|Hundreds|Dozens)"
)


def _subject_at(text: str, masked: str, start: int, quote_at: int) -> _Speaker | None:
    toks = _tokens(masked, start, quote_at)
    if not toks:
        return None
    a, b, w = toks[0]
    if w.lower() in ("he", "she", "they"):
        return _Speaker(a, b, text[a:b])
    if not w[0].isupper() or (w.lower() in STOP | DETERMINERS and w.lower() not in ("the", "a", "an")):
        return None
    if NUMBER_WORD.match(w) or w.endswith("ing"):
        return None
    k = 1
    while (
        k < len(toks)
        and (toks[k][2][0].isupper() or toks[k][2].startswith("("))
        and k < 6
        and not masked[toks[k - 1][1] : toks[k][0]].strip()
    ):
        k += 1
    if w.lower() in ("the", "a", "an"):
        while k < len(toks) and toks[k][2].islower() and toks[k][2] not in STOP and k < 5:
            if toks[k][2].endswith(("ed", "ing")):
                break
            k += 1
    end_np = k
    while k < len(toks) and (
        toks[k][2] in ("also", "then", "later", "again", "once") or toks[k][2].endswith("ly")
    ):
        k += 1
    if k >= len(toks) or not toks[k][2].islower():
        return None
    verb = toks[k][2]
    if verb in STOP - {"has", "had", "was", "is", "did", "does", "will", "would"}:
        return None
    return _Speaker(a, toks[end_np - 1][1], text[a : toks[end_np - 1][1]])


_VERB_OPENING = re.compile(r"[\s,]*(?:(?:also|then|later|again|has|had|have|would|once)\s+)*([a-z]+)\b")


def _next_speech(text: str, masked: str, start: int, end: int) -> int | None:
    """Position of a speech verb opening ``masked[start:end]`` after optional adverbials."""
    m = _VERB_OPENING.match(masked[start:end])
    if m and m.group(1) in SPEECH_VERBS:
        return start + m.start(1)
    return None


_ACCORDING_OR_PER = re.compile(r"(?:according\s+to|per)\s+")
_AS = re.compile(r"as\s+")
_PUT_IT = re.compile(r"\s+(?:put|puts|said|says|wrote|writes)\s+it\b")
_LOWER_WORD = re.compile(r"[a-z]+")
_CLAUSE_OR_END = re.compile(r"\s*(?:that\b|,|$|\.)")
_COMMA_NEXT = re.compile(r"\s*,")
_APPOSITIVE = re.compile(r"\s*(\([^()]{1,30}\))?\s*,\s*[^,]{2,80}?,")
_PAREN_COMMA = re.compile(r"\s*(\([^()]{1,30}\))?\s*,")
_COMMA = re.compile(",")
_PAREN_LEAD = re.compile(r"\s*(\([^()]{1,30}\))?")


def _tail_speaker(text: str, masked: str, pos: int, end: int, closing_punct: str) -> _Speaker | None:
    tail = masked[pos:end]
    if MASK in tail:
        tail_end = pos + tail.index(MASK)
        # A later quote in the same sentence: only the words before it can attribute this one.
        end = tail_end
        tail = masked[pos:end]
    stripped = tail.lstrip(" ,;\u2015\u2014\u2013-")
    offset = pos + len(tail) - len(stripped)
    if not stripped or stripped[0] in ".!?":
        return None
    # "according to X", "per X", "as X put it"
    m = _ACCORDING_OR_PER.match(stripped)
    if m:
        return _forward_np(text, offset + m.end(), end)
    m = _AS.match(stripped)
    if m:
        sp = _forward_np(text, offset + m.end(), end)
        if sp and _PUT_IT.match(text[sp.end : end]):
            return sp
    # "said X" / "added the minister"
    verb = _next_speech(text, masked, offset, end)
    if verb is not None:
        vend = verb + len(_LOWER_WORD.match(masked, verb).group(0))  # type: ignore[union-attr]
        after = masked[vend:end]
        if _CLAUSE_OR_END.match(after) is None or _COMMA_NEXT.match(after):
            sp = _forward_np(text, vend, end)
            if sp:
                return sp
        return None
    # "X said" / "X, the minister, said" / "he told reporters"
    sp = _forward_np(text, offset, end)
    if sp is None:
        return None
    rest_start = sp.end
    rest = masked[rest_start:end]
    appos = _APPOSITIVE.match(rest)
    if appos and _next_speech(text, masked, rest_start + appos.end(), end) is not None:
        return sp
    if sp.text[:1].isupper() and _PAREN_COMMA.match(rest):
        # several descriptions: "X, the attorney general of Y, one of the states suing, said"
        for m in _COMMA.finditer(rest[:200]):
            if _next_speech(text, masked, rest_start + m.end(), end) is not None:
                return sp
    lead = _PAREN_LEAD.match(rest)
    after_np = rest_start + (lead.end() if lead else 0)
    if _next_speech(text, masked, after_np, end) is not None or _adverbial_then_verb(masked, after_np, end):
        if closing_punct == "." and len(stripped.split()) > 8:
            return None  # a new sentence that happens to start with "X said ...", not a tail
        return sp
    return None


_ADVERBIAL_VERB = re.compile(
    r"\s*(?:(?:on|last|this|late|early)\s+\w+|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"today|yesterday|in\s+a\s+\w+(?:\s+\w+)?)\s*,?\s*([a-z]+)\b"
)


def _adverbial_then_verb(masked: str, start: int, end: int) -> bool:
    m = _ADVERBIAL_VERB.match(masked[start:end])
    return bool(m and m.group(1) in SPEECH_VERBS)


_AS_PUT_IT = re.compile(r"\bas\s+(?=\S)(.{2,60}?)\s+(?:put|puts)\s+it\b")
_COMMA_END = re.compile(r",\s*$")
_WHAT_THAT_END = re.compile(r"\b(?:what|that)$")
_TRANSCRIPT_SPEAKER = re.compile(r"\s*([A-Z][\w'’.\- ]{1,60}?)\s*:\s*$")


def _head_speaker(text: str, masked: str, start: int, end: int) -> _Speaker | None:
    head = masked[start:end]
    toks = _tokens(masked, start, end)
    put = _AS_PUT_IT.search(head)
    if put:
        sp = _forward_np(text, start + put.start(1), start + put.end(1))
        if sp:
            return sp
    # Nearest speech verb before the quote, with its subject.
    for k in range(len(toks) - 1, -1, -1):
        a, _, w = toks[k]
        if w.lower() == "according" and k + 1 < len(toks) and toks[k + 1][2] == "to":
            sp = _forward_np(text, toks[k + 1][1], end)
            if sp:
                return sp
        prev = toks[k - 1][2] if k > 0 else ""
        if (w in SPEECH_VERBS or w in SPEECH_NOUNS) and prev.endswith(("’s", "'s")) and prev[:1].isupper():
            # "Trump’s claim that ...", "the minister's remarks": the possessor is the speaker.
            sp = _np_before(text, masked, start, toks[k - 1][1])
            if sp and sp.text[:1].isupper():
                return sp
        if w not in SPEECH_VERBS:
            continue
        if prev.lower() == "to":
            continue  # an infinitive ("too early to tell") has no subject of its own
        if w.endswith("ing"):
            # "..., saying" / "Trump, asking" : the subject of the main clause speaks
            sp = _subject_before(text, masked, start, a) if prev != "," else None
            sp = sp or _sentence_subject(text, masked, start, a)
            if sp:
                return sp
            continue
        sp = _subject_before(text, masked, start, a)
        if sp is None:
            continue
        if w.endswith("s") and w != "says" and not _verb_subject_ok(masked, toks, k, sp):
            continue  # "his remarks", "a series of tweets": a noun, not a verb
        if prev.endswith(("’s", "'s")) or prev.lower() in DETERMINERS | POSSESSIVES:
            continue  # "Trump’s tweet", "a call"
        if w in BASE_FORMS and not _base_form_ok(prev, sp, masked):
            continue  # "his mental state", "a tweet": a bare verb needs a plural or modal subject
        low = sp.text.lower()
        if low in ("who", "which") and not _COMMA_END.search(masked[start : sp.start]):
            continue  # "anybody who complains" is not an attribution
        if low in ("he", "she", "they", "it"):
            # "Lynch said she recalled", "Clinton says ... what she calls": the outer speaker
            before = masked[start : sp.start].rstrip()
            if _WHAT_THAT_END.search(before) or (before.split() and before.split()[-1] in SPEECH_VERBS):
                outer = _head_speaker(text, masked, start, sp.start) or _sentence_subject(
                    text, masked, start, sp.start
                )
                if outer and outer.text.lower() not in PRONOUNS:
                    return outer
        return sp
    # "SPEAKER: “...”" transcripts and captions
    m = _TRANSCRIPT_SPEAKER.match(head)
    if m:
        return _Speaker(start + m.start(1), start + m.end(1), m.group(1))
    return None


SPEECH_NOUNS = _words(
    """statement statements remarks comments comment words assertion assertions description claim claims
    message tweet tweets letter speech warning accusation accusations"""
)
POSSESSIVES = frozenset({"his", "her", "their", "its", "our", "my", "your"})
# Bare forms that are nouns more often than verbs in news text ("the state", "a call", "the report").
BASE_FORMS = _words(
    """say tell add ask write tweet claim state declare explain note argue insist warn continue reply
    respond recall acknowledge admit announce stress suggest complain predict urge contend observe remark
    joke boast vow promise pledge demand assert maintain conclude concede confirm deny allege report
    comment call describe cite shout chant sing recount counter affirm blast mock lament"""
)
MODALS = _words("i we you they will would could should may might must can did do does not never")


_AND_END = re.compile(r"\band\s+$")


def _base_form_ok(prev: str, sp: _Speaker, masked: str) -> bool:
    if prev.lower() in MODALS or _AND_END.search(masked[max(0, sp.start - 6) : sp.start]):
        return True  # "they say", "will tell", "Obama and Clinton call"
    last = sp.text.split()[-1] if sp.text else ""
    return last.endswith("s") and not last.endswith(("ss", "’s", "'s"))


def _verb_subject_ok(masked: str, toks: list[tuple[int, int, str]], k: int, sp: _Speaker) -> bool:
    """Whether an -s form ("claims", "tweets", "notes") is a verb here, judged by its subject."""
    words = sp.text.split()
    if not words:
        return False
    prev = toks[k - 1][2].lower() if k > 0 else ""
    if prev in CONNECTORS | DETERMINERS or prev in ("his", "her", "their", "its", "our", "my", "your"):
        return False  # "a series of tweets", "his remarks"
    if sp.text.lower() in PRONOUNS:
        return True
    if words[-1].endswith(("’s", "'s")) or ("-" in words[-1] and words[-1].islower()):
        return False
    before = masked[: sp.start].rstrip().split()
    if before and (
        before[-1].lower() in CONNECTORS | DETERMINERS or before[-1].lower() in ("his", "her", "their", "its")
    ):
        return False
    return words[0][0].isupper() or words[0].lower() in ("the", "a", "an")


_APPOSITIVE_END = re.compile(r",\s*[^,]{2,80},\s*$")
_CLAUSE_WORD = re.compile(r"\b(?:that|and|but|which|who)\b")
# Words that open a fronted phrase, not a name: "In Kandahar, he said" is said by "he", not "In Kandahar".
_FRONTED = _words(
    """in at from near inside outside during across along beyond speaking meanwhile earlier later
    separately elsewhere afterwards yesterday today monday tuesday wednesday thursday friday saturday
    sunday"""
)
_OPENING_NAME = re.compile(r"\s*((?:[A-Z][\w’'.\-]*\s+){0,5}[A-Z][\w’'.\-]*)\s*(?:\([^()]{1,30}\)\s*)?,")


def _subject_before(text: str, masked: str, floor: int, verb_at: int) -> _Speaker | None:
    """The noun phrase that is the subject of the speech verb at ``verb_at`` (walking backwards). A
    speaker never spans a dash: what stands before one is a dateline ("CHAMAN, Pakistan — A senior
    official said") or another clause."""
    dash = max(masked.rfind("—", floor, verb_at), masked.rfind("–", floor, verb_at))
    if dash >= 0:
        floor = dash + 1
    region = masked[floor:verb_at]
    adv = ADVERBIAL.search(region)
    cut = floor + (adv.start() if adv else len(region))
    # Skip a parenthetical "(R-Ind.)" and an appositive ", the minister," between subject and verb.
    seg = masked[floor:cut]
    m = _APPOSITIVE_END.search(seg)
    if m and not _CLAUSE_WORD.search(m.group(0)):
        sp = _np_before(text, masked, floor, floor + m.start())
        if sp and sp.text[:1].isupper():
            return sp
    # "Jane Roe, who runs the campaign in the state, said": a name opening the sentence, then one or more
    # comma-delimited descriptions, then the verb.
    if _COMMA_END.search(seg) and MASK not in seg:
        opening = _OPENING_NAME.match(seg)
        if (
            opening
            and len(seg) <= 220
            and opening.group(1).split()[0].lower() not in STOP | DETERMINERS | _FRONTED
        ):
            a = floor + opening.start(1)
            return _Speaker(a, floor + opening.end(1), text[a : floor + opening.end(1)])
    return _np_before(text, masked, floor, cut)


_NUMBER = re.compile(r"\d[\d,.]*")


def _np_before(text: str, masked: str, floor: int, end: int) -> _Speaker | None:
    toks = _tokens(masked, floor, end)
    if not toks:
        return None
    # A relative pronoun right before the verb: "Trump, who said"
    w = toks[-1][2]
    low = w.lower()
    if low in PRONOUNS:
        a, b, _ = toks[-1]
        return _Speaker(a, b, text[a:b])
    picked: list[tuple[int, int, str]] = []
    for k in range(len(toks) - 1, -1, -1):
        a, b, w = toks[k]
        low = w.lower()
        if w in ",;:!?" or MASK in w:
            break
        if w.startswith("("):
            if picked:
                picked.insert(0, toks[k])
                continue
            picked.insert(0, toks[k])
            continue
        if w[0].isupper():
            picked.insert(0, toks[k])
            continue
        if low in DETERMINERS or low in CONNECTORS:
            picked.insert(0, toks[k])
            continue
        if low in STOP or low in SPEECH_VERBS:
            break
        if (low.endswith("ed") or low.endswith("ing")) and low not in ADJ_ED and low not in {"spokesperson"}:
            break
        if _NUMBER.fullmatch(w):
            picked.insert(0, toks[k])
            continue
        picked.insert(0, toks[k])
        if len(picked) > 12:
            return None
    stopped_at = k if picked and k >= 0 and picked[0] != toks[k] else -1
    if (
        picked
        and picked[0][2][:1].islower()
        and picked[0][2].lower() not in DETERMINERS
        and stopped_at > 0
        and toks[stopped_at][2].lower().endswith(("ing", "ed"))
    ):
        # "Protesters marching through the streets chanted": the subject is before the participle.
        return _np_before(text, masked, floor, toks[stopped_at][0])
    # Trim leading connectors and parentheticals; a bare determiner is not a speaker.
    while picked and (picked[0][2].lower() in CONNECTORS or picked[0][2].startswith("(")):
        picked.pop(0)
    while picked and picked[-1][2].lower() in CONNECTORS | DETERMINERS:
        picked.pop()
    if not picked or all(t[2].lower() in DETERMINERS for t in picked):
        return None
    if len(picked) > 12:
        return None
    # A sentence-initial capital on a function word is not a name ("But officials said").
    while picked and picked[0][2].lower() in STOP and picked[0][2][0].isupper():
        picked.pop(0)
    if not picked:
        return None
    a, b = picked[0][0], picked[-1][1]
    return _Speaker(a, b, text[a:b].strip())


def _forward_np(text: str, start: int, end: int) -> _Speaker | None:
    """A noun phrase starting at ``start`` (after a verb or "according to"): "DPM Dar", "the ministry"."""
    toks = _tokens(text, start, end)
    picked: list[tuple[int, int, str]] = []
    for a, b, w in toks:
        low = w.lower()
        if w in ",;:!?":
            break
        if w.startswith("("):
            if picked:
                picked.append((a, b, w))
                continue
            break
        if low in PRONOUNS and not picked:
            return _Speaker(a, b, text[a:b])
        if w[0].isupper() and not (picked and low in STOP):
            picked.append((a, b, w))
            continue
        if low in DETERMINERS and not picked:
            picked.append((a, b, w))
            continue
        if low in CONNECTORS and picked:
            picked.append((a, b, w))
            continue
        if low in STOP or low in SPEECH_VERBS or low.endswith("ing"):
            break
        if low.endswith("ed") and low not in ADJ_ED:
            break
        picked.append((a, b, w))
        if len(picked) > 10:
            break
    while picked and (picked[-1][2].lower() in CONNECTORS | DETERMINERS or picked[-1][2].startswith("(")):
        picked.pop()
    if picked and picked[-1][2].endswith(".") and not TITLE.match(picked[-1][2]) and len(picked[-1][2]) > 2:
        a, b, w = picked[-1]
        picked[-1] = (a, b - 1, w[:-1])
    if not picked or all(t[2].lower() in DETERMINERS for t in picked):
        return None
    a, b = picked[0][0], picked[-1][1]
    return _Speaker(a, b, text[a:b].strip())


# --- continuation and indirect quotes ----------------------------------------------------------------


_LETTER = re.compile(r"[A-Za-z]")


def _inherit(
    masked: str,
    groups: list[list[_Segment]],
    attributions: list[_Speaker | None],
    paras: list[tuple[int, int]],
    indirect: list[tuple[tuple[int, int], _Speaker]],
) -> None:
    for i, group in enumerate(groups):
        if attributions[i] is not None:
            continue
        first, last = group[0], group[-1]
        s_start, s_end = _sentence_bounds(masked, first.open_at, last.close_at)
        outside = masked[s_start : first.open_at] + masked[last.close_at : s_end]
        if _LETTER.search(outside):
            continue  # the sentence has its own words around the quote: not a continuation
        # "..., Schiff said. “The other factor is ...”": the sentence before reported the same speaker.
        p_start = s_start
        while p_start > 0 and masked[p_start - 1] in " \t":
            p_start -= 1
        if p_start > 0 and masked[p_start - 1] != "\n":
            before = [
                sp
                for (a, b), sp in indirect
                if a < p_start
                and max(b, sp.end) <= p_start
                and len(gap := masked[max(b, sp.end) : p_start]) <= 30
                and sum(gap.count(c) for c in ".!?") <= 1
            ]
            if before:
                attributions[i] = before[-1]
                continue
        if i == 0:
            continue
        prev = attributions[i - 1]
        prev_group = groups[i - 1]
        if prev is None:
            continue
        if prev_group[-1].para == first.para:
            attributions[i] = prev
        elif prev_group[-1].para == first.para - 1:
            _, p_end = paras[prev_group[-1].para]
            after = masked[prev_group[-1].close_at : p_end]
            # The previous paragraph ended with that quote (and at most its attribution).
            if len(after.split()) <= 8:
                attributions[i] = prev


# The clause's "that" may follow the day the words were said: "denied on Tuesday that ...", "said late
# Monday that ...". Group 2 is the "that" with what stands before it.
_SAID_ON = (
    r"(?:(?:on|late|early)\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday)"
    r"(?:\s+(?:morning|afternoon|evening|night))?\s+"
)
INDIRECT_HEAD = re.compile(
    r"\b(" + "|".join(sorted(INDIRECT_VERBS)) + r")\b(\s+(?:" + _SAID_ON + r")?that\b)?"
)
_ACCORDING = re.compile(r"\baccording\s+to\s+", re.IGNORECASE)
_ACCORDING_WORD = re.compile("according", re.IGNORECASE)
_CLAUSE_X_SAID = re.compile(r",\s+([^,]{2,60}?)\s+(said|says|added|stated|claimed|told\s+\w+)\s*$")
_CLAUSE_SAID_X = re.compile(r",\s+(said|says|added)\s+(.{2,60})$")
_TOLD_THAT = re.compile(r"\s+(?:[A-Za-z’'.]+\s+){0,4}?that\b")


def _indirect_cues(masked: str) -> tuple[list[int], list[int]]:
    """Where the words an indirect quote needs start, ascending: every indirect verb (as written, as
    INDIRECT_HEAD and the clause patterns ask) and every "according" (any case, as ``_ACCORDING``). A
    sentence with neither inside cannot give an indirect quote."""
    verbs: list[int] = []
    for verb in INDIRECT_VERBS:
        i = masked.find(verb)
        while i >= 0:
            verbs.append(i)
            i = masked.find(verb, i + 1)
    verbs.sort()
    return verbs, [m.start() for m in _ACCORDING_WORD.finditer(masked)]  # "according" cannot overlap


def _indirect(text: str, masked: str, segments: list[_Segment]) -> list[tuple[tuple[int, int], _Speaker]]:
    out: list[tuple[tuple[int, int], _Speaker]] = []
    verbs, accordings = _indirect_cues(masked)
    pos = 0
    n = len(masked)
    while pos < n:
        s_start, s_end = _sentence_bounds(masked, pos, pos)
        if s_end <= pos:
            s_end = pos + 1
        k = bisect.bisect_left(verbs, s_start)
        verbs_in = [p - s_start for p in verbs[k : bisect.bisect_left(verbs, s_end, k)]]
        k = bisect.bisect_left(accordings, s_start)
        according = k < len(accordings) and accordings[k] < s_end
        if verbs_in or according:  # else nothing to find in the sentence
            sentence = masked[s_start:s_end]
            if MASK not in sentence and sentence.strip():
                found = _indirect_in(text, masked, s_start, s_end, verbs_in, according)
                if found:
                    out.append(found)
        pos = s_end
    return out


def _indirect_in(
    text: str, masked: str, s_start: int, s_end: int, verbs: list[int], according: bool
) -> tuple[tuple[int, int], _Speaker] | None:
    """The indirect quote of the sentence ``masked[s_start:s_end]``, if any. ``verbs`` are where indirect
    verbs start in the sentence (ascending, every place); ``according`` whether "according" is in it."""
    sentence = masked[s_start:s_end]
    body_end = s_start + len(sentence.rstrip().rstrip(".!?"))
    # "according to X, CLAUSE" and "CLAUSE, according to X"
    m = _ACCORDING.search(sentence) if according else None
    if m:
        sp = _forward_np(text, s_start + m.end(), body_end)
        if sp:
            before = masked[s_start : s_start + m.start()].rstrip(" ,")
            if len(before.split()) >= 3:
                return (s_start + _lstrip_len(sentence), s_start + len(before)), sp
            clause_start = sp.end
            rest = masked[clause_start:body_end]
            if rest.startswith(","):
                c0 = clause_start + 1 + (len(rest) - 1 - len(rest[1:].lstrip()))
                if body_end - c0 > 10:
                    return (c0, body_end), sp
        return None
    if not verbs:
        return None  # each pattern below needs an indirect verb
    # "CLAUSE, X said."
    m = _CLAUSE_X_SAID.search(masked[s_start:body_end])
    if m:
        sp = _np_before(text, masked, s_start + m.start(1), s_start + m.end(1))
        if sp and sp.start == s_start + m.start(1):
            return (s_start + _lstrip_len(sentence), s_start + m.start()), sp
    m = _CLAUSE_SAID_X.search(masked[s_start:body_end])
    if m:
        sp = _forward_np(text, s_start + m.start(2), body_end)
        if sp and sp.end >= body_end - 1:
            return (s_start + _lstrip_len(sentence), s_start + m.start()), sp
    # "X said (that) CLAUSE": INDIRECT_HEAD.finditer(sentence), tried only where its verb can start
    after = 0
    for at in verbs:
        if at < after or (m := INDIRECT_HEAD.match(sentence, at)) is None:
            continue
        after = m.end()
        verb_at = s_start + m.start(1)
        sp = _subject_before(text, masked, s_start, verb_at)
        if sp is None:
            continue
        c = s_start + m.end()
        if m.group(1) == "told":
            obj = _TOLD_THAT.match(masked[c:body_end])
            if not obj:
                continue
            c += obj.end()
        rest = masked[c:body_end]
        c += len(rest) - len(rest.lstrip(" ,:"))
        if body_end - c < 12 or len(masked[c:body_end].split()) < 3:
            continue
        if m.group(2) is None and m.group(1) in {"reported", "noted", "confirmed", *DENIALS}:
            continue  # "reported the attack" names a thing, not a clause
        if m.group(1) in DENIALS:
            c = verb_at
        return (c, body_end), sp
    return None


def _lstrip_len(s: str) -> int:
    return len(s) - len(s.lstrip())


# --- speaker resolution ------------------------------------------------------------------------------

# A name starts with a capital either way: the lookahead fails fast everywhere else.
NAME_RE = re.compile(
    r"(?=[A-Z])\b(?:(?:Mr|Mrs|Ms|Dr|Rep|Sen|Gov|Gen|Rev)\.?\s+)?[A-Z][a-z’'\-]+"
    r"(?:\s+(?:[A-Z]\.\s*)*[A-Z][a-z’'\-]+)+"
)
# Groups that "they" usually points back to, when no quoted group was named before.
GROUP_RE = re.compile(
    r"\b(?:(?:[Tt]he|[A-Z][a-z]+)\s+)?(?i:officials|authorities|leaders|militants|forces|troops|soldiers|"
    r"residents|witnesses|sources|diplomats|protesters|lawmakers|officers|delegates|negotiators|mediators|"
    r"analysts|experts|elders|villagers)\b"
)
FEMALE_TITLES = ("Mrs", "Ms", "Miss")
MALE_TITLES = ("Mr",)


ROLE_WORDS = _words(
    """President Vice Prime Minister Deputy Foreign Interior Defence Defense Secretary General Acting Chief
    Spokesman Spokeswoman Spokesperson Senator Governor Representative Speaker Leader Minority Majority
    Former Rival Senate House State Attorney Ambassador Envoy Commander Mayor Judge Justice Director
    Chairman Head Minister's Adviser Advisor Special Senior Federal Provincial Afghan Pakistani Turkish
    Qatari Iranian Taliban Republican Democratic Democrat Libertarian Gov Sen Rep Mr Mrs Ms Dr Rev Gen
    Lt Col Capt Maj Prof Colonel Major Captain Lieutenant Brigadier Sergeant Commander Maulana Mullah
    Sheikh Sardar Justice"""
)


_POSSESSIVE_END = re.compile(r"[’']s$")


@lru_cache(maxsize=4096)
def _strip_title(name: str) -> str:
    words = _POSSESSIVE_END.sub("", name).split()
    while len(words) > 1 and (
        TITLE.match(words[0])
        or (words[0].isupper() and len(words[0]) <= 4)
        or words[0].rstrip(".") in ROLE_WORDS
        or words[0] in ("and", "of", "the")
    ):
        words.pop(0)
    return " ".join(words)


# Roles that head a description of a person, lower-cased: "Taliban spokesman", "White House press
# secretary", "police Chief", "his son". The name right after one is that person's.
ROLE_NOUNS = _words(
    """spokesman spokeswoman spokesperson minister secretary president chancellor premier governor senator
    representative lawmaker legislator speaker leader ambassador envoy diplomat commander general colonel
    captain lieutenant sergeant brigadier officer official chief head director chairman chairwoman chair
    mayor judge justice attorney prosecutor lawyer counsel adviser advisor aide commissioner inspector
    superintendent negotiator mediator analyst economist expert professor researcher scientist activist
    campaigner cleric imam host anchor correspondent reporter editor columnist nominee candidate manager
    coordinator strategist pollster consultant founder owner executive deputy member resident witness
    survivor widow mother father son daughter brother sister wife husband doctor surgeon nurse farmer
    trader shopkeeper driver student teacher worker elder administrator secretary-general"""
)
# Roles that, capitalised, stand as a title inside a run of capitalised words ("Pakistan Foreign Minister
# Ishaq Dar", "European Council President Donald Tusk", "Tulsa police Chief Chuck Jordan").
_HEAD_TITLES = _words(
    """president minister secretary chancellor premier governor senator representative speaker leader
    ambassador envoy commander general colonel captain lieutenant sergeant brigadier chief director
    chairman chairwoman chair mayor judge justice attorney adviser advisor commissioner spokesman
    spokeswoman spokesperson"""
)
_COURTESY = frozenset({"mr", "mrs", "ms", "miss", "dr"})
_NAME_PARTICLES = _words("de da del della di du la le van von der den bin ibn al el ul ud")
# Words that make a name after them someone else's ("a spokeswoman for X") or one of several ("X and Y").
_NP_LINKS = _words("of for to with at in from by on about against among under over into than like and or &")
_PARTY_TAG = re.compile(r"\s*\([A-Z][A-Za-z.]*(?:-[A-Z][A-Za-z.\s]*)?\)$")  # "(R-Wis.)", "(D)"


def _is_head_title(word: str) -> bool:
    if TITLE.match(word):
        return word.rstrip(".") not in ("Jr", "Sr", "St")
    parts = word.rstrip(".").lower().split("-")
    return all(p in _HEAD_TITLES or p == "vice" for p in parts) and parts[-1] != "vice"


def _is_role_noun(word: str) -> bool:
    low = word.lower()
    return low in ROLE_NOUNS or (low.endswith(("man", "woman", "person")) and len(low) > 6)


@lru_cache(maxsize=4096)
def _person_name(speaker: str) -> str:
    """The name of the person a speaker mention names, titles and descriptions left out, or "" when it
    names none: "Taliban spokesman Zabihullah Mujahid", "Pakistan's foreign office spokesman Shafqat Ali
    Khan", "Pakistan Foreign Minister Ishaq Dar", "Rep. Jane Roe (D-Ohio)", "Mr. Morgan of the Sierra
    Club" give the name ("Mr. Dar" gives "Dar"); "Turkish officials", "a spokesman for Imran Khan", "the
    Taliban spokesman" give ""."""
    if " of " in speaker:  # "Rep. Elijah Cummings of Maryland": the person, not the place
        head = _person_name(speaker[: speaker.index(" of ")])
        if head:
            return head
    words = _POSSESSIVE_END.sub("", _PARTY_TAG.sub("", speaker)).split()
    # The name: the run of capitalised words (with initials and particles such as "de") closing the mention.
    k = len(words)
    while k > 0:
        w = words[k - 1]
        capital = w[:1].isupper() and w[-1:] not in ',;:"”“'
        particle = w in _NAME_PARTICLES and k < len(words) and k > 1 and words[k - 2][:1].isupper()
        if not (capital or particle):
            break
        k -= 1
    run, desc = words[k:], words[:k]
    if not run:
        return ""
    # The last title in the run that leaves a name after it ("Deputy Prime Minister | Ishaq Dar").
    cut = max((i + 1 for i in range(len(run) - 1) if _is_head_title(run[i])), default=0)
    titled = cut > 0 and not all(w.rstrip(".").lower() in _COURTESY for w in run[:cut])
    name = _strip_title(" ".join(run[cut:]))
    if not desc:
        return name if cut else ""
    if any(w.lower() in _NP_LINKS or w[-1:] in ',;:"”“' for w in desc):
        return ""  # "a spokeswoman for Hillary Clinton", "the wife of President X"
    last = desc[-1]
    if _is_role_noun(last) or titled or (cut and all(w.lower() in DETERMINERS for w in desc)):
        return name
    return ""


def _persons(text: str, speakers: list[_Speaker]) -> list[tuple[int, str, str]]:
    """The named persons of the text and the named speakers, in text order: (position, name, gender
    "m"/"f"/"")."""
    persons: list[tuple[int, str, str]] = []
    for m in NAME_RE.finditer(text):
        name, at = m.group(0), m.start()
        first, _, rest = name.partition(" ")
        if first.lower() in _FRONTED or first.lower() in STOP:
            # "In Kandahar", "At Torkham": a sentence-opening preposition before a place, no person; what
            # follows it is a name only when it has two words of its own.
            if len(rest.split()) < 2:
                continue
            name, at = rest.strip(), at + len(first) + 1
        gender = "f" if name.startswith(FEMALE_TITLES) else "m" if name.startswith(MALE_TITLES) else ""
        persons.append((at, _strip_title(name), gender))
    for sp in speakers:
        if sp.text and (person := _person_name(sp.text)):
            persons.append((sp.start, person, ""))
        elif (
            sp.text
            and sp.text[0].isupper()
            and sp.text.lower() not in PRONOUNS
            and sp.text.split()[-1][:1].isupper()
        ):
            persons.append((sp.start, _strip_title(sp.text), ""))
    persons.sort()
    return persons


def _plural_mentions(text: str, speakers: list[_Speaker]) -> list[tuple[int, str]]:
    """What "they"/"it" can point back to, in text order: plural or collective speakers and groups."""
    plural: list[tuple[int, str]] = []
    for sp in sorted(speakers, key=lambda s: s.start):
        low = sp.text.lower()
        if low in PRONOUNS:
            continue
        words = sp.text.split()
        last = words[-1].lower() if words else ""
        if (last.endswith("s") and not words[-1][0].isupper()) or last in {
            "ministry",
            "government",
            "police",
        }:
            plural.append((sp.start, sp.text))
    for m in GROUP_RE.finditer(text):
        plural.append((m.start(), m.group(0)))
    plural.sort()
    return plural


def _resolve(text: str, speakers: list[_Speaker]) -> None:
    """Fill ``name`` on every speaker: pronouns to antecedents, surnames to full names."""
    # The persons and the plural mentions each take a search of the whole text, and many documents need
    # neither (no pronoun speaker, no lone surname): each is found on first use.
    found: dict[str, list[tuple[int, str, str]]] = {}

    def persons() -> list[tuple[int, str, str]]:
        if "persons" not in found:
            found["persons"] = _persons(text, speakers)
        return found["persons"]

    def full_name(name: str, pos: int) -> str:
        # ``_full_name`` keeps a name of several words as it is without looking at the persons.
        return name if " " in name else _full_name(name, persons(), pos)

    spoken: dict[str, int] = {}
    for sp in speakers:
        if sp.text and sp.text.lower() not in PRONOUNS and sp.text.split()[-1][:1].isupper():
            name = full_name(_person_name(sp.text) or _strip_title(sp.text), sp.start)
            spoken[name.split()[-1]] = spoken.get(name.split()[-1], 0) + 1
    # The document's most quoted person: the referent of a pronoun with no named speaker before it
    # (summary bullets above the story's first paragraph).
    main_speaker = max(spoken, key=lambda k: spoken[k]) if spoken else ""
    speaker_starts = sorted(sp.start for sp in speakers if sp.text.lower() not in PRONOUNS)
    genders: dict[str, str] = {}
    plural: list[tuple[int, str]] | None = None
    for sp in sorted(speakers, key=lambda s: s.start):
        low = sp.text.lower()
        if low in ("he", "she", "who"):
            want = {"he": "m", "she": "f"}.get(low, "")
            people = persons()
            k = bisect.bisect_left(people, (sp.start,)) - 1  # the last person before the pronoun
            chosen = ""
            while k >= 0:
                name = people[k][1]
                g = people[k][2] or genders.get(name, "")
                gender_ok = not want or not g or g == want
                if name[:1].isupper() and gender_ok and (low == "who" or _looks_personal(name)):
                    chosen = name
                    break
                k -= 1
            if main_speaker and (not speaker_starts or speaker_starts[0] > sp.start):
                full = [p[1] for p in people if p[1].split()[-1] == main_speaker]
                chosen = max(full, key=len) if full else main_speaker
            if chosen:
                sp.name = full_name(chosen, sp.start)
                if want:
                    genders.setdefault(sp.name, want)
            else:
                sp.name = sp.text
        elif low in ("they", "it", "which", "we"):
            if plural is None:
                plural = _plural_mentions(text, speakers)
            before = [p for p in plural if p[0] < sp.start]
            sp.name = before[-1][1] if before else sp.text
        elif person := _person_name(sp.text):
            sp.name = full_name(person, sp.start)
        else:
            named = sp.text[:1].isupper() and sp.text.split()[-1][:1].isupper()
            sp.name = full_name(_strip_title(sp.text), sp.start) if named else sp.text


_INSTITUTION = re.compile(
    r"\b(?:Ministry|Department|Office|Party|Committee|Council|House|News|Times|Post|Radio|Pakistan|"
    r"Afghanistan|Turkey|Qatar|Iran|India|China|Russia|America|United|Kabul|Islamabad|Doha|Istanbul)\b"
)


def _looks_personal(name: str) -> bool:
    if not name.split()[-1][:1].isupper():
        return False
    return not _INSTITUTION.search(name)


def _full_name(name: str, persons: list[tuple[int, str, str]], pos: int) -> str:
    """A lone surname becomes the earliest longer name ending in it ("Dar" -> "Ishaq Dar")."""
    if " " in name:
        return name
    for p, full, _ in persons:
        if p >= pos:
            break
        if full != name and full.split()[-1] == name:
            return _strip_title(full)
    return name
