"""store.py is the one owner of the misses database's SQL (issue 16)."""

from __future__ import annotations

import ast
from pathlib import Path

import kbgen
from kbgen.signals.intake import store

_SQL_CALLS = {"execute", "executemany", "executescript"}


def test_no_module_but_the_store_runs_sql() -> None:
    """Every read and write of the tables is a function of store.py, so a column is named in one module."""
    package = Path(kbgen.__file__).parent
    outside = [
        f"{path.relative_to(package.parent)}:{node.lineno}"
        for path in sorted(package.rglob("*.py"))
        if path != Path(store.__file__)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        if node.func.attr in _SQL_CALLS
    ]
    assert outside == []
