"""Fails loudly when an upgrade of Material changes what kbgen's search depends on.

`kbgen.search.material` mirrors the worker's TypeScript; the browser script relies on
`window.component$`, the search elements and the worker reading `config.fields` and
`config.separator` from the index. If one of these tests fails after an upgrade, re-read the new
sources (in the worker's source map), update the port, re-run the parity test, then the hashes.
"""

from __future__ import annotations

import hashlib
import json
import re
from importlib.metadata import version
from pathlib import Path

import material

from kbgen.search.material import DEFAULT_FIELDS, MATERIAL_VERSION

ASSETS = Path(material.__file__).parent / "templates" / "assets" / "javascripts"
PORTED_SOURCES = {  # worker source -> sha256 prefix of the version ported in kbgen/search/material.py
    "node_modules/lunr/lunr.js": "9431726f05c0eae2",
    "integrations/search/config/index.ts": "3b3e6188fc673742",
    "integrations/search/internal/_/index.ts": "76b064589cb37a1e",
    "integrations/search/internal/extract/index.ts": "df029facc6dce48e",
    "integrations/search/internal/tokenize/index.ts": "b8ae43fdd6791270",
    "integrations/search/query/transform/index.ts": "01f3628ac0c0f88a",
    "integrations/search/query/_/index.ts": "d938932c8692d12c",
    "integrations/search/_/index.ts": "326e637901bfff8e",
}


def source_map(pattern: str) -> dict[str, str]:
    (path,) = ASSETS.glob(pattern)
    data = json.loads(path.read_text(encoding="utf-8"))
    return dict(zip(data["sources"], data["sourcesContent"], strict=True))


def test_material_is_the_version_the_search_port_mirrors():
    assert version("mkdocs-material") == MATERIAL_VERSION


def test_worker_sources_are_the_ones_ported_to_python():
    sources = source_map("workers/search.*.min.js.map")
    for name, expected in PORTED_SOURCES.items():
        (content,) = [text for path, text in sources.items() if path.endswith(name)]
        assert hashlib.sha256(content.encode()).hexdigest()[:16] == expected, f"{name} changed: re-port it"


def test_worker_indexes_every_field_the_index_lists_and_its_separator():
    worker = next(
        text
        for path, text in source_map("workers/search.*.min.js.map").items()
        if path.endswith("search/_/index.ts")
    )
    assert "Object.entries(config.fields)" in worker  # the hidden keywords and typos fields
    assert "lunr.tokenizer.separator = new RegExp(config.separator)" in worker
    assert "score * (1 + boost ** 2)" in worker


def test_bundle_still_exports_component_stream_and_reads_keyup():
    bundle = source_map("bundle.*.min.js.map")
    main = next(text for path, text in bundle.items() if path.endswith("javascripts/bundle.ts"))
    assert "component$" in main
    query = next(text for path, text in bundle.items() if path.endswith("components/search/query/index.ts"))
    assert 'fromEvent(el, "keyup")' in query


def test_search_plugin_default_boosts_are_the_ones_the_port_assumes():
    plugin = (Path(material.__file__).parent / "plugins" / "search" / "plugin.py").read_text(encoding="utf-8")
    for name, spec in DEFAULT_FIELDS.items():
        assert f'self.config.fields["{name}"] = {{ "boost": {spec["boost"]:.0e}'.replace("e+0", "e") in plugin


def test_kbgen_worker_still_sits_in_front_of_materials(sample_site):
    """kbgen-search.js (worker) relies on the message numbers, on Material's worker answering each
    message with the global `postMessage` from one `message` listener, and on `__config.search`."""
    bundle = source_map("bundle.*.min.js.map")
    message = next(text for path, text in bundle.items() if path.endswith("search/worker/message/index.ts"))
    assert re.search(r"enum SearchMessageType \{\s*SETUP,[^,]*READY,[^,]*QUERY,[^,]*RESULT", message)
    worker = source_map("workers/search.*.min.js.map")
    main = next(text for path, text in worker.items() if path.endswith("search/worker/main/index.ts"))
    assert 'addEventListener("message", async ev => {\n  postMessage(await handler(ev.data))' in main
    assert "self.lunr = lunr" in main  # the wrapper narrows lunr's results before Material's post-boost
    search = next(text for path, text in worker.items() if path.endswith("integrations/search/_/index.ts"))
    assert "const groups = this.index.search(query)" in search
    assert "const boost = +!doc.parent +" in search
    # lunr matches without positions and the kept results get them back: Material keeps no other
    # metadata, and reads a match's positions in one place, to highlight
    assert 'this.metadataWhitelist = ["position"]' in search
    assert search.count(".position") == 1 and "positions.push(...match[field].position)" in search
    assert "if (lunr.stopWordFilter?.(clause.term))" in "".join(
        text for path, text in worker.items() if path.endswith("search/query/_/index.ts")
    )
    base = (Path(material.__file__).parent / "templates" / "base.html").read_text(encoding="utf-8")
    assert '"search": "assets/javascripts/workers/search.' in base  # what overrides/main.html replaces
    for audience in ("owners", "residents"):
        page = (sample_site / audience / "index.html").read_text(encoding="utf-8")
        worker_url = re.search(r'"search": "([^"]+)"', page)[1]
        assert worker_url.startswith("assets/javascripts/workers/kbgen-search.js?v=")
        assert "&material=search." in worker_url
        material_worker = worker_url.split("material=")[1]
        assert (sample_site / audience / "assets" / "javascripts" / "workers" / material_worker).is_file()
