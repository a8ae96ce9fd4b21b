"""`kbgen check`: everything an editor should fix, grouped by file, with line and what to do."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kbgen.checks import check_content, findings_json, group_by_file, site_findings, summary_line
from kbgen.commands.options import config_option, content_option, site_option
from kbgen.commands.project import project_content


@click.command("check")
@content_option
@config_option
@site_option(
    "A built site whose pages must keep working: report those the next build would drop.", default=None
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for CI.",
)
def command(content_dir: Path, config_file: Path, site_dir: Path | None, output_format: str) -> None:
    """Check the content folder; exit 1 when there are errors (what `kbgen build --strict` refuses)."""
    settings, content, plan = project_content(content_dir, config_file)
    findings = check_content(content, plan, settings)
    if site_dir is not None:
        findings += site_findings(site_dir, content, plan)
    if output_format == "json":
        click.echo(json.dumps(findings_json(findings), indent=2))
    else:
        _print_text(findings, sum(len(group) for group in content.articles.values()))
    sys.exit(1 if any(f.is_error for f in findings) else 0)


def _print_text(findings, article_count: int) -> None:
    if not findings:
        click.secho(f"Nothing to fix in {article_count} articles.", fg="green")
        return
    for path, group in group_by_file(findings).items():
        click.secho(str(path), bold=True)
        for finding in group:
            where = f"line {finding.line}: " if finding.line else ""
            click.secho(
                f"  {where}{finding.severity}: {finding.message}", fg="red" if finding.is_error else "yellow"
            )
    click.echo(summary_line(findings))
