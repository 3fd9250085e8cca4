"""`regraad audit`: the trail read back from real git repositories and checked.

Commits are made by hand with `git commit -m`, trailers and all, so these tests do not
depend on the commands that write them.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regraad.audit.snapshots import GOVERNED, Snapshots
from regraad.cli.app import main
from regraad.git import gitio
from regraad.load.yamlparse import parse_bytes

from .conftest import EXAMPLE_DATA, git

URO = "data/specialties/urologi"
ANE = "data/specialties/anestesiologi"
NEW = f"{URO}/proposals/2026-020.yaml"
P004 = f"{URO}/proposals/2026-004.yaml"
HMN = f"{ANE}/councils/hmn.yaml"

NEW_PROPOSAL = """\
# yaml-language-server: $schema=../../../../schemas/proposal.schema.json
id: 2026-020
specialty: urologi
kind: national-la
title: Robotassistert prostatektomi som assistert inngrep
origin:
  region: hso
  trust: ous
  by: LUU urologi, OUS
summary: >-
  Et nytt inngrep i prosedyrelisten.
state: draft
history:
  - {state: draft, at: 2026-10-01, by: "LUU urologi, OUS"}
"""


# -- helpers ---------------------------------------------------------------------------------


def edit(root: Path, path: str, old: str, new: str) -> None:
    """Replace text in a data file, failing loudly when the text is not there."""
    target = root / path
    text = target.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    target.write_text(text.replace(old, new, 1), encoding="utf-8")


def message(subject: str, **trailers: str) -> str:
    """A commit message whose last paragraph is Regraad trailers (``Action=...``)."""
    lines = [f"Regraad-{key.replace('_', '-')}: {value}" for key, value in trailers.items()]
    return subject + ("\n\n" + "\n".join(lines) if lines else "") + "\n"


def commit(repo: Path, text: str, *, date: str | None = None) -> str:
    """Commit everything; return the new commit's short id as regraad prints it."""
    git(repo, "add", "-A")
    args = ["commit", "-q", "--allow-empty", "-m", text]
    if date:
        args.append(f"--date={date}")
    git(repo, *args)
    return git(repo, "rev-parse", "HEAD").strip()[:10]


def head(repo: Path) -> str:
    return git(repo, "rev-parse", "HEAD").strip()


def run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(root), "audit", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def audit_json(
    capsys: pytest.CaptureFixture[str], root: Path, *args: str
) -> tuple[int, dict[str, Any]]:
    code, out, _err = run(capsys, root, "--format", "json", *args)
    return code, json.loads(out)


def step(root: Path, path: str, before: str, after: str, by: str, at: str, extra: str = "") -> None:
    """Move a proposal file from ``before`` to ``after`` and append the history entry."""
    edit(root, path, f"state: {before}\n", f"state: {after}\n")
    entry = f"  - {{state: {after}, at: {at}, by: {by}{extra}}}\n"
    text = (root / path).read_text(encoding="utf-8")
    if "\nrecommendations:\n" in text:
        text = text.replace("\nrecommendations:\n", "\n" + entry + "recommendations:\n", 1)
    else:
        text += entry
    (root / path).write_text(text, encoding="utf-8")


def advance(before: str, after: str, ref: str = "urologi/2026-004", by: str = "RegUt HV") -> str:
    return message(
        f"proposal({ref}): advance to {after}",
        Action="proposal.advance",
        Proposal=ref,
        From=before,
        To=after,
        By=by,
    )


