"""Garbage in gives diagnostics, never a traceback."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from click.testing import CliRunner
from interchangekit import SITES, copy_site

from cjmsite.commands.main import main

SAMPLES = [
    b"",
    b"\x00\x01\x02\xff\xfe",
    b'stage,title\n"unclosed',
    b"etapa;t\xedtulo;importancia;emoci\xf3n:ana\r\nawareness;\xc9l;3;x\r\n",
    b"stage,title,importance,emotion:ana,emotion:ana\nawareness,T,2,1,2\n",
    b"stage,title,importance,emotion:ana,order,id\nawareness,T,2,1,abc,BAD ID\n",
    b"stage,title,importance,emotion:ana,owner:sales\nawareness,T,9,1,X\n",
    b"journey\n  title\n  section\n    : :\n    a: b: c\n",
    b"PK\x03\x04" + bytes(200),
]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".mmd", ".md", ".txt"])
def test_garbage_never_raises(tmp_path: Path, suffix: str) -> None:
    config = copy_site(SITES / "minimal", tmp_path / "site")
    rng = random.Random(16)
    samples = [*SAMPLES, bytes(rng.randrange(256) for _ in range(500))]
    for number, raw in enumerate(samples):
        path = tmp_path / f"in{number}{suffix}"
        path.write_bytes(raw)
        result = CliRunner().invoke(main, ["import", str(path), "--config", str(config)])
        assert isinstance(result.exception, SystemExit | None), (raw, result.output)
        assert result.exit_code in (0, 1), (raw, result.output)
        assert "Traceback" not in result.output


def test_not_utf8_touchpoint_in_existing_journey(tmp_path: Path) -> None:
    config = copy_site(SITES / "minimal", tmp_path / "site")
    (config.parent / "content/journeys/signup/30-bad.md").write_bytes(b"---\ntitle: \xff\n---\n")
    path = tmp_path / "signup.csv"
    path.write_text("stage,title,importance,emotion:ana\nawareness,Sees an ad,2,1\n", "utf-8")
    result = CliRunner().invoke(main, ["import", str(path), "--config", str(config)])
    assert isinstance(result.exception, SystemExit | None), result.output


def test_journey_ids_cannot_leave_the_journeys_folder(tmp_path: Path) -> None:
    config = copy_site(SITES / "minimal", tmp_path / "site")
    path = tmp_path / "x.csv"
    path.write_text("stage,title,importance,emotion:ana\nawareness,T,2,1\n", "utf-8")
    runner = CliRunner()
    result = runner.invoke(
        main, ["import", str(path), "--journey", "../../evil", "--config", str(config)]
    )
    assert result.exit_code == 1 and "invalid journey id '../../evil'" in result.output
    sheet = tmp_path / "j"
    sheet.mkdir()
    (sheet / "journey.csv").write_text("key,value\nid,../evil\ntitle,X\npersonas,ana\n", "utf-8")
    (sheet / "touchpoints.csv").write_text(path.read_text("utf-8"), "utf-8")
    result = runner.invoke(main, ["import", str(sheet), "--config", str(config)])
    assert result.exit_code == 1 and "invalid journey id '../evil'" in result.output
    assert not (config.parent / "content/evil").exists()
    result = runner.invoke(
        main,
        [
            "export",
            "--template",
            "--journey",
            "../x",
            "-o",
            str(tmp_path / "o"),
            "--config",
            str(config),
        ],
    )
    assert result.exit_code == 1 and not (tmp_path / "x.xlsx").exists()
