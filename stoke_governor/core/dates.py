"""Every date rule the app uses: ISO and UK dates, Excel serials, a spreadsheet cell's date
(`cell_date`), the UK form dates are shown in (`uk_date`), academic years and their labels.

Plain functions on `datetime.date` and text. A date that cannot be read raises ValueError;
the caller words the message its user sees (and names the field), except where a sentence
here already says why in the user's own terms (the UK and Excel readings).

Decisions, so they are written once:
- ISO dates are exactly YYYY-MM-DD: not 20250912, not 2025-9-12, not a week date.
- UK dates are read day first: 12/03/2024 is 12 March 2024. A date that only works month
  first (03/25/2024) is refused, not guessed. Two-digit years follow Excel: 00-29 are 2000s,
  30-99 are 1900s.
- Excel's serial numbers count from 1900 (or 1904 when the workbook says so); serial 60 is
  Excel's 29 February 1900, which never was, and is refused.
- The academic year runs from September to August and is labelled `2025-26`. DfE statistics
  given by week, month or day are filed in the year running from August (`statistics_year`).
"""

from __future__ import annotations

import datetime as dt
import re

# -- ISO dates ------------------------------------------------------------------------------
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_iso_date(text: str) -> dt.date:
    """The day a YYYY-MM-DD text names; ValueError for any other form or a day that never was."""
    if not ISO_DATE.fullmatch(text):
        raise ValueError(f"'{text}' is not a date written as YYYY-MM-DD")
    return dt.date.fromisoformat(text)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier), or the month's last day when it is shorter."""
    import calendar  # here: it brings locale, which start-up need not load

    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# -- UK dates -------------------------------------------------------------------------------
MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTHS = {m[:3]: i for i, m in enumerate(MONTH_NAMES, 1)} | {"sept": 9}
_NUMERIC = re.compile(r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})$")
_WORDY = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]+([a-z]+)[\s\-/.,]+(\d{2,4})$")
_MONTH_FIRST = re.compile(r"^([a-z]+)[\s\-.]+(\d{1,2})(?:st|nd|rd|th)?[\s,]+(\d{4})$")
_WEEKDAY = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)[a-z]*[,\s]+")
_TIME = re.compile(r"[t ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(z|[+-]\d{2}:?\d{2})?$")


def parse_uk_date(text: str) -> dt.date:
    """The day a date written as in the UK names, or ValueError saying why in one sentence.

    Reads 12/03/2024, 12-3-24, 12.03.2024, 12 March 2024, Tuesday 12th Mar 2024, March 12,
    2024 and year-first 2024-03-12; a weekday before it and a time of day after it are ignored.
    """
    s = str(text).strip()
    low = _WEEKDAY.sub("", s.lower()).strip()
    low = _TIME.sub("", low).strip()
    if m := _NUMERIC.match(low):
        a, b, c = m.groups()
        if len(a) == 4:  # ISO: year first
            return _make(int(a), int(b), int(c), s)
        day, month, year = int(a), int(b), _year(c, s)
        if month > 12 and day <= 12:
            raise ValueError(
                f"'{s}' reads month first (US style); dates are read day first, as in "
                f"the UK, so write it as {month:02d}/{day:02d}/{year}"
            )
        return _make(year, month, day, s)
    if m := _WORDY.match(low):
        return _make(_year(m.group(3), s), _month(m.group(2), s), int(m.group(1)), s)
    if m := _MONTH_FIRST.match(low):
        return _make(int(m.group(3)), _month(m.group(1), s), int(m.group(2)), s)
    raise ValueError(f"'{s[:40]}' is not a date (write it as, for example, 12/03/2024)")


def _year(text: str, whole: str) -> int:
    year = int(text)
    if len(text) <= 2:
        return 2000 + year if year < 30 else 1900 + year
    if len(text) != 4:
        raise ValueError(f"'{whole}' is not a date: the year {text} has {len(text)} digits")
    return year


def _month(word: str, whole: str) -> int:
    month = _MONTHS.get(word[:4] if word.startswith("sept") else word[:3])
    if month is None or not any(word == full[: len(word)] for full in MONTH_NAMES):
        raise ValueError(f"'{whole}' is not a date: '{word}' is not a month")
    return month


def _make(year: int, month: int, day: int, whole: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"'{whole}' is not a date that exists") from None


# -- Excel serial dates ---------------------------------------------------------------------
EPOCH_1900 = dt.date(1899, 12, 30)  # serial 61 is 1 March 1900 (Excel counts a 29 Feb 1900)
EPOCH_1904 = dt.date(1904, 1, 1)


def excel_date(serial: float, epoch: dt.date = EPOCH_1900) -> dt.date:
    """The day an Excel serial number names in a workbook's date system (the part of a day
    is dropped); ValueError for serial 60 in the 1900 system and for a day past 9999."""
    day = int(serial)
    if epoch == EPOCH_1900:
        if day == 60:
            raise ValueError("serial date 60 is Excel's 29 February 1900, a day that never was")
        if day < 60:
            day += 1  # before Excel's phantom leap day the count is one day short
    try:
        return epoch + dt.timedelta(days=day)
    except OverflowError:
        raise ValueError(f"'{serial:g}' is not a date") from None


_SERIAL_TEXT = re.compile(r"\d{4,5}(\.\d+)?")
EARLIEST, LATEST = dt.date(1990, 1, 1), dt.date(2100, 12, 31)  # the years a board's files cover


