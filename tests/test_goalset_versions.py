"""Versioned goal sets: a plan is judged against the goal-set version valid when it began
(FKM 2019 for a plan from 2020, FKM 2026 for one from June 2026), a stricter version
applies also to plans already running from its start, coverage is judged against the
version valid on the day, and a set without versions means what it meant before."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from regraad.cli.app import main

from .conftest import git

FKM = "data/goalsets/FKM.yaml"
RAD = "data/specialties/radiologi"
PLAN = f"{RAD}/rotations/hnt.yaml"
ONLY_2026 = ("FKM-26", "FKM-27", "FKM-28", "FKM-29")

# a goal that only the 2019 version has, added at the end of that version's goals
ONLY_2019 = (
    "      - id: FKM-30\n"
    "        topic: Lovverk\n"
    "        title: Kjenne til regelverket for legemiddelhåndtering\n"
)


def run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(root), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def findings(capsys: pytest.CaptureFixture[str], root: Path) -> list[dict[str, Any]]:
    code, out, _ = run(capsys, root, "validate", "--format", "json")
    result = json.loads(out)
    assert code == (1 if result["summary"]["errors"] else 0)
    found: list[dict[str, Any]] = result["findings"]
    return found


def plan_from(root: Path, day: str, drop: tuple[str, ...] = ()) -> None:
    """Date the HNT radiology plan from ``day``; ``drop`` its first period's goals."""
    edit(root, PLAN, "valid:\n  from: 2019-03-01\n", f"valid:\n  from: {day}\n")
    for goal in drop:
        edit(root, PLAN, f" {goal},", "")


def add_2019_only(root: Path) -> None:
    edit(root, FKM, "  - id: FKM-2026\n", ONLY_2019 + "  - id: FKM-2026\n")


def on_plan(found: list[dict[str, Any]], rule: str) -> list[dict[str, Any]]:
    return [f for f in found if f["path"] == PLAN and f["rule"] == rule]


