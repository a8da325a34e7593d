"""cluster.cluster: one lead per incident across articles, every source's figures kept."""

import datetime as dt

import pytest

from truce.core.extract.cluster import (
    Settings,
    cluster,
    combine_figures,
    haversine_km,
    joins,
    lead_dates,
    same_incident,
)


def event(
    sub="Armed clash",
    event_type="Battles",
    day="2025-10-12",
    high=None,
    name="Angoor Adda",
    country="PK",
    admin1="Khyber Pakhtunkhwa",
    lat=32.63,
    lon=69.35,
    figures=(),
    actors=(),
    evidence="text",
    confidence=0.6,
    kind="violence",
):
    return {
        "kind": kind,
        "event_type": event_type,
        "sub_event_type": sub,
        "status": "occurred",
        "date": {"value": day, "low": day, "high": high or day, "precision": "day"},
        "location": {
            "name": name,
            "country": country,
            "admin1": admin1,
            "lat": lat,
            "lon": lon,
            "geo_precision": 1,
        },
        "actors": [{"name": a, "type": "State forces"} for a in actors],
        "fatalities": [
            {"who": "soldiers", "low": lo, "best": b, "high": h, "text": ""} for lo, b, h in figures
        ],
        "evidence": [{"text": evidence, "start": 0, "end": len(evidence)}],
        "confidence": confidence,
    }


def test_two_reports_with_different_figures_become_one_lead_with_both():
    items = [
        (
            "a1",
            "https://www.dawn.com/news/1",
            "2025-10-13",
            event(figures=[(10, 10, None)], evidence="Report A"),
        ),
        (
            "b1",
            "https://tribune.com.pk/story/2",
            "2025-10-13",
            event(lat=32.65, lon=69.37, figures=[(None, 23, 23)], evidence="Report B"),
        ),
    ]
    (lead,) = cluster(items)
    d = lead.to_dict()
    assert [s["source_id"] for s in d["sources"]] == ["a1", "b1"]
    assert [s["fatalities"][0]["best"] for s in d["sources"]] == [10, 23]
    assert d["fatalities"] == {"low": 10, "best": 10, "high": None}
    assert d["independent_sources"] == 2
    assert d["confidence"] == pytest.approx(1 - 0.4 * 0.4)


def test_two_incidents_the_same_day_far_apart_stay_two_leads():
    items = [
        ("a1", "dawn.com", "2025-10-13", event()),
        ("a2", "dawn.com", "2025-10-13", event(name="Chaman", admin1="Balochistan", lat=30.92, lon=66.45)),
    ]
    assert len(cluster(items)) == 2


def test_dates_beyond_the_window_stay_apart_and_a_wider_window_joins_them():
    items = [("a", "x", None, event(day="2025-10-12")), ("b", "y", None, event(day="2025-10-15"))]
    assert len(cluster(items)) == 2
    assert len(cluster(items, Settings(date_window_days=3))) == 1


def test_without_coordinates_admin1_decides():
    a = event(lat=None, lon=None, admin1="Kurram")
    assert same_incident(a, event(lat=None, lon=None, admin1="Kurram", name="Parachinar"))
    assert not same_incident(a, event(lat=None, lon=None, admin1="Bajaur"))


def test_different_countries_never_match():
    assert not same_incident(event(country="PK"), event(country="AF"))


def test_different_event_types_never_match_but_sub_types_of_one_type_may():
    assert not same_incident(event(), event(sub="Air/drone strike", event_type="Explosions/Remote violence"))
    assert same_incident(event(sub="Armed clash"), event(sub="Government regains territory"))


def test_process_steps_need_the_same_sub_type():
    a = event(kind="process", event_type="Talks", sub="Talks scheduled")
    assert not same_incident(a, event(kind="process", event_type="Talks", sub="Talks failed"))


def test_conflicting_named_actors_keep_incidents_apart_but_generic_ones_do_not():
    a = event(actors=["Pakistani armed forces"])
    assert not same_incident(a, event(actors=["Military forces of India"]))
    assert same_incident(a, event(actors=["Security forces"]))


def test_same_outlet_and_wire_copy_count_once():
    items = [
        ("a", "https://www.dawn.com/1", "2025-10-13", event(evidence="Wire text")),
        ("b", "https://dawn.com/2", "2025-10-13", event(evidence="Other text")),
        ("c", "https://example.org/3", "2025-10-13", event(evidence="wire   TEXT")),
        ("d", "https://another.net/4", "2025-10-13", event(evidence="Own reporting")),
    ]
    (lead,) = cluster(items)
    assert len(lead.reports) == 4
    assert lead.independent_sources == 2


def test_result_does_not_depend_on_input_order():
    items = [
        ("a", "s1", "2025-10-13", event(figures=[(5, 5, 5)])),
        ("b", "s2", "2025-10-14", event(figures=[(7, 7, 7)], lat=32.64)),
        ("c", "s3", "2025-10-13", event(name="Chaman", lat=30.92, lon=66.45, admin1="Balochistan")),
    ]
    one = [lead.to_dict() for lead in cluster(items)]
    two = [lead.to_dict() for lead in cluster(list(reversed(items)))]
    assert one == two


