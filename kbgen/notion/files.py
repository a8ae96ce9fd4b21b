"""Downloading Notion-hosted files (images, videos, PDFs, attachments) while their signed URLs are valid.

Notion-hosted URLs expire about an hour after they are served, so a pull stores each file in the content
folder under a readable name (`move-out-checklist-<hash>.pdf`). An expired URL (or an S3 403) is refreshed
by reading its block again, which signs a new one. Files are fetched only from the hosts Notion serves
files from, and published only when their content is on the allow-list of `kbgen.notion.filetypes`. When
a file that was fine at the last pull cannot be fetched again, the last good copy is kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

import httpx
from notion_client.errors import NotionClientErrorBase

from kbgen.notion.blocks import FILE_BLOCKS
from kbgen.notion.client import DEFAULT_BASE_URL, NotionApi
from kbgen.notion.filetypes import ALLOWED_KINDS, describe_refused, readable_name, sniff
from kbgen.settings import NotionSettings

Json = dict[str, Any]

MAX_FILE_BYTES = 200 * 1024 * 1024
REFRESH_STATUSES = frozenset({400, 403, 404})  # what S3 answers for an expired or revoked signature
# Where Notion's API points hosted files: its S3 bucket (virtual-host and path style) and its file proxy.
NOTION_FILE_HOSTS = frozenset({
    "prod-files-secure.s3.us-west-2.amazonaws.com",
    "s3.us-west-2.amazonaws.com",
    "s3-us-west-2.amazonaws.com",
    "file.notion.so",
})  # fmt: skip


class RefusedHost(httpx.HTTPError):
    """A file URL (or a redirect) leads to a host Notion does not serve files from."""


@dataclass(frozen=True)
class FileHosts:
    """The origins files may be fetched from: Notion's hosts over HTTPS, plus the API's own origin."""

    https_hosts: frozenset[str] = NOTION_FILE_HOSTS
    api_origin: tuple[str, str] = ("", "")  # (scheme, host:port) of NOTION_BASE_URL when it is not Notion's

    def allows(self, url: str) -> bool:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme == "https" and host in self.https_hosts:
            return True
        return bool(self.api_origin[1]) and (parts.scheme, parts.netloc.lower()) == self.api_origin


def file_hosts_from_environment(notion: NotionSettings) -> FileHosts:
    """Notion's hosts, `extra.kbgen.notion.file_hosts`, and NOTION_BASE_URL's origin (tests, proxies)."""
    hosts = NOTION_FILE_HOSTS | set(notion.file_hosts)
    base = urlsplit(os.environ.get("NOTION_BASE_URL", "").strip() or DEFAULT_BASE_URL)
    is_notion = base.netloc == urlsplit(DEFAULT_BASE_URL).netloc
    origin = ("", "") if is_notion else (base.scheme, base.netloc.lower())
    return FileHosts(frozenset(hosts), origin)


@dataclass
class PageFiles:
    """What a page's files became: block id -> saved name, and the files lost with no earlier copy."""

    saved: dict[str, str] = field(default_factory=dict)
    lost: list[str] = field(default_factory=list)  # block ids


