"""Write the built site: atomically for `build` (write_site: a new folder swapped in, or a
previous output updated by renames under held signals, see update), in place for
`serve` (sync_site: only the files whose bytes changed)."""

from cjmsite.write.folders import (
    MARKER,
    MARKER_TEXT,
    InterruptedAfterWrite,
    OutputDamaged,
    OutputError,
    after_write,
    check_output_dir,
    is_plain_relative,
    output_lock,
    output_lock_path,
    remove_leftovers,
    signals_held,
    spool_folder,
)
from cjmsite.write.swap import write_site
from cjmsite.write.sync import SyncResult, sync_site, write_files

__all__ = [
    "MARKER",
    "MARKER_TEXT",
    "InterruptedAfterWrite",
    "OutputDamaged",
    "OutputError",
    "SyncResult",
    "after_write",
    "check_output_dir",
    "is_plain_relative",
    "output_lock",
    "output_lock_path",
    "remove_leftovers",
    "signals_held",
    "spool_folder",
    "sync_site",
    "write_files",
    "write_site",
]
