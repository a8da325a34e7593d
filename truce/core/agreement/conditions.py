"""The penalty condition language: ``points_30d >= 8 and not (violations_7d < 2)``.

A condition is parsed once, when the agreement loads, by a hand-written tokenizer and recursive-descent
parser (never ``eval``), so a malformed schedule is caught by ``truce agreement check`` with the column of
the mistake. The penalty engine asks a condition which variables it reads (to know which rolling windows to
compute), evaluates it against a ``facts`` callback, and quotes the comparisons that decided the outcome
as the penalty's reasons ("9 points in 30 days ≥ 8").

Grammar (``docs/agreement-format.md`` carries the same EBNF)::

    condition  = disjunct , { "or" , disjunct } ;
    disjunct   = conjunct , { "and" , conjunct } ;
    conjunct   = "not" , conjunct | "(" , condition , ")" | comparison ;
    comparison = operand , operator , operand ;          (* at least one operand is a variable *)
    operator   = ">=" | ">" | "<=" | "<" | "==" | "!=" | "≥" | "≤" | "≠" ;
    operand    = variable | integer ;
    variable   = measure , "_" , ( days , "d" | "total" ) ;
    measure    = "points" | "violations" | "access_denials" | "penalties" | "confirmed_penalties" ;
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import get_close_matches

__all__ = [
    "MAX_INTEGER",
    "MAX_NESTING",
    "MAX_WINDOW_DAYS",
    "MEASURES",
    "Comparison",
    "Condition",
    "ConditionError",
    "Facts",
    "Outcome",
    "Variable",
    "parse",
]

# What a party's ledger can count. The engine (truce.core.penalties) computes each for a rolling window.
MEASURES: dict[str, tuple[str, str]] = {
    # measure: (singular, plural) as used in reasons
    "points": ("point", "points"),
    "violations": ("violation", "violations"),
    "access_denials": ("access denial", "access denials"),
    "penalties": ("penalty", "penalties"),
    "confirmed_penalties": ("confirmed penalty", "confirmed penalties"),
}
MAX_INTEGER = 10**12 - 1  # no schedule needs more; bounds keep facts and reasons readable
MAX_WINDOW_DAYS = 36_600  # a century: longer windows are a typo for `_total`
MAX_NESTING = 32

Facts = Callable[[str, "int | None"], int]
"""``facts(measure, window_days)`` -> the party's count; ``window_days`` None means all time."""


class ConditionError(ValueError):
    """A malformed condition. ``column`` is 1-based, pointing at the offending character."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(f"column {column}: {message}")
        self.message = message
        self.column = column


@dataclass(frozen=True, order=True)
class Variable:
    measure: str
    window_days: int | None  # None: over the whole mandate (`_total`)

    @property
    def name(self) -> str:
        return f"{self.measure}_{'total' if self.window_days is None else f'{self.window_days}d'}"

    def describe(self, value: int, *, window: bool = True) -> str:
        """``"9 points in 30 days"``; with ``window=False`` just ``"9 points"`` (the penalty engine names
        the window itself, beside the rulings it counted)."""
        singular, plural = MEASURES[self.measure]
        noun = singular if value == 1 else plural
        if not window:
            return f"{value} {noun}"
        if self.window_days is None:
            return f"{value} {noun} in total"
        days = "1 day" if self.window_days == 1 else f"{self.window_days} days"
        return f"{value} {noun} in {days}"


_OPS: dict[str, tuple[Callable[[int, int], bool], str]] = {
    ">=": (operator.ge, "≥"),
    ">": (operator.gt, ">"),
    "<=": (operator.le, "≤"),
    "<": (operator.lt, "<"),
    "==": (operator.eq, "="),
    "!=": (operator.ne, "≠"),
}
_UNICODE_OPS = {"≥": ">=", "≤": "<=", "≠": "!="}
_NEGATED = {">=": "<", ">": "<=", "<=": ">", "<": ">=", "==": "!=", "!=": "=="}
_FLIPPED = {">=": "<=", ">": "<", "<=": ">=", "<": ">", "==": "==", "!=": "!="}


@dataclass(frozen=True)
class Outcome:
    held: bool
    reasons: tuple[str, ...]  # the comparisons that decided `held`, each stated as it actually stands
    # The deciding comparisons themselves, parallel to `reasons`: the penalty engine lists the rulings
    # behind each one (truce.core.penalties.reasons). Left out of equality so Outcome(held, reasons)
    # still compares as before.
    comparisons: tuple[Comparison, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class Comparison:
    left: Variable | int
    op: str  # one of the ASCII operators in _OPS
    right: Variable | int

    def outcome(self, facts: Facts) -> Outcome:
        held, statement = self.state(facts)
        return Outcome(held, (statement,), (self,))

    def stands(self, facts: Facts) -> tuple[bool, Variable | int, int, str, Variable | int, int]:
        """Whether the comparison holds, and how its reason states it: the left operand and its value,
        the operator's sign, the right operand and its value. ``state`` writes these in English; the
        pages write them in the reader's language (truce.penalties.words)."""
        left = self._value(self.left, facts)
        right = self._value(self.right, facts)
        held = _OPS[self.op][0](left, right)
        # Reasons state the fact as it is: a comparison that failed is quoted negated, so that
        # `not (points_30d >= 3)` explains itself as "2 points in 30 days < 3".
        op = self.op if held else _NEGATED[self.op]
        left_side, right_side = self.left, self.right
        if isinstance(left_side, int):  # put the variable first: "9 points in 30 days ≥ 8"
            left_side, right_side, left, right, op = right_side, left_side, right, left, _FLIPPED[op]
        return held, left_side, left, _OPS[op][1], right_side, right

    def state(self, facts: Facts, *, windows: bool = True) -> tuple[bool, str]:
        """Whether the comparison holds, and the comparison as it stands: ``"9 points in 30 days ≥ 8"``,
        or with ``windows=False`` ``"9 points ≥ 8"``."""
        held, left_side, left, sign, right_side, right = self.stands(facts)
        left_text = self._text(left_side, left, windows)
        return held, f"{left_text} {sign} {self._text(right_side, right, windows)}"

    @staticmethod
    def _value(operand: Variable | int, facts: Facts) -> int:
        if isinstance(operand, int):
            return operand
        value = facts(operand.measure, operand.window_days)
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(
                f"facts({operand.measure!r}, {operand.window_days!r}) returned {value!r}, not an int"
            )
        return value

    @staticmethod
    def _text(operand: Variable | int, value: int, window: bool = True) -> str:
        return str(value) if isinstance(operand, int) else operand.describe(value, window=window)


