"""Downloading Notion-hosted files (images, videos, PDFs, attachments) while their signed URLs are valid.

Notion-hosted URLs expire about an hour after they are served, so a pull stores each file in the content
folder as `<block-id>-<content hash>.<ext>`. An expired URL (or an S3 403) is refreshed by reading its
block again, which signs a new one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
import re
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import httpx
from notion_client.errors import NotionClientErrorBase

from kbgen.notion.blocks import FILE_BLOCKS
from kbgen.notion.client import NotionApi

Json = dict[str, Any]

MAX_FILE_BYTES = 200 * 1024 * 1024
REFRESH_STATUSES = frozenset({400, 403, 404})  # what S3 answers for an expired or revoked signature
_EXTENSION = re.compile(r"^\.[a-z0-9]{1,5}$")


class FileDownloader:
    """Saves a page's hosted files into `folder`; safe to share between threads."""

    def __init__(
        self, api: NotionApi, folder: Path, *, timeout_seconds: float = 60.0, attempts: int = 3
    ) -> None:
        self.api = api
        self.folder = folder
        self.attempts = attempts
        self.http = httpx.Client(timeout=timeout_seconds, follow_redirects=True)

    def download_page_files(self, tree: list[Json], warnings: list[str]) -> dict[str, str]:
        """Block id -> saved file name for every hosted file in the tree; failures become warnings."""
        saved = {}
        for block in hosted_file_blocks(tree):
            name = self._download(block, warnings)
            if name:
                saved[block["id"]] = name
        return saved

    def close(self) -> None:
        self.http.close()

    def _download(self, block: Json, warnings: list[str]) -> str | None:
        source = block[block["type"]]
        url = str((source.get("file") or {}).get("url") or "")
        if _expired(source.get("file") or {}):
            url = self._fresh_url(block) or url
        try:
            data, content_type = self._fetch(url)
            if data is None:
                data, content_type = self._fetch(self._fresh_url(block) or url)
        except (httpx.HTTPError, OSError, NotionClientErrorBase) as exc:
            warnings.append(
                f"block {block['id']} ({block['type']}): the file could not be downloaded ({exc})"
            )
            return None
        if data is None:
            warnings.append(
                f"block {block['id']} ({block['type']}): the file's link expired and could not be renewed"
            )
            return None
        name = f"{block['id']}-{hashlib.sha256(data).hexdigest()[:10]}{_extension(url, content_type)}"
        target = self.folder / name
        if not target.exists():
            target.write_bytes(data)
        return name

    def _fresh_url(self, block: Json) -> str | None:
        fresh = self.api.read(self.api.sdk.blocks.retrieve, block_id=block["id"])
        return ((fresh.get(fresh.get("type", "")) or {}).get("file") or {}).get("url")

    def _fetch(self, url: str) -> tuple[bytes | None, str]:
        """The file's bytes, or None when the signature was refused (so the URL needs renewing)."""
        for attempt in range(self.attempts):
            with self.http.stream("GET", url) as response:
                if response.status_code in REFRESH_STATUSES:
                    return None, ""
                if response.status_code >= 500 and attempt + 1 < self.attempts:
                    continue
                response.raise_for_status()
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > MAX_FILE_BYTES:
                        raise OSError(f"larger than {MAX_FILE_BYTES // 2**20} MB")
                    chunks.append(chunk)
                return b"".join(chunks), response.headers.get("content-type", "")
        raise OSError("the file host kept failing")


def hosted_file_blocks(tree: list[Json]) -> Iterator[Json]:
    for block in tree:
        source = block.get(block.get("type", ""))
        if block.get("type") in FILE_BLOCKS and isinstance(source, dict) and source.get("type") == "file":
            yield block
        yield from hosted_file_blocks(block.get("children") or [])


def forget_signed_urls(tree: list[Json]) -> None:
    """Drop the temporary signed URLs before the tree is cached: they expire and should not be kept."""
    for block in hosted_file_blocks(tree):
        block[block["type"]]["file"] = {}


def _expired(file_object: Json) -> bool:
    expiry = str(file_object.get("expiry_time") or "")
    try:
        moment = dt.datetime.fromisoformat(expiry.replace("Z", "+00:00"))
    except ValueError:
        return False
    return moment <= dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30)


def _extension(url: str, content_type: str) -> str:
    suffix = PurePosixPath(urlsplit(url).path).suffix.lower()
    if _EXTENSION.match(suffix):
        return suffix
    guessed = mimetypes.guess_extension(content_type.split(";")[0].strip()) if content_type else None
    return guessed or ".bin"
