"""`kbgen check`: everything an editor should fix before publishing, by file and line, with what to do.

`check_content` is also what `kbgen build --strict` uses: a build refuses exactly what check calls an error.
"""

from kbgen.checks.finding import Finding
from kbgen.checks.published import ledger_findings, site_findings
from kbgen.checks.report import findings_json, group_by_file, summary_line
from kbgen.checks.runner import check_content

__all__ = [
    "Finding",
    "check_content",
    "findings_json",
    "group_by_file",
    "ledger_findings",
    "site_findings",
    "summary_line",
]
