"""`regraad coverage`: the goals × trusts matrix, gaps first, in text, CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from regraad.analysis.coverage import matrix, report
from regraad.analysis.coverage_formats import coverage_text
from regraad.cli.app import main
from regraad.cli.terminal import style
from regraad.load.dataset import Dataset
from regraad.load.loader import load_directory

from .conftest import AS_OF, PROJECT

ANE = "data/specialties/anestesiologi"
# the goals HMR and HNT reach at St. Olavs (8 of 61 in force)
CENTRAL = ["ANE-015", "ANE-018", "ANE-019", "ANE-020", "ANE-024", "ANE-025", "ANE-027", "ANE-030"]


def run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(root), "coverage", "--as-of", AS_OF, *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def example() -> Dataset:
    return load_directory(PROJECT)


def test_anestesiologi_matrix(example: Dataset) -> None:
    m = matrix(example, "anestesiologi", AS_OF)
    assert m.trusts == ("hmr", "hnt", "stolav")
    assert len(m.rows) == 61  # 32 ANE goals + 29 FKM in force
    rows = {r.goal: r for r in m.rows}
    assert rows["ANE-015"].cells["hmr"].status == "none"
    assert rows["ANE-015"].cells["hmr"].via == "stolav"
    assert rows["ANE-015"].cells["stolav"].status == "full"
    assert rows["ANE-025"].cells["hmr"].status == "partial"
    assert rows["ANE-025"].cells["hnt"].status == "none"
    assert rows["ANE-001"].cells == dict.fromkeys(m.trusts, rows["ANE-001"].cells["hmr"])
    assert m.uncovered == {"hmn": ()}


def test_gaps_first_in_goal_order(example: Dataset) -> None:
    m = matrix(example, "anestesiologi", AS_OF)
    assert [r.goal for r in m.rows[:8]] == CENTRAL
    assert all(r.gap for r in m.rows[:8]) and not any(r.gap for r in m.rows[8:])
    assert m.rows[8].goal == "FKM-01"  # then the rest, goal sets first as in the specialty


def test_shares_and_via(example: Dataset) -> None:
    m = matrix(example, "anestesiologi", AS_OF)
    shares = {s.trust: (s.full, s.goals, s.via, s.unresolved) for s in m.summaries}
    assert shares == {
        "hmr": (53, 61, {"stolav": 8}, 0),
        "hnt": (53, 61, {"stolav": 8}, 0),
        "stolav": (61, 61, {}, 0),
    }
    assert m.summaries[0].share == pytest.approx(53 / 61)


def test_text_output(capsys: pytest.CaptureFixture[str], data_root: Path) -> None:
    code, out, err = run(capsys, data_root, "anestesiologi")
    assert code == 0, err
    assert "\x1b" not in out  # piped: plain text, no escape codes
    lines = out.splitlines()
    assert lines[0] == "anestesiologi — Anaesthesiology"
    assert "61 goals in force on 22 November 2026 × 3 trusts (HMN)" in lines[1]
    header = next(ln for ln in lines if ln.startswith("goal"))
    assert header.split()[-4:] == ["HMR", "HNT", "St.", "Olav"]
    first = lines[lines.index(header) + 1]
    assert first.startswith("ANE-015") and first.count("none → St. Olav") == 2
    assert first.rstrip().endswith("full")
    assert any(ln.split()[:3] == ["HMR", "53/61", "87"] and "via St. Olav: 8" in ln for ln in lines)
    assert any(ln.split()[:4] == ["St.", "Olav", "61/61", "100"] for ln in lines)
    assert "Every goal is covered fully by some trust in HMN." in out
    assert "legend" not in out


def test_colour_on_a_terminal_has_a_legend(example: Dataset) -> None:
    stream = io.StringIO()
    coverage_text(report(example, ["anestesiologi"], AS_OF), stream, style(True))
    text = stream.getvalue()
    assert "\x1b[" in text
    assert "legend" in text and "●" in text and "◐" in text and "○" in text


def test_no_color_env_means_plain(
    capsys: pytest.CaptureFixture[str], data_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    code, out, _err = run(capsys, data_root, "radiologi")
    assert code == 0 and "\x1b" not in out


def test_goal_nobody_in_the_region_covers_fully(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    path = data_root / ANE / "coverage/stolav.yaml"
    text = path.read_text(encoding="utf-8")
    old = "ANE-018: {status: full, sites: [trondheim]}"
    assert old in text
    path.write_text(text.replace(old, "ANE-018: {status: partial, sites: [trondheim]}"), "utf-8")

    code, out, _err = run(capsys, data_root, "anestesiologi")
    assert code == 0
    assert "Goals no trust in HMN covers fully: ANE-018" in out
    header = next(ln for ln in out.splitlines() if ln.startswith("goal"))
    lines = out.splitlines()
    assert lines[lines.index(header) + 1].startswith("ANE-018")  # the worst gap first
    assert "without via: 1" in out  # St. Olav's partial names no via

    code, out, _err = run(capsys, data_root, "anestesiologi", "--format", "json")
    data = json.loads(out)["specialties"][0]
    assert data["uncovered"] == {"hmn": ["ANE-018"]}
    assert data["goals"][0]["id"] == "ANE-018" and data["goals"][0]["uncovered_in"] == ["hmn"]
    assert data["goals"][0]["coverage"]["stolav"] == {"status": "partial", "via": None}


def test_missing_goal_counts_as_not_covered(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    path = data_root / ANE / "coverage/hnt.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(ln for ln in lines if "FKM-29:" not in ln), encoding="utf-8")
    code, out, _err = run(capsys, data_root, "anestesiologi", "--format", "csv")
    assert code == 0
    assert "anestesiologi,FKM-29,hnt,missing,\n" in out


def test_csv(capsys: pytest.CaptureFixture[str], data_root: Path) -> None:
    code, out, _err = run(capsys, data_root, "anestesiologi", "--format", "csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["specialty", "goal", "trust", "status", "via"]
    assert len(rows) == 1 + 61 * 3
    assert rows[1] == ["anestesiologi", "ANE-015", "hmr", "none", "stolav"]
    assert ["anestesiologi", "ANE-024", "hmr", "partial", "stolav"] in rows
    assert ["anestesiologi", "FKM-01", "stolav", "full", ""] in rows


def test_json(capsys: pytest.CaptureFixture[str], data_root: Path) -> None:
    code, out, _err = run(capsys, data_root, "anestesiologi", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["format"] == 1 and data["as_of"] == AS_OF and data["region"] is None
    (spec,) = data["specialties"]
    assert set(spec) == {"specialty", "name", "trusts", "goals", "uncovered"}
    assert spec["trusts"][0] == {
        "id": "hmr",
        "name": "HMR",
        "region": "hmn",
        "full": 53,
        "goals": 61,
        "share": 0.8689,
        "via": {"stolav": 8},
        "unresolved": 0,
    }
    goal = spec["goals"][0]
    assert set(goal) == {"id", "topic", "title", "gap", "uncovered_in", "coverage"}
    assert goal["id"] == "ANE-015" and goal["gap"] is True
    assert goal["coverage"]["hnt"] == {"status": "none", "via": "stolav"}
    assert spec["uncovered"] == {"hmn": []}


def test_every_specialty_and_region(capsys: pytest.CaptureFixture[str], data_root: Path) -> None:
    code, out, _err = run(capsys, data_root, "--format", "json")
    assert code == 0
    slugs = [s["specialty"] for s in json.loads(out)["specialties"]]
    assert slugs == [
        "anestesiologi",
        "barnesykdommer",
        "klinisk-farmakologi",
        "ortopedisk-kirurgi",
        "radiologi",
        "urologi",
    ]
    code, out, _err = run(capsys, data_root, "--region", "hso", "--format", "json")
    # clinical pharmacology: approved at OUS only, with its national council
    klf, spec = json.loads(out)["specialties"]
    assert klf["specialty"] == "klinisk-farmakologi"
    assert [t["id"] for t in klf["trusts"]] == ["ous"]
    assert spec["specialty"] == "urologi"
    assert [t["id"] for t in spec["trusts"]] == ["ahus", "innlandet", "ous", "siv", "vestre-viken"]
    code, out, _err = run(capsys, data_root)
    assert out.count(" goals in force on ") == 6
    code, out, _err = run(capsys, data_root, "urologi", "--region", "hmn")
    assert code == 0 and "No trust in HMN has a coverage file for this specialty." in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nope",), "no specialty 'nope'"),
        (("anestesiologi", "--region", "nowhere"), "no region 'nowhere'"),
        (("anestesiologi", "--format", "xlsx"), "xlsx"),
    ],
)
def test_usage_errors(
    capsys: pytest.CaptureFixture[str], data_root: Path, args: tuple[str, ...], message: str
) -> None:
    code, out, err = run(capsys, data_root, *args)
    assert code == 2 and out == "" and message in err
