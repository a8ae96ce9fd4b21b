"""`kbgen links`: the link catalog for CSRs and saved replies; never written inside the public sites."""

from __future__ import annotations

from pathlib import Path

import click

from kbgen.catalog import CatalogError, catalog_entries, copy_script, to_csv, to_html, to_json, to_markdown
from kbgen.content import AUDIENCES, load_content
from kbgen.content.ledger import LedgerError, load_ledger, reconcile
from kbgen.settings import SettingsError, load_settings


@click.command("links")
@click.option(
    "--content", "content_dir", default="content", show_default=True, type=click.Path(path_type=Path)
)
@click.option(
    "--config", "config_file", default="mkdocs.yml", show_default=True, type=click.Path(path_type=Path)
)
@click.option(
    "--site",
    "site_dir",
    default="site",
    show_default=True,
    type=click.Path(path_type=Path),
    help="List only the articles built there (all of the content folder when it does not exist).",
)
@click.option("--format", "output_format", type=click.Choice(["csv", "json", "md", "html"]), default="csv")
@click.option("--audience", type=click.Choice(AUDIENCES), default=None, help="Only this audience's articles.")
@click.option(
    "--output", "-o", type=click.Path(path_type=Path), default=None, help="Write here instead of stdout."
)
def command(
    content_dir: Path,
    config_file: Path,
    site_dir: Path,
    output_format: str,
    audience: str | None,
    output: Path | None,
) -> None:
    """Every article with its link, short link and reply text, for CSRs and inbox saved replies."""
    if output is not None and output.resolve().is_relative_to(site_dir.resolve()):
        raise click.ClickException(f"the catalog is for staff only: write it outside {site_dir}/")
    if not content_dir.is_dir():
        raise click.ClickException(f"content folder {content_dir} not found: pass --content DIR")
    try:
        settings = load_settings(config_file)
        content = load_content(content_dir)
        plan = reconcile(load_ledger(content_dir), content.articles)
    except (SettingsError, LedgerError) as exc:
        raise click.ClickException(str(exc)) from exc
    built = site_dir if site_dir.is_dir() else None
    if built is None:
        click.echo(f"{site_dir}/ is not built: listing every article of {content_dir}/.", err=True)
    audiences = (audience,) if audience else AUDIENCES
    entries = catalog_entries(content, plan, settings, audiences=audiences, site_dir=built)
    site_names = {a: settings.audiences[a].site_name for a in AUDIENCES}
    if output_format == "html":
        try:
            script = copy_script(config_file)
        except CatalogError as exc:
            raise click.ClickException(str(exc)) from exc
        text = to_html(
            entries, company=settings.company, site_names=site_names, source=str(content_dir), script=script
        )
    elif output_format == "md":
        text = to_markdown(entries, site_names)
    else:
        text = to_json(entries) if output_format == "json" else to_csv(entries)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {len(entries)} articles to {output}.", err=True)
