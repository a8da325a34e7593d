"""assemble.events on Documents built by hand (no dependence on the date and place components)."""

import datetime as dt

from truce.core.extract import assemble
from truce.core.extract.document import (
    ActorMention,
    CasualtyMention,
    DateMention,
    Document,
    EventMention,
    PlaceMention,
    Sentence,
)
from truce.core.extract.sentences import split


class Article:
    """A Document whose mentions are placed by the text they cover (the first occurrence after ``after``)."""

    def __init__(self, text: str, published: dt.date = dt.date(2025, 11, 4)):
        self.doc = Document(text=text, published=published)
        self.doc.sentences = [Sentence(s, e, text[s:e], i) for i, (s, e) in enumerate(split(text))]

    def _span(self, phrase: str, after: int = 0) -> tuple[int, int]:
        start = self.doc.text.index(phrase, after)
        return start, start + len(phrase)

    def _sentence_of(self, start: int) -> Sentence:
        return next(s for s in self.doc.sentences if s.start <= start < s.end)

    def date(self, phrase, low, high=None, precision="day", after=0, **kw):
        s, e = self._span(phrase, after)
        high = high or low
        self.doc.dates.append(
            DateMention(
                s,
                e,
                phrase,
                low.isoformat() if precision == "day" else low.isoformat()[:7],
                low,
                high,
                precision,
                **kw,
            )
        )

    def place(self, phrase, country, lat=None, lon=None, precision=1, kind="place", after=0):
        s, e = self._span(phrase, after)
        self.doc.places.append(
            PlaceMention(
                s,
                e,
                phrase,
                name=phrase,
                country=country,
                lat=lat,
                lon=lon,
                geo_precision=precision,
                kind=kind,
            )
        )

    def actor(self, phrase, name, type_="State forces", after=0):
        s, e = self._span(phrase, after)
        self.doc.actors.append(ActorMention(s, e, phrase, name=name, type=type_))

    def casualty(self, phrase, who, low, best, high, outcome="killed", after=0):
        s, e = self._span(phrase, after)
        self.doc.casualties.append(
            CasualtyMention(s, e, phrase, who=who, outcome=outcome, low=low, best=best, high=high)
        )

    def event(self, phrase, sub, event_type, kind="violence", status="occurred", after=0):
        s, _ = self._span(phrase, after)
        sentence = self._sentence_of(s)
        self.doc.event_mentions.append(
            EventMention(
                sentence.start,
                sentence.end,
                sentence.text,
                kind=kind,
                event_type=event_type,
                sub_event_type=sub,
                status=status,
                confidence=0.6,
                sentence=sentence.index,
            )
        )


def test_event_takes_date_place_actors_and_fatalities_of_its_sentence():
    a = Article("On October 12, Pakistani troops clashed with militants in Kurram, killing 12 militants.")
    a.date("October 12", dt.date(2025, 10, 12))
    a.place("Kurram", "PK", 33.8, 70.1)
    a.actor("Pakistani troops", "Pakistani armed forces")
    a.casualty("killing 12 militants", "militants", 12, 12, 12)
    a.event("clashed", "Armed clash", "Battles")
    (e,) = assemble.events(a.doc)
    assert e["kind"] == "violence" and e["sub_event_type"] == "Armed clash" and e["event_type"] == "Battles"
    assert e["date"] == {
        "value": "2025-10-12",
        "low": "2025-10-12",
        "high": "2025-10-12",
        "precision": "day",
        "part_of_day": None,
        "from_publication": False,
    }
    assert (
        e["location"]["name"] == "Kurram"
        and e["location"]["country"] == "PK"
        and e["location"]["lat"] == 33.8
    )
    assert e["actors"] == [{"name": "Pakistani armed forces", "type": "State forces"}]
    assert e["fatalities"] == [
        {"who": "militants", "low": 12, "best": 12, "high": 12, "text": "killing 12 militants"}
    ]
    assert e["evidence"][0]["text"] == a.doc.text
    assert e["status"] == "occurred"
    assert 0 < e["confidence"] <= 1


def test_sentence_without_date_takes_the_previous_sentence_of_its_paragraph_but_not_of_another():
    text = (
        "On Monday, fighting broke out in Bajaur. Mortar shells hit a school.\n\nA roadside bomb hit a van."
    )
    a = Article(text)
    a.date("On Monday", dt.date(2025, 11, 3))
    a.place("Bajaur", "PK", 34.7, 71.5)
    a.event("Mortar shells", "Shelling/artillery/missile attack", "Explosions/Remote violence")
    a.event("roadside bomb", "Remote explosive/landmine/IED", "Explosions/Remote violence")
    shelling, bomb = assemble.events(a.doc)
    assert shelling["date"]["low"] == "2025-11-03" and shelling["location"]["name"] == "Bajaur"
    assert bomb["date"]["low"] is None and bomb["date"]["precision"] == "unknown"
    assert bomb["location"]["name"] is None