def proposal_steps(repo: Path, root: Path | None = None) -> list[str]:
    """A correct sequence: new, submitted, council-review, a recommendation, leader-meeting."""
    root = root or repo
    shas = []
    (root / NEW).write_text(NEW_PROPOSAL, encoding="utf-8")
    shas.append(
        commit(
            repo,
            message(
                "proposal(urologi/2026-020): new",
                Action="proposal.new",
                Proposal="urologi/2026-020",
                To="draft",
                By="LUU urologi, OUS",
            ),
            date="2026-10-01T10:00:00+02:00",
        )
    )
    step(root, NEW, "draft", "submitted", "RegUt HSØ", "2026-10-05", ", to: hv")
    shas.append(
        commit(
            repo,
            advance("draft", "submitted", "urologi/2026-020", "RegUt HSØ"),
            date="2026-10-05T10:00:00+02:00",
        )
    )
    step(root, NEW, "submitted", "council-review", "RegUt HV", "2026-10-12")
    shas.append(
        commit(
            repo,
            advance("submitted", "council-review", "urologi/2026-020"),
            date="2026-10-12T10:00:00+02:00",
        )
    )
    text = (root / NEW).read_text(encoding="utf-8")
    text += "recommendations:\n  - {region: hso, position: support, at: 2026-10-20}\n"
    (root / NEW).write_text(text, encoding="utf-8")
    shas.append(
        commit(
            repo,
            message(
                "proposal(urologi/2026-020): HSO recommends support",
                Action="proposal.recommend",
                Proposal="urologi/2026-020",
                Recommendation="hso support",
                By="RegRåd urologi HSØ",
            ),
            date="2026-10-20T10:00:00+02:00",
        )
    )
    step(root, NEW, "council-review", "leader-meeting", "RegUt HV", "2026-11-02")
    shas.append(
        commit(
            repo,
            advance("council-review", "leader-meeting", "urologi/2026-020"),
            date="2026-11-02T10:00:00+02:00",
        )
    )
    return shas


# -- listing and a clean trail ---------------------------------------------------------------


