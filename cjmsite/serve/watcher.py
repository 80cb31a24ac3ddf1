"""Watch the project with watchfiles and rebuild on every relevant change."""

from __future__ import annotations

import threading
from pathlib import Path

from watchfiles import DefaultFilter, watch

from cjmsite.serve.session import ServeSession

STEP_MS = 10  # quiet time that ends a burst of events (an editor's save: write, rename)
DEBOUNCE_MS = 400  # the longest a burst is grouped before a rebuild starts anyway


def watch_loop(session: ServeSession, stop: threading.Event) -> None:
    """Rebuild after each burst of changes until `stop` is set."""
    ignore = [str(session.output.parent)]
    if session.user_output is not None:
        ignore.append(str(session.user_output))
    for changes in watch(
        *session.watch_roots(),
        watch_filter=DefaultFilter(ignore_paths=ignore),
        debounce=DEBOUNCE_MS,
        step=STEP_MS,
        stop_event=stop,
        raise_interrupt=False,
        rust_timeout=500,
    ):
        paths = sorted({Path(path) for _, path in changes})
        relevant = [p for p in paths if session.is_relevant(p)]
        if relevant:
            session.rebuild(relevant)


def start_watcher(session: ServeSession) -> tuple[threading.Thread, threading.Event]:
    stop = threading.Event()
    thread = threading.Thread(
        target=watch_loop, args=(session, stop), name="cjmsite-watch", daemon=True
    )
    thread.start()
    return thread, stop
