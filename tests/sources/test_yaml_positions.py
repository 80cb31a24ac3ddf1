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