def test_correct_proposal_steps_pass_and_are_listed(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = head(repo)
    shas = proposal_steps(repo)
    code, out, err = run(capsys, repo, "--verify", f"{base}..HEAD")
    assert code == 0, out + err
    assert "Verified 5 commits" in out
    code, result = audit_json(capsys, repo, "--verify", f"{base}..HEAD")
    assert code == 0
    actions = result["actions"]
    assert isinstance(actions, list)
    assert [a["short"] for a in actions] == shas  # oldest first
    assert [a["action"] for a in actions] == [
        "proposal.new",
        "proposal.advance",
        "proposal.advance",
        "proposal.recommend",
        "proposal.advance",
    ]
    assert [a["by"] for a in actions] == [
        "LUU urologi, OUS",
        "RegUt HSØ",
        "RegUt HV",
        "RegRåd urologi HSØ",
        "RegUt HV",
    ]
    assert [a["date"][:10] for a in actions] == [
        "2026-10-01",
        "2026-10-05",
        "2026-10-12",
        "2026-10-20",
        "2026-11-02",
    ]
    last = actions[-1]
    assert last["proposal"] == "urologi/2026-020"
    assert last["specialty"] == "urologi"
    assert (last["from"], last["to"]) == ("council-review", "leader-meeting")
    assert last["author"] == "Test Koordinator"
    assert last["subject"] == "proposal(urologi/2026-020): advance to leader-meeting"
    assert actions[3]["recommendation"] == "hso support"
    assert result["verify"] == {"ok": True, "commits": 5, "problems": []}
    assert result["range"] == f"{base}..HEAD"
    assert result["commits"] == 5


def test_text_listing_without_verify(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = head(repo)
    shas = proposal_steps(repo)
    code, out, _err = run(capsys, repo, f"{base}..")
    assert code == 0
    assert f"{shas[-1]} proposal.advance urologi/2026-020 council-review → leader-meeting" in out
    assert "RegUt HV (Test Koordinator)" in out
    assert "5 actions in" in out
    assert "Verified" not in out
    assert "\x1b[" not in out  # plain when not a terminal


def test_default_range_is_head_history_and_root_commit_is_read(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The fixture's root commit adds every proposal and council without trailers."""
    root_sha = head(repo)[:10]
    code, result = audit_json(capsys, repo, "--verify")
    assert code == 1
    verify = result["verify"]
    assert isinstance(verify, dict)
    problems = verify["problems"]
    assert {p["short"] for p in problems} == {root_sha}
    assert any(
        p["code"] == "no-trailers" and p["path"] == P004 and "new file" in p["message"]
        for p in problems
    )
    # an accepted proposal added at once did not start as draft
    assert any(p["code"] == "illegal" and "urologi/2022-011" in p["message"] for p in problems)


def test_a_root_commit_with_honest_trailers_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "fresh"
    (root / "data" / "specialties" / "urologi" / "proposals").mkdir(parents=True)
    (root / NEW).write_text(NEW_PROPOSAL, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    commit(
        root,
        message(
            "proposal(urologi/2026-020): new",
            Action="proposal.new",
            Proposal="urologi/2026-020",
            To="draft",
            By="LUU urologi, OUS",
        ),
    )
    code, out, err = run(capsys, root, "--verify")
    assert code == 0, out + err
    assert "Verified 1 commit:" in out


# -- what --verify refuses -------------------------------------------------------------------


def test_state_flipped_without_trailers_fails(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = head(repo)
    step(repo, P004, "council-review", "leader-meeting", "RegUt HV", "2026-11-20")
    sha = commit(repo, "Oppdater status for HoLEP")
    code, out, _err = run(capsys, repo, "--verify", f"{base}..HEAD")
    assert code == 1
    assert f"✗ {sha} Oppdater status for HoLEP" in out
    assert "changes proposal urologi/2026-004 (state council-review → leader-meeting" in out
    assert "without matching Regraad-Action and Regraad-Proposal trailers" in out
    code, result = audit_json(capsys, repo, "--verify", f"{base}..HEAD")
    verify = result["verify"]
    assert isinstance(verify, dict)
    assert verify["ok"] is False
    assert [(p["short"], p["code"], p["path"]) for p in verify["problems"]] == [
        (sha, "no-trailers", P004)
    ]
    assert result["actions"] == []


@pytest.mark.parametrize(
    ("trailers", "expected"),
    [
        (
            {"From": "council-review", "To": "leadership-review"},
            "Regraad-To says leadership-review, but the state became leader-meeting",
        ),
        (
            {"From": "submitted", "To": "leader-meeting"},
            "Regraad-From says submitted, but the state before was council-review",
        ),
        (
            {"From": "council-review", "To": "leader-meeting", "By": "Noen andre"},
            "Regraad-By says Noen andre, but the history entry says RegUt HV",
        ),
    ],
)
def test_trailers_that_lie_fail(
    repo: Path,
    capsys: pytest.CaptureFixture[str],
    trailers: dict[str, str],
    expected: str,
) -> None:
    base = head(repo)
    step(repo, P004, "council-review", "leader-meeting", "RegUt HV", "2026-11-20")
    fields = {"Action": "proposal.advance", "Proposal": "urologi/2026-004", **trailers}
    sha = commit(repo, message("proposal(urologi/2026-004): advance", **fields))
    code, out, _err = run(capsys, repo, "--verify", f"{base}..HEAD")
    assert code == 1
    assert sha in out
    assert expected in out


@pytest.mark.parametrize(
    ("trailers", "expected"),
    [
        (
            {"Action": "proposal.promote", "Proposal": "urologi/2026-004"},
            "unknown Regraad-Action 'proposal.promote'",
        ),
        (
            {"Action": "proposal.advance", "From": "council-review", "To": "leader-meeting"},
            "proposal.advance without a Regraad-Proposal trailer",
        ),
        (
            {"Action": "proposal.advance", "Proposal": "2026-004", "To": "leader-meeting"},
            "Regraad-Proposal '2026-004' is not <specialty>/<name>",
        ),
        ({"Proposal": "urologi/2026-004"}, "Regraad trailers without a Regraad-Action trailer"),
    ],
)
def test_malformed_trailers_fail(
    repo: Path, capsys: pytest.CaptureFixture[str], trailers: dict[str, str], expected: str
) -> None:
    base = head(repo)
    step(repo, P004, "council-review", "leader-meeting", "RegUt HV", "2026-11-20")
    commit(repo, message("proposal(urologi/2026-004): advance", **trailers))
    code, result = audit_json(capsys, repo, "--verify", f"{base}..HEAD")
    assert code == 1
    verify = result["verify"]
    assert isinstance(verify, dict)
    assert [p["code"] for p in verify["problems"]] == ["trailer", "no-trailers"]
    assert verify["problems"][0]["message"] == expected


def test_withdrawal(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = head(repo)
    step(repo, P004, "council-review", "withdrawn", '"LUU urologi, UNN"', "2026-11-20")
    withdraw = message(
        "proposal(urologi/2026-004): withdraw",
        Action="proposal.withdraw",
        Proposal="urologi/2026-004",
        From="council-review",
        To="withdrawn",
        By="LUU urologi, UNN",
    )
    commit(repo, withdraw)
    code, out, err = run(capsys, repo, "--verify", f"{base}..HEAD")
    assert code == 0, out + err
    step(repo, P004, "withdrawn", "council-review", '"LUU urologi, UNN"', "2026-11-21")
    commit(repo, advance("withdrawn", "council-review", by="LUU urologi, UNN"))
    code, out, _err = run(capsys, repo, "--verify", f"{base}..HEAD")
    assert code == 1
    assert "illegal step withdrawn → council-review for proposal urologi/2026-004" in out


def test_trailers_naming_an_unchanged_proposal_fail(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = head(repo)
    edit(repo, P004, "title: Anbefalt minimum", "title: Anbefalt minstetall")
    commit(repo, advance("council-review", "leader-meeting"))
    (repo / "notes.txt").write_text("nothing governed\n", encoding="utf-8")
    sha = commit(repo, advance("council-review", "leader-meeting"))
    code, out, _err = run(capsys, repo, "--verify", f"{base}..HEAD")
    assert code == 1
    assert (
        "proposal.advance names urologi/2026-004, but the commit changes neither its state, "
        "history nor recommendations"
    ) in out
    assert sha in out
    assert (
        "proposal.advance names urologi/2026-004, but the commit does not change that file" in out
    )


def test_recommend_without_a_recommendation_fails(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = head(repo)
    step(repo, P004, "council-review", "leader-meeting", "RegUt HV", "2026-11-20")
    commit(
        repo,
        message(
            "proposal(urologi/2026-004): HV recommends",
            Action="proposal.recommend",
            Proposal="urologi/2026-004",
            Recommendation="hv support",
        ),
    )
    code, out, _err = run(capsys, repo, "--verify", f"{base}..HEAD")
    assert code == 1
    assert "proposal.recommend, but the state changed council-review → leader-meeting" in out
    assert "proposal.recommend, but no recommendation was added to urologi/2026-004" in out


def test_illegal_transition_with_honest_trailers_fails(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = head(repo)
    step(repo, P004, "council-review", "directorate", "RegUt HV", "2026-11-20")
    sha = commit(repo, advance("council-review", "directorate"))
    code, result = audit_json(capsys, repo, "--verify", f"{base}..HEAD")
    assert code == 1
    verify = result["verify"]
    assert isinstance(verify, dict)
    assert [(p["short"], p["code"]) for p in verify["problems"]] == [(sha, "illegal")]
    assert "illegal step council-review → directorate" in verify["problems"][0]["message"]


def test_new_proposal_must_start_as_draft(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = head(repo)
    (repo / NEW).write_text(
        NEW_PROPOSAL.replace("state: draft\n", "state: submitted\n"), encoding="utf-8"
    )
    commit(
        repo,
        message(
            "proposal(urologi/2026-020): new",
            Action="proposal.new",
            Proposal="urologi/2026-020",
            To="draft",
        ),
    )
    code, out, _err = run(capsys, repo, "--verify", f"{base}..HEAD")
    assert code == 1
    assert "new proposal urologi/2026-020 starts as submitted" in out
    assert "Regraad-To says draft, but the state became submitted" in out


def test_editing_an_old_history_entry_fails(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = head(repo)
    edit(repo, P004, "{state: submitted, at: 2026-01-27,", "{state: submitted, at: 2026-01-20,")
    sha = commit(repo, "Rett dato")
    code, result = audit_json(capsys, repo, "--verify", f"{base}..HEAD")
    assert code == 1
    verify = result["verify"]
    assert isinstance(verify, dict)
    codes = {(p["short"], p["code"]) for p in verify["problems"]}
    assert codes == {(sha, "no-trailers"), (sha, "history")}
    history = next(p for p in verify["problems"] if p["code"] == "history")
    assert history["message"] == (
        "edits history entry 2 of proposal urologi/2026-004 (at 2026-01-27 → 2026-01-20); "
        "entries may only be appended"
    )


def test_a_step_that_also_rewrites_history_fails(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = head(repo)
    edit(repo, P004, "{state: draft, at: 2026-01-14, ", "{state: draft, at: 2026-01-10, ")
    step(repo, P004, "council-review", "leader-meeting", "RegUt HV", "2026-11-20")
    sha = commit(repo, advance("council-review", "leader-meeting"))
    code, out, _err = run(capsys, repo, "--verify", f"{base}..HEAD")
    assert code == 1
    assert sha in out
    assert "edits history entry 1 of proposal urologi/2026-004" in out


def test_removing_a_proposal_fails(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = head(repo)
    (repo / P004).unlink()
    commit(repo, "Rydd")
    code, out, _err = run(capsys, repo, "--verify", f"{base}..HEAD")
    assert code == 1
    assert "removes proposal urologi/2026-004 and its history" in out


def test_ordinary_content_edits_need_no_trailers(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = head(repo)
    edit(repo, P004, "Det foreslås en ny linje", "Det foreslås én ny linje")
    commit(repo, "Språkvask av sammendraget")
    edit(repo, HMN, "email: hakon.ronneberg@helse-mr.no", "email: hakon.r@helse-mr.no")
    edit(repo, HMN, "    github: hronneberg\n", "    github: hronneberg\n    note: Ny e-post.\n")
    commit(repo, "Ny e-post")
    edit(
        repo,
        P004,
        "  - {state: draft, at: 2026-01-14",
        "  # the first step\n  - {state: draft, at: 2026-01-14",
    )
    commit(repo, "En kommentar i historikken")
    code, out, err = run(capsys, repo, "--verify", f"{base}..HEAD")
    assert code == 0, out + err
    assert "Verified 3 commits" in out
    assert "No structured actions in" in out


def test_unreadable_files(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A broken proposal is a problem for the commit; a broken other file is not ours."""
    base = head(repo)
    edit(repo, P004, "state: council-review\n", "state: [council-review\n")
    sha = commit(repo, "Ødelagt")
    edit(repo, f"{URO}/specialty.yaml", "\n", "\n  : [\n")
    commit(repo, "Også ødelagt, men ikke styrt")
    code, result = audit_json(capsys, repo, "--verify", f"{base}..HEAD")
    assert code == 1
    verify = result["verify"]
    assert isinstance(verify, dict)
    assert [(p["short"], p["code"], p["message"]) for p in verify["problems"]] == [
        (sha, "unreadable", f"{P004} could not be read after this commit")
    ]


# -- councils ----------------------------------------------------------------------------------

END_HAKON = (
    "    github: hronneberg\n    from: 2018-11-01\n",
    "    github: hronneberg\n    from: 2018-11-01\n    to: 2026-10-31\n",
)


def test_membership_change_without_trailers_fails(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = head(repo)
    edit(repo, HMN, *END_HAKON)
    sha = commit(repo, "Håkon slutter")
    code, out, _err = run(capsys, repo, "--verify", f"{base}..HEAD")
    assert code == 1
    assert f"✗ {sha} Håkon slutter" in out
    assert (
        "changes the members of council anestesiologi/hmn (Håkon Rønneberg) without matching "
        "Regraad-Action and Regraad-Council trailers"
    ) in out


def council_message(action: str, subject: str, member: str, **more: str) -> str:
    return message(
        subject,
        Action=action,
        Council="anestesiologi/hmn",
        Member=member,
        **more,
        By="RegUt HMN",
    )


def add_member(root: Path, name: str, role: str, start: str) -> None:
    """Insert a member entry inside the members list (its end may hold other keys)."""
    edit(
        root,
        HMN,
        "  - name: Silje Aune\n",
        f"  - name: {name}\n    trust: hmr\n    site: alesund\n    role: {role}\n"
        f"    title: overlege\n    specialist: true\n    from: {start}\n"
        "  - name: Silje Aune\n",
    )


def test_membership_changes_with_honest_trailers_pass(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = head(repo)
    edit(repo, HMN, *END_HAKON)
    commit(
        repo,
        council_message(
            "council.end",
            "council(anestesiologi/hmn): Håkon Rønneberg leaves",
            "Håkon Rønneberg",
            From="member",
        ),
    )
    add_member(repo, "Kari Nordvik", "member", "2026-11-01")
    commit(
        repo,
        council_message(
            "council.add",
            "council(anestesiologi/hmn): Kari Nordvik joins",
            "Kari Nordvik",
            To="member",
        ),
    )
    edit(repo, HMN, "    from: 2026-11-01\n", "    from: 2026-11-01\n    to: 2026-12-31\n")
    add_member(repo, "Kari Nordvik", "deputy", "2027-01-01")
    commit(
        repo,
        council_message(
            "council.role",
            "council(anestesiologi/hmn): Kari Nordvik member → deputy",
            "Kari Nordvik",
            From="member",
            To="deputy",
        ),
    )
    code, out, err = run(capsys, repo, "--verify", f"{base}..HEAD")
    assert code == 0, out + err
    code, result = audit_json(capsys, repo, f"{base}..HEAD")
    actions = result["actions"]
    assert isinstance(actions, list)
    assert [(a["action"], a["council"], a["member"], a["from"], a["to"]) for a in actions] == [
        ("council.end", "anestesiologi/hmn", "Håkon Rønneberg", "member", None),
        ("council.add", "anestesiologi/hmn", "Kari Nordvik", None, "member"),
        ("council.role", "anestesiologi/hmn", "Kari Nordvik", "member", "deputy"),
    ]


def test_council_trailers_that_lie_fail(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = head(repo)
    edit(repo, HMN, *END_HAKON)
    commit(
        repo,
        council_message(
            "council.add",
            "council(anestesiologi/hmn): Kari Nordvik joins",
            "Kari Nordvik",
            To="member",
        ),
    )
    add_member(repo, "Kari Nordvik", "member", "2026-11-01")
    sha = commit(
        repo,
        council_message(
            "council.add",
            "council(anestesiologi/hmn): Kari Nordvik joins",
            "Kari Nordvik",
            To="deputy",
        ),
    )
    code, out, _err = run(capsys, repo, "--verify", f"{base}..HEAD")
    assert code == 1
    assert "council.add, but no membership of Kari Nordvik was added" in out
    assert "Regraad-Member is Kari Nordvik, but the commit also changes Håkon Rønneberg" in out
    assert sha in out
    assert "Regraad-To says deputy, but Kari Nordvik was added as member" in out


# -- options -----------------------------------------------------------------------------------


def test_since_keeps_later_commits(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = head(repo)
    proposal_steps(repo)
    code, result = audit_json(capsys, repo, "--since", "2026-10-12", f"{base}..HEAD")
    assert code == 0
    assert [a["date"][:10] for a in result["actions"]] == [
        "2026-10-12",
        "2026-10-20",
        "2026-11-02",
    ]
    code, _out, err = run(capsys, repo, "--since", "12.10.2026")
    assert code == 2
    assert "--since: '12.10.2026' is not a date (YYYY-MM-DD)" in err


def test_specialty_filters_listing_and_verification(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = head(repo)
    proposal_steps(repo)
    edit(repo, HMN, *END_HAKON)
    bad = commit(repo, "Håkon slutter")
    code, result = audit_json(capsys, repo, "--verify", "--specialty", "urologi", f"{base}..")
    assert code == 0
    assert {a["specialty"] for a in result["actions"]} == {"urologi"}
    code, result = audit_json(capsys, repo, "--verify", "-s", "anestesiologi", f"{base}..")
    assert code == 1
    assert result["actions"] == []
    verify = result["verify"]
    assert isinstance(verify, dict)
    assert [p["short"] for p in verify["problems"]] == [bad]
    code, _out, err = run(capsys, repo, "--specialty", "nosuch")
    assert code == 2
    assert "no specialty 'nosuch'" in err


def test_markdown_for_a_job_summary(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = head(repo)
    shas = proposal_steps(repo)
    step(repo, NEW, "leader-meeting", "accepted", "RegUt HV", "2026-11-10")
    bad = commit(repo, "Vedtatt | uten @trailere")
    code, out, _err = run(capsys, repo, "--verify", "--format", "markdown", f"{base}..HEAD")
    assert code == 1
    assert out.startswith("### Audit trail\n")
    assert "❌ Verification failed: 1 commit breaks the audit trail." in out
    assert f"- `{bad}` Vedtatt \\| uten @\u2060trailere" in out
    assert (
        "| Date | Commit | Author | By | Action | Proposal or council | Change | Subject |" in out
    )
    assert (
        f"| 2026-11-02 | `{shas[-1]}` | Test Koordinator | RegUt HV | proposal.advance | "
        "urologi/2026-020 | council-review → leader-meeting |"
    ) in out
    assert "| hso support |" in out


def test_require_signed_fails_unsigned_commits(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = head(repo)
    shas = proposal_steps(repo)
    code, result = audit_json(capsys, repo, "--require-signed", f"{base}..HEAD")
    assert code == 1
    verify = result["verify"]
    assert isinstance(verify, dict)
    assert [(p["short"], p["code"]) for p in verify["problems"]] == [
        (sha, "unsigned") for sha in shas
    ]


# -- revisions ---------------------------------------------------------------------------------


@pytest.mark.parametrize("rev", ["--output=x", "-x", "HEAD..--output=x", "--output=x...HEAD"])
def test_option_like_range_is_refused(
    repo: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    rev: str,
) -> None:
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    code, out, err = run(capsys, repo, "--", rev)
    assert code == 2
    assert out == ""
    assert "is not a valid revision" in err
    assert list(work.iterdir()) == []
    assert not (repo / "x").exists()


def test_unknown_revision(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, repo, "--verify", "nosuch..HEAD")
    assert code == 2
    assert out == ""
    assert "unknown revision 'nosuch'" in err


def test_shallow_clone_asks_for_the_full_history(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    proposal_steps(repo)
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "2", f"file://{repo}", str(clone))
    code, _out, err = run(capsys, clone, "--verify")
    assert code == 2
    assert "the history of HEAD is incomplete in this clone" in err
    assert "fetch-depth: 0" in err
    code, _out, err = run(capsys, clone, "--verify", "HEAD~4..HEAD")
    assert code == 2
    assert "unknown revision 'HEAD~4'" in err
    assert "fetch-depth: 0" in err
    code, _out, _err = run(capsys, clone, "--verify", "HEAD~1..HEAD")
    assert code == 0


def test_three_dots_audits_what_the_branch_brought(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    git(repo, "checkout", "-q", "-b", "feature")
    shas = proposal_steps(repo)
    git(repo, "checkout", "-q", "main")
    edit(repo, P004, "Det foreslås en ny linje", "Det foreslås én ny linje")
    commit(repo, "Språkvask på main")
    code, result = audit_json(capsys, repo, "--verify", "main...feature")
    assert code == 0
    assert [a["short"] for a in result["actions"]] == shas
    assert result["verify"]["commits"] == 5


def test_a_clean_merge_passes_and_the_commits_it_brings_are_verified(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = head(repo)
    git(repo, "checkout", "-q", "-b", "feature")
    shas = proposal_steps(repo)
    git(repo, "checkout", "-q", "main")
    edit(repo, P004, "Det foreslås en ny linje", "Det foreslås én ny linje")
    commit(repo, "Språkvask på main")
    git(repo, "merge", "-q", "--no-ff", "-m", "Merge feature", "feature")
    code, result = audit_json(capsys, repo, "--verify", f"{base}..HEAD")
    assert code == 0
    assert [a["short"] for a in result["actions"]] == shas
    assert result["commits"] == 7  # the five steps, the edit on main and the merge
    assert result["verify"]["ok"] is True


def test_data_root_in_a_subfolder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = tmp_path / "mono"
    root = repo / "Regionale råd" / "utdanning"
    shutil.copytree(EXAMPLE_DATA, root / "data")
    (repo / "README.md").write_text("# Monorepo\n", encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "Import")
    base = head(repo)
    proposal_steps(repo, root)
    (repo / "README.md").write_text("# Monorepo\n\nMer tekst.\n", encoding="utf-8")
    commit(repo, "Docs only")
    step(root, P004, "council-review", "leader-meeting", "RegUt HV", "2026-11-20")
    bad = commit(repo, "Uten trailere")
    code, result = audit_json(capsys, root, "--verify", f"{base}..HEAD")
    assert code == 1
    assert len(result["actions"]) == 5
    verify = result["verify"]
    assert isinstance(verify, dict)
    assert [(p["short"], p["path"]) for p in verify["problems"]] == [(bad, P004)]


def test_paths_with_spaces_and_non_ascii_letters(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Paths come through ``-z`` unquoted: a council file named with æøå and a space."""
    base = head(repo)
    path = f"{ANE}/councils/sør øst.yaml"
    (repo / path).write_text(
        "specialty: anestesiologi\nregion: sør øst\nmembers:\n"
        "  - {name: Åse Ødegård, trust: ous, role: member, from: 2026-01-01}\n",
        encoding="utf-8",
    )
    commit(
        repo,
        message(
            "council(anestesiologi/sør øst): Åse Ødegård joins",
            Action="council.add",
            Council="anestesiologi/sør øst",
            Member="Åse Ødegård",
            To="member",
        ),
    )
    edit(repo, path, "from: 2026-01-01}", "from: 2026-01-01, to: 2026-06-30}")
    sha = commit(repo, "Åse slutter")
    code, out, err = run(capsys, repo, "--verify", f"{base}..HEAD")
    assert code == 1, out + err
    assert [line for line in out.splitlines() if line.startswith("✗")] == [f"✗ {sha} Åse slutter"]
    assert "council anestesiologi/sør øst (Åse Ødegård)" in out


# -- the single pass -------------------------------------------------------------------------


def test_one_git_log_and_one_cat_file(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base = head(repo)
    proposal_steps(repo)
    calls: list[str] = []
    real = gitio.run

    def counting(repo_: Path, *args: str, input_: bytes | None = None) -> bytes:
        calls.append(next(a for a in args if not a.startswith("-") and "=" not in a))
        return real(repo_, *args, input_=input_)

    monkeypatch.setattr(gitio, "run", counting)
    code, _out, _err = run(capsys, repo, "--verify", f"{base}..HEAD")
    assert code == 0
    assert calls.count("log") == 1
    assert calls.count("cat-file") == 1


# -- the fast read gives what a full parse gives ---------------------------------------------

TRICKY = [
    # a quoted scalar running on at column 0, hiding a fake key
    'id: x\nsummary: "Line one\nstate: accepted"\nstate: draft\nhistory: []\n',
    # a flow sequence running on at column 0
    "state: draft\nhistory: [{state: draft},\nstate: accepted]\n",
    # indentless sequence, comments at column 0 and inside, a duplicate key
    "state: draft\nhistory:\n- {state: draft, at: 2026-01-01}\n# between\n"
    "- state: submitted\n  # inside\n  at: 2026-02-01\nstate: accepted\n",
    # a history item with a multi-line quoted note that looks like an item
    'state: draft\nhistory:\n  - {state: draft, note: "a\n  - b"}\n  - {state: submitted}\n',
    # a block scalar with a '#' line and deeper lines
    "state: draft\nhistory:\n  - state: draft\n    note: |\n      # not a comment\n"
    "      - not an item\n",
    # top level that is not a plain block mapping
    "{state: draft, history: []}\n",
    "--- \nstate: draft\n",
    "- a\n- b\n",
    "",
    "state: draft\n\thistory: []\n",
    "state: [draft\n",
    "state: draft\nhistory:\n  - {state: draft}\n members: x\n",
]


def full(raw: bytes, kind: str) -> dict[str, Any] | None:
    data = parse_bytes(raw).data
    if not isinstance(data, dict):
        return None
    return {k: data[k] for k in GOVERNED[kind] if k in data}


def fast(raw: bytes, kind: str) -> dict[str, Any] | None:
    snapshots = Snapshots({"x": raw})
    if not snapshots.get("x", kind).readable:
        return None
    return snapshots.data("x", kind)


@pytest.mark.parametrize("text", TRICKY)
def test_fast_read_matches_full_parse_on_tricky_files(text: str) -> None:
    for kind in GOVERNED:
        raw = text.encode()
        assert fast(raw, kind) == full(raw, kind), (kind, text)


def test_fast_read_matches_full_parse_on_the_example_data() -> None:
    paths = sorted(EXAMPLE_DATA.glob("specialties/*/proposals/*.yaml")) + sorted(
        EXAMPLE_DATA.glob("specialties/*/councils/*.yaml")
    )
    assert paths
    for path in paths:
        kind = "proposal" if path.parent.name == "proposals" else "council"
        raw = path.read_bytes()
        assert fast(raw, kind) == full(raw, kind), path
        assert fast(raw, kind), path


def test_help_documents_the_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert '"verify": null or {"ok", "commits", "problems"' in out
    assert "a merge commit is compared with git's own merge of its parents" in out


EXAMPLE_FILES = [
    (path.read_text(encoding="utf-8"), "proposal" if path.parent.name == "proposals" else "council")
    for pattern in ("specialties/*/proposals/*.yaml", "specialties/*/councils/*.yaml")
    for path in sorted(EXAMPLE_DATA.glob(pattern))
]
SNIPPETS = [
    *('"', "'", "[", "]", "{", "}", "- ", "  ", "#", ": ", "|", ">-\n", "\n", "\n  "),
    *("state: accepted", "\nstate: y\n", "\nstate:\n", "\nhistory:\n", "\nmembers:\n"),
    *("- {state: x}\n", "members: []\n", "  - name: X\n", "\n- a\n", " # c\n", "\n#x\n"),
    *("&a ", "*a", "!!str ", "? ", "---\n", "...\n"),
]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(EXAMPLE_FILES), st.randoms(use_true_random=False))
def test_fast_read_matches_full_parse_on_mutated_files(
    example: tuple[str, str], rnd: random.Random
) -> None:
    """Quotes, brackets, dashes and keys dropped at random never make the two reads differ."""
    text, kind = example
    for _ in range(rnd.randint(1, 4)):
        at = rnd.randrange(len(text) + 1)
        text = text[:at] + rnd.choice(SNIPPETS) + text[at:]
    raw = text.encode()
    assert fast(raw, kind) == full(raw, kind)
