"""How the pipeline writes a site: `Swap` (build: a new folder swapped in whole) or
`Sync` (serve: only the files whose bytes changed, in place). `check` writes nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from cjmsite.model import Site, SiteConfig
from cjmsite.render import Rendered
from cjmsite.search.pagefind import BUNDLE
from cjmsite.write import (
    MARKER,
    SyncResult,
    check_output_dir,
    spool_folder,
    sync_site,
    write_files,
    write_site,
)


def output_path(config: SiteConfig, output_dir: Path | str | None) -> Path:
    """Where a build writes: `-o` (relative to the working folder) or the config's
    output_dir (relative to the project)."""
    root = Path(config.root)
    output = Path(output_dir) if output_dir is not None else root / config.output_dir
    if not output.is_absolute():
        output = (Path.cwd() if output_dir is not None else root) / output
    return output


@dataclass
class Swap:
    """Write the whole site into a hidden sibling and swap it in (write.write_site): the
    previous output stays until the build succeeds. Pages are rendered into a spool
    folder beside the output and hard-linked from there."""

    output_dir: Path | str | None = None  # None: the configuration's output_dir
    # after `write`: size and mtime of every file of the output, when known without a walk
    state: dict[str, tuple[int, int]] = field(default_factory=dict)

    def folder(self, config: SiteConfig) -> Path:
        return output_path(config, self.output_dir)

    @contextmanager
    def spool(self, output: Path) -> Iterator[Path | None]:
        with spool_folder(output) as spool:
            yield spool

    def ahead(self) -> Callable[[Rendered], None] | None:
        """Nothing is written before the whole site is: the swap is all or nothing."""
        return None

    def write(
        self,
        output: Path,
        rendered: Rendered,
        site: Site,
        search_later: bool,
        spool: Path | None = None,
    ) -> int:
        """Files in the new output (the `spool` folder becomes it, when there is no
        previous output to update). Raises OutputError or OSError."""
        config = site.config
        root = Path(config.root)
        check_output_dir(output, root, root / config.content_dir)
        return write_site(
            output, rendered.files, site.assets, rendered.on_disk(), self.state, spool
        )


@dataclass
class Sync:
    """Make the folder hold the site by writing only what changed (write.sync_site), for a
    process that owns the folder (serve): open pages stay valid, unchanged files keep
    their mtime. Pages are kept in memory (no spool)."""

    output: Path
    present: set[str] | None = None  # the files the last sync left (None: walk the folder)
    last: SyncResult = field(default_factory=SyncResult)
    # told of the pages written ahead of the rest (see `ahead`); None: none are
    early: Callable[[list[str]], None] | None = None
    written_ahead: list[str] = field(default_factory=list)  # by this build

    def folder(self, config: SiteConfig) -> Path:
        return self.output

    @contextmanager
    def spool(self, output: Path) -> Iterator[Path | None]:
        yield None

    def ahead(self) -> Callable[[Rendered], None] | None:
        """With `early`: how the pages showing a saved file are written before the others
        are rendered (serve then reloads the browsers; `write` completes the site)."""
        return self._write_ahead if self.early is not None else None

    def _write_ahead(self, rendered: Rendered) -> None:
        self.written_ahead = write_files(self.output, rendered.files)
        if self.early is not None:
            self.early(self.written_ahead)

    def write(
        self,
        output: Path,
        rendered: Rendered,
        site: Site,
        search_later: bool,
        spool: Path | None = None,
    ) -> int:
        """Files written (there is no spool). `search_later`: the search bundle stays
        until it is replaced."""
        keep = (BUNDLE + "/",) if search_later else ()
        try:
            self.last = sync_site(
                output, rendered.files, site.assets, rendered.reused, keep, self.present
            )
        except BaseException:
            self.present = None  # walk the folder next time
            raise
        self.last.written = sorted({*self.written_ahead, *self.last.written})
        bundle = {rel for rel in self.present or () if rel.startswith(BUNDLE + "/")}
        self.present = set(rendered.names()) | {MARKER} | {a.output_path for a in site.assets}
        if keep:
            self.present |= bundle
        return len(self.last.written)

    def replace_bundle(self, bundle: dict[str, bytes]) -> list[str]:
        """Put a search bundle in place of whatever is under pagefind/; the files written."""
        synced = sync_site(self.output, bundle, (), within=BUNDLE + "/")
        if self.present is not None:
            others = {rel for rel in self.present if not rel.startswith(BUNDLE + "/")}
            self.present = others | set(bundle)
        return synced.written


Output = Swap | Sync
