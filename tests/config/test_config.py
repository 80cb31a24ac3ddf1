"""cjmsite.yml: defaults, typed values, exact messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from cjmsite.config.options import ConfigError, load_config
from cjmsite.config.schema import config_json_schema
from cjmsite.model import Scale


def config_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "cjmsite.yml"
    path.write_text(text, encoding="utf-8")
    return path


def messages(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ConfigError) as raised:
        load_config(config_file(tmp_path, text))
    return [d.format() for d in raised.value.diagnostics.sorted()]


def test_defaults_of_the_spec(tmp_path: Path) -> None:
    config, diags = load_config(config_file(tmp_path, "title: Acme\n"))
    assert diags.items == []
    assert (config.language, config.content_dir, config.output_dir, config.theme) == (
        "en",
        "content",
        "output",
        "default",
    )
    assert config.emotion == Scale(-2, 2) and config.importance == Scale(1, 5)
    assert [s.id for s in config.stages] == [
        "awareness",
        "consideration",
        "purchase",
        "retention",
        "advocacy",
    ]
    assert config.allow_html is False
    assert config.root == str(tmp_path.resolve())


def test_title_is_required(tmp_path: Path) -> None:
    assert messages(tmp_path, "description: x\n") == [
        "cjmsite.yml:1:1: error: Config value 'title': expected the handbook's title, "
        "got nothing (add `title: …` to cjmsite.yml)"
    ]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("title: A\nallow_html: maybe\n", "Config value 'allow_html': expected"),
        ("title: A\nlanguage: [en]\n", "Config value 'language': expected"),
        ("title: A\nscales: {emotion: {min: a, max: 2}}\n", "Config value 'scales.emotion.min'"),
        ("title: A\nsite_url: not a url\n", "Config value 'site_url': expected"),
        ("title: [A]\n", "Config value 'title': expected"),
    ],
)
def test_wrong_values_say_expected_and_got(tmp_path: Path, text: str, fragment: str) -> None:
    found = messages(tmp_path, text)
    assert any(fragment in line and ", got " in line for line in found), found


def test_unknown_key_warns_with_nearest(tmp_path: Path) -> None:
    _config, diags = load_config(config_file(tmp_path, "title: A\nlanguaje: es\n"))
    assert [d.format() for d in diags.items] == [
        "cjmsite.yml:2:1: warning: Config value 'languaje': unknown key (did you mean `language`?)"
    ]


def test_stage_catalogue_and_scales(tmp_path: Path) -> None:
    text = "title: A\nscales:\n  emotion: {min: 0, max: 10}\nstages: [a, {id: b, name: Bé}]\n"
    config, _ = load_config(config_file(tmp_path, text))
    assert config.emotion == Scale(0, 10) and config.emotion.mid == 5
    assert [(s.id, s.name) for s in config.stages] == [("a", "A"), ("b", "Bé")]


def test_missing_and_broken_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as raised:
        load_config(tmp_path / "nope.yml")
    assert "no configuration file" in raised.value.diagnostics.items[0].message
    found = messages(tmp_path, "title: [A\n")
    assert found[0].startswith("cjmsite.yml:2:1: error: invalid YAML")


@pytest.mark.parametrize(
    "url",
    ['https://cx.example/hb"><script>x</script>/', "https://a b/", "https://x/<y>/", "ftp://x/"],
)
def test_site_url_refuses_markup_and_spaces(tmp_path: Path, url: str) -> None:
    found = messages(tmp_path, f"title: A\nsite_url: '{url}'\n")
    assert any("Config value 'site_url': expected an absolute http(s) URL" in m for m in found)


@pytest.mark.parametrize("language", ["en", "es"])
def test_config_schema_accepts_the_skeleton_and_flags_typos(tmp_path: Path, language: str) -> None:
    import jsonschema
    import yaml

    from cjmsite.scaffold.handbook import new_site

    new_site(tmp_path / "hb", language)
    schema = config_json_schema()
    jsonschema.validate(
        yaml.safe_load((tmp_path / "hb" / "cjmsite.yml").read_text("utf-8")), schema
    )
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"title": "x", "langauge": "en"}, schema)


def test_config_schema_gives_site_url_and_cname_a_type() -> None:
    import jsonschema

    schema = config_json_schema()
    assert schema["properties"]["site_url"]["type"] == "string"
    assert schema["properties"]["cname"]["type"] == "string"
    valid = {"title": "x", "site_url": "https://acme.github.io/cx/", "cname": "cx.acme.com"}
    jsonschema.validate(valid, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"title": "x", "site_url": "acme.github.io"}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"title": "x", "cname": 42}, schema)
