"""Writes the answer desk into a freshly built site folder.

The page itself is small: where each help center's search lives, and for each audience two static
files beside it, fetched when the desk opens (same origin, so the desk works from the static files
alone): `<audience>.json`, what a CSR copies for every built article (title, summary, category,
last updated, videos, link, short link, reply text: the link catalog's entries) and how many
articles use each word of the site's index (as the site's query rewrite counts them), and
`<audience>.lunr.json`, that site's own search index already indexed the way Material's worker
indexes it (`kbgen.search.material`), which the site's worker loads instead of indexing thousands
of articles in the browser. The search itself runs in each site's own worker over that site's
`search_index.json`, so the desk ranks exactly as the help centers do. Editors' text reaches the
page only as JSON and is put on screen with textContent.
"""

from __future__ import annotations

import json
from html import escape
from importlib.resources import files
from pathlib import Path
from string import Template

from kbgen.catalog import catalog_entries
from kbgen.content import AUDIENCES, ContentSet
from kbgen.content.ledger import LedgerPlan
from kbgen.search import load_index
from kbgen.settings import Settings
from kbgen.site.assets import assets_version
from kbgen.site.csp import fill_policy

DESK_DIR = Path("staff") / "desk"
_WORKERS = Path("assets") / "javascripts" / "workers"


def write_desk(
    out_dir: Path, content: ContentSet, plan: LedgerPlan, settings: Settings, miss_endpoint: str = ""
) -> Path | None:
    """Write `out_dir/staff/desk/index.html` for the audiences built in `out_dir`; None if none was.
    With the collector's `miss_endpoint`, "Request one" sends the CSR's words as kind `csr`."""
    desk_dir = out_dir / DESK_DIR
    audiences = {}
    for audience in AUDIENCES:
        material_worker = next(iter(sorted((out_dir / audience / _WORKERS).glob("search.*.min.js"))), None)
        if material_worker is None:
            continue
        videos = {
            article.slug: [{"title": v.title, "url": v.url} for v in article.videos]
            for article in content.articles[audience]
        }
        entries = catalog_entries(content, plan, settings, audiences=(audience,), site_dir=out_dir)
        articles = {
            _location(entry.url): entry.as_dict() | {"videos": videos.get(_location(entry.url)[:-1], [])}
            for entry in entries
        }
        index = load_index(out_dir, audience)
        words = index.rewriter.words
        _write_json(
            desk_dir / f"{audience}.json",
            {"articles": articles, "word_pages": dict(words.pages), "page_count": words.page_count},
        )
        _write_json(desk_dir / f"{audience}.lunr.json", index.material.serialized())
        base = f"../../{audience}/"
        version = assets_version(out_dir / audience / "assets")  # the site's own, as its pages name it
        audiences[audience] = {
            "name": settings.audiences[audience].site_name,
            "base": base,
            "worker": f"{base}{_WORKERS.as_posix()}/kbgen-search.js?v={version}"
            f"&material={material_worker.name}",
            "emergency_line": settings.emergency_line(audience),
            "articles": f"{audience}.json",
            "prebuilt": f"{audience}.lunr.json",
        }
    if not audiences:
        return None
    data = json.dumps(
        {"company": settings.company, "endpoint": miss_endpoint, "audiences": audiences}, ensure_ascii=False
    )
    template = Template(files("kbgen.desk").joinpath("desk.html").read_text(encoding="utf-8"))
    page = fill_policy(  # its own script runs, by its hash; requests go to the sites and the collector
        template.substitute(company=escape(settings.company), data=data.replace("</", "<\\/")),
        "",
        endpoint=miss_endpoint,
    )
    target = desk_dir / "index.html"
    target.write_text(page, encoding="utf-8")
    return target


def _write_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _location(url: str) -> str:
    """The article's location in its site, as the search index names it: "pay-rent-online/"."""
    return url.rstrip("/").rsplit("/", 1)[-1] + "/"