def test_two_mentions_of_one_incident_become_one_event_with_both_evidences():
    text = (
        "Militants attacked a checkpoint in Khyber on October 11. "
        "Soldiers returned fire, and as many as 9 soldiers were killed in the clash."
    )
    a = Article(text)
    a.date("October 11", dt.date(2025, 10, 11))
    a.place("Khyber", "PK", 34.1, 71.1)
    a.casualty("as many as 9 soldiers were killed", "soldiers", None, 9, 9)
    a.event("Militants attacked", "Armed clash", "Battles")
    a.event("Soldiers returned", "Armed clash", "Battles")
    (e,) = assemble.events(a.doc)
    assert len(e["evidence"]) == 2
    assert e["date"]["low"] == "2025-10-11"
    assert e["fatalities"][0]["best"] == 9


def test_same_type_in_two_places_stays_two_events():
    text = "A drone strike hit Khost on Friday.\n\nA drone strike hit Kunar on Saturday."
    a = Article(text)
    a.date("Friday", dt.date(2025, 10, 31))
    a.date("Saturday", dt.date(2025, 11, 1))
    a.place("Khost", "AF", 33.3, 69.9)
    a.place("Kunar", "AF", 34.8, 71.1)
    a.event("A drone strike hit Khost", "Air/drone strike", "Explosions/Remote violence")
    a.event("A drone strike hit Kunar", "Air/drone strike", "Explosions/Remote violence")
    assert [e["location"]["name"] for e in assemble.events(a.doc)] == ["Khost", "Kunar"]


def test_background_date_keeps_its_older_period_and_flags_the_event():
    text = "Last month, the sides fought. Deadly clashes this month killed 40 people."
    a = Article(text)
    a.date("Last month", dt.date(2025, 10, 1), dt.date(2025, 10, 31), precision="month")
    a.date("this month", dt.date(2025, 10, 1), dt.date(2025, 10, 31), precision="month", background=True)
    a.event("Deadly clashes", "Armed clash", "Battles")
    (e,) = assemble.events(a.doc)
    assert e["date"]["low"] == "2025-10-01" and e["date"]["high"] == "2025-10-31"
    assert e["background"] is True


def test_boundary_dates_and_places_do_not_date_or_place_the_event():
    text = "Since the fall of Kabul in 2021, clashes on October 12 were the worst."
    a = Article(text)
    a.date("2021", dt.date(2021, 1, 1), dt.date(2021, 12, 31), precision="year")
    a.date("October 12", dt.date(2025, 10, 12))
    a.place("Kabul", "AF", 34.5, 69.2)
    a.event("clashes", "Armed clash", "Battles")
    (e,) = assemble.events(a.doc)
    assert e["date"]["low"] == "2025-10-12"
    assert e["location"]["name"] is None


def test_dateline_and_capital_as_government_are_not_event_places():
    text = "ISLAMABAD: Islamabad is determined to see the talks scheduled for November 6 succeed."
    a = Article(text)
    a.place("ISLAMABAD", "PK")
    a.place("Islamabad", "PK", after=5)
    a.date("November 6", dt.date(2025, 11, 6), future=True)
    a.event("talks scheduled", "Talks scheduled", "Talks", kind="process", status="scheduled")
    (e,) = assemble.events(a.doc)
    assert e["location"]["name"] is None
    assert e["status"] == "scheduled" and e["date"]["low"] == "2025-11-06"


def test_future_process_step_is_scheduled_and_failed_talks_join_their_round():
    text = (
        "Turkey hosted a new round of negotiations in Istanbul that opened on October 25. "
        "Four days on, the talks failed without a deal. "
        "A follow-up round is to be held in Istanbul on November 6."
    )
    a = Article(text)
    a.date("October 25", dt.date(2025, 10, 25))
    a.date("November 6", dt.date(2025, 11, 6), future=True)
    a.place("Istanbul", "TR", 41.0, 28.9)
    a.place("Istanbul", "TR", 41.0, 28.9, after=text.index("follow-up"))
    a.event("Turkey hosted", "Talks round began", "Talks", kind="process")
    a.event("the talks failed", "Talks failed", "Talks", kind="process")
    a.event("A follow-up", "Talks scheduled", "Talks", kind="process", status="scheduled")
    round_, scheduled = assemble.events(a.doc)
    assert round_["status"] == "failed" and len(round_["evidence"]) == 2
    assert round_["sub_event_type"] == "Talks round began (later reported failed)"
    assert scheduled["status"] == "scheduled" and scheduled["date"]["low"] == "2025-11-06"


