"""Pages that keep every URL the ledger knows alive: redirects for renamed articles and short links,
and a "this article was removed" page with a search box for retired ones.

They are written after MkDocs has built the audience, as plain files: that keeps them out of the
search index and the sitemap (which list canonical pages only), and `noindex` keeps them out of
search engines. Every value that came from an editor (titles) is escaped here.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from kbgen.content.ledger import LedgerPage, LedgerPlan
from kbgen.settings import Settings
from kbgen.site.csp import inline_script_hashes, policy


def write_ledger_pages(site_dir: Path, plan: LedgerPlan, settings: Settings, audiences: list[str]) -> None:
    """Write the ledger's pages into each built audience under `site_dir`."""
    for audience in audiences:
        write_audience_ledger_pages(site_dir / audience, plan.pages.get(audience, []), settings, audience)


def write_audience_ledger_pages(
    audience_dir: Path, pages: list[LedgerPage], settings: Settings, audience: str
) -> None:
    """Write one built audience's ledger pages into `audience_dir`."""
    for page in pages:
        index = audience_dir / page.path / "index.html"
        if index.exists():  # a real page always wins over a stub
            continue
        index.parent.mkdir(parents=True, exist_ok=True)
        index.write_text(_render(page, audience, settings), encoding="utf-8")


def _render(page: LedgerPage, audience: str, settings: Settings) -> str:
    to_root = "../" * page.path.count("/")
    if page.target:
        return _redirect(
            page, to_root + f"{page.target}/", settings.audience_url(audience) + f"{page.target}/"
        )
    return _removed(page, to_root, settings, audience)


def _redirect(page: LedgerPage, relative: str, canonical: str) -> str:
    """Canonical for search engines, meta refresh for everyone, and JS first so `#section` survives."""
    script = f"<script>location.replace({json.dumps(relative)} + location.hash)</script>"
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
{_policy_meta(script)}
<title>{escape(page.title)}</title>
<meta name="robots" content="noindex">
<link rel="canonical" href="{escape(canonical)}">
{script}
<meta http-equiv="refresh" content="0; url={escape(relative)}">
</head>
<body>
<p>This article has moved: <a href="{escape(relative)}">{escape(page.title)}</a>.</p>
</body>
</html>
"""


def _removed(page: LedgerPage, to_root: str, settings: Settings, audience: str) -> str:
    """Says the article is gone and offers the help center's search (Material opens it from `?q=`)."""
    site_name = escape(settings.audiences[audience].site_name)
    home = escape(to_root)
    contact = settings.audiences[audience].contact
    reach = [
        f"call {escape(contact.phone)}" if contact.phone else "",
        f'email <a href="mailto:{escape(contact.email)}">{escape(contact.email)}</a>'
        if contact.email
        else "",
    ]
    reach_line = " or ".join(part for part in reach if part)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
{_policy_meta("")}
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Article removed: {site_name}</title>
<style>
  :root {{ color-scheme: light dark; --accent: light-dark(#00695c, #5fd4c8); }}
  body {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0;
         background: Canvas; color: CanvasText;
         line-height: 1.5; }}
  main {{ max-width: 40rem; margin: 0 auto; padding: 2rem 1.25rem; }}
  .site {{ font-weight: 700; }}
  a {{ color: var(--accent); }}
  form {{ display: flex; flex-wrap: wrap; gap: .5rem; margin: 1rem 0; }}
  input {{ flex: 1 1 14rem; font: inherit; padding: .6rem .75rem; border: 2px solid var(--accent);
          border-radius: .4rem; }}
  button {{ font: inherit; padding: .6rem 1.2rem; border: 0; border-radius: .4rem; background: var(--accent);
           color: Canvas; cursor: pointer; min-height: 2.75rem; }}
</style>
</head>
<body>
<main>
<p class="site"><a href="{home}">{site_name}</a></p>
<h1>This article was removed</h1>
<p>&ldquo;{escape(page.title)}&rdquo; is no longer part of the help center. Search for what you need:</p>
<form action="{home}" method="get" role="search">
<input name="q" type="search" aria-label="Search the help center" value="{escape(page.title)}">
<button type="submit">Search</button>
</form>
<p>Or <a href="{home}">browse all articles</a>.{f" Still stuck? {reach_line}." if reach_line else ""}</p>
</main>
</body>
</html>
"""


def _policy_meta(scripts: str) -> str:
    """The sites' Content-Security-Policy, allowing this page's own inline script."""
    return f'<meta http-equiv="Content-Security-Policy" content="{policy(inline_script_hashes(scripts))}">'
