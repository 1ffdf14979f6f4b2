"""Find the publication date of a news text, with the text that states it.

News texts write dates in many ways ("date 2023-10-11", "18 Oct. 2024 -", "Thursday (October 17)",
"01/27/2017", "5.3.2021"); :func:`find_dates` reads them all. Most of those dates are events the
story mentions, so :func:`publication_evidence` takes a date only where the page states its own
date, and says which shape gave it:

- ``stamp``: "Published: 7 May 2020", "Posted Nov 8, 2023 / 02:40 PM", a byline "By Ann Lee,
  August 14, 2020" or "... Downloads. by oz on December 4, 2006", an author box anywhere
  ("... here. by Surur on November 19, 2019"), a date that opens the story or stands alone in
  its lead;
- ``dateline``: a wire dateline "MOSCOW, March 3. /TASS/." or "WASHINGTON, March 3 (Reuters) -";
- ``trailer``: a print trailer at the end, "(China Daily European Weekly 01/27/2017 page20)";
- ``social``: an embedded post's stamp, "— RTÉ News (@rtenews) January 12, 2017" (the latest);
- ``lead``: a weekday and date of the event in the lead, "agreed on Thursday (October 17)".

Anything else ("On Dec 1 ...", "22 April", a 2001 event) is not evidence: no date beats a wrong
one. Nor is a date in a run of different dates with nothing but separators between them
("November 16, 2016 December 18, 2015 August 18, 2005", "29 November 2018 | 20 January 2019"):
such a run lists other stories or an event's span, whatever stands before its first date; nor,
outside the lead's weekday-and-date, a range of days ("March 23-25, 2025"). A date without a
year is completed at corpus level (:func:`infer_year`) with a year that fits its weekday and lies
within the span of the corpus's other dates (without any, only a stated weekday lets a year be
chosen).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from analysis.core.word_lists import read_entries, read_words

MONTHS = {
    name: number
    for number, line in enumerate(read_entries("dates", "months.txt"), start=1)
    for name in line.split()
}
WEEKDAYS = {
    name: number
    for number, line in enumerate(read_entries("dates", "weekdays.txt"))
    for name in line.split()
}
#: Kinds of evidence, most trustworthy first (metadata, which outranks them all, is not text).
EVIDENCE_KINDS = ("stamp", "dateline", "trailer", "social", "lead")
#: A yearless date is completed only with a year that puts it this near the corpus's dates.
MAX_INFERENCE_GAP = timedelta(days=183)

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = (
    r"(?:(?P<weekday>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\.?,?\s*\(?\s*)?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_RANGE = r"(?:\s*[-–]\s*[0-3]?\d(?:st|nd|rd|th)?)?"  # "17-18 October": the first day counts
# A year ends at a non-word character, or runs into a clock time as scraped pages glue them
# ("March 16, 20207:22 AM").
_YEAR = r"(?P<year>(?:19|20)\d\d)(?:(?!\w)|(?=[0-2]?\d:\d\d))"

_PATTERNS = [
    re.compile(
        r"(?<![\d/.])(?P<year>(?:19|20)\d\d)([-/.])(?P<month_num>[01]\d)\2(?P<day>[0-3]\d)"
        r"(?!\d|\.\d)"
    ),
    re.compile(rf"(?<![\w]){_WEEKDAY}{_DAY}{_RANGE}\s+{_MONTH}(?:,?\s+{_YEAR}|(?![\w]))", re.I),
    re.compile(rf"(?<![\w]){_WEEKDAY}{_MONTH}\s+{_DAY}{_RANGE}(?:,?\s+{_YEAR}|(?![\w]))", re.I),
    re.compile(
        r"(?<![\d./])(?P<first>[0-3]?\d)(?P<sep>[./])(?P<second>[0-3]?\d)(?P=sep)"
        r"(?P<year>(?:19|20)\d\d)(?!\d|[./]\d)"
    ),
]
_FILENAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_.]?([01]\d)[-_.]?([0-3]\d)(?!\d)")


@dataclass(frozen=True)
class DateMention:
    """A date written in a text: ``year`` is ``None`` when the text leaves it out.

    ``named_weekday`` says whether the text names a weekday with the date (``weekday`` is kept
    only when it fits the year). ``order`` is set for numeric dates: ``"dmy"`` or ``"mdy"`` when
    the values decide it, ``"dmy?"``/``"mdy?"`` when both readings are valid (a guess).
    """

    start: int
    end: int
    month: int
    day: int
    year: int | None = None
    weekday: int | None = None  # Monday is 0, as in datetime
    named_weekday: bool = False
    order: str = ""

    def as_date(self, year: int | None = None) -> date | None:
        """The calendar date, with ``year`` filling a missing year; ``None`` if invalid."""
        chosen = self.year if self.year is not None else year
        if chosen is None:
            return None
        try:
            return date(chosen, self.month, self.day)
        except ValueError:
            return None


@dataclass(frozen=True)
class DateEvidence:
    """The text that states a document's date: its ``kind`` (see :data:`EVIDENCE_KINDS`) and the
    span ``start:end`` of the cue and date together, e.g. "Published: 7 May 2020"."""

    mention: DateMention
    kind: str
    start: int
    end: int


def find_dates(text: str, *, slash_day_first: bool = False) -> list[DateMention]:
    """Every valid calendar date written in ``text``, in order of appearance.

    Overlapping matches keep the longest one ("Thursday 12 October 2023" over "12 October").
    Impossible dates (31 February) are skipped. A numeric date that reads both ways ("03/04/2017")
    is taken day-first when written with dots, and with slashes only if ``slash_day_first`` (the
    corpus's convention, see :func:`slash_convention`); values decide the rest ("27/01/2017").
    """
    found: list[DateMention] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            mention = _to_mention(match, slash_day_first)
            if mention is not None:
                found.append(mention)
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[DateMention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


def _to_mention(match: re.Match[str], slash_day_first: bool) -> DateMention | None:
    groups = match.groupdict()
    order = ""
    if groups.get("first"):
        first, second = int(groups["first"]), int(groups["second"])
        day_first = slash_day_first if groups["sep"] == "/" else True
        if first > 12 >= second:
            day_first, order = True, "dmy"
        elif second > 12 >= first:
            day_first, order = False, "mdy"
        else:
            order = "dmy?" if day_first else "mdy?"
        day, month = (first, second) if day_first else (second, first)
    else:
        month_num = groups.get("month_num")
        month = int(month_num) if month_num else MONTHS[groups["month"].lower()]
        day = int(groups["day"])
    year = int(groups["year"]) if groups.get("year") else None
    weekday_name = groups.get("weekday")
    weekday = WEEKDAYS[weekday_name.lower()] if weekday_name else None
    mention = DateMention(
        match.start(), match.end(), month, day, year, weekday, weekday is not None, order
    )
    probe_year = year if year is not None else 2024  # a leap year, so 29 February is possible
    if mention.as_date(probe_year) is None:
        return None
    if year is not None and weekday is not None and date(year, month, day).weekday() != weekday:
        # "Thursday 12 October 2023" is right; a mismatch means the weekday belongs elsewhere.
        mention = replace(mention, weekday=None)
    return mention


def slash_convention(texts: Iterable[str]) -> bool | None:
    """Whether the slashed dates of these texts are written day first ("27/01/2017"): ``True``,
    ``False`` (month first, "01/27/2017"), or ``None`` when no date's values decide it or both
    conventions are equally common.
    """
    votes = {"dmy": 0, "mdy": 0}
    for text in texts:
        if "/" not in text:
            continue
        for match in _PATTERNS[3].finditer(text):
            if match.group("sep") == "/":
                first, second = int(match.group("first")), int(match.group("second"))
                if first > 12 >= second:
                    votes["dmy"] += 1
                elif second > 12 >= first:
                    votes["mdy"] += 1
    if votes["dmy"] == votes["mdy"]:
        return None
    return votes["dmy"] > votes["mdy"]


_STAMP_CUES = sorted(read_entries("dates", "stamp_words.txt"), key=len, reverse=True)
_CLOCK = r"(?:[0-2]?\d[:.][0-5]\d(?::\d\d)?\s*(?:[ap]\.?m\.?)?|[01]?\d\s*[ap]\.?m\.?)"
_ZONE = r"(?:\s*\(?[A-Z]{2,5}(?:[+-]\d{1,2})?\)?)?"
# A cue right before the date, perhaps with a clock time between: "Published: 10:55 EDT, 7 May".
_CUE_BEFORE = re.compile(
    r"(?:(?<![\w])|(?<=[a-z])(?=[A-Z]))(?P<cue>"
    + "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in _STAMP_CUES)
    + rf")(?P<colon>\s*:)?\s*(?:on\s+)?(?:{_CLOCK}{_ZONE}\s*[,|/-]?\s*)?$",
    re.I,
)
_CLOCK_AFTER = re.compile(rf"^\s*(?:[,|/–—-]\s*)?(?:at\s+)?{_CLOCK}(?![\d])", re.I)
_BYLINE_BEFORE = re.compile(
    r"(?<![\w])[Bb]y:?\s+(?:[A-Z][\w.'’-]*\s+){1,4}?(?:[A-Z][\w.'’-]*)\s*(?:,|\||on|[-–—])?\s*$"
)
# A blog's byline with a user name, in lower case as widgets write it: "... Downloads. by oz on".
_HANDLE_BYLINE_BEFORE = re.compile(r"(?:^|(?<=[.!?|•·]))\s*by\s+[\w.'’-]{1,30}\s+on\s+$")
# An author box anywhere, a sentence of its own: "... review here. by Surur on November 19, 2019".
_AUTHOR_BOX_BEFORE = re.compile(
    r"(?:^|(?<=[.!?|•·]))\s*[Bb]y\s+(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*\s+on\s+$"
)
_DATELINE_BEFORE = re.compile(
    r"(?:^|[\n.!?\"”]\s*|\s)[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3}"
    r"(?:,\s*[A-Z][A-Za-z.'’]+(?:\s+[A-Z][A-Za-z.'’]+)?)?,\s*$"
)
_DATELINE_AFTER = re.compile(r"^\s*[.,]?\s*(?:\(|/|[-–—:])")
# The place and the agency's tag before the date: "ANTAKYA, Turkey (AP) - February 7, 2023 -".
_AGENCY_DATELINE_BEFORE = re.compile(
    r"(?:^|[\n.!?\"”]\s*|\s)[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3}"
    r"(?:,\s*[A-Z][A-Za-z.'’]+(?:\s+[A-Z][A-Za-z.'’]+)?)?\s*\([A-Z][A-Za-z]{1,15}\)\s*[-–—:]\s*$"
)
_AGENCY_DATELINE_AFTER = re.compile(r"^\s*[-–—:]")
_SOCIAL_BEFORE = re.compile(r"\(@\w{1,30}\)\s*$")
_FREE_BEFORE = re.compile(r"(?:^|[.!?|•·\]\)]|[^\W\d_]+)\s*$")
# An author's name right after the date: "July 24, 2019 by Amy Motroni", "Oct 22, 2019 report by".
_BYLINE_AFTER = re.compile(r"^\s*[|•·,–—-]?\s*(?:[a-z]+\s+){0,2}by:?\s+[A-Z]")
_FREE_AFTER = re.compile(r"^(?:\s*$|\s*[,.]?\s*(?:[A-Z0-9|•·(\[—–-]))")
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\W*$")
_EVENT_WORDS = read_words("dates", "event_words.txt")


def publication_evidence(
    text: str,
    *,
    body_start: int = 0,
    lead_chars: int = 400,
    slash_day_first: bool | None = None,
) -> DateEvidence | None:
    """The strongest statement of the page's own date in ``text``, or ``None``.

    ``body_start`` is where the story starts (after its title: a date in a title is a topic, not
    a stamp); the lead is the first ``lead_chars`` characters from there. Kinds rank as in
    :data:`EVIDENCE_KINDS`; within a kind the first stamp or dateline, the last trailer and the
    latest social stamp win. ``slash_day_first`` is the corpus's convention for slashed dates
    (:func:`slash_convention`); ``None`` means unknown, and then a slashed date that reads both
    ways is not evidence.
    """
    best: dict[str, DateEvidence] = {}
    late_stamps: set[date | None] = set()
    mentions = find_dates(text, slash_day_first=bool(slash_day_first))
    listed = _in_lists(text, mentions)
    for index, mention in enumerate(mentions):
        if mention.start < body_start or (mention.order.endswith("?") and slash_day_first is None):
            continue  # a title's date is its topic; "03/04/2017" reads both ways
        if index in listed:
            continue
        evidence = _classify(text, mention, body_start, lead_chars)
        if evidence is None:
            continue
        if evidence.kind == "stamp" and mention.start - body_start >= lead_chars:
            late_stamps.add(mention.as_date())
            if len(late_stamps) > 1:
                # Stamps of several dates far from the lead: a list of other stories.
                held = best.get("stamp")
                if held is not None and held.mention.start - body_start >= lead_chars:
                    del best["stamp"]
                continue
        held = best.get(evidence.kind)
        if held is None or _better(evidence, held):
            best[evidence.kind] = evidence
    return next((best[kind] for kind in EVIDENCE_KINDS if kind in best), None)


_LIST_GAP = re.compile(r"^[\s,;|•·/–—-]*$")


def _in_lists(text: str, mentions: Sequence[DateMention]) -> set[int]:
    """Indexes of the dates that stand in a run of different dated days, neighbours separated by
    nothing but spaces and punctuation (a list of stories or an event's span, not a stamp)."""
    listed: set[int] = set()
    for index in range(1, len(mentions)):
        first, second = mentions[index - 1], mentions[index]
        if (
            first.year is not None
            and second.year is not None
            and first.as_date() != second.as_date()
            and _LIST_GAP.match(text[first.end : second.start])
        ):
            listed.update((index - 1, index))
    return listed


def _better(new: DateEvidence, held: DateEvidence) -> bool:
    if new.kind == "trailer":
        return True  # the last one
    if new.kind == "social":
        new_date, held_date = new.mention.as_date(), held.mention.as_date()
        return new_date is not None and (held_date is None or new_date > held_date)
    return False  # the first one


def _classify(
    text: str, mention: DateMention, body_start: int, lead_chars: int
) -> DateEvidence | None:
    """Which kind of evidence ``mention`` is, if any (see the module docstring)."""
    before = text[max(body_start, mention.start - 60) : mention.start]
    after = text[mention.end : mention.end + 30]
    in_lead = mention.start - body_start < lead_chars
    cue = _CUE_BEFORE.search(before)
    if cue:
        strong = cue.group("cue")[0].isupper() or cue.group("colon")
        if (
            (strong and in_lead)
            or ((strong or in_lead) and _CLOCK_AFTER.match(after))
            or (cue.group("colon") and mention.year is not None)
        ):
            return DateEvidence(mention, "stamp", mention.start - len(cue.group()), mention.end)
    if mention.year is not None and _SOCIAL_BEFORE.search(before):
        return DateEvidence(mention, "social", mention.start, mention.end)
    if mention.year is not None and len(text) - mention.end < 250:
        opening = text.rfind("(", body_start, mention.start)
        closing = text.find(")", mention.end)
        if (
            opening >= 0
            and closing >= 0
            and closing - opening < 120
            and ")" not in text[opening : mention.start]
            and "(" not in text[mention.end : closing]
        ):
            return DateEvidence(mention, "trailer", opening, closing + 1)
    if not in_lead:
        box = _AUTHOR_BOX_BEFORE.search(before) if mention.year is not None else None
        if box and box.start() > 0:
            return DateEvidence(
                mention, "stamp", mention.start - len(box.group().lstrip()), mention.end
            )
        return None
    dateline = _DATELINE_BEFORE.search(before)
    if dateline and _DATELINE_AFTER.match(after) and not mention.named_weekday:
        start = mention.start - len(dateline.group().lstrip('.!?"” \n'))
        return DateEvidence(mention, "dateline", start, mention.end)
    dateline = _AGENCY_DATELINE_BEFORE.search(before)
    if dateline and _AGENCY_DATELINE_AFTER.match(after) and not mention.named_weekday:
        start = mention.start - len(dateline.group().lstrip('.!?"” \n'))
        return DateEvidence(mention, "dateline", start, mention.end)
    byline = _BYLINE_BEFORE.search(before)
    handle = _HANDLE_BYLINE_BEFORE.search(before)
    if handle and (handle.start() > 0 or mention.start - len(before) == body_start):
        byline = handle  # at the start of the window only when that is the body's start
    if byline:
        start = mention.start - len(byline.group().lstrip())
        return DateEvidence(mention, "stamp", start, mention.end)
    event_word = _WORD_BEFORE.search(before)
    mentioned = bool(event_word) and event_word.group(1).lower() in _EVENT_WORDS
    ranged = bool(_DAY_RANGE.search(text, mention.start, mention.end))
    if mention.year is not None and not mentioned and not ranged:
        # (a range, "March 23-25, 2025", gives an event's days where it stands alone; a page
        # has one date)
        opens = not text[body_start : mention.start].strip()
        free = bool(_FREE_BEFORE.search(before)) and bool(_FREE_AFTER.match(after))
        if (
            opens
            or _CLOCK_AFTER.match(after)
            or _BYLINE_AFTER.match(after)
            or (free and not _mid_sentence(before))
        ):
            return DateEvidence(mention, "stamp", mention.start, mention.end)
    if mention.named_weekday and "(" in text[mention.start - 1 : mention.end]:
        # "agreed on Thursday (October 17)", "Tomorrow's (Thursday 12 October 2023)": the event
        # the release reports. A weekday and date in running prose is as often an earlier event.
        closes = (
            text[mention.end : mention.end + 1] == ")" and "(" in text[mention.start : mention.end]
        )
        return DateEvidence(mention, "lead", mention.start, mention.end + closes)
    return None


#: Two days joined by a dash inside one date: "March 23-25", "23–25 March".
_DAY_RANGE = re.compile(r"(?<![\d-])\d{1,2}\s*[-–—]\s*\d{1,2}(?![\d-])")


def _mid_sentence(before: str) -> bool:
    """Whether the text before a date is a sentence still running (it ends in a lower-case word)."""
    stripped = before.rstrip()
    word = _WORD_BEFORE.search(stripped)
    return bool(word) and stripped.endswith(word.group(1)) and word.group(1)[0].islower()


def infer_year(
    mention: DateMention, anchors: Sequence[date], today: date | None = None
) -> int | None:
    """Choose a year for a yearless date, or ``None`` when no year is plausible.

    The year must put the day on the stated weekday, if one is stated. With ``anchors`` (the
    corpus's other dates) it must bring the date within their span or within
    :data:`MAX_INFERENCE_GAP` of one of them, nearest first. Without anchors, the most recent
    such date not after ``today`` is taken when a weekday is stated (it rules out most years);
    a bare day and month ("WASHINGTON, July 31 –") in a corpus with no dated text gets none: any
    past year would fit, and no date beats a wrong one.
    """
    today = today or date.today()
    if not anchors and mention.weekday is None:
        return None
    if anchors:
        low, high = min(anchors), max(anchors)
        years = range(low.year - 1, high.year + 2)
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
            distance = min(abs(candidate - anchor) for anchor in anchors)
            if not (low <= candidate <= high) and distance > MAX_INFERENCE_GAP:
                continue
            candidates.append((distance.days, -year, year))
        elif candidate <= today:
            candidates.append(((today - candidate).days, -year, year))
    return min(candidates)[2] if candidates else None


def parse_date_value(value: object) -> date | None:
    """Parse a date given in metadata or a table cell ("2024-10-17", "17 Oct 2024", "26-FEB-1987
    15:01:11.79", a datetime); ``None`` for empty or unreadable values, and for dates outside
    1800-2200 (a year written "0001" or "0024" is not 2001 or 2024).
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value if _plausible(value.year) else None
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
    written = [int(year) for year in _FOUR_DIGITS.findall(text)]
    if written and parsed.year not in written:
        return None  # dateutil reads "0024" as 2024
    return parsed.date() if _plausible(parsed.year) else None


_FOUR_DIGITS = re.compile(r"(?<!\d)\d{4}(?!\d)")


def _plausible(year: int) -> bool:
    return 1800 <= year <= 2200


#: A date in a link's path, as news sites write it: "/2019/11/18/", "/2019-11-18/", "/2019/nov/18/"
#: (a year, then a month as digits or a name, then a day, each its own step of the path or
#: joined by hyphens); a year and month alone ("/2019/11/") name no day.
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-]([01]?\d|[a-z]{3,9})[/-]([0-3]?\d)(?=[/_.-]|$)", re.I)


def date_from_url(url: str) -> date | None:
    """The publication date a news link writes in its path ("https://example.com/news/2019/11/18/
    story"), or ``None``: the query and fragment are not read, and the host is not (a host may
    hold digits)."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    path = path.split("://", 1)[-1]
    path = path[path.find("/") :] if "/" in path else ""
    for match in _URL_DATE.finditer(path):
        year, month, day = match.groups()
        number = int(month) if month.isdigit() else MONTHS.get(month.lower())
        if number is None:
            continue
        try:
            return date(int(year), number, int(day))
        except ValueError:
            continue
    return None


def date_from_filename(name: str) -> date | None:
    """A date embedded in a file name such as ``2024-10-17_rutte.txt`` or ``20241017.txt``."""
    for match in _FILENAME_DATE.finditer(name):
        try:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            continue
    return None
