"""Each kind of problem in an agreement file is reported with its exact line, and all are reported at once."""

from __future__ import annotations

import pytest

from truce.core.agreement import AgreementError, Problem, check_agreement, load_agreement

from .conftest import VALID, line_of, replace


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def check(write_agreement, text: str, **kwargs) -> Problem:
    return only(check_agreement(write_agreement(text, **kwargs)))


def test_valid_fixture_has_no_problems(write_agreement):
    assert check_agreement(write_agreement()) == []


def test_unknown_key_is_reported_with_a_suggestion(write_agreement):
    text = replace(VALID, 'title = "Test ceasefire"\n', 'title = "Test ceasefire"\ntitel = "again"\n')
    problem = check(write_agreement, text)
    assert problem.line == line_of(text, "titel")
    assert problem.field == "agreement.titel"
    assert "unknown key 'titel'; did you mean 'title'?" in problem.message


def test_unknown_key_in_second_array_table_names_its_number(write_agreement):
    text = replace(VALID, "points = 2\n", "point = 2\n")
    problem = check(write_agreement, text)
    assert problem.line == line_of(text, "point = 2")
    assert problem.message.startswith("[[commitment]] #2 point: unknown key 'point'; did you mean 'points'?")


def test_unknown_top_level_table_is_reported(write_agreement):
    text = VALID + '\n[[parties]]\ncode = "XX"\n'
    problem = check(write_agreement, text)
    assert problem.line == line_of(text, "[[parties]]")
    assert "did you mean 'party'?" in problem.message


def test_wrong_type_is_reported_with_a_fix(write_agreement):
    text = replace(VALID, "reply_window_hours = 72", 'reply_window_hours = "72"')
    problem = check(write_agreement, text)
    assert problem.line == line_of(text, "reply_window_hours")
    assert problem.message == (
        "[procedure] reply_window_hours: expected an integer, found a string (write 72 without quotes)"
    )


def test_date_written_as_string_is_reported(write_agreement):
    text = replace(VALID, "in_force = 2025-10-19", 'in_force = "2025-10-19"')
    problem = check(write_agreement, text)
    assert problem.line == line_of(text, "in_force")
    assert "write the date without quotes" in problem.message


def test_integer_out_of_range_is_reported(write_agreement):
    text = replace(VALID, "reply_window_hours = 72", "reply_window_hours = 0")
    problem = check(write_agreement, text)
    assert problem.line == line_of(text, "reply_window_hours")
    assert "from 1 to" in problem.message


def test_missing_required_key_is_reported_on_its_table_header(write_agreement):
    text = replace(VALID, 'code = "AF"\nname = "Afghanistan"\n', 'code = "AF"\n')
    problem = check(write_agreement, text)
    assert problem.line == line_of(text, "[[party]]", occurrence=2)
    assert problem.message == "[[party]] #2: missing required key 'name' (a string)"


def test_missing_required_table_is_reported(write_agreement):
    start, end = VALID.index("[procedure]"), VALID.index("[[zone]]")
    problem = check(write_agreement, VALID[:start] + VALID[end:])
    assert problem.line is None
    assert problem.message == "missing required table [procedure]"


def test_duplicate_party_code_is_reported_on_the_second(write_agreement):
    text = replace(VALID, 'code = "AF"', 'code = "PK"')
    problem = check(write_agreement, text)
    assert problem.line == line_of(text, 'code = "PK"', occurrence=2)
    assert "code 'PK' is used by another [[party]]" in problem.message


def test_party_code_that_is_also_a_mediator_code_is_reported(write_agreement):
    text = replace(VALID, 'code = "TR"', 'code = "PK"')
    problem = check(write_agreement, text)
    assert problem.line == line_of(text, 'code = "PK"', occurrence=2)
    assert problem.message.startswith("[[mediator]] #2 code: code 'PK' is already the code of a party")


def test_malformed_code_is_reported(write_agreement):
    text = replace(VALID, 'code = "AF"', 'code = "af"')
    problem = check(write_agreement, text)
    assert problem.line == line_of(text, 'code = "af"')
    assert "upper-case letters" in problem.message


def test_duplicate_commitment_id_is_reported(write_agreement):
    text = replace(VALID, 'id = "C2"', 'id = "C1"')
    problem = check(write_agreement, text)
    assert problem.line == line_of(text, 'id = "C1"', occurrence=2)
    assert "commitment id 'C1' is used twice" in problem.message


def test_mandate_ending_before_entry_into_force_is_reported(write_agreement):
    text = replace(VALID, "mandate_until = 2026-04-30", "mandate_until = 2025-01-01")
    problem = check(write_agreement, text)
    assert problem.line == line_of(text, "mandate_until")
    assert "2025-01-01 is before in_force (2025-10-19)" in problem.message


