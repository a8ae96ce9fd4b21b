"""The facts of one built help center, written once by `kbgen build` and read by every later tool.

`kbgen build` writes `<site>/<audience>/kbgen.json`; `kbgen find`, the index loader and the miss
reports read the audience, address, contacts and emergency line from it instead of guessing them
from folder names or scraping them out of the HTML.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

FACTS_FILE = "kbgen.json"


class SiteFactsNotFound(FileNotFoundError):
    """The folder holds no site built by this version of kbgen."""


@dataclass(frozen=True)
class SiteFacts:
    audience: str
    site_url: str  # always ends with "/"
    contacts: dict[str, str] = field(default_factory=dict)
    emergency_line: str = ""
    version: str = ""


def write_site_facts(audience_dir: Path, facts: SiteFacts) -> Path:
    path = Path(audience_dir) / FACTS_FILE
    path.write_text(json.dumps(asdict(facts), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def read_site_facts(audience_dir: Path) -> SiteFacts:
    """The facts `kbgen build` wrote for this help center; SiteFactsNotFound says how to get them."""
    path = Path(audience_dir) / FACTS_FILE
    if not path.is_file():
        raise SiteFactsNotFound(f"no {FACTS_FILE} in {audience_dir}: build the site with `kbgen build` first")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    site_url = str(data.get("site_url") or "")
    return SiteFacts(
        audience=str(data["audience"]),
        site_url=site_url if site_url.endswith("/") else site_url + "/",
        contacts={str(k): str(v) for k, v in (data.get("contacts") or {}).items() if v},
        emergency_line=str(data.get("emergency_line") or ""),
        version=str(data.get("version") or ""),
    )


def find_sites(site_dir: Path) -> dict[str, Path]:
    """The help centers built in `site_dir`, by the audience their kbgen.json names, whatever their
    folders are called. Two folders of one audience (a copy kept aside): the first by name counts."""
    sites: dict[str, Path] = {}
    for facts_file in sorted(Path(site_dir).glob(f"*/{FACTS_FILE}")):
        sites.setdefault(read_site_facts(facts_file.parent).audience, facts_file.parent)
    return sites
