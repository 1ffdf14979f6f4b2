"""Figures with their units: money, percentages, counts of things, and dates.

Two reports of the same event are checked against each other figure by figure: "40 billion euros"
against "EUR 40bn", "more than 40,000 troops" against "40 000 soldiers". Each figure is read into a
value and a unit so that the two lists can be sorted and matched:

- ``money``: ``unit`` is an ISO currency code (``EUR``, ``USD``, ``UAH``, ``RUB``, ``GBP``...),
  ``value`` the full amount ("20.9 billion euros" -> 2.09e10 EUR);
- ``percent``: ``unit`` ``percent`` ("5%", "5 per cent", "five percent");
- ``count``: ``unit`` the counted noun phrase ("more than 50 countries" -> 50 ``countries``,
  "one billion people" -> 1e9 ``people``);
- ``number``: a figure with no unit ("23,785");
- ``date``: ``value`` is ``None`` and ``normalised`` the ISO form ("18 Oct. 2024" -> 2024-10-18,
  "October 17" -> --10-17, a range "17-18 October 2024" -> 2024-10-17/2024-10-18, "2024").

``qualifier`` keeps the hedge ("more than", "almost", "up to"; "hundreds of" for a vague figure,
whose ``value`` is then the lower bound). Every figure has ``text == document[start:end]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass

import pandas as pd

QUANTITY_COLUMNS = [
    "doc_id",
    "start",
    "end",
    "text",
    "value",
    "unit",
    "scale",
    "kind",
    "qualifier",
    "normalised",
]


@dataclass(frozen=True)
class Quantity:
    """One figure: ``value`` is ``number * scale`` ("40 billion" -> 4e10, ``scale`` 1e9)."""

    start: int
    end: int
    text: str
    value: float | None
    unit: str
    scale: float
    kind: str
    qualifier: str
    normalised: str


_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b\.?"
# First letters, looked ahead for before trying a long alternation at every position (speed).
_MONTH_INITIALS = "jfmasond"
_DATE_PATTERNS = [
    re.compile(r"(?<![\w-])(?P<y>\d{4})-(?P<mn>\d{2})-(?P<d1>\d{2})(?![\w-])"),
    re.compile(
        rf"(?<![\w.,-])(?P<d1>\d{{1,2}})(?:\s*[-–]\s*(?P<d2>\d{{1,2}}))?\s+(?P<m>{_MONTH})"
        r"(?:,?\s+(?P<y>\d{4})(?!\d))?",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b(?=[{_MONTH_INITIALS}])(?P<m>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:\s*[-–]\s*(?P<d2>\d{{1,2}}))?(?![\d:])"
        r"(?:(?:st|nd|rd|th)\b)?(?:,?\s+(?P<y>\d{4})(?!\d))?",
        re.IGNORECASE,
    ),
    re.compile(rf"\b(?=[{_MONTH_INITIALS}])(?P<m>{_MONTH})\s+(?P<y>\d{{4}})(?!\d)", re.IGNORECASE),
]

_SMALL = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "a hundred": 100, "one hundred": 100, "a dozen": 12, "half a": 0.5,
    "one and a half": 1.5, "two and a half": 2.5,
}  # fmt: skip
_SCALES = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "mln": 1e6, "mn": 1e6, "bn": 1e9, "billions": 1e9, "millions": 1e6, "k": 1e3, "m": 1e6,
}  # fmt: skip
_VAGUE = {
    "dozens": 12.0, "hundreds": 1e2, "thousands": 1e3, "tens of thousands": 1e4,
    "hundreds of thousands": 1e5, "millions": 1e6, "tens of millions": 1e7,
    "hundreds of millions": 1e8, "billions": 1e9,
}  # fmt: skip
_CURRENCY_WORDS = {
    "euro": "EUR", "euros": "EUR", "dollar": "USD", "dollars": "USD", "hryvnia": "UAH",
    "hryvnias": "UAH", "hryvnas": "UAH", "hryvnya": "UAH", "ruble": "RUB", "rubles": "RUB",
    "rouble": "RUB", "roubles": "RUB", "pound": "GBP", "pounds": "GBP", "yuan": "CNY",
    "yen": "JPY", "francs": "CHF", "zlotys": "PLN", "zloty": "PLN",
}  # fmt: skip
_CURRENCY_CODES = {
    "€": "EUR", "$": "USD", "us$": "USD", "£": "GBP", "₽": "RUB", "₴": "UAH", "¥": "JPY",
    "eur": "EUR", "usd": "USD", "uah": "UAH", "rub": "RUB", "gbp": "GBP", "chf": "CHF",
    "pln": "PLN", "cny": "CNY", "jpy": "JPY",
}  # fmt: skip
_PERCENT = r"%|per\s*cent\b|percent\b|percentage points?\b"
_QUALIFIERS = (
    "more than|less than|fewer than|over|almost|nearly|about|around|approximately|roughly|"
    "up to|at least|at most|some|just over|just under|under|above|below|as many as|as much as"
)
#: Words that end a counted noun phrase ("40,000 troops *are* ...") or show there is none.
_NOT_UNIT = frozenset(
    """a an the and or but of in on at to for from by with as is are was were be been has have
    had will would can could may might should that which who this these those it its their his
    her our per than then there here so not no yes percent cent times each every all more most
    less about some over under since until after before during between against into onto up down
    out off year's""".split()
) | frozenset(_MONTHS)
_IRREGULAR_PLURALS = frozenset(
    "people children men women personnel aircraft police staff troops sheep fish cattle".split()
)

