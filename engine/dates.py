"""Calendar-month arithmetic, as practitioners count it.

`add_months` clamps to the month's end (31 January + 1 month = 28 or 29 February);
`whole_months_between` is the largest n with `add_months(start, n) <= end`.
"""

import calendar
import datetime as dt

_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(month_index, 12)
    if day.day <= 28:
        return dt.date(year, month + 1, day.day)
    # `calendar.monthrange` would also work out the month's first weekday, unused here.
    last_day = 29 if month == 1 and calendar.isleap(year) else _MONTH_DAYS[month]
    return dt.date(year, month + 1, min(day.day, last_day))


def whole_months_between(start: dt.date, end: dt.date) -> int:
    """Whole calendar months from `start` to `end`; negative when `end` is earlier."""
    if end < start:
        return -whole_months_between(end, start)
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if add_months(start, months) > end:
        months -= 1
    return months


_MONTH_NAMES = tuple(calendar.month_name)
"""Read once: each `calendar.month_name[i]` formats a date with strftime."""


def plain_date(day: dt.date) -> str:
    """`2024-05-02` -> `2 May 2024`, the form used in reasons."""
    return f"{day.day} {_MONTH_NAMES[day.month]} {day.year}"
