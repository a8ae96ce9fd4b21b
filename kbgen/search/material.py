"""Material for MkDocs 9.8.1's search worker, ported to lunr.py: the one Python place that knows it.

The browser ranks with lunr.js inside Material's worker; `kbgen find` and the miss report must rank
the same way, so this module mirrors the worker's TypeScript (`integrations/search/` in the
bundle's source map) step by step:

- tokenizer: skip `<...>` markup, split text with the index's `config.separator`, lower-case;
- index: fields and boosts from `config.fields`, `b = 0`, pipeline reduced to `config.pipeline`
  (for English: the stop-word filter at index time, nothing at query time);
- query rewriting (`transformSearchQuery`): quotes become required terms, every plain term gets a
  trailing wildcard, terms are split again with the separator;
- post-boost: `score * (1 + (is_page + matched_terms / all_terms) ** 2)`, stable sort, grouping
  by page with the page entry always present.

`tests/search/test_material_contract.py` fails when an upgrade of Material changes any of this.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from lunr.builder import Builder
from lunr.index import Index
from lunr.query import Query, QueryPresence
from lunr.query_lexer import QueryLexer
from lunr.query_parser import QueryParser
from lunr.stop_word_filter import stop_word_filter

MATERIAL_VERSION = "9.8.1"
DEFAULT_FIELDS: dict[str, dict[str, float]] = {
    "title": {"boost": 1e3},
    "text": {"boost": 1.0},
    "tags": {"boost": 1e6},
}
ANALYZED_FIELDS = ("title", "text", "tags")  # the fields Material's query analysis knows by name


def split(text: str, separator: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    """The (start, end) ranges between separator matches, zero-width matches included (`split`)."""
    index = 0
    position = 0
    while True:
        match = separator.search(text, position)
        until = match.start() if match else len(text)
        if index < until:
            yield index, until
        if not match:
            return
        index = match.end()
        position = match.start() + 1 if match.end() == match.start() else match.end()


def text_sections(value: str) -> Iterator[str]:
    """The text between markup, as Material's `extract` emits it (at any nesting depth)."""
    start = 0
    end = 0
    for end, char in enumerate(value):
        if char == "<" and end > start:
            yield value[start:end]
            start = end
        elif char == ">":
            start = end + 1
    if len(value) > start:
        yield value[start:]


def tokenize(value: str | list[str] | None, separator: re.Pattern[str]) -> list[str]:
    """Material's `tokenize`: lower-cased tokens of a field value (a string or a list of strings)."""
    if value is None:
        return []
    tokens = []
    for item in value if isinstance(value, list) else [value]:
        for section in text_sections(item):
            tokens.extend(section[start:end].lower() for start, end in split(section, separator))
    return tokens


def compile_separator(separator: str) -> re.Pattern[str]:
    """The index's separator as Python sees it; the JS flavour differs only in corners (`\\b`)."""
    return re.compile(separator)


# -- query rewriting ---------------------------------------------------------------------------

_QUOTED = re.compile(r'"([^"]+)"')
_QUOTED_PARTS = re.compile(r"^(?a:\b)|^(?![^\x00-\x7F]|$)|\s+")
_DANGLING_CONTROLS = re.compile(r'"|(?:^|\s+)[*+\-:^~]+(?=\s+|$)')


def transform_query(query: str, separator: re.Pattern[str]) -> str:
    """Material's `transformSearchQuery`: the string the worker actually hands to lunr."""
    pieces = _QUOTED.split(query.strip())
    query = "".join(
        _QUOTED_PARTS.sub(" +", piece) if index % 2 else piece for index, piece in enumerate(pieces)
    )
    query = _DANGLING_CONTROLS.sub("", query)
    terms = [term for part in re.split(r"\s+", query) for term in _split_part(part, separator)]
    terms = [f"{term}1" if re.search(r"[~^]$", term) else term for term in terms]
    return " ".join(term if re.search(r"^[+-]|[~^]\d+$", term) else f"{term}*" for term in terms)


def _split_part(part: str, separator: re.Pattern[str]) -> list[str]:
    lexer = QueryLexer(part)
    lexer.run()
    terms = []
    for lexeme in lexer.lexemes:
        kind, term, start, end = lexeme["type"], lexeme["string"], lexeme["start"], lexeme["end"]
        if kind == QueryLexer.FIELD and term not in ANALYZED_FIELDS:
            part = f"{part[:end]} {part[end + 1 :]}"
        elif kind == QueryLexer.TERM:
            terms.extend(part[:start] + term[a:b] + part[end:] for a, b in split(term, separator))
    return terms


