"""Emergency detection: a small model of what is happening, not a list of alarming words.

Each intent (water where it should not be, gas, fire, no heat, ...) says when a query describes
it (`when`: patterns) and when the same words describe something else (`unless`: that intent's
non-emergency contexts: "smoke detector chirping" is not a fire, "carbon monoxide alarm going off"
is carbon monoxide). Contexts in the model's own `unless` cancel every intent (bills, insurance,
rules, prevention). A query is an emergency when some intent matches and none of its contexts do.

A pattern is a list of slots; every slot must be found in the query, in any order. A slot lists
alternatives separated by `|`, each a word or a phrase of consecutive words, compared by light
stems ("leaking" is "leak", "pipes" is "pipe"): `[water | leak, ceiling | floor]`.

The model runs on the query after typo correction (the rewrite's corrections), in Python here and
in the browser (`kbgen-analysis.js`) from the same data, written into the index by
`kbgen.search.tuning`; a parity test holds them together. kbgen's intents live in
`vocabulary.yml`; a company adds intents, patterns and contexts in `synonyms.yml`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kbgen.search.words import stem, tokens

Phrase = tuple[str, ...]  # stems of consecutive words
Slot = tuple[Phrase, ...]  # alternatives
Pattern = tuple[Slot, ...]  # every slot must be found


def phrase_stems(text: str) -> Phrase:
    """The stems of a phrase as the model compares them: split like the index splits, then stemmed."""
    return tuple(stem(word) for word in tokens(text))


def parse_pattern(entry: Any) -> Pattern:
    """`"rotten egg"`, `[gas, smell | leak]` or `[[gas], [smell, leak]]` as a pattern."""
    slots = entry if isinstance(entry, list) else [entry]
    pattern = []
    for slot in slots:
        alternatives = slot if isinstance(slot, list) else str(slot).split("|")
        phrases = tuple(p for p in (phrase_stems(str(a)) for a in alternatives) if p)
        if not phrases:
            raise ValueError(f"empty slot in {entry!r}")
        pattern.append(phrases)
    if not pattern:
        raise ValueError(f"empty pattern {entry!r}")
    return tuple(pattern)


def contains(stems: Sequence[str], phrase: Phrase) -> bool:
    size = len(phrase)
    return any(tuple(stems[i : i + size]) == phrase for i in range(len(stems) - size + 1))


def matches(stems: Sequence[str], pattern: Pattern) -> bool:
    return all(any(contains(stems, phrase) for phrase in slot) for slot in pattern)


@dataclass
class Intent:
    name: str
    when: list[Pattern] = field(default_factory=list)
    unless: list[Pattern] = field(default_factory=list)


@dataclass
class EmergencyModel:
    intents: dict[str, Intent] = field(default_factory=dict)
    unless: list[Pattern] = field(default_factory=list)  # contexts that are no emergency, any intent
    article_words: list[str] = field(default_factory=list)  # words naming the emergency article (title, tags)
    article: str = ""  # the site's emergency article (set at build time): listed in the top 3

    def extend(self, intents: dict[str, Any], unless: list[Any], article_words: list[Any]) -> None:
        """Add a vocabulary file's intents (merged by name), shared contexts and article words."""
        for name, spec in intents.items():
            intent = self.intents.setdefault(str(name), Intent(str(name)))
            spec = {"when": spec} if isinstance(spec, list) else spec
            unknown = set(spec) - {"when", "unless"}
            if unknown:
                raise KeyError(f"intent {name!r}: unknown key {sorted(unknown)[0]!r} (expected when, unless)")
            intent.when += [parse_pattern(entry) for entry in spec.get("when") or []]
            intent.unless += [parse_pattern(entry) for entry in spec.get("unless") or []]
        self.unless += [parse_pattern(entry) for entry in unless]
        self.article_words += [
            str(word).lower() for word in article_words if str(word).lower() not in self.article_words
        ]

    def detect(self, query_words: Sequence[str]) -> str | None:
        """The intent `query_words` (typo-corrected, in order) describe, or None."""
        stems = [stem(word) for word in query_words]
        if any(matches(stems, pattern) for pattern in self.unless):
            return None
        for intent in self.intents.values():
            if any(matches(stems, p) for p in intent.when) and not any(
                matches(stems, p) for p in intent.unless
            ):
                return intent.name
        return None

    def data(self) -> dict[str, Any]:
        """The model as the browser reads it (`config.kbgen.emergency` of the index)."""
        return {
            "intents": [
                {"name": i.name, "when": [_plain(p) for p in i.when], "unless": [_plain(p) for p in i.unless]}
                for i in self.intents.values()
            ],
            "unless": [_plain(p) for p in self.unless],
            "article_words": self.article_words,
            "article": self.article,
        }

    @classmethod
    def of(cls, data: dict[str, Any] | None) -> EmergencyModel:
        """The model back from `data()`: what `kbgen find` reads from a published index."""
        data = data or {}

        def patterns(entries: list[Any]) -> list[Pattern]:
            return [tuple(tuple(tuple(phrase) for phrase in slot) for slot in entry) for entry in entries]

        intents = {
            i["name"]: Intent(i["name"], patterns(i.get("when", [])), patterns(i.get("unless", [])))
            for i in data.get("intents", [])
        }
        return cls(
            intents,
            patterns(data.get("unless", [])),
            list(data.get("article_words", [])),
            data.get("article", ""),
        )

    def find_article(self, articles: Sequence[tuple[str, Sequence[str], Sequence[str]]]) -> str:
        """The emergency article among (location, title words, tag words): the first whose title holds
        an article word, else the first whose tags hold one; empty when there is none."""
        for part in (1, 2):
            for found in articles:
                if set(found[part]) & set(self.article_words):
                    return found[0]
        return ""


ARTICLE_PLACE = 3  # an emergency lists the site's emergency article at this place or better


def promote(groups: list[Any], pages: Sequence[str], article: str, stub: Callable[[], Any]) -> list[Any]:
    """`groups` (results, best first, of the pages `pages`) with `article` moved up to
    `ARTICLE_PLACE` when it is further down, or listed there (as `stub()`) when it matched nothing:
    the topic's own articles keep their places above it."""
    if article not in pages:
        groups, pages = [*groups, stub()], [*pages, article]
    position = pages.index(article)
    if position < ARTICLE_PLACE:
        return groups
    moved = [*groups[:position], *groups[position + 1 :]]
    moved.insert(ARTICLE_PLACE - 1, groups[position])
    return moved


def _plain(pattern: Pattern) -> list[list[list[str]]]:
    return [[list(phrase) for phrase in slot] for slot in pattern]
