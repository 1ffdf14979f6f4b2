"""Find the publication date of a news text, and complete yearless dates from context.

News texts state their date in many ways: "date 2023-10-11", "18 Oct. 2024 -", "27 November 2024,
11:27", "Thursday and Friday (17-18 October 2024)", or only "Thursday (October 17)". A date without
a year is completed later, at corpus level (:func:`infer_year`), with the year whose calendar puts
that day on the stated weekday and that lies nearest to the corpus's other dates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = {
    name: number
    for number, names in enumerate(
        [
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        ]
    )
    for name in names
}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = (
    r"(?:(?P<weekday>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\.?,?\s*\(?\s*)?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_RANGE = r"(?:\s*[-–]\s*[0-3]?\d(?:st|nd|rd|th)?)?"  # "17-18 October": the first day counts
_YEAR = r"(?P<year>(?:19|20)\d\d)"

_PATTERNS = [
    re.compile(rf"(?<!\d){_YEAR}-(?P<month_num>[01]\d)-(?P<day>[0-3]\d)(?!\d)"),
    re.compile(rf"(?<![\w]){_WEEKDAY}{_DAY}{_RANGE}\s+{_MONTH},?(?:\s+{_YEAR})?(?![\w])", re.I),
    re.compile(rf"(?<![\w]){_WEEKDAY}{_MONTH}\s+{_DAY}{_RANGE}(?:,?\s+{_YEAR})?(?![\w])", re.I),
    re.compile(rf"(?<![\d.]){_DAY}\.(?P<month_num>[01]?\d)\.{_YEAR}(?!\d)"),
]
_FILENAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_.]?([01]\d)[-_.]?([0-3]\d)(?!\d)")


@dataclass(frozen=True)
class DateMention:
    """A date written in a text: ``year`` is ``None`` when the text leaves it out."""

    start: int
    end: int
    month: int
    day: int
    year: int | None = None
    weekday: int | None = None  # Monday is 0, as in datetime

    def as_date(self, year: int | None = None) -> date | None:
        """The calendar date, with ``year`` filling a missing year; ``None`` if invalid."""
        chosen = self.year if self.year is not None else year
        if chosen is None:
            return None
        try:
            return date(chosen, self.month, self.day)
        except ValueError:
            return None


def find_dates(text: str) -> list[DateMention]:
    """Every valid calendar date written in ``text``, in order of appearance.

    Overlapping matches keep the longest one ("Thursday 12 October 2023" over "12 October").
    Impossible dates (31 February) are skipped.
    """
    found: list[DateMention] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            mention = _to_mention(match)
            if mention is not None:
                found.append(mention)
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[DateMention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


def _to_mention(match: re.Match[str]) -> DateMention | None:
    groups = match.groupdict()
    month_num = groups.get("month_num")
    month = int(month_num) if month_num else MONTHS[groups["month"].lower()]
    day = int(groups["day"])
    year = int(groups["year"]) if groups.get("year") else None
    weekday_name = groups.get("weekday")
    weekday = WEEKDAYS[weekday_name.lower()] if weekday_name else None
    mention = DateMention(match.start(), match.end(), month, day, year, weekday)
    probe_year = year if year is not None else 2024  # a leap year, so 29 February is possible
    if mention.as_date(probe_year) is None:
        return None
    if year is not None and weekday is not None and date(year, month, day).weekday() != weekday:
        # "Thursday 12 October 2023" is right; a mismatch means the weekday belongs elsewhere.
        mention = DateMention(match.start(), match.end(), month, day, year, None)
    return mention


def infer_year(mention: DateMention, anchors: Sequence[date], today: date | None = None) -> int:
    """Choose a year for a yearless date.

    The year must put the day on the stated weekday, if one is stated, and should bring the date
    nearest to one of the ``anchors`` (the corpus's other dates). Without anchors, the most recent
    such date not after ``today`` is taken.
    """
    today = today or date.today()
    if anchors:
        years = range(min(a.year for a in anchors) - 11, max(a.year for a in anchors) + 12)
    else:
        years = range(today.year - 11, today.year + 1)
    candidates = []
    for year in years:
        candidate = mention.as_date(year)
        if candidate is None:
            continue
        if mention.weekday is not None and candidate.weekday() != mention.weekday:
            continue
        if anchors:
            distance = min(abs((candidate - anchor).days) for anchor in anchors)
        elif candidate <= today:
            distance = (today - candidate).days
        else:
            continue
        candidates.append((distance, -year, year))
    if not candidates:
        return (anchors[0].year if anchors else today.year) if mention.day != 29 else 2024
    return min(candidates)[2]


def parse_date_value(value: object) -> date | None:
    """Parse a date given in metadata or a table cell ("2024-10-17", "17 Oct 2024", "26-FEB-1987
    15:01:11.79", a datetime); ``None`` for empty or unreadable values.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text or text.lower() in {"nan", "nat", "none", "null"}:
        return None
    mentions = [m for m in find_dates(text) if m.year is not None]
    if mentions:
        return mentions[0].as_date()
    try:
        from dateutil import parser

        parsed = parser.parse(text, dayfirst=True, fuzzy=False)
    except (ValueError, OverflowError, TypeError):
        return None
    return parsed.date() if 1800 <= parsed.year <= 2200 else None


def date_from_filename(name: str) -> date | None:
    """A date embedded in a file name such as ``2024-10-17_rutte.txt`` or ``20241017.txt``."""
    for match in _FILENAME_DATE.finditer(name):
        try:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            continue
    return None