def test_combined_figures_rules():
    assert combine_figures(
        [event(figures=[(3, 3, 3)]), event(figures=[(5, 5, 8)]), event(figures=[(4, 4, 4)])]
    ) == {
        "low": 3,
        "best": 4,
        "high": 8,
    }
    # Even count: the lower middle best; a report with no upper bound leaves high open.
    assert combine_figures([event(figures=[(3, 3, 3)]), event(figures=[(None, 9, None)])]) == {
        "low": 3,
        "best": 3,
        "high": None,
    }
    # One report's entries add up (soldiers and civilians killed in one incident).
    assert combine_figures([event(figures=[(2, 2, 2), (3, 3, 3)])]) == {"low": 5, "best": 5, "high": 5}
    assert combine_figures([event()]) == {"low": None, "best": None, "high": None}


def test_lead_date_is_the_narrowest_report_range():
    items = [
        ("a", "s1", None, event(day="2025-10-01", high="2025-10-31")),
        ("b", "s2", None, event(day="2025-10-12")),
    ]
    (lead,) = cluster(items, Settings(date_window_days=0))
    assert (lead.date_low.isoformat(), lead.date_high.isoformat()) == ("2025-10-12", "2025-10-12")


def test_haversine_known_distance():
    # Kabul to Islamabad is about 370 km as the crow flies.
    assert haversine_km(34.53, 69.17, 33.69, 73.06) == pytest.approx(370, abs=30)


def test_a_toll_restated_in_one_article_is_counted_once():
    from truce.core.extract.cluster import combine_figures

    headline = {"who": "", "low": 6, "best": 6, "high": 6}
    body = {"who": "soldiers", "low": 6, "best": 6, "high": 6}
    civilians = {"who": "civilians", "low": 2, "best": 2, "high": 2}
    assert combine_figures([{"fatalities": [headline, body]}]) == combine_figures([{"fatalities": [body]}])
    assert combine_figures([{"fatalities": [body, civilians]}])["best"] == 8  # different victims still add up


def undated(**kw):
    e = event(**kw)
    e["date"] = {"value": None, "low": None, "high": None, "precision": "unknown"}
    return e


def test_a_report_of_another_day_does_not_join_a_lead_through_an_undated_report():
    # The undated report fits either day; once it is in a lead with one of them, the other stays apart.
    items = [
        ("u", "s1", None, undated(figures=[(6, 6, 6)])),
        ("a", "s2", "2025-10-15", event(day="2025-10-14", figures=[(5, 5, 5)])),
        ("b", "s3", "2025-10-29", event(day="2025-10-28", figures=[(9, 9, None)])),
    ]
    first, second = cluster(items)
    assert ([r.source_id for r in first.reports], [r.source_id for r in second.reports]) == (
        ["u", "a"],
        ["b"],
    )
    assert (first.date_low, first.date_high, first.date_conflict) == (dt.date(2025, 10, 14),) * 2 + (False,)
    assert first.fatalities == {"low": 5, "best": 5, "high": 6}
    assert (second.date_low, second.fatalities["best"]) == (dt.date(2025, 10, 28), 9)


def test_an_undated_report_joins_the_lead_it_matches():
    items = [
        ("a", "s1", "2025-10-13", event(day="2025-10-12")),
        ("c", "s2", "2025-10-13", event(name="Chaman", admin1="Balochistan", lat=30.92, lon=66.45)),
        ("u", "s3", "2025-10-14", undated(name="Chaman", admin1="Balochistan", lat=30.93, lon=66.44)),
    ]
    leads = cluster(items)
    assert [[r.source_id for r in lead.reports] for lead in leads] == [["a"], ["c", "u"]]
    assert leads[1].date_low.isoformat() == "2025-10-12"


def test_joins_needs_a_date_that_fits_every_dated_member():
    members = [undated(), event(day="2025-10-28")]
    assert joins(members, event(day="2025-10-29"))  # within the one-day window
    assert not joins(members, event(day="2025-10-14"))
    assert joins(members, undated())
    assert joins([undated()], event(day="2025-10-14"))  # nothing dated to contradict it
    assert not joins(members, event(day="2025-10-28", name="Chaman", lat=30.92, lon=66.45, admin1="B"))


def test_lead_dates_keep_the_range_all_reports_allow_and_flag_a_conflict():
    month, day = event(day="2025-10-01", high="2025-10-31"), event(day="2025-10-12")
    assert lead_dates([month, day, undated()]) == (dt.date(2025, 10, 12), dt.date(2025, 10, 12), False)
    # Within the window ("Tuesday night" reported as Wednesday): both days, no conflict.
    assert lead_dates([event(day="2025-10-28"), event(day="2025-10-29")]) == (
        dt.date(2025, 10, 28),
        dt.date(2025, 10, 29),
        False,
    )
    # Two weeks apart: no day is dropped, and the disagreement is said.
    assert lead_dates([event(day="2025-10-28"), event(day="2025-10-14")]) == (
        dt.date(2025, 10, 14),
        dt.date(2025, 10, 28),
        True,
    )
    assert lead_dates([undated()]) == (None, None, False)


def test_a_publication_day_standing_in_for_a_date_counts_as_no_date():
    """An event dated only by its article's publication day (``from_publication``) states no day: it
    neither sets a lead's date nor keeps apart a report of the day before."""
    guessed = event(day="2025-10-20", high="2025-10-20")
    guessed["date"]["from_publication"] = True
    items = [
        ("g", "s1", "2025-10-20", guessed),
        ("a", "s2", "2025-10-13", event(day="2025-10-12")),
    ]
    (lead,) = cluster(items, Settings(date_window_days=0))
    assert (lead.date_low, lead.date_high) == (dt.date(2025, 10, 12),) * 2
    alone = cluster([("g", "s1", "2025-10-20", guessed)])[0]
    assert (alone.date_low, alone.date_high) == (None, None)
