"""Real recorded Notion responses (../shared/notion-samples, read in place) go through a pull unharmed."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml

from kbgen.content import load_content
from tests.notion import notion_json as nj

FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SAMPLES = next(
    (folder / "shared" / "notion-samples" for folder in Path(__file__).resolve().parents
     if (folder / "shared" / "notion-samples").is_dir()),
    Path("shared/notion-samples"),
)  # fmt: skip
pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason="recorded Notion samples are not available")


def recorded_blocks() -> list[dict]:
    """Every block object found in a recorded children listing, once each."""
    blocks: dict[str, dict] = {}
    for cassette in sorted(SAMPLES.rglob("*.yaml")):
        for interaction in yaml.load(cassette.read_text(encoding="utf-8"), Loader=FAST_LOADER)[
            "interactions"
        ]:
            response = interaction["response"]
            body = response.get("content") or (response.get("body") or {}).get("string")
            try:
                listing = json.loads(body)
            except (TypeError, ValueError):
                continue
            if isinstance(listing, dict) and listing.get("type") == "block":
                blocks.update({block["id"]: block for block in listing["results"]})
    return list(blocks.values())


def as_served_by_the_fake(block: dict, fake) -> dict:
    """The recorded block, except that a Notion-hosted file points at the fake (never at the real S3)."""
    kind = block["type"]
    payload = copy.deepcopy(block[kind])
    if isinstance(payload, dict) and payload.get("type") == "file":
        fake.host_file(block["id"], "recorded.bin", b"recorded file")
        payload["file"] = {"fake_key": block["id"]}
    return {"id": block["id"], "type": kind, kind: payload}


def test_every_recorded_block_type_converts_without_failing_the_pull(pull, help_db, fake, tmp_path):
    blocks = recorded_blocks()
    assert len({b["type"] for b in blocks}) >= 25
    body = [as_served_by_the_fake(block, fake) for block in blocks]
    fake.add_page(help_db.data_source_id, nj.article_properties("Recorded blocks"), body)

    report = pull()

    loaded = load_content(tmp_path / "content")
    assert loaded.errors == [] and len(loaded.articles["residents"]) == 1
    text = (tmp_path / "content" / "residents" / "recorded-blocks.md").read_text()
    assert "## Headline 1" in text and "```python" in text
    unsupported = [b["id"] for b in blocks if b["type"] == "unsupported"]
    assert all(any(block_id in w.message for w in report.warnings) for block_id in unsupported)
    assert "prod-files-secure" not in text


def test_recorded_date_and_person_mentions_publish_a_readable_date_and_no_name(pull, help_db, fake, tmp_path):
    def mentions(block: dict, kind: str) -> list[dict]:
        payload = block.get(block["type"])
        runs = payload.get("rich_text") if isinstance(payload, dict) else None
        return [r for r in runs or [] if r.get("type") == "mention" and r["mention"].get("type") == kind]

    blocks = recorded_blocks()
    dated = next(b for b in blocks if any("2022-01-01T00:00" in r["plain_text"] for r in mentions(b, "date")))
    people = [b for b in blocks if any(r.get("plain_text") for r in mentions(b, "user"))]
    names = {r["plain_text"].lstrip("@") for b in people for r in mentions(b, "user")}
    assert names
    body = [as_served_by_the_fake(block, fake) for block in [dated, *people]]
    fake.add_page(help_db.data_source_id, nj.article_properties("Recorded mentions"), body)

    report = pull()

    text = (tmp_path / "content" / "residents" / "recorded-mentions.md").read_text()
    assert "January 1, 2022" in text and "2022-01-01T" not in text
    assert "our team" in text and not [name for name in names if name in text]
    assert any("never named on the site" in w.message for w in report.warnings)
