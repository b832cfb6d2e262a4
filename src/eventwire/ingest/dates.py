"""Metadata date strings -> datetime.date (ISO 8601, RFC 2822, then dateparser)."""
from __future__ import annotations

import datetime as dt
import email.utils
import logging
import time
from typing import Any, Optional

LOGGER = logging.getLogger(__name__)


def parse_date(value: Any) -> Optional[dt.date]:
    """A date from metadata (str, date, datetime, struct_time); None when it is not one.

    Only full dates (day, month and year) count: "2024-11" is None.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, time.struct_time):
        try:
            return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
        except ValueError:
            return None
    if not isinstance(value, str):
        return None
    text = value.strip()[:100]
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    return _dateparser(text)


def _dateparser(text: str) -> Optional[dt.date]:
    import dateparser  # slow import: only for unusual metadata formats

    try:
        parsed = dateparser.parse(text, languages=["en"], settings={
            "STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"],
            "PREFER_DATES_FROM": "past"})
    except (ValueError, TypeError, OverflowError, AttributeError):
        LOGGER.debug("dateparser failed on %r", text, exc_info=True)
        return None
    return parsed.date() if parsed else None
