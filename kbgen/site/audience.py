"""One audience's build inputs: its staged docs folder and the kbgen plugin's options.

`kbgen build` prepares both audiences before building them in parallel; the plugin prepares its one
audience itself when `mkdocs build` runs it alone. One function for both, so both make the same site.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kbgen.content import AUDIENCES, ContentSet
from kbgen.settings import Settings
from kbgen.site.palette import colors_css
from kbgen.site.staging import StagedSite, stage_audience


@dataclass(frozen=True)
class PreparedAudience:
    staged: StagedSite
    plugin_options: dict[str, Any]  # the kbgen plugin's options (kbgen/site/config.py) for this build


def prepare_audience(
    content: ContentSet,
    content_dir: Path,
    settings: Settings,
    audience: str,
    docs_dir: Path,
    miss_endpoint: str | None = None,
) -> PreparedAudience:
    """Stage `audience`'s articles into `docs_dir` and say what the plugin renders around them.

    `miss_endpoint` replaces `extra.kbgen.miss_endpoint` when given (`kbgen build --miss-endpoint`)."""
    audience_settings = settings.audiences[audience]
    staged = stage_audience(
        content.articles[audience],
        docs_dir,
        category_order=list(audience_settings.categories),
        content_dir=content_dir,
        asset_files=content.assets[audience],
    )
    other = next((a for a in AUDIENCES if a != audience and content.articles[a]), None)
    site = {
        "audience": audience,
        "audience_label": audience.rstrip("s"),
        "site_name": audience_settings.site_name,
        "description": audience_settings.description,
        "site_url": settings.audience_url(audience),
        "other_audience": other,
        "other_audience_url": settings.audience_url(other) if other else None,
        "other_site_name": settings.audiences[other].site_name if other else None,
        "miss_endpoint": settings.miss_endpoint if miss_endpoint is None else miss_endpoint,
        "contact": audience_settings.contact.__dict__,
        "emergency_categories": list(audience_settings.emergency_categories),
        "emergency_line": settings.emergency_line(audience),
    }
    options = {
        "audience": audience,
        "pages_file": str(staged.pages_file),
        "site": site,
        "colors_css": colors_css(settings.colors),
        "vocabulary_dir": str(settings.config_file.resolve().parent),
    }
    return PreparedAudience(staged=staged, plugin_options=options)