_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORD_NUMBER = "|".join(sorted((re.escape(w) for w in _SMALL), key=len, reverse=True))
_SCALE = "|".join(sorted(_SCALES, key=len, reverse=True))
_CURRENCY_SYMBOL = r"US\$|[€$£₽₴¥]|\b(?:EUR|USD|UAH|RUB|GBP|CHF|PLN|CNY|JPY)\b"
_CURRENCY_WORD = "|".join(sorted(_CURRENCY_WORDS, key=len, reverse=True))
_VAGUE_WORDS = "|".join(sorted(_VAGUE, key=len, reverse=True)).replace(" ", r"\s+")

_PREFIX_MONEY = re.compile(
    rf"(?=[€$£₽₴¥ucegrpj])(?P<cur>{_CURRENCY_SYMBOL})\s?(?P<num>{_DIGITS})(?![\d,.]?\d)"
    rf"(?:\s*(?P<scale>{_SCALE})\b)?",
    re.IGNORECASE,
)
_FIGURE = re.compile(
    rf"(?=[\dotfsenha])(?<![\w.,:/-])(?:(?P<num>{_DIGITS})|(?P<word>{_WORD_NUMBER}))(?![\w:]|[.,]\d)"
    rf"(?:[\s-]*(?P<scale>{_SCALE})\b)?"
    rf"(?:\s*(?P<pct>{_PERCENT})|\s+(?:of\s+)?(?P<curword>{_CURRENCY_WORD})\b"
    rf"|\s?(?P<curcode>{_CURRENCY_SYMBOL}))?",
    re.IGNORECASE,
)
_VAGUE_FIGURE = re.compile(
    rf"\b(?=[dhtmb])(?P<vague>{_VAGUE_WORDS})\s+of\s+(?:(?P<curword>{_CURRENCY_WORD})\b)?",
    re.IGNORECASE,
)
_QUALIFIER_BEFORE = re.compile(rf"\b(?P<q>{_QUALIFIERS})\s+$", re.IGNORECASE)
_UNIT_WORD = re.compile(r"\s+(?:of\s+)?([a-z][a-z-]*[a-z]|[a-z])(?![\w'’-])")


def _lookup(table: dict, word: str):
    """``table[word]`` ignoring case and spacing, or ``None``.

    Case-insensitive patterns also match look-alikes such as "ſ" (long s) and "K" (Kelvin), so
    a matched word is case-folded before the look-up, and a miss is not an error.
    """
    return table.get(" ".join(word.casefold().split()))


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def find_date_figures(text: str) -> list[Quantity]:
    """Dates written with a month name or in ISO form, as ``date`` figures (see module doc)."""
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < e and end > s for s, e in taken):
                continue
            groups = match.groupdict()
            month = int(groups.get("mn") or _lookup(_MONTHS, groups["m"].rstrip(".")) or 0)
            year = groups.get("y")
            days = [int(d) for d in (groups.get("d1"), groups.get("d2")) if d]
            if any(not 1 <= day <= 31 for day in days) or not 1 <= month <= 12:
                continue
            prefix = year if year else "-"
            if days:
                forms = [f"{prefix}-{month:02d}-{day:02d}" for day in days]
                normalised = "/".join(forms)
            else:
                normalised = f"{year}-{month:02d}"
            taken.append((start, end))
            found.append(
                Quantity(start, end, text[start:end], None, "date", 1.0, "date", "", normalised)
            )
    return found


def _unit_after(text: str, end: int) -> tuple[str, int]:
    """The counted noun phrase after a figure and where it ends: up to three lower-case words,
    stopping after the first plural ("40,000 troops"), before a function word, or at punctuation.
    """
    words: list[str] = []
    position = end
    while len(words) < 3:
        match = _UNIT_WORD.match(text, position)
        if not match or match.group(1).lower() in _NOT_UNIT:
            break
        if words and match.group(0).lstrip().startswith("of "):
            break
        word = match.group(1)
        words.append(word)
        position = match.end()
        if word in _IRREGULAR_PLURALS or (word.endswith("s") and not word.endswith("ss")):
            break
    return " ".join(words), position


