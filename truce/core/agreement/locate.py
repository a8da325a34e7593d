"""Line numbers for TOML key paths, because ``tomllib`` gives values but not where they were written.

``locate(source)`` scans the text once and maps every key path it sees to the 1-based line where it
starts: table headers (``("procedure",)``), array-of-tables entries (``("party", 1)``), keys
(``("party", 1, "code")``), elements of arrays (``("commitment", 0, "covers", 2)``) and keys of inline
tables. The scanner understands just enough TOML to find those places (strings of all four kinds,
comments, arrays and inline tables spanning lines); the file's validity is tomllib's business, so on text
it cannot follow it keeps what it found so far. ``Locator.line`` falls back to the nearest enclosing
path, so a missing key is reported on its table's header.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field

__all__ = ["Locator", "Path", "locate"]

Path = tuple[str | int, ...]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_SCALAR_END = re.compile(r"[,\]}\n#]")


class _Stop(Exception):
    """The scanner met text it does not follow; tomllib reports the actual syntax error."""


@dataclass
class Locator:
    lines: dict[Path, int] = field(default_factory=dict)

    def line(self, path: Path) -> int | None:
        """Line of ``path`` or of its nearest enclosing path that was written in the file."""
        for end in range(len(path), 0, -1):
            found = self.lines.get(path[:end])
            if found is not None:
                return found
        return None


class _Scanner:
    def __init__(self, source: str) -> None:
        self.text = source
        self.pos = 0
        self.line = 1
        self.found: dict[Path, int] = {}
        self.tables: dict[Path, int] = {}  # array-of-tables path -> index of its latest entry

    # -- low level ------------------------------------------------------------------------------------
    def peek(self, length: int = 1) -> str:
        return self.text[self.pos : self.pos + length]

    def take(self, count: int = 1) -> str:
        chunk = self.text[self.pos : self.pos + count]
        self.line += chunk.count("\n")
        self.pos += count
        return chunk

    def skip_blank(self, newlines: bool) -> None:
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char in " \t\r" or (newlines and char == "\n"):
                self.take()
            elif char == "#" and newlines:
                self.skip_comment()
            else:
                return

    def skip_comment(self) -> None:
        end = self.text.find("\n", self.pos)
        self.take((len(self.text) if end < 0 else end) - self.pos)

    def note(self, path: Path, line: int) -> None:
        self.found.setdefault(path, line)

    # -- documents ------------------------------------------------------------------------------------
    def document(self) -> None:
        prefix: Path = ()
        while True:
            self.skip_blank(newlines=True)
            if self.pos >= len(self.text):
                return
            line = self.line
            if self.peek(2) == "[[":
                self.take(2)
                keys = self.dotted_key("]]")
                base = self.resolve(keys, for_array=True)
                index = self.tables.get(base, -1) + 1
                self.tables[base] = index
                prefix = (*base, index)
                self.note(base, line)
                self.note(prefix, line)
            elif self.peek() == "[":
                self.take()
                prefix = self.resolve(self.dotted_key("]"), for_array=False)
                self.note(prefix, line)
            else:
                keys = self.dotted_key("=")
                self.note((*prefix, *keys), line)
                self.value((*prefix, *keys))
            self.skip_blank(newlines=False)
            if self.peek() == "#":
                self.skip_comment()
            if self.pos < len(self.text) and self.peek() != "\n":
                raise _Stop

    def resolve(self, keys: Path, *, for_array: bool) -> Path:
        # `[[a.b]]` inside the latest `[[a]]` entry: every prefix that names an array of tables
        # stands for its latest entry, as TOML defines.
        path: Path = ()
        for position, key in enumerate(keys):
            path = (*path, key)
            last = position == len(keys) - 1
            if path in self.tables and not (last and for_array):
                path = (*path, self.tables[path])
        return path

    def dotted_key(self, terminator: str) -> tuple[str, ...]:
        keys: list[str] = []
        while True:
            self.skip_blank(newlines=False)
            keys.append(self.key_part())
            self.skip_blank(newlines=False)
            if self.peek() == ".":
                self.take()
                continue
            if self.peek(len(terminator)) != terminator:
                raise _Stop
            self.take(len(terminator))
            return tuple(keys)

    def key_part(self) -> str:
        char = self.peek()
        if char in "\"'":
            return self.string()
        match = _BARE_KEY.match(self.text, self.pos)
        if match is None:
            raise _Stop
        return self.take(match.end() - self.pos)

    # -- values ---------------------------------------------------------------------------------------
    def value(self, path: Path) -> None:
        self.skip_blank(newlines=False)
        char = self.peek()
        if char in "\"'":
            self.string()
        elif char == "[":
            self.array(path)
        elif char == "{":
            self.inline_table(path)
        else:
            match = _SCALAR_END.search(self.text, self.pos)
            end = len(self.text) if match is None else match.start()
            if end == self.pos:
                raise _Stop
            self.take(end - self.pos)

    def array(self, path: Path) -> None:
        self.take()  # [
        index = 0
        while True:
            self.skip_blank(newlines=True)
            if self.peek() == "]":
                self.take()
                return
            self.note((*path, index), self.line)
            self.value((*path, index))
            index += 1
            self.skip_blank(newlines=True)
            if self.peek() == ",":
                self.take()
            elif self.peek() != "]":
                raise _Stop

    def inline_table(self, path: Path) -> None:
        self.take()  # {
        while True:
            self.skip_blank(newlines=False)
            if self.peek() == "}":
                self.take()
                return
            line = self.line
            keys = self.dotted_key("=")
            self.note((*path, *keys), line)
            self.value((*path, *keys))
            self.skip_blank(newlines=False)
            if self.peek() == ",":
                self.take()
            elif self.peek() != "}":
                raise _Stop

    def string(self) -> str:
        quote = self.peek()
        if self.peek(3) == quote * 3:
            self.take(3)
            end = self.text.find(quote * 3, self.pos)
            while end >= 0 and quote == '"' and _escaped(self.text, end):
                end = self.text.find(quote * 3, end + 1)
            if end < 0:
                raise _Stop
            # up to two extra quotes may close a multi-line string ("""a""""" is `a""`)
            for _ in range(2):
                if self.text[end + 3 : end + 4] == quote:
                    end += 1
            chunk = self.take(end - self.pos)
            self.take(3)
            return chunk
        self.take()
        start = self.pos
        while True:
            char = self.peek()
            if char in ("", "\n"):
                raise _Stop
            if char == "\\" and quote == '"':
                self.take(2)
                continue
            self.take()
            if char == quote:
                return self.text[start : self.pos - 1]


def _escaped(text: str, index: int) -> bool:
    backslashes = 0
    while index - backslashes - 1 >= 0 and text[index - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def locate(source: str) -> Locator:
    scanner = _Scanner(source)
    with contextlib.suppress(_Stop, IndexError):
        scanner.document()
    return Locator(scanner.found)
