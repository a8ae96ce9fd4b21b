"""The root of `site/`: a landing page that sends each visitor to their help center, plus a
sitemap index and robots.txt covering both sites."""

from __future__ import annotations

from html import escape
from pathlib import Path

from kbgen.settings import Settings
from kbgen.site.csp import LANDING_POLICY
from kbgen.site.linkify import tel_href

_LABELS = {
    "residents": ("I rent my home", "Rent, repairs, emergencies, moving in and out"),
    "owners": ("I own a property we manage", "Statements, payouts, fees, taxes and leasing"),
}


def write_landing(site_dir: Path, settings: Settings, audiences: list[str]) -> None:
    # Residents first: they are most of the visitors.
    cards = "".join(
        f'<a class="card" href="{audience}/"><strong>{escape(_LABELS[audience][0])}</strong>'
        f"<span>{escape(settings.audiences[audience].site_name)}</span>"
        f"<small>{escape(settings.audiences[audience].description or _LABELS[audience][1])}</small></a>"
        for audience in sorted(audiences, key=lambda a: a != "residents")
    )
    emergency = settings.emergency_line("residents") if "residents" in audiences else ""
    notice = (
        f'<p class="emergency">Maintenance emergency? Call <a href="{tel_href(emergency)}">'
        f"{escape(emergency)}</a>, day or night.</p>"
        if emergency
        else ""
    )
    description = f"Help for {settings.company}'s residents and property owners."
    favicon = str((settings.theme or {}).get("favicon") or "assets/images/favicon.png")
    page = _TEMPLATE.format(
        company=escape(settings.company),
        cards=cards,
        notice=notice,
        description=escape(description),
        url=escape(settings.site_url),
        # Each audience site carries the theme's favicon; the landing page points at the first one's.
        favicon=escape(f"{audiences[0]}/{favicon}") if audiences else "",
        policy=escape(LANDING_POLICY),
    )
    (site_dir / "index.html").write_text(page, encoding="utf-8")
    sitemaps = "".join(
        f"<sitemap><loc>{escape(settings.audience_url(a))}sitemap.xml</loc></sitemap>" for a in audiences
    )
    (site_dir / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{sitemaps}</sitemapindex>\n',
        encoding="utf-8",
    )
    (site_dir / "robots.txt").write_text(
        f"User-agent: *\nAllow: /\nSitemap: {settings.site_url}sitemap.xml\n", encoding="utf-8"
    )


_TEMPLATE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<title>{company}: help center</title>
<meta name="description" content="{description}">
<link rel="canonical" href="{url}">
<link rel="icon" href="{favicon}">
<meta property="og:type" content="website">
<meta property="og:site_name" content="{company} help center">
<meta property="og:title" content="{company} help center">
<meta property="og:description" content="{description}">
<meta property="og:url" content="{url}">
<meta name="twitter:card" content="summary">
<meta name="twitter:title" content="{company} help center">
<meta name="twitter:description" content="{description}">
<style>
  :root {{ color-scheme: light dark; --accent: light-dark(#00695c, #5fd4c8); }}
  body {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0;
         background: Canvas; color: CanvasText;
         display: flex; min-height: 100vh; align-items: center; justify-content: center; }}
  main {{ max-width: 44rem; padding: 2rem 1.25rem; }}
  a {{ color: var(--accent); }}
  h1 {{ font-size: 1.6rem; margin: 0 0 .25rem; }}
  p.lead {{ margin: 0 0 1.5rem; opacity: .8; }}
  .cards {{ display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); }}
  .card {{ display: flex; flex-direction: column; gap: .35rem; padding: 1.25rem; border-radius: .6rem;
          border: 2px solid var(--accent); text-decoration: none; color: inherit; }}
  .card:hover, .card:focus {{ background: color-mix(in srgb, var(--accent) 12%, transparent); }}
  .card strong {{ font-size: 1.15rem; color: var(--accent); }}
  .emergency {{ margin-top: 1.5rem; padding: .75rem 1rem; border-left: 4px solid #d32f2f; }}
</style>
</head>
<body>
<main>
<h1>{company} help center</h1>
<p class="lead">Choose the help center that fits you.</p>
<nav class="cards" aria-label="Help centers">{cards}</nav>
{notice}
</main>
</body>
</html>
"""
