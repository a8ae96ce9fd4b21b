"""What the last pull wrote, kept in `<content>/.kbgen-notion.json`.

It is the ownership record (only files listed here are ever replaced or deleted by a pull; everything
else in the content folders is hand-written and kept) and the incremental cache (each page's
`last_edited_time` and its block tree, so unchanged pages are re-rendered without reading Notion).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from kbgen.notion.errors import NotionError

STATE_FILE = ".kbgen-notion.json"
FORMAT = 1


@dataclass
class PageRecord:
    last_edited_time: str
    title: str = ""
    files: dict[str, str] = field(default_factory=dict)  # audience -> article file name
    assets: dict[str, str] = field(default_factory=dict)  # block id -> asset file name
    blocks: list[dict[str, Any]] = field(default_factory=list)
    read_warnings: list[str] = field(default_factory=list)


@dataclass
class PullState:
    database_id: str = ""
    data_source_id: str = ""
    pulled_at: str = ""  # when the last successful pull started (UTC, ISO 8601)
    pages: dict[str, PageRecord] = field(default_factory=dict)
    next_scheduled: str = ""  # the earliest Publish date still to come (ISO 8601), "" when none

    def owned_paths(self, audience: str) -> set[str]:
        """Paths, relative to the audience folder, that the last pull wrote there."""
        owned = set()
        for record in self.pages.values():
            if audience in record.files:
                owned.add(record.files[audience])
                owned.update(f"assets/{name}" for name in record.assets.values())
        return owned


def load_state(content_dir: Path) -> PullState:
    path = content_dir / STATE_FILE
    if not path.exists():
        return PullState()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        pages = {page_id: PageRecord(**record) for page_id, record in data.get("pages", {}).items()}
        return PullState(data["database_id"], data["data_source_id"], data["pulled_at"], pages,
                         str(data.get("next_scheduled") or ""))  # fmt: skip
    except (ValueError, KeyError, TypeError) as exc:
        raise NotionError(
            f"{path} is damaged ({type(exc).__name__}): kbgen cannot tell which articles came from Notion. "
            f"Restore it (e.g. `git checkout -- {path}`), or delete it and remove the articles Notion wrote "
            "by hand before pulling again."
        ) from None


def dump_state(state: PullState) -> str:
    data = {"format": FORMAT, **asdict(state)}
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
