"""The sites' colours, light and dark, and whether they pass WCAG 2.2 AA.

Material's named palettes fail AA (white on teal #009485 is 3.76:1), so kbgen's `mkdocs.yml` sets
`primary: custom` and `accent: custom` and kbgen supplies the colours from `extra.kbgen.colors`
(defaults below). `kbgen check` measures whatever a company configured, a named Material colour or
its own, and warns about every pair under the AA ratio.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from importlib.resources import files
from pathlib import Path
from typing import Any

from kbgen.content import Problem

TEXT_RATIO = 4.5  # WCAG 2.2 AA, 1.4.3: normal-size text
_HEX = re.compile(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")

# Material's page backgrounds: white, and slate's hsl(232, 15%, 14%).
BACKGROUNDS = {"light": "#ffffff", "dark": "#1e2029"}


@dataclass(frozen=True)
class SchemeColors:
    """One scheme's colours: the header bar and its text, links in the page, and the accent
    (hover, focus rings, search highlights)."""

    header: str
    header_text: str
    link: str
    accent: str


DEFAULT_COLORS = {
    "light": SchemeColors(header="#00695c", header_text="#ffffff", link="#00695c", accent="#bf360c"),
    "dark": SchemeColors(header="#00695c", header_text="#ffffff", link="#5fd4c8", accent="#ff9e80"),
}


class PaletteError(ValueError):
    """A colour in `extra.kbgen.colors` is not a #rgb or #rrggbb value."""


def load_colors(block: Any) -> dict[str, SchemeColors]:
    """`extra.kbgen.colors` over the defaults; only hex colours, since they go into the page's CSS."""
    block = block if isinstance(block, dict) else {}
    colors = {}
    for scheme, default in DEFAULT_COLORS.items():
        given = block.get(scheme) if isinstance(block.get(scheme), dict) else {}
        values = {}
        for name in (f.name for f in fields(SchemeColors)):
            value = str(given.get(name) or getattr(default, name))
            if not _HEX.fullmatch(value):
                raise PaletteError(
                    f"extra.kbgen.colors.{scheme}.{name} is {value!r}: write a colour as #rrggbb (#00695c)"
                )
            values[name] = value
        colors[scheme] = SchemeColors(**values)
    return colors


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two opaque hex colours (1 to 21)."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(color: str) -> float:
    digits = color.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def colors_css(colors: dict[str, SchemeColors]) -> str:
    """CSS variables for Material's `custom` primary and accent, light then dark."""
    rules = []
    for scheme, selector in (("light", ""), ("dark", "[data-md-color-scheme=slate]")):
        c = colors[scheme]
        rules.append(
            f"{selector}[data-md-color-primary=custom]{{--md-primary-fg-color:{c.header};"
            f"--md-primary-fg-color--light:{c.header};--md-primary-fg-color--dark:{c.header};"
            f"--md-primary-bg-color:{c.header_text};--md-primary-bg-color--light:{c.header_text};"
            f"--md-typeset-a-color:{c.link};--kbgen-link-color:{c.link}}}"
            f"{selector}[data-md-color-accent=custom]{{--md-accent-fg-color:{c.accent};"
            f"--md-accent-fg-color--transparent:{c.accent}1a;--md-accent-bg-color:{BACKGROUNDS[scheme]};"
            f"--md-accent-bg-color--light:{BACKGROUNDS[scheme]}}}"
        )
    return "".join(rules)


