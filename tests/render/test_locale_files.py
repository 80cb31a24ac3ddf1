"""Locale files are parsed once per text: a long-lived process reads the same file on every
rebuild, and an edit to it is still seen at once."""

from __future__ import annotations

from pathlib import Path

from cjmsite.render.locale import _read


def test_a_locale_file_is_read_again_only_when_its_text_changed(tmp_path: Path) -> None:
    path = tmp_path / "en.yml"
    path.write_text("nav:\n  home: Home\n", encoding="utf-8")
    first = _read([path], tmp_path, [])
    assert first == {"nav.home": "Home"}
    again = _read([path], tmp_path, [])
    assert again == first and again is not first  # a copy each time: callers may change it
    path.write_text("nav:\n  home: Start\n", encoding="utf-8")
    assert _read([path], tmp_path, []) == {"nav.home": "Start"}
    path.write_text("nav: [unclosed\n", encoding="utf-8")
    problems: list = []
    assert _read([path], tmp_path, problems) == {} and len(problems) == 1


def test_the_shipped_locales_read_the_same_with_the_c_loader() -> None:
    """Locale files are read with libyaml's safe loader when it is there: the shipped
    strings (accents, ñ, ¿…?) come out as the pure-Python safe loader reads them."""
    import yaml

    from cjmsite.render.locale import _LOADER, _strings, flatten

    folder = Path(__file__).resolve().parents[2] / "themes" / "default" / "locales"
    for path in sorted(folder.glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        assert _strings(path) == flatten(yaml.safe_load(text)), path.name
    assert _LOADER in (getattr(yaml, "CSafeLoader", None), yaml.SafeLoader)
