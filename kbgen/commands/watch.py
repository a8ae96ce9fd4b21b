"""`kbgen watch`: poll Notion, and publish whenever an editor changed something."""

from __future__ import annotations

import signal
import threading
from pathlib import Path

import click

from kbgen.commands.options import config_option, content_option, site_option, target_option
from kbgen.publish.watch import Watcher, serve_status


@click.command("watch")
@target_option
@click.option(
    "--interval", default=60.0, show_default=True, type=click.FloatRange(min=1), help="Seconds between polls."
)
@click.option(
    "--reconcile-minutes",
    default=15.0,
    show_default=True,
    type=click.FloatRange(min=1),
    help="A full pull this often, which notices pages moved to Notion's trash.",
)
@click.option(
    "--port",
    default=8787,
    show_default=True,
    type=click.IntRange(min=0),
    help="Loopback port for GET /healthz and the status page; 0 for none.",
)
@content_option
@site_option("Where the sites are built before they are deployed.")
@config_option
def command(
    target: str,
    interval: float,
    reconcile_minutes: float,
    port: int,
    content_dir: Path,
    site_dir: Path,
    config_file: Path,
) -> None:
    """Publish from Notion continuously: one request per idle poll; on a change, pull, build, check, deploy.

    A failure keeps the last good site and backs off. Stops cleanly on SIGTERM or Ctrl+C.
    """
    watcher = Watcher(
        content_dir,
        site_dir,
        config_file,
        target,
        interval=interval,
        reconcile_minutes=reconcile_minutes,
        log=lambda line: click.echo(line),
    )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    server = serve_status(watcher, port) if port else None
    if server is not None:
        click.echo(f"Status on http://127.0.0.1:{server.server_address[1]}/ (health: /healthz)")
    try:
        watcher.run(stop)
    except KeyboardInterrupt:
        stop.set()
    finally:
        if server is not None:
            server.shutdown()
            server.server_close()
