"""actors.find: named actors of the Pakistan-Afghanistan conflict, demonyms, countries and generic actors."""

from truce.core.extract.actors import find


def _got(text):
    return [(a.text, a.name, a.type, a.country) for a in find(text)]


def test_named_forces_and_groups():
    got = _got("Pakistani troops said TTP fighters and ISKP cells crossed from the Afghan side.")
    assert ("Pakistani troops", "Pakistani armed forces", "State forces", "PK") in got
    assert ("TTP", "Tehreek-e-Taliban Pakistan", "Rebel group", "PK") in got
    assert ("ISKP", "Islamic State Khorasan Province", "Rebel group", "AF") in got


def test_pakistani_taliban_is_not_the_afghan_taliban():
    got = _got("The Pakistani Taliban attacked a post; the Taliban government denied any role.")
    assert got[0][1] == "Tehreek-e-Taliban Pakistan"
    assert got[1][1:] == ("Afghan Taliban forces", "State forces", "AF")


def test_demonym_with_forces_word_is_that_countrys_state_forces():
    assert _got("Indian troops fired across the line.")[0][1:] == (
        "Military forces of India",
        "State forces",
        "IN",
    )
    assert _got("Turkish officials announced the date.")[0][1:] == ("Turkey", "State forces", "TR")


def test_bare_country_is_an_actor_only_in_a_process_sentence():
    assert [a[1] for a in _got("Pakistan and Afghanistan agreed to extend the ceasefire.")] == [
        "Pakistan",
        "Afghanistan",
    ]
    assert _got("Rain fell across Pakistan.") == []


def test_generic_actors():
    got = _got("Unidentified gunmen shot two policemen and a civilian.")
    assert [(a[1], a[2]) for a in got] == [
        ("Unidentified armed group", "Political militia"),
        ("Police", "State forces"),
        ("Civilians", "Civilians"),
    ]


def test_named_people_with_an_office():
    got = _got("Foreign Minister Ishaq Dar spoke to spokesman Zabihullah Mujahid.")
    assert [a[1] for a in got] == ["Ishaq Dar", "Zabihullah Mujahid"]


def test_offsets_point_at_the_text():
    text = "Later, security forces arrived."
    (a,) = find(text, offset=100)
    assert (a.start, a.end) == (107, 122)


def test_acronyms_match_only_in_their_own_case():
    got = [a.name for a in find("Let them say it: LeT and the TTP, but not ttp.")]
    assert got == ["Lashkar-e-Taiba", "Tehreek-e-Taliban Pakistan"]


def test_annotate_finds_actors_over_the_document_and_countries_only_in_process_sentences():
    from truce.core.extract.actors import annotate
    from truce.core.extract.document import Document, Sentence
    from truce.core.extract.sentences import split

    text = "Rain fell across Pakistan.\nPakistan and Afghanistan agreed to talks. Pakistani troops stood by."
    doc = Document(
        text=text, sentences=[Sentence(s, e, text[s:e], i) for i, (s, e) in enumerate(split(text))]
    )
    annotate(doc)
    got = [(text[a.start : a.end], a.name) for a in doc.actors]
    assert got == [
        ("Pakistan", "Pakistan"),
        ("Afghanistan", "Afghanistan"),
        ("Pakistani troops", "Pakistani armed forces"),
    ]
    assert doc.actors[0].start == text.index("Pakistan and")


def test_a_country_written_with_a_dotted_capital_i_is_read_not_a_crash() -> None:
    # "İ" lower-cases to "i" plus a combining dot; the lookup folds it back.
    found = find("İRAN'S military said")
    assert [(a.name, a.country) for a in found] == [("Military forces of Iran", "IR")]
