"""Fuzzing the content pipeline: hostile bytes, YAML and frontmatter only ever give diagnostics.

Each test overwrites one file of the minimal fixture site, runs `cjmsite.check` and
asserts that nothing but diagnostics (each with a path) comes out. The example counts
are small so the file runs in seconds; `HYPOTHESIS_PROFILE=long` (see tests/conftest.py
and docs/hardening.md) multiplies them for a run before a release.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sitekit import fixture_site

from cjmsite import check
from cjmsite.config.options import ConfigError
from cjmsite.diagnostics import Diagnostic

pytestmark = pytest.mark.slow  # Hypothesis: hundreds of generated inputs per test

KIND_FILES = {
    "persona": "content/personas/ana.md",
    "department": "content/departments/sales.md",
    "channel": "content/channels/web.md",
    "journey": "content/journeys/signup/index.md",
    "touchpoint": "content/journeys/signup/20-visits-store.md",
    "page": "content/pages/about.md",
}
KINDS = sorted(KIND_FILES)
VALID: dict[str, dict[str, Any]] = {
    "persona": {
        "name": "Ana",
        "summary": "Young professional",
        "photo": "../assets/ana.svg",
        "goals": ["fast fibre"],
        "quote": "Just works",
        "channels": ["web"],
    },
    "department": {"name": "Sales", "lead": "Marta", "contact": "sales@example.com"},
    "channel": {"name": "Website", "kind": "online"},
    "journey": {
        "title": "Sign up",
        "personas": ["ana"],
        "owner": "sales",
        "state": "current",
        "stages": ["awareness", {"id": "purchase", "name": "Purchase"}],
    },
    "touchpoint": {
        "title": "Visits the store",
        "stage": "purchase",
        "channel": "store",
        "order": 20,
        "contact": "direct",
        "emotion": {"ana": -1},
        "importance": 5,
        "owners": {"sales": "A", "care": ["R", "C"]},
        "backstage": ["stock check"],
        "ideas": ["shorter queue", {"title": "Book online", "owner": "care", "status": "planned"}],
        "metrics": [{"name": "Wait", "value": 12, "target": "5 min"}],
        "storyboard": "../../assets/ana.svg",
        "evidence": ["interview 3"],
    },
    "page": {"title": "About", "order": 1},
}
FIELDS = sorted({key for data in VALID.values() for key in data})

# YAML scalars as written, the tricky ones: YAML 1.1 booleans, NaN, dates, tags, numbers
# beyond float range, NUL escapes, paths that leave the content folder.
TRICKY = [
    "no",
    "yes",
    "on",
    "off",
    "On",
    "NO",
    "y",
    "n",
    "~",
    "null",
    "",
    "''",
    '""',
    ".nan",
    ".NaN",
    ".inf",
    "-.inf",
    "1.0e+400",
    "-1.0e+400",
    "1.0e-400",
    "1e400",
    "2024-01-01",
    "2024-02-30",
    "2024-13-45",
    "2024-01-01T10:00:00Z",
    "2024-01-01 25:61:61",
    "0x1F",
    "0o17",
    "017",
    "0b101",
    "1_000",
    "-0",
    "+1",
    "1:30",
    "190:20:30",
    "9" * 300,
    "-" + "9" * 300,
    "9" * 5000,
    "1.7976931348623157e+309",
    "!!binary aGVsbG8=",
    "!!set {a, b}",
    "!!omap [a: 1, b: 2]",
    "!!pairs [a: 1]",
    "!!str 1",
    "!!int x",
    "!!float y",
    "!!timestamp x",
    "!!python/object/apply:os.system [ls]",
    "!custom x",
    "[]",
    "{}",
    "[a, {b: c}]",
    "{a: [1, {b: 2}]}",
    "[[[[]]]]",
    "*undefined",
    "&x x",
    '"\\0"',
    '"a\\x00b"',
    '"\\u202e"',
    "'../../etc/passwd'",
    "/etc/passwd",
    "'%00'",
    "'a%00b.png'",
    "'C:\\\\x.png'",
    "'//evil/x.png'",
    "'file:///etc/passwd'",
    "|\n  block\n  text",
    ">-\n  folded",
    "'" + "x" * 3000 + "'",
    "[R, A, A, X]",
    "{ana: .nan}",
    "{ana: no}",
    "{1: 2}",
    "{~: 1}",
    "{[1]: 1}",
    "{A: 1, a: 2}",
    "r",
]
TRICKY_KEYS = ["1", "~", "null", "true", "no", "1.5", "2024-01-01", "'name '", "Name", "<<"]


# -- the site under test -------------------------------------------------------------
@pytest.fixture(scope="module")
def site() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="cjmsite-fuzz-"))
    try:
        yield fixture_site("minimal", folder, base=None)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def fuzz(examples: int) -> settings:
    """Bounded settings; a profile with more examples (e.g. `long`) scales them up."""
    scale = max(1, settings.default.max_examples // 100)
    return settings(
        max_examples=examples * scale,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


def only_diagnostics(config: Path, name: str, data: bytes) -> list[Diagnostic]:
    """Write `data` to `name` in the site, check it, restore the file; return diagnostics."""
    target = config.parent / name
    original = target.read_bytes() if target.exists() else None
    target.write_bytes(data)
    try:
        try:
            diagnostics = check(config).diagnostics
        except ConfigError as error:
            diagnostics = error.diagnostics.sorted()
    finally:
        if original is None:
            target.unlink()
        else:
            target.write_bytes(original)
    for diagnostic in diagnostics:
        assert isinstance(diagnostic, Diagnostic)
        assert diagnostic.path, diagnostic
        assert diagnostic.format()
    return diagnostics


def with_body(front: str, body: str = "Body.\n") -> bytes:
    return f"---\n{front}\n---\n{body}".encode()


# -- strategies ----------------------------------------------------------------------
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([10**400, -(10**400), 2**63, -(2**64)]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.dates(),
    st.datetimes(),
)
keys = st.one_of(st.text(max_size=12), st.integers(), st.none(), st.booleans(), st.floats())
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=12,
)
yaml_chars = st.text(st.sampled_from(list(":-[]{}!&*#|>'\"%@`,?~ \n\t\\ab1._\u00e9\ufeff")))


def dump(value: Any) -> str:
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=False)


@st.composite
def mutated(draw: st.DrawFn, kind: str) -> dict[str, Any] | Any:
    """A valid frontmatter with some keys dropped, replaced or added."""
    data: dict[Any, Any] = dict(VALID[kind])
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["drop", "set", "set", "add", "nest"]))
        key = draw(st.sampled_from(sorted(data, key=str))) if data else "name"
        if action == "drop":
            data.pop(key, None)
        elif action == "set":
            data[key] = draw(values)
        elif action == "add":
            data[draw(st.one_of(keys, st.sampled_from(FIELDS)))] = draw(values)
        else:
            data[key] = {"x": data.get(key), "y": [data.get(key)]}
    if draw(st.integers(0, 9)) == 0:
        return draw(st.sampled_from([list(data), [data], "text", 3, None]))
    return data


# -- the tests -----------------------------------------------------------------------
@pytest.mark.slow
@fuzz(40)
@given(kind=st.sampled_from(KINDS), data=st.binary(max_size=400), framed=st.booleans())
def test_arbitrary_bytes_in_every_kind(site: Path, kind: str, data: bytes, framed: bool) -> None:
    content = b"---\n" + data + b"\n---\n" if framed else data
    only_diagnostics(site, KIND_FILES[kind], content)


@fuzz(30)
@given(data=st.binary(max_size=400), prefix=st.sampled_from([b"", b"title: T\n", b"\xef\xbb\xbf"]))
def test_arbitrary_bytes_as_config(site: Path, data: bytes, prefix: bytes) -> None:
    only_diagnostics(site, "cjmsite.yml", prefix + data)


@pytest.mark.slow
@fuzz(40)
@given(kind=st.sampled_from(KINDS), value=values)
def test_arbitrary_yaml_documents(site: Path, kind: str, value: Any) -> None:
    only_diagnostics(site, KIND_FILES[kind], with_body(dump(value)))


@pytest.mark.slow
@fuzz(40)
@given(kind=st.sampled_from(KINDS), text=yaml_chars)
def test_arbitrary_yaml_text(site: Path, kind: str, text: str) -> None:
    only_diagnostics(site, KIND_FILES[kind], with_body(text))


@pytest.mark.slow
@fuzz(25)
@given(data=st.data())
def test_mutated_frontmatter_of_every_kind(site: Path, data: st.DataObject) -> None:
    kind = data.draw(st.sampled_from(KINDS))
    only_diagnostics(site, KIND_FILES[kind], with_body(dump(data.draw(mutated(kind)))))


@pytest.mark.slow
@fuzz(25)
@given(data=st.data())
def test_tricky_scalars_in_every_field(site: Path, data: st.DataObject) -> None:
    """Raw YAML text, so 1.1 booleans, tags and out-of-range numbers reach the loader."""
    kind = data.draw(st.sampled_from(KINDS))
    lines = dump(VALID[kind]).splitlines()
    top = [i for i, line in enumerate(lines) if line and not line[0].isspace() and ":" in line]
    for _ in range(data.draw(st.integers(1, 3))):
        index = data.draw(st.sampled_from(top))
        key = lines[index].split(":", 1)[0]
        if data.draw(st.integers(0, 4)) == 0:
            key = data.draw(st.sampled_from(TRICKY_KEYS))
        scalar = data.draw(st.sampled_from(TRICKY))
        lines[index] = f"{key}: " + scalar.replace("\n", "\n  ")
    only_diagnostics(site, KIND_FILES[kind], with_body("\n".join(lines)))


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("scalar", TRICKY)
def test_every_tricky_scalar_in_every_field_of_a_kind(site: Path, kind: str, scalar: str) -> None:
    """Deterministic sweep: each tricky scalar in each top-level field at once."""
    front = "\n".join(f"{key}: " + scalar.replace("\n", "\n  ") for key in VALID[kind])
    only_diagnostics(site, KIND_FILES[kind], with_body(front))


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"---\n---\n",
        b"---\n",
        b"---\n...\n",
        b"---\n- a\n---\n",
        b"---\n[]\n---\n",
        b"---\nnull\n---\n",
        b"---\n--- \n---\n",
        b"---\na: 1\n---\nb: 2\n---\n",
        b"\n---\na\n---",
    ],
)
@pytest.mark.parametrize("kind", KINDS)
def test_empty_and_degenerate_files(site: Path, kind: str, content: bytes) -> None:
    only_diagnostics(site, KIND_FILES[kind], content)


bodies = st.lists(
    st.one_of(
        st.text(max_size=40),
        st.sampled_from(
            [
                "[x](../../../../etc/passwd)",
                "![i](/etc/passwd)",
                "[a](%00)",
                "![b](a%00b.png)",
                "[c](#)",
                "[d](<>)",
                "[e](../personas/ana.md#%00)",
                "[f](javascript:alert(1))",
                "![g](data:image/png;base64,AA==)",
                "[h](//evil.example/x)",
                "[i](C:\\x)",
                "[j](../assets/ana.svg)",
                "[k](./././)",
                "[l](..)",
                "[m](.)",
                "[n](a/../../..)",
                "# T\n## T\n## T",
                "<script>x</script>",
                "[o](%2e%2e/%2e%2e/x)",
                "[p](\\..\\x)",
                "| a | b |\n|---|---|\n| [q](../x.md) | ![r](../y.png) |",
                "> " * 50 + "deep",
                "[" * 200 + "x" + "]" * 200,
                "*" * 300,
                "`" * 50,
            ]
        ),
    ),
    max_size=6,
)


@pytest.mark.slow
@fuzz(30)
@given(kind=st.sampled_from(KINDS), parts=bodies)
def test_hostile_bodies(site: Path, kind: str, parts: list[str]) -> None:
    only_diagnostics(site, KIND_FILES[kind], with_body(dump(VALID[kind]), "\n\n".join(parts)))


@fuzz(30)
@given(
    value=values,
    extra=st.dictionaries(
        st.sampled_from(
            [
                "scales",
                "stages",
                "title",
                "language",
                "content_dir",
                "site_url",
                "allow_html",
                "max_file_size",
            ]
        ),
        values,
        max_size=3,
    ),
)
def test_arbitrary_config_values(site: Path, value: Any, extra: dict[str, Any]) -> None:
    document = {"title": "T", **extra} if extra else value
    only_diagnostics(site, "cjmsite.yml", dump(document).encode())


def test_dates_and_times_are_not_texts(site: Path) -> None:
    front = dump({**VALID["channel"], "name": dt.date(2024, 1, 1)})
    (error,) = [d for d in only_diagnostics(site, KIND_FILES["channel"], with_body(front))]
    assert "`name` must be a text, got a date" in error.message
