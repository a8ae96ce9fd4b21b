"""Errors an editor can act on: each message says what happened and what to do next.

The API client raises the library's own exceptions; `explain` turns them into a `NotionError` at the
edge, where we know what was being read.
"""

from __future__ import annotations

import httpx
from notion_client.errors import HTTPResponseError, NotionClientErrorBase, RequestTimeoutError

UNCHANGED = "Your content folders were not changed."


class NotionError(Exception):
    """A pull or push that cannot go on; str() is the message to show the editor."""


def missing_token() -> NotionError:
    return NotionError(
        "NOTION_TOKEN is not set. Create an internal integration at "
        "https://www.notion.so/profile/integrations, "
        "copy its secret, and run `export NOTION_TOKEN=<secret>` in this shell "
        "(never put the token in a file of the repository)."
    )


def missing_database() -> NotionError:
    return NotionError(
        "No Notion database given. Pass --database with the database's link (in Notion: ••• > Copy link), "
        "or set extra.kbgen.notion.database in mkdocs.yml."
    )


def explain(exc: Exception, what: str) -> NotionError:
    """An editor-facing error for a failed request while reading `what` (e.g. "the database 1a2b…")."""
    if isinstance(exc, NotionError):
        return exc
    if isinstance(exc, HTTPResponseError):
        return NotionError(_explain_status(exc.status, str(exc.code), what, str(exc)))
    if isinstance(exc, RequestTimeoutError):
        return NotionError(
            f"Notion did not answer in time while reading {what}, even after retrying. "
            f"Try again in a few minutes. {UNCHANGED}"
        )
    if isinstance(exc, httpx.TransportError):
        return NotionError(
            f"Could not reach Notion while reading {what} ({type(exc).__name__}). Check your internet "
            f"connection (or NOTION_BASE_URL if you set it) and try again. {UNCHANGED}"
        )
    if isinstance(exc, NotionClientErrorBase):
        return NotionError(f"Notion refused the request for {what}: {exc}. {UNCHANGED}")
    raise exc


def _explain_status(status: int, code: str, what: str, message: str) -> str:
    if status == 401:
        return (
            "Notion rejected NOTION_TOKEN (401 unauthorized): the token is wrong, incomplete or was revoked. "
            "Copy the integration's secret again from https://www.notion.so/profile/integrations and "
            f"`export NOTION_TOKEN=<secret>`. {UNCHANGED}"
        )
    if status == 404:
        return (
            f"Notion cannot find {what} (404 object_not_found). Most often the integration has no access: "
            "open the database in Notion, click ••• > Connections, and add your integration. "
            f"If it is already connected, check the id or link you gave. {UNCHANGED}"
        )
    if status == 403:
        return (
            f"The integration may not read {what} (403 {code}). In Notion's integration settings "
            '(https://www.notion.so/profile/integrations), under Capabilities, tick "Read content" '
            f'(and "Update content" / "Insert content" for pushing requests), then save. {UNCHANGED}'
        )
    if status == 429:
        return (
            f"Notion kept rate-limiting kbgen while reading {what}, even after waiting as asked. "
            f"Try again in a few minutes, or lower extra.kbgen.notion.requests_per_second. {UNCHANGED}"
        )
    if status >= 500:
        return (
            f"Notion had a server problem ({status}) while reading {what}, even after retrying. "
            f"Try again in a few minutes. {UNCHANGED}"
        )
    return f"Notion refused the request for {what} ({status} {code}: {message}). {UNCHANGED}"
