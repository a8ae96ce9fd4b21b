"""Findings grouped by the file an editor opens to fix them, as text lines or JSON for CI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kbgen.checks.finding import Finding


def group_by_file(findings: list[Finding]) -> dict[Path, list[Finding]]:
    """Files in order, each file's findings by line (errors first on a line)."""
    groups: dict[Path, list[Finding]] = {}
    for finding in sorted(findings, key=lambda f: (str(f.source), f.line or 0, not f.is_error, f.message)):
        groups.setdefault(finding.source, []).append(finding)
    return groups


def summary_line(findings: list[Finding]) -> str:
    errors = sum(f.is_error for f in findings)
    warnings = len(findings) - errors
    files = len(group_by_file(findings))
    return f"{errors} error(s), {warnings} warning(s) in {files} file(s)."


def findings_json(findings: list[Finding]) -> dict[str, Any]:
    return {
        "errors": sum(f.is_error for f in findings),
        "warnings": sum(not f.is_error for f in findings),
        "files": [
            {
                "file": str(path),
                "findings": [
                    {"severity": f.severity, "kind": f.kind, "line": f.line, "message": f.message}
                    for f in group
                ],
            }
            for path, group in group_by_file(findings).items()
        ],
    }
