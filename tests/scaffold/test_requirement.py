"""A new handbook pins its generator in requirements.txt, its workflows install from it, and
`cjmsite new workflows` brings older handbooks up to date."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_workflows import actionlint

from cjmsite import __version__
from cjmsite.commands.new import new_group
from cjmsite.scaffold.requirement import (
    REQUIREMENTS,
    SpecError,
    check_spec,
    generator_spec,
    git_url,
    spec_from_direct_url,
)
from cjmsite.scaffold.workflows import NAMES, workflow_text

REPO = Path(__file__).resolve().parents[2]
SHA = "0123456789abcdef0123456789abcdef01234567"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(new_group, list(args))
    return result.exit_code, result.output


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(folder), "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout.strip()


def requirement_line(root: Path) -> str:
    lines = (root / REQUIREMENTS).read_text(encoding="utf-8").splitlines()
    assert all(line.startswith("#") for line in lines[:-1])
    return lines[-1]


def test_every_workflow_installs_from_requirements_txt() -> None:
    for name in NAMES:
        text = workflow_text(name)
        assert "pip install -r requirements.txt" in text
        assert "pip install cjmsite" not in text


@pytest.mark.parametrize(
    ("remote", "expected"),
    [
        ("https://github.com/acme/cjmsite.git", "git+https://github.com/acme/cjmsite.git"),
        ("git@github.com:acme/cjmsite.git", "git+ssh://git@github.com/acme/cjmsite.git"),
        ("ssh://git@example.com/acme/cjmsite", "git+ssh://git@example.com/acme/cjmsite"),
        ("/home/ana/cjmsite", None),
        ("../cjmsite", None),
        ("file:///srv/cjmsite.git", None),
    ],
)
def test_only_network_remotes_become_git_urls(remote: str, expected: str | None) -> None:
    assert git_url(remote) == expected


def test_spec_from_an_index_a_git_url_and_a_wheel() -> None:
    assert spec_from_direct_url(None, "1.2.0").line == "cjmsite==1.2.0"
    vcs = {"url": "https://github.com/acme/cjmsite", "vcs_info": {"vcs": "git", "commit_id": SHA}}
    assert (
        spec_from_direct_url(vcs, "1.2.0").line
        == f"cjmsite @ git+https://github.com/acme/cjmsite@{SHA}"
    )
    wheel = {"url": "file:///home/ana/cjmsite-1.2.0-py3-none-any.whl", "archive_info": {}}
    spec = spec_from_direct_url(wheel, "1.2.0")
    assert spec.line == "cjmsite==1.2.0" and "cjmsite-1.2.0-py3-none-any.whl" in spec.note


def test_spec_from_a_clone_uses_its_remote_and_commit(tmp_path: Path) -> None:
    clone = tmp_path / "cjmsite"
    clone.mkdir()
    git(clone, "init", "-q")
    (clone / "f").write_text("x")
    git(clone, "add", "f")
    git(clone, "commit", "-qm", "one")
    data = {"url": clone.as_uri(), "dir_info": {"editable": True}}
    local = spec_from_direct_url(data, "0.1.0")
    assert local.line == "cjmsite==0.1.0" and "no network git remote" in local.note
    git(clone, "remote", "add", "origin", "https://github.com/acme/cjmsite.git")
    commit = git(clone, "rev-parse", "HEAD")
    spec = spec_from_direct_url(data, "0.1.0")
    assert spec.line == f"cjmsite @ git+https://github.com/acme/cjmsite.git@{commit}"
    assert "uncommitted" not in spec.note
    (clone / "f").write_text("y")
    assert "uncommitted" in spec_from_direct_url(data, "0.1.0").note


def test_this_installation_gets_a_pin_that_names_its_version() -> None:
    line = generator_spec().line
    assert line == f"cjmsite=={__version__}" or line.startswith("cjmsite @ git+")


@pytest.mark.parametrize("bad", ["", "  ", "cjmsite\n-e /etc", "cjmsite\x00", "# comment"])
def test_a_spec_must_be_one_requirement_line(bad: str) -> None:
    with pytest.raises(SpecError):
        check_spec(bad)
    assert run("site", "/nonexistent-i17/hb", "--cjmsite-spec", bad)[0] == 2


@pytest.mark.slow
def test_new_site_pins_the_generator_and_its_project_passes_actionlint(tmp_path: Path) -> None:
    spec = f"cjmsite @ git+https://github.com/acme/cjmsite@{SHA}"
    code, output = run("site", str(tmp_path / "hb"), "--cjmsite-spec", spec)
    assert code == 0, output
    assert requirement_line(tmp_path / "hb") == spec
    assert f"pins `{spec}`" in output
    workflows = sorted((tmp_path / "hb" / ".github" / "workflows").glob("*.yml"))
    assert [p.name for p in workflows] == sorted(NAMES)
    assert actionlint(workflows) == []


def test_new_workflows_mends_an_old_handbook_and_prints_what_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "hb"
    assert run("site", str(root))[0] == 0
    (root / REQUIREMENTS).unlink()
    old = root / ".github/workflows/cjmsite-pr.yml"
    old.write_text(
        old.read_text("utf-8").replace("pip install -r requirements.txt", "pip install cjmsite")
    )
    monkeypatch.chdir(root)
    code, output = run("workflows", "--check")
    assert code == 1 and "would change 2 files" in output
    assert "-        run: python -m pip install cjmsite" in output
    assert "+        run: python -m pip install -r requirements.txt" in output
    assert "+++ b/requirements.txt" in output
    code, output = run("workflows")
    assert (
        code == 0
        and "changed 2 files: .github/workflows/cjmsite-pr.yml, requirements.txt" in output
    )
    assert "pip install -r requirements.txt" in old.read_text("utf-8")
    assert run("workflows") == (0, "changed 0 files (up to date)\n")
    # the user's pin stays unless a new one is given
    (root / REQUIREMENTS).write_text("cjmsite==9.9.9\n")
    assert run("workflows")[0] == 0 and requirement_line(root) == "cjmsite==9.9.9"
    assert run("workflows", "--cjmsite-spec", "cjmsite==1.0")[0] == 0
    assert requirement_line(root) == "cjmsite==1.0"


def test_new_workflows_outside_a_handbook_is_a_usage_error(tmp_path: Path) -> None:
    code, output = run("workflows", "--config", str(tmp_path / "cjmsite.yml"))
    assert code == 2 and "no " in output


@pytest.mark.slow
def test_the_pinned_git_spec_resolves_offline(tmp_path: Path) -> None:
    """`pip install -r requirements.txt` resolves a `cjmsite @ git+…@commit` line: here
    against a bare clone of this repository (file://, no network, no build isolation)."""
    bare = tmp_path / "cjmsite.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(REPO), str(bare)], check=True)
    commit = git(bare, "rev-parse", "HEAD")
    root = tmp_path / "hb"
    url = "git+file://localhost" + bare.as_posix()  # PEP 508 wants a host in the URL
    assert run("site", str(root), "--cjmsite-spec", f"cjmsite @ {url}@{commit}")[0] == 0
    report = tmp_path / "report.json"
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--no-deps", "--no-index",
         "--no-build-isolation", "--quiet", "--report", str(report), "-r", REQUIREMENTS],
        cwd=root, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    (item,) = json.loads(report.read_text())["install"]
    assert item["metadata"]["name"] == "cjmsite"
    assert item["download_info"]["vcs_info"]["commit_id"] == commit