def test_the_example_keeps_both_versions_without_findings(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    text = (data_root / FKM).read_text(encoding="utf-8")
    assert "id: FKM-2019" in text and "id: FKM-2026" in text
    found = findings(capsys, data_root)
    assert [f for f in found if f["severity"] == "error"] == []
    assert [f for f in found if f["path"] == FKM] == []  # the same id in two versions is fine


def test_a_plan_from_2020_is_judged_against_fkm_2019(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    plan_from(data_root, "2020-08-01", drop=ONLY_2026)
    add_2019_only(data_root)
    found = findings(capsys, data_root)
    goals = on_plan(found, "P-GOALS")
    assert len(goals) == 1 and goals[0]["severity"] == "error"
    message = goals[0]["message"]
    assert "FKM-30" in message  # only in 2019: required of it
    assert not any(g in message for g in ONLY_2026)  # only in 2026: not required of it
    assert "1 goal " in message
    # coverage describes today, so it is judged against FKM 2026: no FKM-30 needed there
    assert not any("FKM-30" in f["message"] for f in found if f["rule"] == "V-COMPLETE")


def test_a_plan_from_june_2026_is_judged_against_fkm_2026(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    plan_from(data_root, "2026-06-01", drop=("FKM-29",))
    add_2019_only(data_root)
    goals = on_plan(findings(capsys, data_root), "P-GOALS")
    assert len(goals) == 1
    assert "FKM-29" in goals[0]["message"]
    assert "FKM-30" not in goals[0]["message"]


def test_a_stricter_version_applies_to_plans_already_running(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    plan_from(data_root, "2020-08-01", drop=("FKM-29",))
    assert on_plan(findings(capsys, data_root), "P-GOALS") == []  # FKM 2026 not stricter
    edit(data_root, FKM, "    stricter: false\n", "    stricter: true\n")
    goals = on_plan(findings(capsys, data_root), "P-GOALS")
    assert len(goals) == 1 and goals[0]["severity"] == "error"
    assert "FKM-29" in goals[0]["message"] and goals[0]["from"] is None


def test_a_stricter_version_ahead_is_a_warning_with_its_date(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    """A stricter version that starts after today: the running plan is warned now, with
    the day it applies from, rather than turning red on that day."""
    plan_from(data_root, "2026-06-01")
    edit(
        data_root,
        FKM,
        "    valid: {from: 2026-03-01}\n",
        "    valid: {from: 2026-03-01, to: 2027-02-28}\n",
    )
    path = data_root / FKM
    text = path.read_text(encoding="utf-8")
    goals_2026 = text[text.index("  - id: FKM-2026\n") :]
    goals_2026 = goals_2026[goals_2026.index("    goals:\n") :]
    extra = (
        "      - id: FKM-31\n        topic: Lovverk\n"
        "        title: Kunne anvende regelverket for helsepersonells opplysningsplikt\n"
    )
    version = "  - id: FKM-2027\n    valid: {from: 2027-03-01}\n    stricter: true\n"
    path.write_text(text + version + goals_2026 + extra, encoding="utf-8")
    found = findings(capsys, data_root)
    goals = on_plan(found, "P-GOALS")
    assert len(goals) == 1
    assert goals[0]["severity"] == "warning" and goals[0]["from"] == "2027-03-01"
    assert goals[0]["message"].startswith("from 2027-03-01 (in ")
    assert "FKM-31" in goals[0]["message"]
    # the other plans from 2026 reach FKM-31 nowhere either: each warned, none an error
    assert not any(f["severity"] == "error" for f in found)


def test_goal_ids_are_unique_per_version(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    edit(
        data_root,
        FKM,
        "  - id: FKM-2026\n",
        "      - id: FKM-02\n        title: To ganger i samme versjon\n  - id: FKM-2026\n",
    )
    ids = [f for f in findings(capsys, data_root) if f["rule"] == "ID" and f["path"] == FKM]
    assert len(ids) == 1
    assert "'FKM-02' is used twice" in ids[0]["message"]
    lines = (data_root / FKM).read_text(encoding="utf-8").splitlines()
    assert lines[ids[0]["line"] - 1].strip() == "- id: FKM-02"
    assert "To ganger" in lines[ids[0]["line"]]


def _flat(root: Path) -> None:
    """FKM as a set without versions: the 2026 goals, valid always."""
    path = root / FKM
    text = path.read_text(encoding="utf-8")
    head = text[: text.index("versions:\n")]
    body = text[text.index("  - id: FKM-2026\n") :]
    body = body[body.index("    goals:\n") + len("    goals:\n") :]
    flat = "".join(line[4:] + "\n" for line in body.splitlines())
    path.write_text(head + "goals:\n" + flat, encoding="utf-8")


def test_a_set_without_versions_is_one_version_valid_always(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    _flat(data_root)
    assert [f for f in findings(capsys, data_root) if f["severity"] == "error"] == []
    plan_from(data_root, "2020-08-01", drop=("FKM-29",))
    goals = on_plan(findings(capsys, data_root), "P-GOALS")
    assert len(goals) == 1 and "FKM-29" in goals[0]["message"]


def diff_messages(capsys: pytest.CaptureFixture[str], repo: Path) -> list[str]:
    code, out, _ = run(capsys, repo, "diff", "--format", "json")
    assert code == 0
    return [c["message"] for c in json.loads(out)["changes"] if c["specialty"] is None]


def test_diff_tells_a_new_version_and_a_goal_changed_in_one(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    edit(
        repo,
        FKM,
        "    valid: {from: 2026-03-01}\n",
        "    valid: {from: 2026-03-01, to: 2027-02-28}\n",
    )
    path = repo / FKM
    text = path.read_text(encoding="utf-8")
    goals_2026 = text[text.index("  - id: FKM-2026\n") :]
    goals_2026 = goals_2026[goals_2026.index("    goals:\n") :]
    version = "  - id: FKM-2027\n    valid: {from: 2027-03-01}\n    stricter: true\n"
    path.write_text(text + version + goals_2026, encoding="utf-8")
    edit(
        repo,
        FKM,
        "        title: Kunne arbeide i tverrfaglige team\n",
        "        title: Kunne arbeide i tverrfaglige team og lede dem\n",
    )
    messages = diff_messages(capsys, repo)
    assert messages == [
        "FKM: stricter version FKM-2027 added, valid from 2027-03-01, 29 goals; "
        "it applies also to plans begun before it",
        "FKM FKM-2019: goal FKM-21 retitled: “Kunne arbeide i tverrfaglige team” → "
        "“Kunne arbeide i tverrfaglige team og lede dem”",
        "FKM FKM-2026: valid from: 2026-03-01 → from: 2026-03-01, to: 2027-02-28",
    ]


def test_diff_of_a_set_gaining_versions_tells_the_versions_not_every_goal(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    versioned = (repo / FKM).read_text(encoding="utf-8")
    _flat(repo)
    git(repo, "commit", "-q", "-am", "FKM without versions")
    (repo / FKM).write_text(versioned, encoding="utf-8")
    messages = diff_messages(capsys, repo)
    assert messages[0] == "FKM: version FKM-2019 added, valid 2019-03-01 to 2026-02-28, 25 goals"
    assert not any("removed" in m for m in messages)
    assert all(m.startswith("FKM") for m in messages)


def test_the_plan_page_lists_the_goals_of_the_version_the_plan_began_under(
    data_root: Path,
) -> None:
    from regraad.load.loader import load_directory
    from regraad.render.context import plan_context

    ds = load_directory(data_root)
    context = plan_context(ds, "radiologi", "hnt", as_of="2026-11-22", lang="nb")
    goals = {g["id"]: g for group in context["goal_groups"] for g in group["goals"]}
    assert not set(ONLY_2026) & set(goals)
    assert goals["FKM-01"]["title"].startswith("Kunne identifisere etiske problemstillinger")
    sentral = context["prerequisites"][0]["requires"]["goalsets"]
    assert [(s["id"], s["count"]) for s in sentral] == [("FKM", 25)]


def test_goals_beside_versions_are_refused_at_the_key(
    capsys: pytest.CaptureFixture[str], data_root: Path
) -> None:
    edit(
        data_root, FKM, "versions:\n", "goals:\n  - {id: FKM-99, title: Ved siden av}\nversions:\n"
    )
    schema = [f for f in findings(capsys, data_root) if f["rule"] == "SCHEMA"]
    assert len(schema) == 1 and schema[0]["path"] == FKM
    lines = (data_root / FKM).read_text(encoding="utf-8").splitlines()
    assert lines[schema[0]["line"] - 1] == "goals:"
    assert schema[0]["hint"] == (
        "A set with versions keeps its goals in each version, not beside them."
    )
