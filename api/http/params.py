"""Parameter types shared by the routes."""

import datetime as dt
import re
from typing import Annotated

from pydantic import BeforeValidator

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date_text(value: object) -> object:
    """Only `YYYY-MM-DD`: pydantic alone would also read `0` as 1 January 1970."""
    if isinstance(value, str) and not _ISO_DATE.fullmatch(value):
        raise ValueError("use a date as YYYY-MM-DD")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date_text)]
