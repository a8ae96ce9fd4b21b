"""`kbgen links`: the link catalog for CSRs and saved replies; never written inside the public sites."""

from __future__ import annotations

from pathlib import Path

import click

from kbgen.catalog import (
    CatalogEntry,
    catalog_entries,
    to_csv,
    to_espanso,
    to_helpscout,
    to_html,
    to_json,
    to_markdown,
    to_textexpander,
    to_zendesk,
)
from kbgen.commands.options import config_option, content_option, site_option
from kbgen.commands.project import project_content
from kbgen.content import AUDIENCES
from kbgen.settings import Settings

# Files help-desk tools import as saved replies, macros or snippets (README says how).
REPLY_FORMATS = {
    "zendesk": to_zendesk,
    "helpscout": to_helpscout,
    "espanso": to_espanso,
    "textexpander": to_textexpander,
}


@click.command("links")
@content_option
@config_option
@site_option(
    "List only the articles built in this site folder (default: every article of the content folder).",
    default=None,
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["csv", "json", "md", "html", *REPLY_FORMATS]),
    default="csv",
    show_default=True,
    help="csv or json for saved replies and text expanders, md to read, html for one page with copy buttons;"
    " zendesk (macros JSON), helpscout (saved replies CSV), espanso (YAML), textexpander (CSV) to import.",
)
@click.option("--audience", type=click.Choice(AUDIENCES), default=None, help="Only this audience's articles.")
@click.option(
    "--output", "-o", type=click.Path(path_type=Path), default=None, help="Write here instead of stdout."
)
def command(
    content_dir: Path,
    config_file: Path,
    site_dir: Path | None,
    output_format: str,
    audience: str | None,
    output: Path | None,
) -> None:
    """Every article with its link, short link and reply text, for CSRs and inbox saved replies."""
    if output is not None and _inside_a_site(output, site_dir):
        raise click.ClickException(
            "the catalog is for staff only: write it outside the published site folder "
            "(`kbgen build` writes the unlisted staff view to site/staff/)"
        )
    settings, content, plan = project_content(content_dir, config_file)
    if site_dir is not None and not site_dir.is_dir():
        raise click.ClickException(
            f"site folder {site_dir} not found: run `kbgen build` first, or leave out --site"
        )
    audiences = (audience,) if audience else AUDIENCES
    entries = catalog_entries(content, plan, settings, audiences=audiences, site_dir=site_dir)
    text = _render(entries, output_format, settings, content_dir)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {len(entries)} articles to {output}.", err=True)


def _render(entries: list[CatalogEntry], output_format: str, settings: Settings, content_dir: Path) -> str:
    site_names = {a: settings.audiences[a].site_name for a in AUDIENCES}
    if output_format == "csv":
        return to_csv(entries)
    if output_format == "json":
        return to_json(entries)
    if output_format == "md":
        return to_markdown(entries, site_names)
    if output_format in REPLY_FORMATS:
        return REPLY_FORMATS[output_format](entries)
    return to_html(entries, company=settings.company, site_names=site_names, source=str(content_dir))


def _inside_a_site(output: Path, site_dir: Path | None) -> bool:
    """True inside `site_dir` or inside any folder that holds a built site (it has a sitemap)."""
    target = output.resolve()
    if site_dir is not None and target.is_relative_to(site_dir.resolve()):
        return True
    return any((folder / "sitemap.xml").is_file() for folder in target.parents)
