"""The Notion fixtures (fake server over HTTP, a project pointed at it) for publishing tests."""

from tests.notion.conftest import fake, help_db, notion_env, project  # noqa: F401
