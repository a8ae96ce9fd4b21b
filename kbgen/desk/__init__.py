"""The CSR answer desk: one staff page, `site/staff/desk/`, that searches both help centers with
their own search (Material's worker behind kbgen's query rewrite, each site's own index) and copies
a reply, a link or a short link with one key press. Built with the sites, never linked from them,
`noindex`, outside every sitemap and search index."""

from kbgen.desk.page import DESK_DIR, write_desk

__all__ = ["DESK_DIR", "write_desk"]
