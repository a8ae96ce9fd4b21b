"""Notion as a source of help articles: the API client, the block walk, and the pull into content folders.

`kbgen.notion.pull.pull_into` is the entry point; `kbgen.notion.requests` writes article requests back.
"""