@dataclass(frozen=True)
class Not:
    operand: Node

    def outcome(self, facts: Facts) -> Outcome:
        inner = self.operand.outcome(facts)
        return Outcome(not inner.held, inner.reasons, inner.comparisons)


@dataclass(frozen=True)
class Junction:
    kind: str  # "and" | "or"
    operands: tuple[Node, ...]

    def outcome(self, facts: Facts) -> Outcome:
        # `and` is decided by its first false operand (or all, if true); `or` by its first true one.
        deciding = self.kind == "or"
        outcomes = []
        for operand in self.operands:
            result = operand.outcome(facts)
            if result.held == deciding:
                return Outcome(deciding, result.reasons, result.comparisons)
            outcomes.append(result)
        return Outcome(
            not deciding,
            tuple(r for o in outcomes for r in o.reasons),
            tuple(c for o in outcomes for c in o.comparisons),
        )


Node = Comparison | Not | Junction


@dataclass(frozen=True)
class Condition:
    text: str
    root: Node

    def evaluate(self, facts: Facts) -> bool:
        return self.root.outcome(facts).held

    def explain(self, facts: Facts) -> Outcome:
        """Whether the condition holds, and the comparisons that decided it (for penalty reasons)."""
        return self.root.outcome(facts)

    def variables(self) -> frozenset[Variable]:
        found: set[Variable] = set()
        stack: list[Node] = [self.root]
        while stack:
            node = stack.pop()
            if isinstance(node, Comparison):
                found.update(v for v in (node.left, node.right) if isinstance(v, Variable))
            elif isinstance(node, Not):
                stack.append(node.operand)
            else:
                stack.extend(node.operands)
        return frozenset(found)

    def __str__(self) -> str:
        return self.text


# --- tokenizer ---------------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"(?P<space>\s+)|(?P<int>[0-9]+)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<op>>=|<=|==|!=|>|<|≥|≤|≠)"
    r"|(?P<paren>[()])"
)
_VARIABLE = re.compile(r"(?P<measure>[a-z_]+?)_(?:(?P<days>[0-9]+)d|(?P<total>total))")
_KEYWORDS = ("and", "or", "not")
_MISSPELT_OPS = {
    "=": "==",
    "=>": ">=",
    "=<": "<=",
    "<>": "!=",
    "&&": "and",
    "||": "or",
    "!": "not",
    "&": "and",
}


@dataclass(frozen=True)
class _Token:
    kind: str  # int | name | op | paren | end
    text: str
    column: int  # 1-based


def _tokenize(text: str) -> list[_Token]:
    tokens = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            for wrong, right in sorted(_MISSPELT_OPS.items(), key=lambda kv: -len(kv[0])):
                if text.startswith(wrong, pos):
                    raise ConditionError(f"'{wrong}' is not an operator here; write '{right}'", pos + 1)
            raise ConditionError(
                f"unexpected character {text[pos]!r}; a condition uses measures like points_30d, whole "
                "numbers, comparisons (>= > <= < == !=), and, or, not and parentheses",
                pos + 1,
            )
        kind = match.lastgroup or ""
        if kind != "space":
            token_text = match.group()
            if kind == "op" and token_text in _UNICODE_OPS:
                token_text = _UNICODE_OPS[token_text]
            tokens.append(_Token(kind, token_text, pos + 1))
        pos = match.end()
    tokens.append(_Token("end", "", len(text) + 1))
    return tokens


