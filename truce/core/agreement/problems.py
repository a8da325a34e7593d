"""What is wrong with an agreement file: ``Problem`` (file, line, field, message) and ``AgreementError``."""

from __future__ import annotations

from dataclasses import dataclass

from truce.core.agreement.locate import Path

__all__ = ["AgreementError", "Problem", "field_name", "human_field"]


def field_name(path: Path) -> str:
    """Machine form, 0-based as in TOML data: ``commitment[1].covers[0]``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def human_field(path: Path) -> str:
    """Reader's form, 1-based like the file: ``[[commitment]] #2 covers #1``."""
    if not path:
        return ""
    if len(path) > 1 and isinstance(path[1], int):
        head, rest = f"[[{path[0]}]] #{path[1] + 1}", path[2:]
    else:
        head, rest = f"[{path[0]}]", path[1:]
    text = ""
    for part in rest:
        text += f" #{part + 1}" if isinstance(part, int) else (f".{part}" if text else f" {part}")
    return head + text


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    field: str  # field_name() of the path, "" for the file as a whole
    message: str  # starts with the human field when there is one

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


class AgreementError(ValueError):
    """Raised by ``load_agreement`` for a file with problems; ``problems`` lists every one of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = str(problems[0]) if problems else "unknown problem"
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(first + more)
