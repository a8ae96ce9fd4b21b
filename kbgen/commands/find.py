"""`kbgen find`: the help centers' search from the command line, ranked as the browser ranks."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kbgen.commands.options import site_option
from kbgen.content import AUDIENCES
from kbgen.search import IndexNotFound, SiteIndex, find_sites, load_index, load_site_index
from kbgen.search.analysis import ANSWER_RESULTS
from kbgen.search.tuning import MAX_RESULTS


@click.command("find")
@click.argument("query", nargs=-1, required=True)
@site_option("The built help centers whose search indexes are searched.")
@click.option(
    "--audience",
    type=click.Choice([*AUDIENCES, "all"]),
    default="all",
    show_default=True,
    help="Which help center.",
)
@click.option(
    "--limit",
    default=5,
    show_default=True,
    type=click.IntRange(min=1),
    help=f"Articles per help center, at most as many as the site's search lists ({MAX_RESULTS}).",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per query (JSON lines).")
def command(query: tuple[str, ...], site_dir: Path, audience: str, limit: int, as_json: bool) -> None:
    """Find the articles a visitor would get for QUERY; `-` reads one query per line from stdin."""
    built = find_sites(site_dir)
    try:
        if audience == "all":  # every help center built there, in the usual order
            indexes = [load_site_index(built[name]) for name in AUDIENCES if name in built]
        else:
            indexes = [load_index(site_dir, audience)]
    except IndexNotFound as exc:
        raise click.ClickException(str(exc)) from exc
    if not indexes:
        raise click.ClickException(
            f"no help center in {site_dir}: run `kbgen build` first, or pass --site DIR"
        )
    queries = [line.strip() for line in sys.stdin if line.strip()] if query == ("-",) else [" ".join(query)]
    for text in queries:
        answers = [answer(index, text, limit) for index in indexes]
        if as_json:
            click.echo(json.dumps({"query": text, "audiences": answers}, ensure_ascii=False))
        else:
            echo_answers(text, answers, many=len(queries) > 1)


def answer(index: SiteIndex, query: str, limit: int) -> dict:
    hits = index.search(query, max(limit, ANSWER_RESULTS))
    analysis = index.analyze(query, hits)
    return {
        "audience": index.audience,
        "answered": analysis.answered,
        "emergency": analysis.emergency if index.emergency_line else None,
        "other_audience": analysis.other_audience,
        "suggestion": analysis.suggestion,
        "results": [
            {
                "title": hit.title,
                "url": hit.url,
                "summary": hit.summary,
                "audience": hit.audience,
                "location": hit.location,
                "score": round(hit.score, 3),
            }
            for hit in hits[:limit]
        ],
    }


def echo_answers(query: str, answers: list[dict], *, many: bool) -> None:
    if many:
        click.secho(f"== {query}", bold=True)
    for found in answers:
        label = found["audience"]
        if found["emergency"]:
            click.secho(
                f"[{label}] emergency ({found['emergency']}): the site shows the emergency line first",
                fg="red",
            )
        if found["other_audience"]:
            click.secho(f"[{label}] these words look like a question for the other help center", fg="yellow")
        if found["suggestion"]:
            click.secho(f"[{label}] did you mean: {found['suggestion']}", fg="yellow")
        if not found["results"]:
            click.echo(f"[{label}] nothing found")
        for rank, hit in enumerate(found["results"], 1):
            click.secho(f"[{label}] {rank}. {hit['title']}", bold=True)
            click.echo(f"    {hit['url']}")
            if hit["summary"]:
                click.echo(f"    {hit['summary']}")
