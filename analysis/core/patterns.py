"""Regular expressions from users, compiled under a size budget and run under a time budget.

Every pattern a user supplies (a search, a tracked term, an alias table's ``re:`` rule) goes
through :func:`compile_pattern`, so that one rule holds everywhere:

- **size**: a pattern is refused, before it is compiled, when its counted repeats expand it
  beyond :data:`MAX_PATTERN_EXPANSION` elements (the ``regex`` engine unrolls them at compile
  time: ``(?:x{65535}){65535}`` is 19 characters that ask for four billion, and exhaust memory);
- **time**: matching runs with the ``regex`` package's ``timeout=``, the caller passing the
  seconds left of its budget (:class:`Deadline`), so catastrophic backtracking (``(a+)+b``)
  stops with a message instead of holding the process.

Errors are :class:`PatternError`, whose message is one line fit to show the user.
"""

from __future__ import annotations

import time

import regex

#: Longest regular expression accepted from a user.
MAX_PATTERN_LENGTH = 500
#: Longest plain (literal) search text accepted from a user.
MAX_LITERAL_LENGTH = 10_000
#: Most elements a pattern may unroll to (its counted repeats multiplied out). Measured (regex
#: 2026.5): 100,000 compile in about 0.15 s and 20 MB; a million in 3.2 s and 270 MB.
MAX_PATTERN_EXPANSION = 100_000


class PatternError(ValueError):
    """A user's pattern that cannot be used; the message is one line fit to show the user."""


def pattern_expansion(pattern: str) -> int:
    """How many elements ``pattern`` holds once its counted repeats are unrolled (an estimate).

    Each literal, class or escape counts one; a group counts what it holds; ``{m,n}`` multiplies
    what precedes it by ``n`` (by ``m`` when open-ended). ``*``, ``+`` and ``?`` do not unroll.
    """
    stack: list[list[int]] = [[0, 0]]  # per open group: [total so far, size of the last atom]
    i, n = 0, len(pattern)
    while i < n:
        char = pattern[i]
        level = stack[-1]
        if char == "\\":
            level[0] += 1
            level[1] = 1
            i += 2
            continue
        if char == "[":
            i = _class_end(pattern, i)
            level[0] += 1
            level[1] = 1
            continue
        if char == "(":
            stack.append([0, 0])
            prefix = _GROUP_PREFIX.match(pattern, i + 1)
            i = prefix.end() if prefix else i + 1
            continue
        if char == ")" and len(stack) > 1:
            inner = stack.pop()[0]
            stack[-1][0] += inner
            stack[-1][1] = inner
            i += 1
            continue
        if char == "{":
            count, end = _repeat_count(pattern, i)
            if count is not None:
                level[0] += level[1] * (count - 1)
                level[1] *= count
                i = end
                continue
        if char in "|":
            level[1] = 0
        elif char not in "*+?^$":
            level[0] += 1
            level[1] = 1
        i += 1
    while len(stack) > 1:  # unbalanced: compiling will say so
        inner = stack.pop()[0]
        stack[-1][0] += inner
    return stack[0][0]


def _class_end(pattern: str, start: int) -> int:
    """The index just past the character class that opens at ``start``."""
    i = start + 1
    if i < len(pattern) and pattern[i] == "^":
        i += 1
    if i < len(pattern) and pattern[i] == "]":
        i += 1
    while i < len(pattern) and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i + 1


def _repeat_count(pattern: str, start: int) -> tuple[int | None, int]:
    """The unrolled count of a ``{m}``, ``{m,}``, ``{m,n}`` or ``{,n}`` at ``start``, and the
    index past it; ``(None, start)`` when the brace is a literal."""
    close = pattern.find("}", start)
    body = pattern[start + 1 : close].replace(" ", "") if close > 0 else ""
    if close < 0 or not _REPEAT.fullmatch(body):
        return None, start
    low, _, high = body.partition(",")
    count = int(high) if high else int(low or 0)
    return max(count, 1), close + 1


_GROUP_PREFIX = regex.compile(r"\?(?:P?<\w+>|P=\w+|<?[=!]|>|\||#[^)]*|[a-zA-Z-]*:?)")
_REPEAT = regex.compile(r"\d+|\d+,\d*|,\d+")


def compile_pattern(
    pattern: str,
    *,
    ignore_case: bool = True,
    max_length: int = MAX_PATTERN_LENGTH,
    max_expansion: int = MAX_PATTERN_EXPANSION,
) -> regex.Pattern[str]:
    """Compile a user's regular expression, or raise :class:`PatternError` saying why not.

    Refused: an empty pattern, one longer than ``max_length`` characters, one whose counted
    repeats unroll to more than ``max_expansion`` elements, and any the engine rejects (the
    message names the problem and its position, e.g. "missing ) at position 4").
    """
    if not pattern:
        raise PatternError("The regular expression is empty.")
    if len(pattern) > max_length:
        raise PatternError(
            f"The regular expression is too long ({len(pattern):,} characters; "
            f"at most {max_length:,})."
        )
    expansion = pattern_expansion(pattern)
    if expansion > max_expansion:
        raise PatternError(
            "The regular expression's counted repeats are too large: it would unroll to "
            f"{_amount(expansion)} elements (at most {max_expansion:,})."
        )
    flags = regex.VERSION0 | (regex.IGNORECASE if ignore_case else 0)
    try:
        return regex.compile(pattern, flags)
    except regex.error as error:
        raise PatternError(f"Invalid regular expression: {_one_line(error)}.") from error
    except (OverflowError, RecursionError, MemoryError, ValueError) as error:
        raise PatternError(
            f"The regular expression cannot be compiled ({type(error).__name__}); simplify it."
        ) from error


def compile_literal(text: str, *, max_length: int = MAX_LITERAL_LENGTH) -> regex.Pattern[str]:
    """A case-insensitive pattern that finds ``text`` literally (a plain search), or raise
    :class:`PatternError` in words that fit a plain search."""
    if not text:
        raise PatternError("The search text is empty.")
    if len(text) > max_length:
        raise PatternError(
            f"The search text is too long ({len(text):,} characters; at most {max_length:,})."
        )
    return regex.compile(regex.escape(text), regex.VERSION0 | regex.IGNORECASE)


def _amount(value: int) -> str:
    return f"{value:,}" if value < 10**12 else f"about 10^{len(str(value)) - 1}"


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())


class Deadline:
    """A time budget shared by many matches: pass :meth:`left` as each call's ``timeout=``."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds

    def left(self) -> float:
        """Seconds left of the budget; raises ``TimeoutError`` once it is spent."""
        remaining = self._end - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        return remaining


def timeout_message(seconds: float, where: str = "over the corpus") -> str:
    """The one-line message for a pattern stopped by its time budget."""
    return (
        f"The regular expression took longer than {seconds:g} s {where} and was stopped; "
        "simplify it (nested repeats such as (a+)+ are the usual cause)."
    )