def palette_problems(
    theme: dict[str, Any], colors: dict[str, SchemeColors], config_file: Path
) -> list[Problem]:
    """A warning for every colour pair of the configured palette under AA, in either scheme."""
    problems = []
    entries = theme.get("palette") or []
    for entry in [entries] if isinstance(entries, dict) else entries:
        if not isinstance(entry, dict) or "scheme" not in entry:
            continue
        scheme = "dark" if entry["scheme"] == "slate" else "light"
        scheme_colors = _effective(scheme, entry, colors[scheme])
        background = BACKGROUNDS[scheme]
        for what, ratio in (
            (f"header text {scheme_colors.header_text} on the header {scheme_colors.header}",
             contrast(scheme_colors.header_text, scheme_colors.header)),
            (f"links {scheme_colors.link} on the {scheme} page {background}",
             contrast(scheme_colors.link, background)),
            (f"the accent {scheme_colors.accent} (hover, focus, search highlights) on the {scheme} page",
             contrast(scheme_colors.accent, background)),
        ):  # fmt: skip
            if ratio < TEXT_RATIO:
                problems.append(
                    Problem(
                        "warning",
                        config_file,
                        f"palette ({entry['scheme']}): {what} is {ratio:.2f}:1, under WCAG AA's "
                        f"{TEXT_RATIO}:1; set primary/accent to custom and choose darker (light) or "
                        "lighter (dark) colours in extra.kbgen.colors",
                    )
                )
    return problems


def _effective(scheme: str, entry: dict[str, Any], custom: SchemeColors) -> SchemeColors:
    """The colours a palette entry really shows: kbgen's for `custom`, else Material's named ones."""
    named = _material_colors()
    primary = str(entry.get("primary", "indigo")).replace(" ", "-").lower()
    accent = str(entry.get("accent", "indigo")).replace(" ", "-").lower()
    values = custom.__dict__.copy()
    if primary != "custom" and primary in named["primary"]:
        header, header_text, slate_link = named["primary"][primary]
        values.update(
            header=header,
            header_text=_over(header_text, header),  # light primaries have translucent black text
            link=slate_link if scheme == "dark" else header,
        )
    if accent != "custom" and accent in named["accent"]:
        values["accent"] = named["accent"][accent]
    return SchemeColors(**values)


def _over(color: str, background: str) -> str:
    """`color` (#rgb, #rrggbb or #rrggbbaa) as it shows on an opaque `background`."""
    digits = color.lstrip("#")
    if len(digits) in (3, 4):
        digits = "".join(c * 2 for c in digits)
    if len(digits) != 8:
        return "#" + digits
    alpha = int(digits[6:], 16) / 255
    below = background.lstrip("#")
    if len(below) == 3:
        below = "".join(c * 2 for c in below)
    mixed = (
        round(int(digits[i : i + 2], 16) * alpha + int(below[i : i + 2], 16) * (1 - alpha)) for i in (0, 2, 4)
    )
    return "#" + "".join(f"{channel:02x}" for channel in mixed)


def _material_colors() -> dict[str, dict[str, Any]]:
    """Material's named colours, read from its own palette stylesheet (so an upgrade stays true)."""
    css = "".join(
        path.read_text(encoding="utf-8")
        for path in Path(str(files("material"))).glob("templates/assets/stylesheets/palette.*.min.css")
    )

    def variables(selector: str) -> dict[str, dict[str, str]]:
        found: dict[str, dict[str, str]] = {}
        for name, body in re.findall(selector + r"\{([^}]*)\}", css):
            found.setdefault(name, {}).update(re.findall(r"(--[\w-]+):\s*(#[0-9a-fA-F]{3,8})\b", body))
        return found

    primary = variables(r"(?<![\]\w])\[data-md-color-primary=([\w-]+)\]")
    slate = variables(r"\[data-md-color-scheme=slate\]\[data-md-color-primary=([\w-]+)\]")
    accent = variables(r"\[data-md-color-accent=([\w-]+)\]")
    return {
        "primary": {
            name: (
                values["--md-primary-fg-color"],
                values.get("--md-primary-bg-color", "#fff"),
                slate.get(name, {}).get("--md-typeset-a-color", values["--md-primary-fg-color"]),
            )
            for name, values in primary.items()
            if "--md-primary-fg-color" in values
        },
        "accent": {
            name: v["--md-accent-fg-color"] for name, v in accent.items() if "--md-accent-fg-color" in v
        },
    }
