"""Reading and checking agreement files (TOML): ``load_agreement`` and ``check_agreement``.

The checker reports every problem it can find in one pass, each with the file, the line and what was
expected; the section readers live in ``sections.py`` and ``docs/agreement-format.md`` is the reference
for the fields they check.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path as FilePath

from truce.core.agreement.fields import Fields
from truce.core.agreement.locate import locate
from truce.core.agreement.model import Agreement
from truce.core.agreement.problems import AgreementError, Problem
from truce.core.agreement.sections import Builder

__all__ = [
    "AgreementError",
    "Problem",
    "check_agreement",
    "load_agreement",
    "parse_agreement",
    "read_agreement",
]

MAX_FILE_BYTES = 1_000_000
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def load_agreement(path: str | FilePath) -> Agreement:
    """Load and validate an agreement file. Raises AgreementError listing every problem."""
    agreement, problems = read_agreement(path)
    if problems or agreement is None:
        raise AgreementError(problems)
    return agreement


def check_agreement(path: str | FilePath) -> list[Problem]:
    """Every problem in an agreement file (empty when it is valid). Never raises for bad input."""
    return read_agreement(path)[1]


def parse_agreement(source: str, *, file: str, base: FilePath) -> tuple[Agreement | None, list[Problem]]:
    """Check TOML ``source`` named ``file`` (zone paths relative to ``base``): the agreement, or None
    and its problems."""
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        position = _TOML_POSITION.search(message)
        line = int(position[1]) if position else None
        if position:
            message = f"{message[: position.start()]} at column {position[2]}"
        return None, [Problem(file, line, "", f"TOML syntax error: {message}; fix it and check again")]
    return Builder(data, Fields(file, locate(source)), base).build()


def read_agreement(path: str | FilePath) -> tuple[Agreement | None, list[Problem]]:
    """The agreement (None when it has problems) and its problems; never raises for bad input."""
    file, path = str(path), FilePath(path)
    try:
        if path.is_dir():
            return None, [Problem(file, None, "", "is a directory; give the agreement's .toml file")]
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(file, None, "", "no such file")]
    except OSError as exc:
        return None, [Problem(file, None, "", f"cannot be read: {exc.strerror or exc}")]
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            Problem(file, None, "", f"is {len(raw)} bytes; an agreement file is at most {MAX_FILE_BYTES}")
        ]
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Problem(file, line, "", f"is not UTF-8 text (byte 0x{raw[exc.start]:02x}); is it a TOML file?")
        ]
    if "\x00" in source:
        return None, [Problem(file, None, "", "contains NUL bytes; is it a TOML file?")]
    return parse_agreement(source, file=file, base=path.parent)