class FileDownloader:
    """Saves a page's hosted files into `folder`; safe to share between threads."""

    def __init__(
        self,
        api: NotionApi,
        folder: Path,
        hosts: FileHosts,
        *,
        timeout_seconds: float = 60.0,
        attempts: int = 3,
    ) -> None:
        self.api = api
        self.folder = folder
        self.hosts = hosts
        self.attempts = attempts
        self.http = httpx.Client(
            timeout=timeout_seconds, follow_redirects=True, event_hooks={"request": [self._check_host]}
        )

    def download_page_files(
        self, tree: list[Json], warnings: list[str], last_good: Mapping[str, str] | None = None
    ) -> PageFiles:
        """Every hosted file in the tree; `last_good` (block id -> file on disk) covers failed fetches."""
        result = PageFiles()
        for block in hosted_file_blocks(tree):
            label = f"block {block['id']} ({block['type']})"
            outcome = self._download(block, label, warnings)
            if isinstance(outcome, str):
                result.saved[block["id"]] = outcome
            elif outcome is _FAILED and last_good and block["id"] in last_good:
                result.saved[block["id"]] = last_good[block["id"]]
                warnings.append(f"{label}: the copy saved by the last pull is kept")
            elif outcome is _FAILED:
                result.lost.append(block["id"])
                warnings.append(
                    f"{label}: there is no earlier copy, so the file is missing from the article; "
                    "upload it again in Notion, or run `kbgen pull` again later"
                )
        return result

    def close(self) -> None:
        self.http.close()

    def _check_host(self, request: httpx.Request) -> None:
        if not self.hosts.allows(str(request.url)):
            raise RefusedHost(f"{request.url.host} is not a host Notion serves files from")

    def _download(self, block: Json, label: str, warnings: list[str]) -> str | object:
        """The saved file name, _REFUSED (not publishable: nothing to keep) or _FAILED (fetch failed)."""
        source = block[block["type"]]
        url = str((source.get("file") or {}).get("url") or "")
        original = original_name(source, url)
        if not self.hosts.allows(url):
            host = urlsplit(url).hostname or url
            warnings.append(
                f"{label}: the file '{original}' is on {host}, not a host Notion serves files from: "
                "not downloaded; upload the file to Notion again"
            )
            return _REFUSED
        if _expired(source.get("file") or {}):
            url = self._fresh_url(block) or url
        try:
            data = self._fetch(url)
            if data is None:
                data = self._fetch(self._fresh_url(block) or url)
        except RefusedHost as exc:
            warnings.append(f"{label}: the file '{original}' was not downloaded ({exc})")
            return _REFUSED
        except (httpx.HTTPError, OSError, NotionClientErrorBase) as exc:
            warnings.append(f"{label}: the file '{original}' could not be downloaded ({exc})")
            return _FAILED
        if data is None:
            warnings.append(f"{label}: the link to the file '{original}' expired and could not be renewed")
            return _FAILED
        file_type = sniff(data, original)
        if file_type is None:
            warnings.append(
                f"{label}: the file '{original}' is {describe_refused(data)}, which is never published "
                f"(only {ALLOWED_KINDS}): its name is shown without a link; attach it as a PDF instead"
            )
            return _REFUSED
        digest = hashlib.sha256(data).hexdigest()
        name = readable_name(original, digest, file_type, fallback=block["type"])
        target = self.folder / name
        if not target.exists():
            target.write_bytes(data)
        return name

    def _fresh_url(self, block: Json) -> str | None:
        fresh = self.api.read(self.api.sdk.blocks.retrieve, block_id=block["id"])
        url = ((fresh.get(fresh.get("type", "")) or {}).get("file") or {}).get("url")
        return url if url and self.hosts.allows(url) else None

    def _fetch(self, url: str) -> bytes | None:
        """The file's bytes, or None when the signature was refused (so the URL needs renewing)."""
        for attempt in range(self.attempts):
            with self.http.stream("GET", url) as response:
                if response.status_code in REFRESH_STATUSES:
                    return None
                if response.status_code >= 500 and attempt + 1 < self.attempts:
                    continue
                response.raise_for_status()
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > MAX_FILE_BYTES:
                        raise OSError(f"larger than {MAX_FILE_BYTES // 2**20} MB")
                    chunks.append(chunk)
                return b"".join(chunks)
        raise OSError("the file host kept failing")


_REFUSED = object()
_FAILED = object()


def original_name(source: Json, url: str) -> str:
    """The name the editor uploaded: the block's `name`, else the last segment of the signed URL's path."""
    named = str(source.get("name") or "").strip()
    return named or unquote(PurePosixPath(urlsplit(url).path).name) or "file"


def hosted_file_blocks(tree: Iterable[Json]) -> Iterator[Json]:
    for block in tree:
        source = block.get(block.get("type", ""))
        if block.get("type") in FILE_BLOCKS and isinstance(source, dict) and source.get("type") == "file":
            yield block
        yield from hosted_file_blocks(block.get("children") or [])


def forget_signed_urls(tree: list[Json]) -> None:
    """Drop the temporary signed URLs before the tree is cached; the uploaded file's name is kept."""
    for block in hosted_file_blocks(tree):
        source = block[block["type"]]
        source["name"] = original_name(source, str((source.get("file") or {}).get("url") or ""))
        source["file"] = {}


def _expired(file_object: Json) -> bool:
    expiry = str(file_object.get("expiry_time") or "")
    try:
        moment = dt.datetime.fromisoformat(expiry.replace("Z", "+00:00"))
    except ValueError:
        return False
    return moment <= dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30)
