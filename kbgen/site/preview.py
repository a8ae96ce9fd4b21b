"""A local preview: serve `site/` on loopback and rebuild it when its inputs change."""

from __future__ import annotations

import threading
from collections.abc import Callable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from kbgen.site.builder import BuildError, build_sites


class _Rebuilder(FileSystemEventHandler):
    """Rebuilds once things have been quiet for a moment, so a save of many files builds once."""

    def __init__(self, rebuild: Callable[[], None]) -> None:
        self.rebuild = rebuild
        self.timer: threading.Timer | None = None

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        if self.timer:
            self.timer.cancel()
        self.timer = threading.Timer(0.5, self.rebuild)
        self.timer.start()


def serve_preview(
    content_dir: Path, site_dir: Path, config_file: Path, *, port: int, echo: Callable[[str], None]
) -> None:
    def rebuild() -> None:
        try:
            # A preview shows what the content would publish; only `kbgen build` guards removals.
            report = build_sites(content_dir, site_dir, config_file, allow_removals=True)
        except BuildError as exc:
            echo(f"Build failed, still serving the previous site: {exc}")
            return
        for problem in report.problems:
            echo(str(problem))
        echo(f"Rebuilt: {', '.join(f'{n} {a}' for a, n in report.pages.items())} articles.")

    rebuild()
    observer = Observer()
    handler = _Rebuilder(rebuild)
    watched = [content_dir, config_file.parent / "overrides", config_file]
    for path in watched:
        if path.exists():
            observer.schedule(handler, str(path), recursive=path.is_dir())
    observer.start()

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, directory=str(site_dir), **kwargs)

        def log_message(self, format: str, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    echo(f"Serving http://127.0.0.1:{port}/ (owners: /owners/, residents: /residents/). Ctrl+C stops.")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        observer.stop()
        server.server_close()
