"""The property-management vocabulary: kbgen's own, extended by the company's `synonyms.yml`.

Both files have the same sections (see the header of `vocabulary.yml`); the company's entries are
added to kbgen's, never replace them, so an upgrade of kbgen still brings new words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from lunr.stop_word_filter import WORDS as LUNR_STOP_WORDS
from mkdocs.exceptions import ConfigurationError

from kbgen.content.yaml_input import RefusedYAMLError, load_editor_yaml
from kbgen.search.emergency import EmergencyModel
from kbgen.search.rewrite import SYNTAX
from kbgen.search.words import stem, tokens, words

BUILTIN = Path(__file__).with_name("vocabulary.yml")
COMPANY_FILE = "synonyms.yml"  # beside mkdocs.yml, owned by the editors


SECTIONS: dict[str, type] = {
    "synonyms": list,
    "misspellings": dict,
    "emergency": dict,
    "audience_markers": dict,
    "filler": list,
    "negations": list,
    "rank_first": list,
    "pinned": list,
}


class VocabularyError(ConfigurationError):
    """A vocabulary file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class WordSet:
    """Words that must all appear in a query, in any order and any plural or -ing form."""

    stems: frozenset[str]

    @classmethod
    def of(cls, phrase: list[str] | str) -> WordSet:
        return cls(frozenset(stem(w) for part in _as_list(phrase) for w in words(str(part))))


@dataclass
class Vocabulary:
    synonyms: list[list[str]] = field(default_factory=list)  # groups of phrases
    misspellings: dict[str, list[str]] = field(default_factory=dict)  # word -> typed misspellings
    emergency: EmergencyModel = field(default_factory=EmergencyModel)
    audience_markers: dict[str, list[WordSet]] = field(default_factory=dict)
    filler: set[str] = field(default_factory=set)  # words that never decide what a query is about
    negations: set[str] = field(default_factory=set)  # typed words that mean "not" ("hasnt", "never")
    # (word, tag): a search for the word lists first the article whose title or tags say the tag
    rank_first: list[tuple[str, str]] = field(default_factory=list)
    # (search, tag): that search, in any order or form, lists first the article the tag names
    pinned: list[tuple[str, str]] = field(default_factory=list)

    def extend(self, data: dict[str, Any], source: Path) -> None:
        for section, expected in SECTIONS.items():
            if data.get(section) is not None and not isinstance(data[section], expected):
                kind = "a list" if expected is list else "a mapping"
                raise VocabularyError(f"{source}: `{section}` must be {kind}; see {BUILTIN.name}")
        unknown = sorted(set(data) - set(SECTIONS))
        if unknown:
            raise VocabularyError(
                f"{source}: unknown section {', '.join(map(repr, unknown))} (expected {', '.join(SECTIONS)})"
            )
        try:
            for group in data.get("synonyms") or []:
                self.synonyms.append([_word(phrase) for phrase in _as_list(group)])
            for word, typos in (data.get("misspellings") or {}).items():
                self.misspellings.setdefault(str(word).lower(), []).extend(
                    str(t).lower() for t in _as_list(typos)
                )
            emergency = data.get("emergency") or {}
            unknown_keys = set(emergency) - {"intents", "unless", "article_words"}
            if unknown_keys:
                expected = "intents, unless, article_words"
                raise KeyError(f"emergency: unknown key {sorted(unknown_keys)[0]!r} (expected {expected})")
            self.emergency.extend(
                emergency.get("intents") or {},
                _as_list(emergency.get("unless") or []),
                _as_list(emergency.get("article_words") or []),
            )
            for audience, markers in (data.get("audience_markers") or {}).items():
                self.audience_markers.setdefault(audience, []).extend(WordSet.of(m) for m in markers)
            self.filler.update(_word(word) for word in _as_list(data.get("filler") or []))
            self.negations.update(_word(word) for word in _as_list(data.get("negations") or []))
            self.rank_first.extend(_rank_first(entry) for entry in data.get("rank_first") or [])
            self.pinned.extend(_pinned(entry, filler_words(self)) for entry in data.get("pinned") or [])
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            raise VocabularyError(
                f"{source}: unexpected entry ({exc}); see kbgen/search/vocabulary.yml"
            ) from exc


