"""`cjmsite diff`: the customer impact of a change between two git revisions.

`run_diff` loads both sides (see `snapshot`), compares the resolved models (see
`compare`) and checks the CI gates (see `verdict`); the `render_*` modules turn the
report into Markdown (a pull-request comment), JSON or a standalone HTML page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cjmsite.diff.compare import Comparison, compare
from cjmsite.diff.snapshot import DiffError, Snapshot, default_base, load_side
from cjmsite.diff.verdict import GATES, failed_gates, verdict

if TYPE_CHECKING:
    from cjmsite.render.locale import Locale

EXIT_OK, EXIT_GATE, EXIT_USAGE, EXIT_CONTENT_ERRORS = 0, 1, 2, 3


@dataclass
class DiffReport:
    """Both sides, their comparison (None when a side has errors) and the gates hit."""

    base: Snapshot
    head: Snapshot
    comparison: Comparison | None
    gates: list[str]  # requested
    failed: list[str]  # requested and hit
    locale: Locale | None = field(default=None, repr=False)  # the handbook's; None: English

    @property
    def verdict(self) -> str:
        """In English: the JSON report's language-neutral verdict."""
        return verdict(self)

    @property
    def exit_code(self) -> int:
        if self.comparison is None:
            return EXIT_CONTENT_ERRORS
        return EXIT_GATE if self.failed else EXIT_OK


def run_diff(
    config_path: Path | str,
    base: str | None = None,
    head: str | None = None,
    fail_on: list[str] | tuple[str, ...] = (),
) -> DiffReport:
    """Compare the handbook at `base` (default: merge-base with the default branch)
    with `head` (default: the working tree). Raises DiffError for git problems."""
    config_path = Path(config_path).absolute()
    unknown = [g for g in fail_on if g not in GATES]
    if unknown:
        raise DiffError(f"unknown --fail-on gate `{unknown[0]}`; known: {', '.join(GATES)}")
    base_side = load_side(config_path, base or default_base(config_path.parent))
    if base is None:
        base_side.label = f"merge-base {base_side.label}"
    head_side = load_side(config_path, head)
    comparison = compare(base_side, head_side) if base_side.ok and head_side.ok else None
    report = DiffReport(base_side, head_side, comparison, list(fail_on), [])
    report.locale = report_locale(config_path, head_side, base_side)
    if comparison is not None:
        report.failed = failed_gates(comparison, fail_on)
    return report


def report_locale(config_path: Path, *sides: Snapshot) -> Locale:
    """The language the reports speak: the head's configuration (else the base's, else the
    one on disk), with the theme as the project on disk has it; English if none loads."""
    from cjmsite.config.options import ConfigError, load_config
    from cjmsite.diff.words import english, handbook_locale

    configs = [side.site.config for side in sides if side.site is not None]
    if not configs:
        try:
            configs = [load_config(config_path)[0]]
        except ConfigError:  # the report says why; its words are English
            return english()
    try:
        return handbook_locale(configs[0], config_path.parent)
    except OSError:  # a theme that cannot be read must not stop the report
        return english()


__all__ = [
    "EXIT_CONTENT_ERRORS", "EXIT_GATE", "EXIT_OK", "EXIT_USAGE", "GATES", "DiffError",
    "DiffReport", "run_diff",
]  # fmt: skip