def cell_date(
    value: object,
    *,
    epoch: dt.date = EPOCH_1900,
    earliest: dt.date = EARLIEST,
    latest: dt.date = LATEST,
) -> dt.date | None:
    """The day a spreadsheet cell names, None when it is blank; ValueError saying why.

    A cell may hold a date (or a date and time), an Excel serial number (as a number or as
    its digits) or text as a person writes a date (`parse_uk_date`). A day outside
    `earliest`..`latest` is refused too: it is a typing slip, not a date the file means.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        day, whole = value.date(), str(value)
    elif isinstance(value, dt.date):
        day, whole = value, str(value)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        day, whole = excel_date(float(value), epoch), f"{float(value):g}"
    else:
        whole = str(value).strip()
        if _SERIAL_TEXT.fullmatch(whole):
            day = excel_date(float(whole), epoch)
        else:
            day = parse_uk_date(whole)
    if not earliest <= day <= latest:
        raise ValueError(
            f"'{whole}' reads as {day:%d %B %Y}, outside the years {earliest.year} to {latest.year}"
        )
    return day


def uk_date(day: dt.date | str | None) -> str:
    """A day as the app shows it to people: 01/09/2023 ("" for none; odd text as it is)."""
    if not day:
        return ""
    if isinstance(day, str):
        try:
            return parse_iso_date(day).strftime("%d/%m/%Y")
        except ValueError:
            return day
    return day.strftime("%d/%m/%Y")


# -- academic years -------------------------------------------------------------------------
def stamp_label(stamp: str | None, *, long_month: bool = False) -> str | None:
    """An ISO time stamp as people read it, in local time: '20 Nov 2026 14:03', or with
    `long_month` '20 November 2026, 14:03'. None when there is no stamp; text that is not a
    time stamp comes back as it is."""
    if not stamp:
        return None
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return (
        f"{moment.day} {moment:%B %Y, %H:%M}"
        if long_month
        else f"{moment.day} {moment:%b %Y %H:%M}"
    )


def year_label(start: int) -> str:
    """The label of the academic year starting in the autumn of `start`: 2018 → `2018-19`."""
    return f"{start}-{(start + 1) % 100:02d}"


def summer_label(summer: int) -> str:
    """The label of the academic year ending in the summer of `summer`: 2019 → `2018-19`."""
    return year_label(summer - 1)


def academic_year_start(day: dt.date) -> int:
    """The calendar year in which the academic year holding `day` began (September to August)."""
    return day.year if day.month >= 9 else day.year - 1


def academic_year(day: dt.date) -> str:
    """The academic year a day falls in: 2025-26 from September 2025 to August 2026."""
    return year_label(academic_year_start(day))


def statistics_year(day: dt.date) -> str:
    """The academic year a DfE statistic dated `day` (by week, month or reference date) is
    filed in: 2025-26 from August 2025 to July 2026.

    A different rule from `academic_year`, on purpose: the DfE's statistics count the year
    from 1 August, so that a period in the summer holiday before the autumn term is filed with
    the year it opens. The explore education statistics importer uses it for part-year periods.
    """
    start = day.year if day.month >= 8 else day.year - 1
    return year_label(start)


# -- DfE year labels ------------------------------------------------------------------------
YEAR_LABEL = re.compile(r"\d{4}-\d{2}")
_YEAR_RANGE = re.compile(r"^(\d{4})\s*[-/]\s*(\d{2}|\d{4})$")
_YEAR_COMPACT = re.compile(r"^(\d{4})(\d{2})$")
_YEAR_SINGLE = re.compile(r"^(\d{4})$")
_QUALIFIER = re.compile(r"\s*\(([^)]*)\)\s*$")
_SPLIT_YEAR = re.compile(r"(?<!\d)(\d{4})\s*(?:[-/]|to)\s*(\d{4}|\d{2})(?!\d)")
_COMPACT_YEAR = re.compile(r"^\s*(\d{4})(\d{2})\s*$")
_FOUR_DIGITS = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def is_year_label(text: str) -> bool:
    """Whether text has the form the app writes an academic year in (`2026-27`)."""
    return bool(YEAR_LABEL.fullmatch(text))


def parse_year_label(label: str) -> str:
    """Normalise a DfE time label to an academic year `YYYY-YY`.

    `2018-19`, `2018/19`, `201819`, `2018/2019` name the year directly; a single
    calendar year (`2019`, as LAIT and the attainment series write it) is the
    academic year that ends in it (2018-19). A qualifier such as `(prov)` is
    dropped. Multi-year spans (`2014-16`) raise ValueError.
    """
    text = _QUALIFIER.sub("", str(label)).strip()
    for pattern in (_YEAR_RANGE, _YEAR_COMPACT):
        m = pattern.match(text)
        if m:
            start, end = int(m.group(1)), int(m.group(2)[-2:])
            if (start + 1) % 100 != end:
                raise ValueError(f"'{label}' spans more than one academic year")
            return f"{start}-{end:02d}"
    m = _YEAR_SINGLE.match(text)
    if m:
        return year_label(int(m.group(1)) - 1)
    raise ValueError(f"'{label}' is not an academic year")


def label_qualifier(label: str) -> str:
    """The qualifier at the end of a DfE time label, lower case: `2025 (Prov)` → `prov`."""
    m = _QUALIFIER.search(str(label))
    return m.group(1).lower() if m else ""


def year_end(label: str | None) -> int | None:
    """The summer a year label ends in: `2018-19`, `2018/2019`, `201819` → 2019;
    `Dec 2030` → 2030; no year → None."""
    if not label:
        return None
    m = _SPLIT_YEAR.search(label) or _COMPACT_YEAR.match(label)
    if m:
        start, end = int(m.group(1)), m.group(2)
        if len(end) == 4:
            return int(end)
        return start - start % 100 + int(end) + (100 if int(end) < start % 100 else 0)
    m = _FOUR_DIGITS.search(label)
    return int(m.group(1)) if m else None