# --- parser ------------------------------------------------------------------------------------------


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokenize(text)
        self.index = 0
        self.depth = 0

    @property
    def token(self) -> _Token:
        return self.tokens[self.index]

    def advance(self) -> _Token:
        token = self.token
        self.index += 1
        return token

    def at_keyword(self, word: str) -> bool:
        return self.token.kind == "name" and self.token.text == word

    def condition(self) -> Node:
        return self._junction("or", self.disjunct)

    def disjunct(self) -> Node:
        return self._junction("and", self.conjunct)

    def _junction(self, word: str, operand: Callable[[], Node]) -> Node:
        operands = [operand()]
        while self.at_keyword(word):
            self.advance()
            operands.append(operand())
        return operands[0] if len(operands) == 1 else Junction(word, tuple(operands))

    def conjunct(self) -> Node:
        # Bounded so that hostile input ("((((...") is a ConditionError, never a RecursionError.
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise ConditionError(f"nested more than {MAX_NESTING} levels deep", self.token.column)
        try:
            return self._conjunct()
        finally:
            self.depth -= 1

    def _conjunct(self) -> Node:
        if self.at_keyword("not"):
            self.advance()
            return Not(self.conjunct())
        if self.token.text == "(":
            opening = self.advance()
            inner = self.condition()
            if self.token.text != ")":
                raise ConditionError(
                    f"expected ')' to close the '(' at column {opening.column}, found {self._found()}",
                    self.token.column,
                )
            self.advance()
            return inner
        return self.comparison()

    def comparison(self) -> Comparison:
        start = self.token
        left = self.operand()
        if self.token.kind != "op":
            raise ConditionError(
                f"expected a comparison (>=, >, <=, <, ==, !=) after '{start.text}', found {self._found()}",
                self.token.column,
            )
        op = self.advance().text
        right = self.operand()
        if isinstance(left, int) and isinstance(right, int):
            raise ConditionError(
                f"'{start.text} {op} {right}' compares two numbers; one side must be a measure "
                "such as points_30d",
                start.column,
            )
        if self.token.kind == "op":
            raise ConditionError(
                "comparisons cannot be chained; join them with 'and'",
                self.token.column,
            )
        return Comparison(left, op, right)

    def operand(self) -> Variable | int:
        token = self.token
        if token.kind == "int":
            self.advance()
            return _integer(token)
        if token.kind == "name" and token.text not in _KEYWORDS:
            self.advance()
            return _variable(token)
        raise ConditionError(
            f"expected a measure such as points_30d or a number, found {self._found()}", token.column
        )

    def _found(self) -> str:
        return "the end of the condition" if self.token.kind == "end" else f"'{self.token.text}'"


def _integer(token: _Token) -> int:
    if len(token.text) > 1 and token.text.startswith("0"):
        raise ConditionError(f"'{token.text}': write numbers without leading zeros", token.column)
    if len(token.text) > len(str(MAX_INTEGER)) or int(token.text) > MAX_INTEGER:
        raise ConditionError(f"'{token.text}' is too large (at most {MAX_INTEGER})", token.column)
    return int(token.text)


def _variable(token: _Token) -> Variable:
    match = _VARIABLE.fullmatch(token.text)
    measure = match.group("measure") if match else None
    if match is None or measure not in MEASURES:
        names = [f"{m}_30d" for m in MEASURES] + [f"{m}_total" for m in MEASURES]
        guess = measure if measure else token.text
        hint = get_close_matches(guess, list(MEASURES), n=1) or get_close_matches(
            token.text.lower(), names, n=1
        )
        if token.text.lower() in _KEYWORDS:
            hint = [token.text.lower()]
        suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
        raise ConditionError(
            f"unknown measure '{token.text}'{suggestion}; write <measure>_<days>d or <measure>_total with "
            f"measure one of {', '.join(MEASURES)}",
            token.column,
        )
    if match.group("total"):
        return Variable(measure, None)
    days_text = match.group("days")
    days_column = token.column + len(measure) + 1
    if days_text.startswith("0"):
        raise ConditionError(
            f"'{token.text}': the window must be a whole number of days from 1 without leading zeros",
            days_column,
        )
    if len(days_text) > len(str(MAX_WINDOW_DAYS)) or int(days_text) > MAX_WINDOW_DAYS:
        raise ConditionError(
            f"'{token.text}': a window of at most {MAX_WINDOW_DAYS} days; for all time use {measure}_total",
            days_column,
        )
    return Variable(measure, int(days_text))


def parse(text: str) -> Condition:
    """Parse a condition. Raises ConditionError (with a 1-based column) on any malformed input."""
    if not isinstance(text, str):
        raise ConditionError(f"a condition is text, not {type(text).__name__}", 1)
    if not text.strip():
        raise ConditionError("the condition is empty; write for example 'points_30d >= 3'", 1)
    parser = _Parser(text)
    root = parser.condition()
    if parser.token.kind != "end":
        token = parser.token
        if token.text == ")":
            raise ConditionError("')' without a matching '('", token.column)
        if token.text.lower() in _KEYWORDS:
            raise ConditionError(f"write '{token.text.lower()}' in lower case", token.column)
        raise ConditionError(
            f"unexpected '{token.text}' after a complete condition; join conditions with 'and' or 'or'",
            token.column,
        )
    return Condition(text, root)
