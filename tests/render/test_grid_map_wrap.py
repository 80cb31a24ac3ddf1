"""map.svg's text wrapping (render/grid_map.py: wrap) writes the lines it wrote before its
greedy fill cut lines at spaces (the word loop and textwrap, kept here verbatim), on long
words, hyphens, dashes, accents, CJK, odd spaces and empty text."""

from __future__ import annotations

import dataclasses
import pickle
import random
import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_fragments_journey import hostile_grid

from cjmsite.render.grid_map import CHARS_PER_LINE, MAX_LINES, Line, label_lines, map_layout, wrap


def old_fill_words(words: list[str], width: int) -> list[str]:
    lines: list[str] = []
    line: list[str] = []
    size = -1  # the length of " ".join(line)
    for word in words:
        if line and size + 1 + len(word) > width:
            lines.append(" ".join(line))
            line, size = [], -1
        line.append(word)
        size += 1 + len(word)
    if line:
        lines.append(" ".join(line))
    return lines


def old_wrap(text: str, width: int = CHARS_PER_LINE, css: str = "") -> list[Line]:
    text = str(text)
    words = text.split()
    if "-" in text or any(len(word) > width for word in words):  # hyphens, long words
        lines = textwrap.wrap(" ".join(words), width, break_long_words=True) or [""]
    else:
        lines = old_fill_words(words, width) or [""]
    return [Line(part, css) for part in lines[:MAX_LINES]]


WORDS = [
    "a", "of", "the", "journey", "Ça", "Señal", "ñandú", "atención", "—", "--", "---", "-",
    "x-y", "well-known", "e-mail", "re-sign-up", "-lead", "trail-", "3-4", "Año-Nuevo",
    "中文", "顧客の旅", "中-文", "<script>", "&amp;", '"q"', "z" * 30, "ab" * 9, "x" * 27, "",
]  # fmt: skip
PLAIN = [word for word in WORDS if "-" not in word and len(word) < 20]
SPACES = [" ", " ", " ", "", "  ", "\t", "\xa0", "\n", "\u3000"]
WIDTHS = [1, 2, 3, 5, 8, 12, 21, 24, 25, 27, 40, 200]


def test_wrap_as_before_on_varied_text() -> None:
    rng = random.Random(18)
    for _ in range(8_000):
        vocabulary = rng.choice([WORDS, PLAIN, [*PLAIN, "x-y", "well-known"]])
        text = "".join(
            rng.choice(vocabulary) + rng.choice(SPACES) for _ in range(rng.randint(0, 30))
        )
        width = rng.choice(WIDTHS)
        assert wrap(text, width, "c") == old_wrap(text, width, "c"), (text, width)


@given(st.text(alphabet=st.sampled_from("ab ñ中-—\t\xa0"), max_size=120), st.integers(1, 30))
def test_wrap_as_before_on_any_text(text: str, width: int) -> None:
    assert wrap(text, width) == old_wrap(text, width)


@pytest.mark.parametrize("text", ["", " ", "\xa0\n", "x" * 2000, "word " * 2000, "a-b " * 900])
def test_wrap_edges(text: str) -> None:
    """Empty text, a word of 2,000 letters, text of more than MAX_LINES lines."""
    for width in (1, 27):
        assert wrap(text, width) == old_wrap(text, width)
    assert len(wrap("word " * 2000)) == MAX_LINES
    assert label_lines(text) == [line.text for line in old_wrap(text, 21)]


@pytest.mark.parametrize("personas", [("ana",), ("ana", "bo")])
def test_map_layout_of_hostile_grid_as_before(
    personas: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    grid, _config = hostile_grid(personas)
    new = map_layout(grid)
    monkeypatch.setattr("cjmsite.render.grid_map.wrap", old_wrap)
    assert new == map_layout(grid)


def test_a_line_is_still_a_frozen_dataclass() -> None:
    """Line, now with slots, is the frozen dataclass it was: equal, hashable, picklable."""
    line = Line("t", "c", value=2.5)
    assert line == Line(text="t", css="c", key="", value=2.5, target=None, is_metric=False)
    assert hash(line) == hash(Line("t", "c", "", 2.5)) and line != Line("t", "c")
    assert repr(Line()) == (
        "Line(text='', css='', key='', value=None, target=None, is_metric=False)"
    )
    assert dataclasses.replace(line, key="k").key == "k" and dataclasses.astuple(line)[3] == 2.5
    assert pickle.loads(pickle.dumps(line)) == line
    with pytest.raises(dataclasses.FrozenInstanceError):
        line.text = "x"  # type: ignore[misc]
