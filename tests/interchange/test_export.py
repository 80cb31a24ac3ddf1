"""Export: the layout, the workshop template, Mermaid rules, the XLSX cell limit."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from click.testing import CliRunner
from interchangekit import ROOT, SITES, copy_site, export
from openpyxl import load_workbook

from cjmsite.commands.main import main
from cjmsite.model import Scale
from cjmsite.render.mermaid import from_mermaid_score, mermaid_text, to_mermaid_score
from cjmsite.site.pipeline import build


def test_touchpoint_columns_and_multi_part_cells(tmp_path: Path) -> None:
    config = copy_site(SITES / "spanish", tmp_path / "site")
    export(config, "csv", tmp_path / "x")
    rows = list(
        csv.reader(io.StringIO((tmp_path / "x/alta-fibra/touchpoints.csv").read_text("utf-8")))
    )
    header = rows[0]
    assert header[:7] == ["stage", "order", "id", "title", "channel", "contact", "importance"]
    assert header[-9:] == [
        "pains",
        "gains",
        "backstage",
        "evidence",
        "ideas",
        "metrics",
        "waive",
        "storyboard",
        "narrative",
    ]
    first = dict(zip(header, rows[1], strict=True))
    assert first["ideas"] == (
        "Mostrar el precio final con IVA\nComparador de tarifas | ventas | planned\n"
        "Anuncio con el precio del router | ventas |  | 4 | 2 | 2025-06-30 | CTR"
    )
    assert first["evidence"] == (
        "«No entendí qué incluía» — entrevista n.º 4\n¿El router se paga aparte? | "
        "Encuesta de marzo | 2025-03-14 | https://investigacion.example.com/encuestas/marzo"
    )
    assert first["metrics"] == "CTR = 1,8 % / 2,5 %"
    assert first["waive"] == (
        "idea-without-owner | La primera idea es de todo el equipo \\| sin dueño único"
    )
    assert first["confidence"] == "assumed" and first["storyboard"] == "../../assets/ana.svg"
    assert first["owner:ventas"] == "R+A"
    journey = dict(
        csv.reader(io.StringIO((tmp_path / "x/alta-fibra/journey.csv").read_text("utf-8")))
    )
    assert journey["personas"] == "ana-garcia"
    assert journey["metrics"] == "NPS = 8 / 25 | 2025-03-31"


def test_literal_bar_is_escaped(tmp_path: Path) -> None:
    config = copy_site(SITES / "minimal", tmp_path / "site")
    tp = config.parent / "content/journeys/signup/10-sees-ad.md"
    tp.write_text(
        tp.read_text("utf-8").replace(
            "importance: 2", "importance: 2\nideas: [{title: 'a | b', owner: sales}]"
        ),
        "utf-8",
    )
    export(config, "csv", tmp_path / "x")
    assert "a \\| b | sales" in (tmp_path / "x/signup/touchpoints.csv").read_text("utf-8")


def test_workshop_template_has_validation(tmp_path: Path) -> None:
    config = copy_site(ROOT, tmp_path / "site")
    target = tmp_path / "taller.xlsx"
    export(config, "xlsx", target, journey="nuevo-taller", template=True)
    sheet = load_workbook(target)["touchpoints"]
    rules = {str(dv.sqref).split(":")[0][:-1]: dv for dv in sheet.data_validations.dataValidation}
    header = [c.value for c in sheet[1]]
    stage = rules["A"]
    assert stage.type == "list" and "awareness" in stage.formula1
    importance = rules[chr(65 + header.index("importance"))]
    assert (importance.type, importance.formula1, importance.formula2) == ("decimal", "1", "5")
    owner = rules[chr(65 + header.index("owner:billing"))]
    assert "R,A,C,I" in owner.formula1


def test_narrative_over_an_xlsx_cell_is_an_error_naming_the_touchpoint(tmp_path: Path) -> None:
    config = copy_site(SITES / "minimal", tmp_path / "site")
    tp = config.parent / "content/journeys/signup/20-visits-store.md"
    tp.write_text(tp.read_text("utf-8") + "\n" + "palabra " * 5000, "utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["export", "--config", str(config), "-o", str(tmp_path / "x")])
    assert result.exit_code == 1
    assert "content/journeys/signup/20-visits-store.md: error: narrative is 40,0" in result.output
    assert not (tmp_path / "x" / "signup.xlsx").exists()
    result = runner.invoke(
        main, ["export", "--format", "csv", "--config", str(config), "-o", str(tmp_path / "y")]
    )
    assert result.exit_code == 0  # CSV holds it


def test_mermaid_rules() -> None:
    scale = Scale(-2, 2)
    assert [to_mermaid_score(v, scale) for v in (-2, -1.5, -0.5, 0, 0.5, 1.5, 2)] == [
        1,
        2,
        3,
        3,
        4,
        5,
        5,
    ]
    assert to_mermaid_score(0.25, Scale(-1, 1)) == 4  # 3.5 rounds away from zero
    assert from_mermaid_score(5, scale) == 2 and from_mermaid_score(2, scale) == -1
    assert mermaid_text("Paso 1: pagar; #ya") == "Paso 1#58; pagar#59; #35;ya"


def test_site_publishes_journey_mmd(tmp_path: Path) -> None:
    config = copy_site(SITES / "minimal", tmp_path / "site")
    result = build(config, output_dir=tmp_path / "out")
    assert result.ok
    text = (tmp_path / "out/journeys/signup/journey.mmd").read_text("utf-8")
    assert text == (
        "journey\n    title Sign up\n    section Awareness\n      Sees an ad: 4: Ana\n"
        "    section Purchase\n      Visits the store: 2: Ana\n"
    )


def test_keys_outside_the_layout_are_reported(tmp_path: Path) -> None:
    config = copy_site(SITES / "minimal", tmp_path / "site")
    tp = config.parent / "content/journeys/signup/10-sees-ad.md"
    tp.write_text(
        tp.read_text("utf-8").replace("importance: 2", "importance: 2\nnotas: x"), "utf-8"
    )
    result = CliRunner().invoke(
        main, ["export", "--config", str(config), "-o", str(tmp_path / "x")]
    )
    assert result.exit_code == 0
    assert "10-sees-ad.md: warning: key `notas` is not exported" in result.output


def test_single_journey_paths_and_dry_run_text(tmp_path: Path) -> None:
    config = copy_site(SITES / "minimal", tmp_path / "site")
    runner = CliRunner()
    base = ["--config", str(config), "--journey", "signup"]
    for fmt, target in (("xlsx", "one.xlsx"), ("mermaid", "one.mmd"), ("csv", "signup")):
        result = runner.invoke(
            main, ["export", "--format", fmt, "-o", str(tmp_path / target), *base]
        )
        assert result.exit_code == 0, result.output
    assert (tmp_path / "one.xlsx").is_file() and (tmp_path / "one.mmd").is_file()
    assert (tmp_path / "signup" / "touchpoints.csv").is_file()
    book = load_workbook(tmp_path / "one.xlsx")
    book["touchpoints"]["D2"] = "Sees a new ad"
    book.save(tmp_path / "one.xlsx")
    result = runner.invoke(main, ["import", str(tmp_path / "one.xlsx"), "--dry-run", *base])
    assert result.exit_code == 0, result.output
    assert "would change content/journeys/signup/10-sees-ad.md" in result.output
    assert "Sees an ad" in (config.parent / "content/journeys/signup/10-sees-ad.md").read_text(
        "utf-8"
    )


def test_xlsx_export_is_byte_identical_between_runs(tmp_path: Path, monkeypatch) -> None:
    """openpyxl stamps the time into the workbook: two exports of one map must not differ."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    config = copy_site(SITES / "spanish", tmp_path / "site")
    export(config, "xlsx", tmp_path / "a")
    export(config, "xlsx", tmp_path / "b")
    books = sorted(p.name for p in (tmp_path / "a").glob("*.xlsx"))
    assert books
    for name in books:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert load_workbook(tmp_path / "a" / books[0]).sheetnames == ["journey", "touchpoints"]
