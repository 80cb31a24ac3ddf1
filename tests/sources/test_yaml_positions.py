"""Where a value stands in its YAML file: asked for one path, the walk down that path
(`YamlDoc._along`) answers what recording the whole document answers."""

from __future__ import annotations

from cjmsite.sources.yamltree import parse_yaml

TEXT = """\
title: ¿Dónde está mi pedido?
owners:
  atención-al-cliente: R
  ventas: A
ideas:
  - title: Aviso por SMS
    owner: ventas
    impact: 4
  - &idea
    title: Seguimiento en la app
    kpi: {name: NPS, target: 40}
  - *idea
pains: [espera, "llamadas: 3"]
empty:
"""


def test_one_path_walked_down_answers_as_the_whole_record() -> None:
    whole = parse_yaml(TEXT, line_offset=1)
    paths = set(whole.values) | set(whole.keys)
    assert ("ideas", 1, "kpi", "target") in paths and ("owners", "ventas") in paths
    probes = [*paths, ("ideas", 9), ("ideas", 0, "nope"), ("owners", "ventas", 3), ("pains", "x")]
    for path in probes:
        for key in (False, True):
            fresh = parse_yaml(TEXT, line_offset=1)  # positions not worked out yet
            assert fresh.where(path, key=key) == whole.where(path, key=key), (path, key)
    fresh = parse_yaml(TEXT, line_offset=1)
    assert fresh.where(("ideas", 0, "owner")).line == 8  # the file line: offset included
    assert fresh.where(("owners", "ventas"), key=True).column == 3


ITEMS = """\
ideas:
  - Aviso por SMS
  -
    title: Ñandú en la línea siguiente
  - {title: "en flujo", owner: ventas}
  - - anidada
pains: [espera, "llamadas: 3",
  tercera]
gains:
- sin sangría
backstage: []
owners: {ventas: A}
"""


def _no_compose(path: tuple) -> None:
    raise AssertionError(f"composed the document again for {path}")


def test_the_items_of_top_level_lists_are_where_the_whole_record_puts_them() -> None:
    """An item's position (an idea's line, asked for by every build) is kept from the
    parse, and is the one composing the document again gives."""
    whole = parse_yaml(ITEMS, line_offset=3)
    recorded = whole.values  # every position, from the composed tree
    items = [path for path in recorded if len(path) == 2 and isinstance(path[1], int)]
    assert len(items) == 8
    for path in [*items, ("ideas", 4), ("ideas", -1), ("owners", 0), ("backstage", 0)]:
        fresh = parse_yaml(ITEMS, line_offset=3)
        if path in recorded:  # answered without composing the text again
            fresh._along = _no_compose  # type: ignore[method-assign]
        assert fresh.where(path) == recorded.get(path, whole.where(path)), path
        if path in recorded:  # an item has no key: its own position either way
            assert fresh.where(path, key=True) == recorded[path], path
        else:
            assert fresh.where(path, key=True) == whole.where(path, key=True), path
    assert parse_yaml(ITEMS, line_offset=3).where(("ideas", 1)).line == 7  # its title line
