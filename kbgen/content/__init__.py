"""Articles: the model, the Markdown+front-matter format, and the URL allow-lists."""

from kbgen.content.article import AUDIENCES, Article, Link, Problem, Video, slugify
from kbgen.content.loader import ContentSet, load_content, read_article

__all__ = [
    "AUDIENCES",
    "Article",
    "ContentSet",
    "Link",
    "Problem",
    "Video",
    "load_content",
    "read_article",
    "slugify",
]
