"""The URL ledger: every article URL kbgen has published, so that no published link ever breaks.

`content/.kbgen-ledger.json` is committed by editors beside the articles. It is keyed by audience and
by the article's stable id (its `id`, else its first slug), so it follows an article across slug
changes, and it pins each article's short code for good. Everything here is data in, data out: the
pages that keep old URLs alive are written by `kbgen.site.redirects`, the findings by `kbgen.checks`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kbgen.content.article import AUDIENCES, Article, is_valid_slug

LEDGER_FILE = ".kbgen-ledger.json"

# No 0/o, 1/l/i: short codes are read out over the phone and typed from SMS.
CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
CODE_LENGTH = 4
_CODE = re.compile(r"^[a-z0-9]{2,16}$")

_ABOUT = (
    "Every article URL kbgen has published, by audience and stable id; commit this file. "
    'To retire a removed article on purpose, set "removed": true on its entry; to send its readers '
    'to another article instead, set "redirect_to": "<that article\'s slug>".'
)


class LedgerError(Exception):
    """The ledger file cannot be used; the message says how to repair it."""


@dataclass
class LedgerEntry:
    """One article as published: its short code, every slug it had (current last), its last title."""

    code: str
    slugs: list[str]
    title: str = ""
    removed: bool = False  # an editor's decision: the article is gone on purpose
    redirect_to: str = ""  # an editor's decision: old URLs open this article (slug or stable id)


@dataclass
class Ledger:
    path: Path
    entries: dict[str, dict[str, LedgerEntry]] = field(default_factory=lambda: {a: {} for a in AUDIENCES})


@dataclass(frozen=True)
class LedgerPage:
    """A page kbgen writes to keep an old URL working: a redirect to `target`, or 'removed' when empty."""

    path: str  # inside the audience's site: "old-slug/" or "a/<code>/"
    title: str  # the target article's title, or the removed article's last title
    target: str = ""  # the slug of the live article to send readers to


@dataclass(frozen=True)
class Undecided:
    """A published article that is gone without a decision: its URLs would break."""

    audience: str
    stable_id: str
    entry: LedgerEntry
    suggestion: Article | None  # a new article that looks like its renamed self


@dataclass(frozen=True)
class ReusedSlug:
    """An old URL of one article that another article now answers: old links change meaning."""

    audience: str
    slug: str
    old_title: str
    article: Article


@dataclass
class LedgerPlan:
    """The ledger after this build, and what the build must write to keep every old URL alive."""

    ledger: Ledger
    codes: dict[str, dict[str, str]] = field(default_factory=dict)  # audience -> stable id -> code
    pages: dict[str, list[LedgerPage]] = field(default_factory=dict)
    undecided: list[Undecided] = field(default_factory=list)
    reused: list[ReusedSlug] = field(default_factory=list)

    def short_code(self, article: Article) -> str:
        return self.codes[article.audience][article.stable_id]


def derive_short_code(audience: str, stable_id: str, taken: set[str]) -> str:
    """A code derived from the stable id, so unrecorded articles get the same code on every run."""
    attempt = 0
    while True:
        digest = hashlib.sha256(f"{audience}/{stable_id}/{attempt}".encode()).digest()
        number = int.from_bytes(digest[:8], "big")
        code = ""
        for _ in range(CODE_LENGTH):
            number, index = divmod(number, len(CODE_ALPHABET))
            code += CODE_ALPHABET[index]
        if code not in taken:
            return code
        attempt += 1


def load_ledger(content_dir: Path) -> Ledger:
    """Read `content_dir/.kbgen-ledger.json`; an empty ledger when the file does not exist yet."""
    path = content_dir / LEDGER_FILE
    if not path.exists():
        return Ledger(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LedgerError(f"{path} cannot be read ({exc}): restore it with `git checkout -- {path}`") from exc
    if not isinstance(data, dict):
        raise LedgerError(f"{path} must be a JSON object: restore it with `git checkout -- {path}`")
    ledger = Ledger(path)
    for audience in AUDIENCES:
        block = data.get(audience) or {}
        if not isinstance(block, dict):
            raise LedgerError(f"{path}: '{audience}' must be an object of entries keyed by stable id")
        entries = {str(key): _read_entry(path, audience, str(key), value) for key, value in block.items()}
        codes = [entry.code for entry in entries.values() if entry.code]
        if len(codes) != len(set(codes)):
            raise LedgerError(f"{path}: two {audience} entries share a short code: give each its own")
        ledger.entries[audience] = entries
    return ledger


def _read_entry(path: Path, audience: str, key: str, value: Any) -> LedgerEntry:
    where = f"{path}: {audience} entry '{key}'"
    if not isinstance(value, dict):
        raise LedgerError(f'{where} must be an object like {{"slugs": ["{key}"]}}')
    slugs = value.get("slugs")
    if (
        not isinstance(slugs, list)
        or not slugs
        or not all(isinstance(s, str) and is_valid_slug(s) for s in slugs)
    ):
        raise LedgerError(f'{where}: `slugs` must list the URL slugs it was published at, like ["{key}"]')
    code = value.get("code", "")
    if code and not (isinstance(code, str) and _CODE.match(code)):
        raise LedgerError(f"{where}: code '{code}' must be 2 to 16 lower-case letters and digits")
    return LedgerEntry(
        code=code,
        slugs=list(dict.fromkeys(slugs)),
        title=str(value.get("title") or ""),
        removed=value.get("removed") is True,
        redirect_to=str(value.get("redirect_to") or ""),
    )


def save_ledger(ledger: Ledger) -> bool:
    """Write the ledger (sorted, so diffs stay small) when it changed; True when the file was written."""
    data: dict[str, Any] = {"about": _ABOUT, "version": 1}
    for audience in AUDIENCES:
        data[audience] = {
            key: {
                "code": entry.code,
                "slugs": entry.slugs,
                "title": entry.title,
                **({"removed": True} if entry.removed else {}),
                **({"redirect_to": entry.redirect_to} if entry.redirect_to else {}),
            }
            for key, entry in sorted(ledger.entries.get(audience, {}).items())
        }
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if ledger.path.exists() and ledger.path.read_text(encoding="utf-8") == text:
        return False
    handle, temporary = tempfile.mkstemp(prefix=".kbgen-ledger.", dir=ledger.path.parent)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(temporary, ledger.path)
    return True


def retire(ledger: Ledger, audience: str, gone: dict[str, str | None]) -> bool:
    """Record that the source withdrew these articles (stable id -> redirect target, None to keep the
    entry's own): their URLs get the redirect, or the removed page when the target is not live.

    A source that publishes the article again clears this at the next build (`reconcile`). Returns
    whether an entry changed; only articles the ledger knows (ever published) have entries.
    """
    changed = False
    for stable_id, target in gone.items():
        entry = ledger.entries.get(audience, {}).get(stable_id)
        if entry is None:
            continue
        redirect = entry.redirect_to if target is None else target
        if not entry.removed or entry.redirect_to != redirect:
            entry.removed, entry.redirect_to, changed = True, redirect, True
    return changed


def reconcile(ledger: Ledger, articles: dict[str, list[Article]]) -> LedgerPlan:
    """Record this content in a copy of the ledger and plan a page for every URL no article answers."""
    plan = LedgerPlan(ledger=Ledger(ledger.path, {}))
    for audience in AUDIENCES:
        entries = {
            key: replace(e, slugs=list(e.slugs)) for key, e in ledger.entries.get(audience, {}).items()
        }
        live = {article.stable_id: article for article in articles.get(audience, [])}
        new_ids = _record_live(audience, entries, live)
        plan.ledger.entries[audience] = dict(sorted(entries.items()))
        plan.codes[audience] = {stable_id: entries[stable_id].code for stable_id in live}
        plan.pages[audience] = _plan_pages(plan, audience, entries, live, [live[i] for i in new_ids])
    return plan


def _record_live(audience: str, entries: dict[str, LedgerEntry], live: dict[str, Article]) -> list[str]:
    """Add or update the entry of every live article; return the stable ids that had none."""
    _follow_moves(entries, live)
    taken = {entry.code for entry in entries.values() if entry.code}
    for key, entry in sorted(entries.items()):
        if not entry.code:  # a hand-written entry: an editor's decision about an old URL
            entry.code = derive_short_code(audience, key, taken)
            taken.add(entry.code)
    new_ids = []
    for stable_id, article in sorted(live.items()):
        entry = entries.get(stable_id)
        if entry is None:
            new_ids.append(stable_id)
            entry = entries[stable_id] = LedgerEntry(
                code=derive_short_code(audience, stable_id, taken), slugs=[]
            )
            taken.add(entry.code)
        if article.slug in entry.slugs:
            entry.slugs.remove(article.slug)
        entry.slugs.append(article.slug)
        entry.title, entry.removed, entry.redirect_to = article.title, False, ""
    return new_ids


def _follow_moves(entries: dict[str, LedgerEntry], live: dict[str, Article]) -> None:
    """Hand a gone article's entry (and short code) to the live article it evidently became: the same
    slug under a new `id`, or, for an undecided one, the only new article with the same title."""
    unmatched = [stable_id for stable_id in sorted(live) if stable_id not in entries]
    by_slug: dict[str, str] = {}
    by_title: dict[str, list[str]] = {}
    for key, entry in entries.items():
        if key not in live:
            by_slug.setdefault(entry.slugs[-1], key)
            if not (entry.removed or entry.redirect_to):
                by_title.setdefault(entry.title.casefold(), []).append(key)
    new_titles = Counter(live[stable_id].title.casefold() for stable_id in unmatched)
    for stable_id in unmatched:
        title = live[stable_id].title.casefold()
        key = by_slug.get(live[stable_id].slug)
        if key is None and len(by_title.get(title, [])) == 1 and new_titles[title] == 1:
            key = by_title[title][0]
        if key is not None and key in entries:  # not handed to another article already
            entries[stable_id] = entries.pop(key)


def _plan_pages(
    plan: LedgerPlan,
    audience: str,
    entries: dict[str, LedgerEntry],
    live: dict[str, Article],
    new_articles: list[Article],
) -> list[LedgerPage]:
    by_slug = {article.slug: article for article in live.values()}

    def target_of(stable_id: str, entry: LedgerEntry) -> Article | None:
        if stable_id in live:
            return live[stable_id]
        if not entry.redirect_to:
            return None
        return live.get(entry.redirect_to) or by_slug.get(entry.redirect_to)

    pages: list[LedgerPage] = []
    claimed: set[str] = set()
    # Entries with a live target first: an old slug shared by several gone articles goes to a live one.
    ordered = sorted(entries.items(), key=lambda item: (target_of(*item) is None, item[0]))
    for stable_id, entry in ordered:
        target = target_of(stable_id, entry)
        if target is None and not entry.removed:
            plan.undecided.append(Undecided(audience, stable_id, entry, _look_alike(entry, new_articles)))
        title = target.title if target else entry.title
        for slug in entry.slugs:
            if slug in by_slug:
                if by_slug[slug] is not target:
                    plan.reused.append(ReusedSlug(audience, slug, entry.title, by_slug[slug]))
                continue
            if slug not in claimed:
                claimed.add(slug)
                pages.append(LedgerPage(f"{slug}/", title, target.slug if target else ""))
        pages.append(LedgerPage(f"a/{entry.code}/", title, target.slug if target else ""))
    return pages


def _look_alike(entry: LedgerEntry, new_articles: list[Article]) -> Article | None:
    """A new article with the same title or file name: probably the gone one, renamed."""
    title = entry.title.casefold()
    for article in new_articles:
        if (title and article.title.casefold() == title) or article.source.stem in entry.slugs:
            return article
    return None
