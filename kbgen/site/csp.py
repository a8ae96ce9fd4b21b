"""The help centers' Content-Security-Policy: the site's own scripts, and frames from the video hosts.

The policy is a `<meta>` that `overrides/main.html` writes with a placeholder and the kbgen plugin
fills in for each page. Material writes a few small inline scripts (its storage helpers, the palette,
the anchor check); the policy allows exactly those by their hashes, taken from the page outside its
article content, so a script that ever slipped into an article body would still not run.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html import escape
from urllib.parse import urlsplit

from kbgen.content.media import EMBED_ORIGINS

PLACEHOLDER = "kbgen-content-security-policy"
_INLINE_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_ATTRIBUTE = re.compile(r"""\b(src|type)\s*=\s*["']?([^"'\s>]*)""", re.I)
_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
GOOGLE_FONTS = ("https://fonts.googleapis.com", "https://fonts.gstatic.com")


def endpoint_origin(url: str) -> str:
    """The origin of an absolute http(s) endpoint; "" for a relative one (the site's own origin)."""
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else ""


def inline_script_hashes(html: str) -> list[str]:
    """CSP sources for the inline scripts of `html` that a browser would run."""
    hashes = []
    for attributes, body in _INLINE_SCRIPT.findall(html):
        found = {name.lower(): value.lower() for name, value in _ATTRIBUTE.findall(attributes)}
        if "src" in found or found.get("type", "") not in _SCRIPT_TYPES:
            continue
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        source = f"'sha256-{digest}'"
        if source not in hashes:
            hashes.append(source)
    return hashes


def policy(script_hashes: list[str], *, endpoint: str = "", google_fonts: bool = False) -> str:
    """The policy text: own origin for everything, video hosts for frames, the collector for beacons."""
    collector = [endpoint] if endpoint else []
    fonts_css, fonts_files = ([GOOGLE_FONTS[0]], [GOOGLE_FONTS[1]]) if google_fonts else ([], [])
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *script_hashes],
        "style-src": ["'self'", "'unsafe-inline'", *fonts_css],
        "img-src": ["'self'", "data:", "https:", *collector],
        "font-src": ["'self'", "data:", *fonts_files],
        "media-src": ["'self'", "https:"],
        "frame-src": list(EMBED_ORIGINS),
        "connect-src": ["'self'", *collector],
        "worker-src": ["'self'"],
        "form-action": ["'self'", *collector],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
    }
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


# The landing page runs no script and loads only its favicon: it needs nothing else.
LANDING_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'"
)


def fill_policy(output: str, article_html: str, *, endpoint: str = "", google_fonts: bool = False) -> str:
    """Put the page's policy into the placeholder `<meta>` of a rendered page."""
    if PLACEHOLDER not in output:
        return output
    theme_part = output.replace(article_html, "") if article_html else output
    text = policy(
        inline_script_hashes(theme_part), endpoint=endpoint_origin(endpoint), google_fonts=google_fonts
    )
    return output.replace(PLACEHOLDER, escape(text, quote=False).replace('"', "&quot;"), 1)
