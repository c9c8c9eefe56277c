"""FHIR date and dateTime values cut to local dates.

A date-time keeps the calendar date it was written with (its own time zone), as the contract
asks. A partial date ("2021" or "2021-03") starts on its first day and ends on its last.

>>> parse_fhir_date("2021-03")
(datetime.date(2021, 3, 1), datetime.date(2021, 3, 31))
>>> parse_fhir_date("2018-07-13T23:30:43-04:00")[0]
datetime.date(2018, 7, 13)
"""

from __future__ import annotations

import calendar
import functools
import re
from datetime import date, timedelta

from ekbom.limits import DATE_CACHE_SIZE

_PATTERN = re.compile(
    r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2})"
    r"(?:T([01][0-9]|2[0-3]):[0-5][0-9](?::([0-5][0-9]|60)(?:\.[0-9]+)?)?"
    r"(?:Z|[+-](?:0[0-9]|1[0-4]):[0-5][0-9])?)?)?)?"
)


@functools.lru_cache(maxsize=DATE_CACHE_SIZE)
def parse_fhir_date(text: str) -> tuple[date, date]:
    """Return the first and last local day a FHIR date or dateTime covers.

    Raises:
        ValueError: the text is not a FHIR date or dateTime.
    """
    match = _PATTERN.fullmatch(text)
    if match is None:
        raise ValueError(f"expected a FHIR date such as 2024-05-17, got {text!r}")
    year = int(match.group(1))
    if match.group(2) is None:
        return date(year, 1, 1), date(year, 12, 31)
    month = int(match.group(2))
    if not 1 <= month <= 12:
        raise ValueError(f"expected a month from 01 to 12, got {text!r}")
    if match.group(3) is None:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    day = date(year, month, int(match.group(3)))
    return day, day


def days_before(day: date, days: int) -> date:
    """The day `days` days earlier, or the first representable day when that is earlier still.

    >>> days_before(date(1, 1, 5), 365)
    datetime.date(1, 1, 1)
    """
    try:
        return day - timedelta(days=days)
    except OverflowError:
        return date.min


def days_after(day: date, days: int) -> date:
    """The day `days` days later, or the last representable day (an open end such as 9999-12-31).

    >>> days_after(date(9999, 12, 31), 3)
    datetime.date(9999, 12, 31)
    """
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max


def parse_iso_day(text: str) -> date:
    """Parse a full YYYY-MM-DD day, as the command line takes it.

    Raises:
        ValueError: the text is not a full calendar day.
    """
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        raise ValueError(f"expected YYYY-MM-DD, got {text!r}")
    return date.fromisoformat(text)


def whole_years(born: date, on: date) -> int:
    """Completed years of age on a day.

    >>> whole_years(date(2000, 5, 2), date(2020, 5, 1))
    19
    """
    years = on.year - born.year
    if (on.month, on.day) < (born.month, born.day):
        years -= 1
    return years
