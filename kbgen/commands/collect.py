"""`kbgen collect`: run the collector that stores the searches the sites report."""

from __future__ import annotations

from pathlib import Path

import click

from kbgen.commands.options import db_option
from kbgen.signals.intake.collector import CollectorConfig, create_app


@click.command("collect")
@db_option("The SQLite database the searches are stored in (created when missing).")
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", default=8765, show_default=True, type=int, help="The port to listen on.")
@click.option(
    "--allow-origin",
    "allowed_origins",
    multiple=True,
    help="A site origin (https://help.example.com) allowed to send beacons; repeat for each.",
)
@click.option("--per-minute", default=30.0, show_default=True, help="Searches a client may send a minute.")
@click.option("--burst", default=20, show_default=True, help="Searches a client may send at once.")
@click.option(
    "--behind-proxy",
    is_flag=True,
    help="Take the client address from X-Forwarded-For's last hop (set it only behind your proxy).",
)
def command(
    db_path: Path,
    host: str,
    port: int,
    allowed_origins: tuple[str, ...],
    per_minute: float,
    burst: int,
    behind_proxy: bool,
) -> None:
    """Accept search beacons on http://HOST:PORT/miss and store them in the database."""
    from kbgen.signals.intake.server import serve

    config = CollectorConfig(
        db_path=db_path,
        allowed_origins=frozenset(origin.rstrip("/") for origin in allowed_origins),
        per_minute=per_minute,
        burst=burst,
        behind_proxy=behind_proxy,
    )
    click.echo(f"Collecting searches into {db_path} on http://{host}:{port}/miss", err=True)
    serve(create_app(config), host, port)
