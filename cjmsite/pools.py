"""Forked worker pools that neither a killed worker nor a signal leaves hanging.

A forked worker inherits the build's signal handlers: SIGTERM raising KeyboardInterrupt
(`cjmsite build`, `serve`). When a worker dies, the pool sends SIGTERM to the others and
waits for them; a worker that turned it into KeyboardInterrupt had the pool's own code
catch it and block on a pipe nobody reads, and the build waited forever. And Ctrl-C goes to
the whole process group: every worker printed a traceback. So a worker takes the default
SIGTERM (it ends) and ignores SIGINT (the build's process handles it, and cancels what the
workers have not started).
"""

from __future__ import annotations

import signal
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context


def _worker_signals() -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def fork_pool(jobs: int) -> ProcessPoolExecutor:
    """`jobs` forked workers (see the module's docstring). Whoever submits work cancels
    what has not started when it stops early (`Executor.map` does; not
    `shutdown(cancel_futures=True)`, which can hang in CPython 3.11 once a work item has
    failed)."""
    return ProcessPoolExecutor(jobs, mp_context=get_context("fork"), initializer=_worker_signals)
