"""The state of one `cjmsite serve` run: rebuilds, the current version, the diagnostics."""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from cjmsite.config.options import ConfigError
from cjmsite.diagnostics import Diagnostic, Severity
from cjmsite.render.theme import load_theme
from cjmsite.search.pagefind import SHARD_LIST
from cjmsite.site.incremental import IncrementalBuilder, Rebuild

Log = Callable[[str], None]
SETTLE_SECONDS = 60.0  # the longest a request waits for the build running to end
# never changed by a build that writes pages ahead (it does when the theme is as it was;
# the search bundle is replaced afterwards, in the background)
UNTOUCHED = ("_theme/", "pagefind/")


def base_path(site_url: str) -> str:
    """The path part of site_url, `/` first and last: where the site is served."""
    path = unquote(urlsplit(site_url).path) if site_url else "/"
    path = "/" + path.strip("/") + "/"
    return "/" if path == "//" else path


class ServeSession:
    """Rebuilds on demand and tells waiting browsers when what they show has changed."""

    def __init__(self, config_path: Path, output: Path, log: Log | None = None) -> None:
        self.config_path = config_path.resolve()
        self.root = self.config_path.parent
        self.output = output
        self.builder = IncrementalBuilder(self.config_path, output)
        self.log = log or (lambda message: None)
        self.changed = threading.Condition()
        self.version = 0
        self._shard_list_seen = False  # pagefind/shards.json written once already
        self.diagnostics: list[Diagnostic] = []
        self.failed = False
        self.base = "/"
        self.stopping = False
        self.watched: list[Path] = []  # folders a change of which means a rebuild
        self.user_output: Path | None = None
        self._build_lock = threading.Lock()
        self._error_key: tuple = ()
        self._search_guard = threading.Lock()
        self._search_next: Rebuild | None = None
        self._search_running = False
        # while a build finishes the pages it did not write ahead: set when none is
        self.settled = threading.Event()
        self.settled.set()
        self.fresh: frozenset[str] = frozenset()  # pages written ahead by the build running
        self._started = 0.0  # when the build running started (perf_counter)

    # ---- rebuilding -------------------------------------------------------------

    def rebuild(self, changed: list[Path] | None = None) -> Rebuild | None:
        """Build again (one at a time); never raises: problems become the error page."""
        with self._build_lock:
            try:
                return self._rebuild(changed)
            finally:
                self.settled.set()  # published already; this also covers an interruption

    def _rebuild(self, changed: list[Path] | None) -> Rebuild | None:
        self._started = start = time.perf_counter()
        if changed:
            self.builder.cache.saved(changed)
        outcome: Rebuild | None = None
        try:
            outcome = self.builder.build(None if self.failed else self._early)
            diagnostics = outcome.result.diagnostics
            failed = not outcome.result.written
            self._learn(outcome)
        except ConfigError as error:
            diagnostics, failed = error.diagnostics.sorted(), True
        except Exception as error:  # an internal error must not stop the server
            last = traceback.format_exception_only(error)[-1].strip()
            diagnostics = [
                Diagnostic(
                    "", 0, 0, Severity.ERROR, f"internal error while building: {last}",
                    "please report it with the file you just changed",
                )
            ]  # fmt: skip
            failed = True
        self._publish(outcome, diagnostics, failed, time.perf_counter() - start)
        if outcome is not None and outcome.search is not None and not failed:
            self._schedule_search(outcome)
        self.builder.settle()
        return outcome

    def _early(self, written: list[str]) -> None:
        """The pages showing the saved files are written (the rest is being made): reload
        the browsers now; a request for any other page waits until the build ends."""
        with self.changed:
            self.fresh = frozenset(written)
            self.settled.clear()
            if written:
                self.version += 1
                self.changed.notify_all()
        ms = (time.perf_counter() - self._started) * 1000
        self.log(f"wrote {len(written)} page(s) ahead of the rest in {ms:.0f} ms")

    def wait_settled(self, rel: str, timeout: float = SETTLE_SECONDS) -> None:
        """Return once `rel` (a file of the site) is as the build running will leave it:
        at once for a page it wrote ahead, the theme's files and the search bundle."""
        if self.settled.is_set() or rel in self.fresh or rel.startswith(UNTOUCHED):
            return
        self.settled.wait(timeout)

    # ---- the search index, in the background ------------------------------------

    def _schedule_search(self, outcome: Rebuild) -> None:
        """Index the pages of this build after it (the previous index serves meanwhile)."""
        with self._search_guard:
            self._search_next = outcome
            if self._search_running:
                return
            self._search_running = True
        threading.Thread(target=self._search_loop, name="cjmsite-search", daemon=True).start()

    def _search_loop(self) -> None:
        while True:
            with self._search_guard:
                outcome, self._search_next = self._search_next, None
                if outcome is None or self.stopping:
                    self._search_running = False
                    return
            start = time.perf_counter()
            try:
                written, problems = self.builder.update_search(outcome)
            except Exception as error:  # the index is a convenience: never stop the server
                self.log(f"search index not updated: {error}")
                continue
            for d in problems:
                self.log("  " + d.format())
            if written:
                ms = (time.perf_counter() - start) * 1000
                self.log(f"search index updated in {ms:.0f} ms ({len(written)} file(s))")
            if SHARD_LIST in written:  # open pages read the shard list once: reload them
                with self.changed:
                    if self._shard_list_seen:  # the list changed (not its first writing)
                        self.version += 1
                        self.changed.notify_all()
                    self._shard_list_seen = True

    def wait_for_search(self, timeout: float = 60.0) -> bool:
        """Block until no search update is running or queued (for tests)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._search_guard:
                if not self._search_running and self._search_next is None:
                    return True
            time.sleep(0.02)
        return False

    def _learn(self, outcome: Rebuild) -> None:
        """Base path and watched folders from the configuration of the last build."""
        site = outcome.result.site
        if site is None:
            return
        config = site.config
        self.base = base_path(config.site_url)
        theme, _ = load_theme(config.theme, config.theme_overrides, self.root)
        folders = [self.root / config.content_dir, *theme.layers, self.root / "themes"]
        if config.theme_overrides:
            folders.append(self.root / config.theme_overrides)
        self.watched = [f.resolve() for f in folders]
        self.user_output = (self.root / config.output_dir).resolve()

    def _publish(
        self, outcome: Rebuild | None, diagnostics: list[Diagnostic], failed: bool, seconds: float
    ) -> None:
        key = tuple((d.path, d.line, d.column, d.message) for d in diagnostics) if failed else ()
        with self.changed:
            was_failed = self.failed
            self.diagnostics, self.failed = diagnostics, failed
            shown_changed = (
                key != self._error_key
                if failed
                else was_failed or bool(outcome and (outcome.changed or outcome.deleted))
            )
            if outcome is not None and outcome.ahead and not failed:
                shown_changed = False  # reloaded when they were written ahead; the rest waited
            self._error_key = key
            if shown_changed:
                self.version += 1
                self.changed.notify_all()
            self.fresh = frozenset()
            self.settled.set()
        ms = f"{seconds * 1000:.0f} ms"
        if failed:
            errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
            self.log(f"build failed ({errors} error{'' if errors == 1 else 's'}, {ms}):")
            for d in diagnostics:
                self.log("  " + d.format())
        elif outcome is not None:
            for d in diagnostics:
                self.log("  " + d.format())
            self.log(
                f"built in {ms}: {len(outcome.changed)} file(s) written, "
                f"{len(outcome.deleted)} removed, {outcome.parsed} source(s) parsed"
            )

    # ---- what to watch ----------------------------------------------------------

    def is_relevant(self, path: Path) -> bool:
        """Whether a change to `path` can change the site."""
        path = Path(path).resolve()
        if path == self.config_path:
            return True
        if self.user_output is not None and path.is_relative_to(self.user_output):
            return False
        if not self.watched:  # no usable configuration yet: anything may fix it
            return path.is_relative_to(self.root)
        return any(path.is_relative_to(folder) for folder in self.watched)

    def watch_roots(self) -> list[Path]:
        """Folders to watch: the project, and theme layers that live outside it."""
        roots = [self.root]
        for folder in self.watched:
            if folder.is_dir() and not folder.is_relative_to(self.root):
                roots.append(folder)
        return roots

    # ---- waiting browsers -------------------------------------------------------

    def wait(self, seen: int, timeout: float) -> int:
        """Block until the version differs from `seen`, the server stops, or timeout."""
        with self.changed:
            self.changed.wait_for(lambda: self.version != seen or self.stopping, timeout)
            return self.version

    def stop(self) -> None:
        with self.changed:
            self.stopping = True
            self.changed.notify_all()