def test_step_during_talks_starts_no_earlier_than_the_talks():
    text = (
        "Turkey hosted talks in Istanbul that opened on October 25.\n\n"
        "Last month, the sides agreed to extend the ceasefire during negotiations in Istanbul."
    )
    a = Article(text)
    a.date("October 25", dt.date(2025, 10, 25))
    a.date("Last month", dt.date(2025, 10, 1), dt.date(2025, 10, 31), precision="month")
    a.place("Istanbul", "TR", 41.0, 28.9)
    a.place("Istanbul", "TR", 41.0, 28.9, after=text.index("Last month"))
    a.event("Turkey hosted", "Talks round began", "Talks", kind="process")
    a.event("agreed to extend", "Ceasefire extended", "Ceasefire", kind="process")
    _, extended = assemble.events(a.doc)
    assert (extended["date"]["low"], extended["date"]["high"]) == ("2025-10-25", "2025-10-31")


def test_figures_in_a_following_sentence_without_an_event_join_the_event():
    text = "Gunmen attacked a bus in Kurram. Eleven passengers were killed."
    a = Article(text)
    a.event("Gunmen attacked", "Attack", "Violence against civilians")
    a.casualty("Eleven passengers were killed", "passengers", 11, 11, 11)
    (e,) = assemble.events(a.doc)
    assert e["fatalities"][0]["best"] == 11


def test_only_killed_figures_are_fatalities():
    text = "A blast in Quetta killed 3 people and wounded 20 others."
    a = Article(text)
    a.casualty("killed 3 people", "people", 3, 3, 3)
    a.casualty("wounded 20 others", "others", 20, 20, 20, outcome="injured")
    a.event("A blast", "Remote explosive/landmine/IED", "Explosions/Remote violence")
    (e,) = assemble.events(a.doc)
    assert [f["best"] for f in e["fatalities"]] == [3]


def test_hedged_violence_is_reported():
    a = Article("Militants allegedly shelled a village.")
    a.event("Militants", "Shelling/artillery/missile attack", "Explosions/Remote violence")
    assert assemble.events(a.doc)[0]["status"] == "reported"


def test_no_event_mentions_no_events():
    assert assemble.events(Document(text="Nothing happened.")) == []


def test_generic_actor_is_dropped_next_to_a_named_actor_of_the_same_type():
    text = "Soldiers clashed with militants. Pakistani troops killed 5 militants."
    a = Article(text)
    a.actor("Soldiers", "Military")
    a.actor("militants", "Unidentified armed group", "Political militia")
    a.actor("Pakistani troops", "Pakistani armed forces")
    a.doc.actors[-1].country = "PK"
    a.event("Soldiers clashed", "Armed clash", "Battles")
    a.event("Pakistani troops", "Armed clash", "Battles")
    (e,) = assemble.events(a.doc)
    assert [x["name"] for x in e["actors"]] == ["Unidentified armed group", "Pakistani armed forces"]


def test_a_merge_sees_items_added_to_the_lists_outside_merges() -> None:
    from truce.core.extract import assemble as asm
    from truce.core.extract.document import CasualtyMention

    figure = CasualtyMention(10, 20, "five killed", who="civilians", low=5, best=5, high=5)
    into = asm._Event("violence", "Battles", "Armed clash", "occurred", None, None)
    asm._merge(into, asm._Event("violence", "Battles", "Armed clash", "occurred", None, None))
    into.casualties.append(figure)  # as assemble does for a figure in the next sentence
    other = asm._Event("violence", "Battles", "Armed clash", "occurred", None, None, casualties=[figure])
    other.evidence.extend([(0, 5, "a"), (0, 5, "a"), (6, 9, "b")])
    asm._merge(into, other)
    assert into.casualties == [figure]
    assert into.evidence == [(0, 5, "a"), (6, 9, "b")]


def test_an_incident_is_compared_with_the_last_events_only() -> None:
    from truce.core.extract import assemble as asm
    from truce.core.extract import pipeline

    # Far more distinct incidents than an article holds, then the first one again: it is not searched
    # for that far back (the cost stays linear in the length of the text), so it stands alone.
    places = ["Chaman", "Torkham", "Kurram", "Bajaur", "Khost"]
    days = [f"September {d}" for d in range(1, 29)] + [f"August {d}" for d in range(1, 29)]
    pairs = [(p, d) for p in places for d in days][: asm.LOOK_BACK + 5]
    text = " ".join(f"Troops shelled villages in {p} on {d}, killing two civilians." for p, d in pairs)
    text += f" Troops shelled villages in {pairs[0][0]} on {pairs[0][1]}, killing two civilians."
    events = pipeline.extract(text, published=dt.date(2025, 10, 16))["events"]
    assert len(events) == len(pairs) + 1
