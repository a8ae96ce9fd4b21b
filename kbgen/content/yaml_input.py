"""YAML that kbgen reads from people: front matter, `synonyms.yml`, `mkdocs.yml`.

A key written twice in an editor's file is refused: YAML keeps the last one silently, so a second
`tags:` line or a pasted second `rank_first:` block would drop the first without a word.

A few lines of YAML aliases (`&a [*b, *b, ...]` nested nine deep) expand to billions of values and
take the machine down. Editors' files never need aliases, so they are refused outright; the
project's `mkdocs.yml` may use them (repeated palette entries), so there only their expansion is
bounded. Either way the error names the file and the line.
"""

from __future__ import annotations

from typing import Any

import yaml

# Values a configuration file may expand to through its aliases: far above any real mkdocs.yml.
MAX_EXPANDED_VALUES = 100_000


class RefusedYAMLError(yaml.MarkedYAMLError):
    """Valid YAML that an editor's file may not hold; its message says what to write instead."""


class _EditorLoader(yaml.SafeLoader):
    """Safe YAML without aliases or repeated keys: each is an error at its line."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise RefusedYAMLError(
                None,
                None,
                f"YAML aliases (*{event.anchor}) are not allowed here: write the value out in full",
                event.start_mark,
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        """A mapping whose keys are all different: a repeated key is an error at its second line."""
        seen: set[str] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, str) and key in seen:
                problem = f"'{key}' is written twice: keep one, merging what the two say"
                raise RefusedYAMLError(None, None, problem, key_node.start_mark)
            if isinstance(key, str):
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


def load_editor_yaml(text: str) -> Any:
    """Parse an editor's YAML (front matter, synonyms.yml); raises yaml.YAMLError (RefusedYAMLError
    for aliases and repeated keys)."""
    return yaml.load(text, Loader=_EditorLoader)


def expanded_size(text: str) -> int:
    """How many values `text` holds once every alias is expanded, without expanding them.

    The node graph is composed (aliases stay shared references), then sizes are summed bottom-up
    with each node counted once per path to it. Tags are not constructed, so `!ENV` and
    `!!python/name:` entries of mkdocs.yml are fine here.
    """
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    sizes: dict[int, int] = {}

    def size(node: yaml.Node) -> int:
        known = sizes.get(id(node))
        if known is not None:
            return known
        sizes[id(node)] = 1  # a recursive alias counts once instead of forever
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(size(item) for item in node.value)
        elif isinstance(node, yaml.MappingNode):
            total += sum(size(key) + size(value) for key, value in node.value)
        sizes[id(node)] = total
        return total

    return size(root) if root is not None else 0


def repeated_key(text: str) -> yaml.ScalarNode | None:
    """The first key written a second time in one mapping of `text` (at its second place), composed
    without constructing anything, so `!ENV` and `!!python/name:` entries of mkdocs.yml are fine."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    pending = [root] if root is not None else []
    seen_nodes: set[int] = set()
    while pending:
        node = pending.pop()
        if id(node) in seen_nodes:
            continue  # an alias: composed once, shared
        seen_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys: set[str] = set()
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value != "<<":
                    if key.value in keys:
                        return key
                    keys.add(key.value)
                pending += [key, value]
        elif isinstance(node, yaml.SequenceNode):
            pending += node.value
    return None
