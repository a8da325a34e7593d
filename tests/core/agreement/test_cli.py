"""`truce agreement check` and `truce agreement show`: output streams, exit codes, never a traceback."""

from __future__ import annotations

import importlib.util  # noqa: F401 - truce.cli.build_parser uses importlib.util.find_spec

import pytest

from truce.cli import main

from .conftest import AGREEMENTS, VALID, line_of, replace

PAK_AFG = str(AGREEMENTS / "pakistan-afghanistan-2025.toml")
SOUTH_SUDAN = str(AGREEMENTS / "south-sudan-2018.toml")


def test_check_of_valid_files_prints_ok_to_stdout_and_exits_0(capsys):
    assert main(["agreement", "check", PAK_AFG, SOUTH_SUDAN]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{PAK_AFG}: ok (agreement pak-afg-2025, 2 parties, 3 commitments)",
        f"{SOUTH_SUDAN}: ok (agreement south-sudan-2018, 5 parties, 7 commitments)",
    ]
    assert err == ""


def test_check_prints_every_problem_as_file_line_message_to_stderr(write_agreement, capsys):
    text = replace(VALID, '"Asia/Karachi"', '"Asia/Karachy"')
    text = replace(text, '  "Air/drone strike",\n', '  "Shelling",\n')
    path = write_agreement(text)
    assert main(["agreement", "check", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{path}:{line_of(text, 'timezone')}: [agreement] timezone: unknown time zone")
    assert lines[1].startswith(f"{path}:{line_of(text, 'Shelling')}: [[commitment]] #1 covers #2: 'Shelling'")


def test_check_of_mixed_files_reports_both_and_exits_1(write_agreement, capsys):
    bad = write_agreement(replace(VALID, "reply_window_hours = 72", "reply_window_hours = 0"))
    assert main(["agreement", "check", PAK_AFG, str(bad)]) == 1
    out, err = capsys.readouterr()
    assert out.startswith(f"{PAK_AFG}: ok")
    assert f"{bad}:{line_of(VALID, 'reply_window_hours')}: [procedure] reply_window_hours" in err
    assert err.splitlines()[-1] == "1 of 2 files have problems"


@pytest.mark.parametrize("kind", ["missing", "directory", "binary", "empty"])
def test_check_of_unusable_input_gives_a_message_not_a_traceback(tmp_path, capsys, kind):
    target = tmp_path / "x.toml"
    if kind == "directory":
        target = tmp_path
    elif kind == "binary":
        target.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe")
    elif kind == "empty":
        target.write_text("", encoding="utf-8")
    assert main(["agreement", "check", str(target)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    assert err.startswith(f"{target}")
    expected = {
        "missing": "no such file",
        "directory": "is a directory",
        "binary": "is not UTF-8 text",
        "empty": "missing required table [agreement]",
    }[kind]
    assert expected in err


def test_show_prints_a_summary(capsys):
    assert main(["agreement", "show", SOUTH_SUDAN]) == 0
    out = capsys.readouterr().out
    assert "South Sudan permanent ceasefire" in out
    assert "CTSAMVM" in out and "2 officers of the monitoring mission" in out
    assert "PC3: No recruitment or use of children by any force [3 points]" in out


def test_show_of_an_invalid_file_lists_problems_and_exits_1(write_agreement, capsys):
    path = write_agreement(replace(VALID, "reply_window_hours = 72", "reply_window_hours = 0"))
    assert main(["agreement", "show", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert f"{path}:{line_of(VALID, 'reply_window_hours')}:" in err
    assert "is not a valid agreement" in err


def test_agreement_without_subcommand_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as raised:
        main(["agreement"])
    assert raised.value.code == 2
    assert "SUBCOMMAND" in capsys.readouterr().err
