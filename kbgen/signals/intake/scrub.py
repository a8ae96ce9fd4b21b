"""Personal data out of what visitors type (search queries, comments) before anything is stored.

Visitors type their own details into a search box ("locked out apt 4b call 555 010 4000"); the
database must never hold them, so every query and comment passes through `scrub` at the door. The
text is normalised first (NFKC: fullwidth "ｊｏｈｎ＠ｇｍａｉｌ．ｃｏｍ" is "john@gmail.com", every
dash a "-"), then each kind of personal data is replaced by a placeholder such as `<phone>`.

Kinds: e-mail addresses (also written "john at gmail dot com", "john(at)gmail.com"), IPv4 and IPv6
addresses, post office boxes, gate/door/lockbox codes, passwords, licence plates, street addresses,
apartment and unit numbers, phone numbers (spaces, dots, commas or dashes), long digit runs (accounts,
cards), and names: after "Mr"/"Ms"/"Dr", after "my name is", or a capitalised first name from a list
followed by a capitalised word ("Jane Doe"). Rules are conservative where plain help questions look
alike: "unit 2 parking", "1099 form 2025", "reset my password", "gate code not working" stay as typed.

Measured on tests/signals/scrub_cases.yml by benchmarks/scrub_quality.py.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections.abc import Callable

PLACEHOLDERS = (
    "<email>",
    "<ip>",
    "<pobox>",
    "<code>",
    "<password>",
    "<plate>",
    "<address>",
    "<unit>",
    "<phone>",
    "<number>",
    "<name>",
)

_DASHES = re.compile(r"[\u2010-\u2015\u2212\ufe58\ufe63]")

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_TLDS = r"(?:com|net|org|edu|gov|mil|io|co|us|uk|ca|me|info|biz|app|dev|ai|de|fr|au|nl|es|it|email)"
_AT = r"(?:\s*[(\[{<]\s*at\s*[)\]}>]\s*|\s+at\s+|\s*@\s*)"
_DOT = r"(?:\s*[(\[{<]\s*dot\s*[)\]}>]\s*|\s+dot\s+|\s*\.\s*)"
_SPELLED_EMAIL = re.compile(rf"[\w.+-]+{_AT}[\w-]+(?:{_DOT}[\w-]+)*?{_DOT}{_TLDS}\b", re.IGNORECASE)

_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.]*\d)")
_IPV6_CANDIDATE = re.compile(r"(?<![\w:.])[0-9A-Fa-f:]*:[0-9A-Fa-f]*:[0-9A-Fa-f:.]*(?![\w:])")

_PO_BOX = re.compile(r"\b(?:p\.?\s*o\.?\s*b(?:ox)?|post\s+office\s+box|pobox)\s*#?\s*\d+\b", re.IGNORECASE)

_CODE_WORD = (
    r"\b(?:(?:gate|door|lock\s?box|key\s?box|alarm|garage|keypad|access|entry|entrance|building|"
    r"mailbox|padlock|security|lock)\s+)*(?:code|combo|combination|pin)\b"
)
_CODE = re.compile(
    rf"({_CODE_WORD}(?:\s*(?:is|was|:|=|number|no\.?)\s*|\s+)[#*]?)"
    r"((?=[\w#*-]*\d)[\w#*]+(?:-[\w#*]+)*)",
    re.IGNORECASE,
)

_NOT_A_PASSWORD = (
    r"(?:not|no|wrong|incorrect|invalid|expired|locked|too|being|the|a|my|correct|right|reset|"
    r"changed|missing|blank|empty|forgotten|lost|same|still|case|required|working|needed|asking|"
    r"rejected|different|sent|old|new|weak|long|short)\b"
)
_PASSWORD = re.compile(
    r"(\b(?:password|passwd|passcode|pwd|pw)\b(?:"
    rf"(?:\s+\w+){{0,3}}?\s*(?:\bis\b|\bwas\b|:|=)\s*(?!{_NOT_A_PASSWORD})"  # "password I set is X"
    r"|\s+(?=\S*[\d!$%^&*#@]))"  # "password Fluffy99": no "is", but not a plain word
    r")(\S+)",
    re.IGNORECASE,
)

_PLATE = re.compile(
    r"(\b(?i:licen[cs]e\s+plate|registration\s+plate|car\s+plate|plate|tag|car|vehicle|towed)"
    r"(?i:\s+(?:number|no\.?))?\s*#?\s*)"
    r"([A-Za-z0-9]{1,8}(?:[ -](?:\d[A-Za-z0-9]{0,3}|[A-Za-z0-9]{0,3}\d|[A-Z]{1,3})\b){0,2})"
)
_PLATE_SHAPE = re.compile(r"\b\d[A-Za-z]{3}\d{3}\b")  # 7ABC123, the common US shape, even without "plate"

_DIRECTION = r"(?:[NSEW]|NE|NW|SE|SW|North|South|East|West)\.?"
_NOT_A_STREET_WORD = r"(?!(?:way|ways|more|one|of|to|the|a|an|and|or|for|per|minute|minutes|hour|hours|day|days|mile|miles|block|blocks|car|cars|bedroom|star)\b)"  # noqa: E501
_STREET = re.compile(
    rf"\b\d{{1,6}}[A-Za-z]?\s+(?:{_DIRECTION}\s+)?(?:{_NOT_A_STREET_WORD}[A-Za-z0-9'-]+\.?\s+){{1,3}}"
    r"(?:street|st|avenue|ave|road|rd|boulevard|blvd|drive|dr|lane|ln|parkway|pkwy|highway|hwy)\b\.?"
    rf"(?:\s+(?:NE|NW|SE|SW|[NSEW])\b)?",
    re.IGNORECASE,
)
# Suffixes that are also plain words ("10 minute walk", "1 more way") need a capitalised name.
_NAMED_STREET = re.compile(
    rf"\b\d{{1,6}}[A-Za-z]?\s+(?:{_DIRECTION}\s+)?(?:[A-Z][A-Za-z'-]*\.?\s+){{1,3}}"
    r"(?:Way|Walk|Run|Row|Close|Point|View|Loop|Place|Pl|Circle|Cir|Court|Ct|Square|Sq|Terrace|Ter|"
    r"Trail|Trl|Heights|Ridge|Pike|Plaza|Alley|Crescent|Cove|Grove|Path|Park)\b\.?"
)
_UNIT = re.compile(
    r"((?:\b(?:apt|apartment|unit|suite|ste|flat|room|rm|bldg|building)\b\.?\s*#?|#)\s*)"
    r"([a-z]?\d+[a-z]?(?:-\d*[a-z]?\d*)?)\b",
    re.IGNORECASE,
)

_DIGIT = re.compile(r"\d")
_LONG_NUMBER = re.compile(r"\d{6,}")
_PHONE = re.compile(r"(?<![\w<>/$.,])\+?\(?\d[\d\s.,()-]{4,}\d(?![\w>])")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")

# Common first names, leaving out those that are also everyday words, brands, places or holidays
# ("Will", "May", "Bill", "Grace", "Chase", "Jordan", "Martin Luther King Day").
_FIRST_NAMES = frozenset(
    """
    aaron abigail adam adrian ahmed aisha alan albert alex alexander alice alicia allison amanda amy
    ana andrea andrew angela anna anne anthony antonio ashley barbara benjamin betty beverly brandon
    brenda brian brittany bruce bryan carlos carmen catherine charles charlotte cheryl christina
    christine christopher cynthia daniel danielle david deborah debra denise dennis diana diane
    donald donna dorothy douglas dylan edward elena elizabeth emily emma eric erica ethan evelyn
    fatima gabriel gary george gloria gregory hannah harold heidi helen henry isabella jacob james
    jane janet janice jason jean jeffrey jennifer jeremy jerry jesse jessica joan joe john jonathan
    jose joseph joshua joyce juan judith julia julie justin karen katherine kathleen kathryn kayla
    keith kelly kenneth kevin kimberly kyle larry laura lauren linda lisa logan lori louis luis
    madison margaret maria marie marilyn mary matthew megan melissa michael michelle mohammed
    muhammad nancy natalie nathan nicholas nicole noah olivia pamela patricia patrick paul peter
    philip priya rachel ralph raymond rebecca richard robert roger ronald russell ryan samantha
    samuel sandra sara sarah scott sean sharon shirley sophia stephanie stephen steven susan teresa
    thomas timothy tyler victoria vincent virginia walter wayne william zachary
    """.split()  # noqa: SIM905 (a word list reads better as words)
)
_SURNAME = r"[A-Z][A-Za-z'’]+(?:-[A-Z][A-Za-z'’]+)?"
_LISTED_NAME = re.compile(rf"\b([A-Z][a-z]+)\s+(?:[A-Z]\.?\s+)?{_SURNAME}")
_TITLED_NAME = re.compile(rf"(\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?\s+){_SURNAME}")
_NOT_A_NAME = (
    r"(?:not|wrong|misspelled|spelled|spelt|incorrect|missing|different|changed|on|in|the|a|an|"
    r"still|showing|listed|also|now|being|and|but|so|what|how)\b"
)
_NAMED = re.compile(
    rf"(\b(?:my\s+name\s+is|name\s+is|name\s*:)\s+)(?!{_NOT_A_NAME})[A-Za-z'’-]+"
    rf"(?:\s+(?!{_NOT_A_NAME})[A-Za-z'’-]+)?",
    re.IGNORECASE,
)


def scrub(text: str) -> str:
    """`text` (normalised, NFKC) with every kind of personal data replaced by its placeholder.

    Each rule runs only when the text holds what it needs (a digit, an "@" or "at", a colon, a
    capital), since most queries hold none: every beacon passes here."""
    text = _DASHES.sub("-", unicodedata.normalize("NFKC", text))
    lowered = text.lower()
    if "@" in text or "at" in lowered:
        text = _SPELLED_EMAIL.sub("<email>", _EMAIL.sub("<email>", text))
    if ":" in text:
        text = _IPV6_CANDIDATE.sub(_ipv6, text)
    has_digit = _DIGIT.search(text) is not None
    if has_digit:
        text = _IPV4.sub("<ip>", text)
        text = _PO_BOX.sub("<pobox>", text)
        text = _CODE.sub(_kept_cue("<code>"), text)
    if "pass" in lowered or "pw" in lowered:
        text = _PASSWORD.sub(_kept_cue("<password>"), text)
    if has_digit:
        text = _PLATE.sub(_plate, text)
        text = _PLATE_SHAPE.sub("<plate>", text)
        text = _STREET.sub("<address>", text)
        text = _NAMED_STREET.sub("<address>", text)
        text = _UNIT.sub(_unit, text)
        text = _LONG_NUMBER.sub("<number>", text)
        text = _PHONE.sub(_phone, text)
    if "name" in lowered:
        text = _NAMED.sub(_kept_cue("<name>"), text)
    if text != lowered:  # a capital letter somewhere
        text = _TITLED_NAME.sub(_kept_cue("<name>"), text)
        text = _LISTED_NAME.sub(_listed_name, text)
    return text


def _kept_cue(placeholder: str) -> Callable[[re.Match[str]], str]:
    """A replacement keeping the cue ("gate code ", "password is ") and hiding what follows it."""
    return lambda match: match[1] + placeholder


def _ipv6(match: re.Match[str]) -> str:
    try:
        ipaddress.IPv6Address(match[0])
    except ValueError:
        return match[0]  # a time ("10:30:15") or other colons
    return "<ip>"


def _plate(match: re.Match[str]) -> str:
    """A plate has letters and digits; "car 2" or "tag expired" are not plates."""
    plate = match[2]
    if re.search(r"\d", plate) and re.search(r"[A-Za-z]", plate):
        return f"{match[1]}<plate>"
    return match[0]


def _unit(match: re.Match[str]) -> str:
    """A unit number identifies a home when it has two digits or a letter: "apt 4b", "unit 305";
    "unit 2 parking" or "room 2 window" stay."""
    number = match[2].replace("-", "")
    if number.isdigit() and len(number) < 2:
        return match[0]
    return "<unit>"


def _phone(match: re.Match[str]) -> str:
    """Seven to fifteen digits in phone-like groups; amounts ("1,200,000") and two years or form
    numbers side by side ("1099 2025") are not phones."""
    number = match[0]
    digits = sum(char.isdigit() for char in number)
    groups = [group for group in re.split(r"[\s.,()+-]+", number) if group]
    if not 7 <= digits <= 15 or _THOUSANDS.fullmatch(number):
        return number
    if len(groups) == 2 and all(len(group) == 4 for group in groups):
        return number
    return "<phone>"


def _listed_name(match: re.Match[str]) -> str:
    return "<name>" if match[1].lower() in _FIRST_NAMES else match[0]
