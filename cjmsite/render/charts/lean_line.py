"""A lean `Line`: a `pygal.Line` that skips the work cjmsite's post-processing throws away.

`chart_svg.render_plan` draws with pygal, then `chart_svg._post_process` strips
pygal's tooltip data (the `<desc>` nodes of each dot), its tooltip overlay and
its `<script>`s. `Line` skips drawing the tooltip data and the scripts and does
pygal's bookkeeping with less overhead (the small tooltip overlay is still drawn,
and removed, as before), so the post-processed SVG is byte for byte what a plain
`pygal.Line` gives (tests/render/test_charts_pygal.py renders both and compares, and
checks each assumption below against the installed pygal).

Everything is an override in this subclass; pygal's code is not edited:

- `__getattribute__`: pygal's `BaseGraph.__getattribute__` reads each name from the
  render state first, through three nested Python-level lookups of its own; this
  does the same lookup in one (over half of the saving: pygal reads thousands of
  attributes per chart);
- `prepare_values`: pygal calls `dir(SerieConfig())` once per state key (~95) per
  series; while it runs, `pygal.graph.base.SerieConfig` is `_SerieConfig`, whose
  `dir()` is computed once. The only module-level change, undone on return; a
  concurrent render that sees it behaves the same (same names, same values);
- `_tooltip_data` draws nothing, and without printed values (`print_values`,
  `print_labels`, `dynamic_print_values`, never set by cjmsite) `_format` and
  `_static_value` skip the formatting only those two use;
- the config `<script>` (a JSON dump of every option, found by a `dir()` walk) is
  not generated: `add_scripts` of the chart's `Svg` helper is a no-op.
"""

from __future__ import annotations

from typing import Any

import pygal
import pygal.graph.base as _pygal_base
from pygal.config import SerieConfig

_object_getattribute = object.__getattribute__
_SERIE_NAMES = dir(SerieConfig())  # config names only: the same for every instance


class _SerieConfig(SerieConfig):  # type: ignore[misc]
    """`SerieConfig` with `dir()` computed once: a list of names, not a walk of the MRO."""

    def __dir__(self) -> list[str]:
        return _SERIE_NAMES


def _no_scripts() -> None:
    """Stands in for `Svg.add_scripts`: post-processing drops pygal's scripts."""


class Line(pygal.Line):  # type: ignore[misc]
    """`pygal.Line` giving the same post-processed SVG with less work (see the module).

    Named `Line` on purpose: pygal writes the class name into the SVG ("line-graph").
    """

    def __getattribute__(self, name: str) -> Any:
        # BaseGraph.__getattribute__ in one call: while rendering, a name the transient
        # state holds comes from the state ("state" itself and dunders never do).
        state = _object_getattribute(self, "__dict__").get("state")
        if state is not None and name != "state" and not name.startswith("__"):
            values = state.__dict__
            if name in values:
                return values[name]
        return _object_getattribute(self, name)

    def prepare_values(self, raw: list, offset: int = 0) -> list | None:
        _pygal_base.SerieConfig = _SerieConfig
        try:
            return super().prepare_values(raw, offset)
        finally:
            _pygal_base.SerieConfig = SerieConfig

    def _draw(self) -> None:
        self._lean = not (self.print_values or self.print_labels or self.dynamic_print_values)
        super()._draw()
        self.svg.add_scripts = _no_scripts  # `Svg.pre_render` calls it next

    def _tooltip_data(self, *args: Any, **kwargs: Any) -> None:
        """pygal's data for its JS tooltip (`<desc>` nodes): post-processing removes it."""

    def _format(self, serie: Any, index: int) -> str:
        """A dot's value as text: for `_tooltip_data` (a no-op) and printed values."""
        return "" if self._lean else super()._format(serie, index)

    def _static_value(self, *args: Any, **kwargs: Any) -> None:
        """Printed values and labels: nothing unless `print_values` / `print_labels`."""
        if not self._lean:
            super()._static_value(*args, **kwargs)