def test_unknown_timezone_is_reported_with_a_suggestion(write_agreement):
    text = replace(VALID, '"Asia/Karachi"', '"Asia/Karachy"')
    problem = check(write_agreement, text)
    assert problem.line == line_of(text, "timezone")
    assert "unknown time zone 'Asia/Karachy'; did you mean 'Asia/Karachi'?" in problem.message


def test_path_like_timezone_is_refused_not_crashed(write_agreement):
    text = replace(VALID, '"Asia/Karachi"', '"../../etc/passwd"')
    problem = check(write_agreement, text)
    assert "unknown time zone" in problem.message


def test_unknown_language_code_is_reported_per_element(write_agreement):
    text = replace(VALID, 'languages = ["en", "ur"]', 'languages = ["en", "xx", "urd"]')
    problems = check_agreement(write_agreement(text))
    assert [p.field for p in problems] == ["agreement.languages[1]", "agreement.languages[2]"]
    assert all(p.line == line_of(text, "languages") for p in problems)
    assert "(for Urdu write 'ur')" in problems[1].message


def test_unknown_sub_event_type_is_reported_on_its_array_line(write_agreement):
    text = replace(VALID, '  "Air/drone strike",\n', '  "Shelling",\n')
    problem = check(write_agreement, text)
    assert problem.line == line_of(text, '"Shelling"')
    assert problem.field == "commitment[0].covers[1]"
    assert problem.message.startswith(
        "[[commitment]] #1 covers #2: 'Shelling' is not an ACLED sub-event type or a category of this "
        "agreement; did you mean 'Shelling/artillery/missile attack'? expected one of 'Armed clash'"
    )
    assert "'Hostile propaganda'" in problem.message  # the agreement's own categories are offered too


def test_category_that_duplicates_an_acled_type_is_reported(write_agreement):
    text = replace(VALID, 'name = "Hostile propaganda"', 'name = "Armed clash"')
    problems = check_agreement(write_agreement(text))
    assert problems[0].line == line_of(text, 'name = "Armed clash"')
    assert "already an ACLED sub-event type" in problems[0].message


def test_unknown_type_in_severity_points_is_reported(write_agreement):
    text = replace(VALID, '{ "Air/drone strike" = 3 }', '{ "Air/drone strike" = 3, "Air strike" = 2 }')
    problem = check(write_agreement, text)
    assert problem.line == line_of(text, "severity_points")
    assert problem.field == "procedure.severity_points.Air strike"
    assert "did you mean 'Air/drone strike'?" in problem.message


def test_missing_zone_file_is_reported(write_agreement):
    problem = check(write_agreement, VALID, zone=None)
    assert problem.line == line_of(VALID, "geometry =")
    assert "zone file 'zones/border.geojson' not found" in problem.message


def test_absolute_zone_path_is_refused(write_agreement, tmp_path):
    text = replace(VALID, '"zones/border.geojson"', f'"{(tmp_path / "zones" / "border.geojson").as_posix()}"')
    problem = check(write_agreement, text)
    assert "write the path relative to the agreement file" in problem.message


def test_zone_file_that_is_not_json_is_reported_in_that_file(write_agreement, tmp_path):
    problem = check(write_agreement, VALID, zone='{"type": "Polygon",\n "coordinates": [[[70, 33],,]]}')
    assert problem.file == str(tmp_path / "zones" / "border.geojson")
    assert problem.line == 2
    assert "not valid JSON" in problem.message


def test_open_ring_in_zone_is_reported_on_the_geometry_line(write_agreement):
    ring = [[70.0, 33.0], [71.0, 33.0], [71.0, 34.0], [70.0, 34.0]]
    problem = check(write_agreement, VALID, zone={"type": "Polygon", "coordinates": [[*ring, [70.5, 33.5]]]})
    assert problem.line == line_of(VALID, "geometry =")
    assert "coordinates[0]): the ring is not closed" in problem.message


def test_latitude_first_coordinates_are_reported_as_off_the_globe(write_agreement):
    ring = [[34.0, 120.0], [34.0, 121.0], [35.0, 121.0], [34.0, 120.0]]
    problem = check(write_agreement, VALID, zone={"type": "Polygon", "coordinates": [ring]})
    assert "[34.0, 120.0] is off the globe (is it [latitude, longitude]?" in problem.message


def test_zone_of_the_wrong_geometry_type_is_reported(write_agreement):
    problem = check(write_agreement, VALID, zone={"type": "Point", "coordinates": [70.0, 33.0]})
    assert "expected a Polygon or MultiPolygon geometry, found type 'Point'" in problem.message


def test_malformed_penalty_condition_is_reported_with_its_column(write_agreement):
    text = replace(VALID, 'when = "points_30d >= 3"', 'when = "points_30d >= 3 and"')
    problem = check(write_agreement, text)
    assert problem.line == line_of(text, "points_30d >= 3 and")
    assert problem.field == "penalty[0].when"
    assert "at column 20 of the condition: expected a measure" in problem.message


