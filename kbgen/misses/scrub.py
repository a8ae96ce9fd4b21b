"""Personal data out of search queries before anything is stored.

Visitors type their own details into a search box ("locked out apt 4b call 555 010 4000"); the
database must never hold them, so every query passes through `scrub` at the door.
"""

from __future__ import annotations

import re

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Seven or more digits, optionally broken by spaces, dots, dashes, slashes or brackets.
_PHONE = re.compile(r"(?<![\w<>])\+?\(?\d(?:[\s().\-/]*\d){6,}(?![\w>])")
_LONG_NUMBER = re.compile(r"\d{6,}")
_UNIT = re.compile(
    r"(?:\b(?:apt|apartment|unit|suite|ste|flat|room|rm|bldg|building)\b\.?\s*#?|#)\s*"
    r"[a-z]?\d+[a-z]?(?:-\d+[a-z]?)?\b",
    re.IGNORECASE,
)
_STREET_ADDRESS = re.compile(
    r"\b\d{1,5}\s+(?:[a-z]+\s+){1,3}"
    r"(?:st|street|ave|avenue|rd|road|blvd|boulevard|dr|drive|ln|lane|ct|court|way|pl|place)\b\.?",
    re.IGNORECASE,
)

PLACEHOLDERS = ("<email>", "<phone>", "<number>", "<unit>", "<address>")


def scrub(text: str) -> str:
    """`text` with e-mails, phone numbers, long digit runs, unit numbers and street addresses
    replaced by placeholders such as `<unit>`."""
    text = _EMAIL.sub("<email>", text)
    text = _LONG_NUMBER.sub("<number>", text)
    text = _PHONE.sub("<phone>", text)
    text = _STREET_ADDRESS.sub("<address>", text)
    return _UNIT.sub("<unit>", text)