def filler_words(vocabulary: Vocabulary) -> set[str]:
    """THE stop words: words that never say what a query or a title is about, lunr's English stop
    words (Material drops them) and the vocabulary's filler. The search drops them from queries,
    the answered rule and the miss report ignore them, and the browser gets them as data."""
    return vocabulary.filler | set(LUNR_STOP_WORDS)


def filler_phrases(vocabulary: Vocabulary) -> set[str]:
    """Filler of several words ("my tenant"): the search drops the phrase as a whole when typed,
    while each of its words alone still counts ("tenant screening")."""
    return {phrase for phrase in vocabulary.filler if " " in phrase}


def _word(value: Any) -> str:
    """A word or phrase of a list; YAML reads a bare yes, no, on or off as true or false."""
    if isinstance(value, bool):
        raise ValueError(f"{str(value).lower()!r} is YAML's {value}: quote the word (\"yes\", \"no\")")
    return str(value).lower()


def _rank_first(entry: Any) -> tuple[str, str]:
    """One `rank_first` line: [a single word, a tag or title phrase of the article to list first]."""
    if not (isinstance(entry, list) and len(entry) == 2):
        raise ValueError(f"rank_first: a line must be [word, tag], e.g. [hours, office hours], not {entry}")
    word, tag = (_word(part) for part in entry)
    if len(tokens(word)) != 1 or len(words(word)) != 1:
        raise ValueError(f"rank_first: the word '{word}' must be one word, as typed in a search (e.g. wifi)")
    if not words(tag):
        raise ValueError(f"rank_first: the tag '{tag}' has no words; give a tag or the title of the article")
    return words(word)[0], tag


def _pinned(entry: Any, filler: set[str]) -> tuple[str, str]:
    """One `pinned` line: [a whole search of two words a search looks for, a tag or title phrase]."""
    if not (isinstance(entry, list) and len(entry) == 2):
        example = "[my renter is behind, eviction]"
        raise ValueError(f"pinned: a line must be [search, tag], e.g. {example}, not {entry}")
    search, tag = (_word(part) for part in entry)
    problem = pinned_search_problem(search, filler)
    if problem:
        raise ValueError(f"pinned: {problem}")
    if not words(tag):
        raise ValueError(f"pinned: the tag '{tag}' has no words; give a tag or the title of the article")
    return search, tag


def pinned_search_problem(search: str, filler: set[str]) -> str:
    """Why `search` cannot be a pinned line ("" when it can): the search reads no syntax in it and
    must keep two words of it at least, once its filler is dropped ("how do i pay" is "pay", which
    a rank_first line says, and only where the article has every word searched)."""
    if SYNTAX.search(search):
        return f"the search '{search}' holds search syntax (+, -, :, ^, ~, *, quotes); write it in words"
    kept = [word for word in words(search) if word not in filler]
    if len(kept) < 2:
        said = f"only '{kept[0]}'" if kept else "none"
        kind = "for a word, write a rank_first line"
        return f"the search '{search}' keeps {said} of its words once filler is dropped; {kind}"
    return ""


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def load_vocabulary(company_dir: Path | None = None) -> Vocabulary:
    """kbgen's vocabulary plus `company_dir/synonyms.yml` when there is one."""
    vocabulary = Vocabulary()
    sources = [BUILTIN]
    if company_dir is not None and (Path(company_dir) / COMPANY_FILE).is_file():
        sources.append(Path(company_dir) / COMPANY_FILE)
    for source in sources:
        try:
            data = load_editor_yaml(source.read_text(encoding="utf-8")) or {}
        except RefusedYAMLError as exc:
            raise VocabularyError(f"{source}, line {exc.problem_mark.line + 1}: {exc.problem}") from exc
        except (yaml.YAMLError, RecursionError) as exc:
            raise VocabularyError(f"{source} is not valid YAML: {exc}") from exc
        if not isinstance(data, dict):
            raise VocabularyError(f"{source}: expected sections synonyms, misspellings, emergency...")
        vocabulary.extend(data, source)
    return vocabulary