def extract_quantities(text: str) -> list[Quantity]:
    """Every figure in ``text`` with its value and unit, in document order (see module doc).

    Dates are read first so that their day and year numbers are not counted again; times
    ("14:49"), parts of names ("F-16", "COVID-19") and lone number words without a unit
    ("doubled to eight") are not figures.
    """
    found = find_date_figures(text)
    taken = [(q.start, q.end) for q in found]

    def free(start: int, end: int) -> bool:
        return not any(start < e and end > s for s, e in taken)

    candidates: list[Quantity] = []
    for match in _PREFIX_MONEY.finditer(text):
        if not free(*match.span()):
            continue
        scale = _lookup(_SCALES, match.group("scale")) if match.group("scale") else 1.0
        code = _lookup(_CURRENCY_CODES, match.group("cur"))
        if scale is None or code is None:
            continue
        candidates.append(
            _make(
                text, match.start(), match.end(), _number(match.group("num")), scale, code, "money"
            )
        )
        taken.append(match.span())
    for match in _VAGUE_FIGURE.finditer(text):
        if not free(*match.span()):
            continue
        vague = " ".join(match.group("vague").casefold().split())
        if vague not in _VAGUE:
            continue
        if match.group("curword"):
            unit, end, kind = _lookup(_CURRENCY_WORDS, match.group("curword")), match.end(), "money"
        else:
            unit, end = _unit_after(text, match.end() - 1)
            kind = "count"
        if not unit:  # also a currency word that does not read back (no code)
            continue
        quantity = _make(text, match.start(), end, 1.0, _VAGUE[vague], unit, kind)
        candidates.append(_qualified(quantity, text, qualifier=f"{vague} of"))
        taken.append((match.start(), end))
    for match in _FIGURE.finditer(text):
        if not free(*match.span()):
            continue
        figure = _read_figure(text, match)
        if figure is not None and free(figure.start, figure.end):
            candidates.append(figure)
            taken.append((figure.start, figure.end))
    found.extend(candidates)
    return sorted(found, key=lambda q: (q.start, q.end))


def _read_figure(text: str, match: re.Match[str]) -> Quantity | None:
    """Turn a number match into a figure: money, percent, count, number, or a year."""
    if match.group("num"):
        number = _number(match.group("num"))
    else:
        small = _lookup(_SMALL, match.group("word"))
        if small is None:
            return None
        number = float(small)
    scale_word = (match.group("scale") or "").casefold()
    if scale_word in ("m", "k") and not (match.group("curword") or match.group("curcode")):
        return None  # "5 m" is metres, "5k" too rare to guess
    scale = _lookup(_SCALES, scale_word) if scale_word else 1.0
    if scale is None:
        return None
    end = match.end()
    if match.group("pct"):
        return _qualified(
            _make(text, match.start(), end, number, scale, "percent", "percent"), text
        )
    if match.group("curword") or match.group("curcode"):
        currency = match.group("curword") or match.group("curcode")
        code = _lookup(_CURRENCY_WORDS, currency) or _lookup(_CURRENCY_CODES, currency)
        if code is None:
            return None
        return _qualified(_make(text, match.start(), end, number, scale, code, "money"), text)
    unit, unit_end = _unit_after(text, end)
    if match.group("word") and not (unit or scale_word):
        return None  # "one of", "doubled to eight": not a figure worth listing
    raw = match.group("num") or ""
    if not unit and not scale_word and re.fullmatch(r"(?:19|20)\d\d", raw):
        year = Quantity(
            match.start(), end, text[match.start() : end], None, "date", 1.0, "date", "", raw
        )
        return year
    kind = "count" if unit else "number"
    return _qualified(
        _make(text, match.start(), unit_end if unit else end, number, scale, unit, kind), text
    )


def _make(
    text: str, start: int, end: int, number: float, scale: float, unit: str, kind: str
) -> Quantity:
    while end > start and text[end - 1].isspace():
        end -= 1
    value = number * scale
    normalised = f"{unit} {value:.15g}".strip() if kind != "count" else f"{value:.15g} {unit}"
    return Quantity(start, end, text[start:end], value, unit, scale, kind, "", normalised)


def _qualified(quantity: Quantity, text: str, qualifier: str = "") -> Quantity:
    """Extend a figure back over a hedge before it ("more than 40,000 troops")."""
    match = _QUALIFIER_BEFORE.search(text, max(0, quantity.start - 25), quantity.start)
    start = quantity.start
    if match and not qualifier:
        qualifier = " ".join(match.group("q").lower().split())
        start = match.start()
    return Quantity(
        start,
        quantity.end,
        text[start : quantity.end],
        quantity.value,
        quantity.unit,
        quantity.scale,
        quantity.kind,
        qualifier,
        quantity.normalised,
    )


def quantities_frame(documents: pd.DataFrame) -> pd.DataFrame:
    """Figures of every document: :data:`QUANTITY_COLUMNS`, one row a figure."""
    rows: list[dict] = []
    pairs: Iterable = zip(documents["doc_id"], documents["text"], strict=True)
    for doc_id, text in pairs:
        rows.extend({"doc_id": doc_id, **asdict(q)} for q in extract_quantities(str(text)))
    frame = pd.DataFrame(rows, columns=QUANTITY_COLUMNS)
    return frame.astype({"start": "int64", "end": "int64", "value": "float64", "scale": "float64"})