@dataclass(frozen=True)
class Clause:
    term: str
    presence: QueryPresence


def query_clauses(transformed: str) -> list[Clause]:
    """Material's `parseSearchQuery`: the non-prohibited clauses, wildcards stripped, for analysis."""
    query = Query(list(ANALYZED_FIELDS))
    QueryParser(transformed, query).parse()
    clauses = []
    for clause in query.clauses:
        if clause.presence == QueryPresence.PROHIBITED:
            continue
        term = clause.term.removeprefix("*").removesuffix("*")
        clauses.append(Clause(term, clause.presence))
    return clauses


def query_terms(clauses: list[Clause], matched: list[str]) -> dict[str, bool]:
    """Material's `getSearchQueryTerms`: which query terms a result matched; stop-words left out."""
    pending = list(clauses)
    result: dict[str, bool] = {}
    for token in matched:
        for clause in list(pending):
            if token.startswith(clause.term):
                result[clause.term] = True
                pending.remove(clause)
    for clause in pending:
        if clause.term and stop_word_filter(clause.term) is not None:
            result[clause.term] = False
    return result


# -- the index -----------------------------------------------------------------------------------


@dataclass
class Item:
    """One ranked search document (a page or one of its sections), as the worker returns it."""

    location: str
    title: str
    text: str
    score: float
    terms: dict[str, bool]
    is_page: bool
    tags: list[str] = field(default_factory=list)


class MaterialIndex:
    """A `search_index.json` indexed exactly as Material's worker indexes it."""

    def __init__(self, data: dict[str, Any]) -> None:
        config = data["config"]
        self.separator = compile_separator(config["separator"])
        self.fields: dict[str, dict[str, float]] = config.get("fields") or DEFAULT_FIELDS
        self.docs: dict[str, dict[str, Any]] = {}
        self.parents: dict[str, str] = {}  # section location -> page location
        for doc in data["docs"]:
            page = doc["location"].split("#")[0]
            if page in self.docs:
                self.parents[doc["location"]] = page
                self.docs[doc["location"]] = doc
            else:
                self.docs[page] = doc
        self.index = self._build(data["docs"], config.get("pipeline") or [])

    def _build(self, docs: list[dict[str, Any]], pipeline: list[str]) -> Index:
        builder = Builder()
        if "stopWordFilter" in pipeline:
            builder.pipeline.add(stop_word_filter)
        builder.b(0)
        builder.ref("location")
        for name, spec in self.fields.items():
            builder.field(name, boost=spec.get("boost", 1), extractor=self._extractor(name))
        for doc in docs:
            builder.add(doc, {"boost": doc["boost"]} if "boost" in doc else None)
        return builder.build()

    def serialized(self) -> dict[str, Any]:
        """The index as lunr.js's `Index.load` reads it, so a browser can skip indexing every
        document (the answer desk's worker: kbgen-search.js `prebuilt`). Built without Material's
        position metadata, so the worker's results carry no highlighting."""
        return self.index.serialize()

    def _extractor(self, name: str) -> Callable[[dict[str, Any]], list[str]]:
        return lambda doc: tokenize(doc.get(name), self.separator)

    def search(self, query: str) -> list[list[Item]]:
        """The worker's `Search.search`: groups of items per page, best group first."""
        transformed = transform_query(query, self.separator)
        if not transformed:
            return []
        clauses = query_clauses(transformed)
        items = []
        for result in self.index.search(transformed):
            doc = self.docs.get(result["ref"])
            if doc is None:
                continue
            terms = query_terms(clauses, list(result["match_data"].metadata))
            is_page = result["ref"] not in self.parents
            boost = int(is_page) + (sum(terms.values()) / len(terms) if terms else math.nan)
            items.append(self._item(doc, result["score"] * (1 + boost**2), terms, is_page))
        items.sort(key=lambda item: -item.score)  # NaN scores (no analysable term) keep their place
        groups: dict[str, list[Item]] = {}
        for item in items:
            groups.setdefault(self.parents.get(item.location, item.location), []).append(item)
        for page, group in groups.items():
            if not any(item.location == page for item in group):
                group.append(*self.page_stub(page))
        return list(groups.values())

    def page_stub(self, page: str) -> list[Item]:
        """A page as the worker lists it when it matched nothing itself: score 0, no terms."""
        return [self._item(self.docs[page], 0.0, {}, True)]

    @staticmethod
    def _item(doc: dict[str, Any], score: float, terms: dict[str, bool], is_page: bool) -> Item:
        return Item(
            doc["location"], doc["title"], doc["text"], score, terms, is_page, list(doc.get("tags") or [])
        )