def test_penalty_replacing_an_unknown_penalty_is_reported(write_agreement):
    text = replace(VALID, 'replaces = ["P1"]', 'replaces = ["P9"]')
    problem = check(write_agreement, text)
    assert problem.line == line_of(text, "replaces")
    assert "'P9' is not the id of another [[penalty]]" in problem.message


def test_duplicate_penalty_id_is_reported(write_agreement):
    text = replace(VALID, 'id = "P2"', 'id = "P1"').replace('replaces = ["P1"]\n', "")
    problem = check(write_agreement, text)
    assert problem.line == line_of(text, 'id = "P1"', occurrence=2)
    assert "penalty id 'P1' is used twice" in problem.message


def test_unknown_quorum_is_reported_with_a_suggestion(write_agreement):
    text = replace(VALID, '"each-mediator"', '"each-mediatr"')
    problem = check(write_agreement, text)
    assert problem.line == line_of(text, "ruling_quorum")
    assert "did you mean 'each-mediator'?" in problem.message


def test_mission_quorum_without_a_mission_is_reported(write_agreement):
    text = replace(VALID, '"each-mediator"', '"mission"')
    problem = check(write_agreement, text)
    assert problem.line == line_of(text, "ruling_quorum")
    assert "needs a [mission] table" in problem.message


def test_mission_officers_with_a_mediator_quorum_is_reported(write_agreement):
    text = replace(
        VALID, 'ruling_quorum = "each-mediator"', 'ruling_quorum = "each-mediator"\nmission_officers = 2'
    )
    problem = check(write_agreement, text)
    assert problem.line == line_of(text, "mission_officers")


def test_bad_publish_after_is_reported(write_agreement):
    text = replace(VALID, 'publish_after = "ruling"', 'publish_after = "never"')
    problem = check(write_agreement, text)
    assert problem.line == line_of(text, "publish_after")
    assert "'never' is not one of 'ruling', 'manual'" in problem.message


def test_agreement_without_mediator_or_mission_is_reported(write_agreement):
    text = VALID
    for code, name in (("QA", "Qatar"), ("TR", "Türkiye")):
        text = replace(text, f'[[mediator]]\ncode = "{code}"\nname = "{name}"\n', "")
    text = replace(text, 'ruling_quorum = "each-mediator"\n', "")
    problem = check(write_agreement, text)
    assert "add at least one [[mediator]] or a [mission] table" in problem.message


def test_agreement_with_one_party_is_reported(write_agreement):
    text = replace(VALID, '[[party]]\ncode = "AF"\nname = "Afghanistan"\n', "")
    problem = check(write_agreement, text)
    assert "at least two [[party]] tables" in problem.message


def test_toml_syntax_error_reports_tomllib_line_and_column(write_agreement):
    text = replace(VALID, 'measure = "Warning"', 'measure = "Warning')
    problem = check(write_agreement, text)
    assert problem.line == line_of(text, 'measure = "Warning')
    assert problem.message.startswith("TOML syntax error: ")
    assert "at column" in problem.message


def test_every_problem_is_collected_in_line_order(write_agreement):
    text = replace(VALID, '"Asia/Karachi"', '"Mars/Olympus"')
    text = replace(text, 'code = "AF"', 'code = "QA"')
    text = replace(text, 'when = "points_30d >= 3"', 'when = "pts_30d >= 3"')
    problems = check_agreement(write_agreement(text))
    assert [p.line for p in problems] == [
        line_of(text, "timezone"),
        line_of(text, 'code = "QA"', occurrence=2),
        line_of(text, "pts_30d"),
    ]


def test_loading_a_file_with_problems_raises_with_all_of_them(write_agreement):
    text = replace(VALID, '"Asia/Karachi"', '"Mars/Olympus"')
    text = replace(text, "reply_window_hours = 72", "reply_window_hours = -1")
    with pytest.raises(AgreementError) as raised:
        load_agreement(write_agreement(text))
    assert len(raised.value.problems) == 2
    assert "(and 1 more)" in str(raised.value)


def test_missing_file_directory_and_binary_garbage_are_problems_not_crashes(tmp_path):
    garbage = tmp_path / "garbage.toml"
    garbage.write_bytes(bytes(range(256)) * 4)
    assert only(check_agreement(tmp_path / "absent.toml")).message == "no such file"
    assert "is a directory" in only(check_agreement(tmp_path)).message
    assert "not UTF-8 text" in only(check_agreement(garbage)).message


def test_bad_mediator_entries_are_reported_once_each(write_agreement):
    text = replace(VALID, 'name = "Qatar"\n', "")
    text = replace(text, 'name = "Türkiye"\n', "")
    problems = check_agreement(write_agreement(text))
    assert [p.message for p in problems] == [
        "[[mediator]] #1: missing required key 'name' (a string)",
        "[[mediator]] #2: missing required key 'name' (a string)",
    ]
