"""Phone numbers and e-mail addresses in article bodies become `tel:` and `mailto:` links.

A resident with a gas leak should tap the number, not copy it by hand. Runs on the sanitized HTML
of an article body: only text between tags is touched, never text inside a link, code or a
preformatted block, and the links it writes hold nothing but digits or an address it matched.
"""

from __future__ import annotations

import re
from html import escape, unescape

# North American numbers as people write them: (555) 010-4400, 555-010-4400, 555.010.4400,
# 1-800-555-0199, +1 555 010 4400. Seven digits alone are not linked (too often something else).
_PHONE = r"(?<![\w+])(?:\+?1[ .-]?)?(?:\(\d{3}\)[ ]?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\w])"
# 911 is linked where it is an instruction: "call 911", "dial 911".
_EMERGENCY = r"(?<=\b[Cc]all )911\b|(?<=\b[Dd]ial )911\b"
_EMAIL = r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])"
_CONTACT = re.compile(f"(?P<phone>{_PHONE}|{_EMERGENCY})|(?P<email>{_EMAIL})")

# Elements whose text is never turned into links.
_SKIP = {"a", "code", "pre", "kbd", "script", "style", "textarea", "button"}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>|<!--.*?-->", re.S)


def tel_href(phone: str) -> str:
    """`tel:` with the digits (and a leading +) of a number as written."""
    return "tel:" + re.sub(r"[^0-9+]", "", phone)


def link_contacts(html: str) -> str:
    """`html` with every phone number and e-mail address in its text made a link."""
    out: list[str] = []
    skipped: list[str] = []  # open elements whose text stays as is
    position = 0
    for tag in _TAG.finditer(html):
        text = html[position : tag.start()]
        out.append(text if skipped else _link_text(text))
        out.append(tag.group(0))
        position = tag.end()
        name = (tag.group(2) or "").lower()
        if name in _SKIP and not tag.group(3):
            if tag.group(1):
                if name in skipped:
                    del skipped[len(skipped) - 1 - skipped[::-1].index(name)]
            else:
                skipped.append(name)
    tail = html[position:]
    out.append(tail if skipped else _link_text(tail))
    return "".join(out)


def _link_text(text: str) -> str:
    if "@" not in text and not any(ch.isdigit() for ch in text):
        return text

    def replace(match: re.Match[str]) -> str:
        shown = match.group(0)
        if match.group("email"):
            return f'<a href="mailto:{escape(unescape(shown))}">{shown}</a>'
        return f'<a href="{tel_href(shown)}">{shown}</a>'

    return _CONTACT.sub(replace, text)
