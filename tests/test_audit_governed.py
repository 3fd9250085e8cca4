"""`regraad audit --verify` governs everything that decides the process.

A proposal's kind, specialty and origin, the `to` of its history steps and its decision
(`decided`, `in_force`, `reason`), and a member's role, trust and dates change only
through the command that owns them; a plain commit or one whose trailers name another
action fails, naming the field, the file and the commit. Prose (titles, summaries,
e-mail addresses) stays free to edit. Real git repositories; the steps are made by the
commands where they can be, by hand where the point is that they were not.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from regraad.cli.app import main

from .conftest import AS_OF, git

URO = "data/specialties/urologi"
P004 = f"{URO}/proposals/2026-004.yaml"  # national-la, in council-review
P011 = f"{URO}/proposals/2022-011.yaml"  # national-la, accepted, in force 2023-03-08
HMN = "data/specialties/anestesiologi/councils/hmn.yaml"


@pytest.fixture
def repo_id(repo: Path) -> Path:
    """The example repository with a git identity of its own (the commands commit)."""
    git(repo, "config", "user.name", "Test Koordinator")
    git(repo, "config", "user.email", "koordinator@example.org")
    return repo


def edit(root: Path, path: str, old: str, new: str) -> None:
    target = root / path
    text = target.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    target.write_text(text.replace(old, new, 1), encoding="utf-8")


def commit(repo: Path, text: str) -> str:
    """Commit everything by hand; the new commit's short id as regraad prints it."""
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", text)
    return head(repo)[:10]


def head(repo: Path) -> str:
    return git(repo, "rev-parse", "HEAD").strip()


def trailered(subject: str, **trailers: str) -> str:
    lines = [f"Regraad-{key}: {value}" for key, value in trailers.items()]
    return subject + "\n\n" + "\n".join(lines) + "\n"


def regraad(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> str:
    """Run a command that must succeed; its output."""
    code = main(["--root", str(root), *args])
    captured = capsys.readouterr()
    assert code == 0, captured.out + captured.err
    return captured.out


def verify(
    capsys: pytest.CaptureFixture[str], root: Path, since: str
) -> tuple[int, list[dict[str, Any]]]:
    """``audit --verify`` over the commits after ``since``: exit code and problems."""
    code = main(["--root", str(root), "audit", "--verify", "--format", "json", f"{since}..HEAD"])
    result = json.loads(capsys.readouterr().out)
    return code, result["verify"]["problems"]


def to_leader_meeting(root: Path, extra: str = "") -> None:
    """Take 2026-004 from council-review to leader-meeting by hand, as the command would
    (``extra``: more of the new history entry)."""
    edit(root, P004, "state: council-review\n", "state: leader-meeting\n")
    entry = f"  - {{state: leader-meeting, at: 2026-11-20, by: RegUt HV{extra}}}\n"
    edit(root, P004, "\nrecommendations:\n", "\n" + entry + "recommendations:\n")


def naming(problems: list[dict[str, Any]], sha: str, *words: str) -> list[dict[str, Any]]:
    """The problems of commit ``sha`` whose message holds every one of ``words``."""
    return [p for p in problems if p["short"] == sha and all(w in p["message"] for w in words)]


# -- proposals -------------------------------------------------------------------------------


def test_switching_a_national_proposal_to_local_and_back_fails(
    repo_id: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The kind switch: local for the steps the tool takes (the HN council's advice, the
    trust adopting it), national again afterwards, so a decided national proposal never
    went through the councils."""
    repo = repo_id
    out = regraad(
        capsys, repo, "propose", "new", "urologi", "--kind", "national-la",
        "--title", "Robotassistert prostatektomi", "--region", "hn", "--trust", "unn",
        "--by", "LUU urologi, UNN", "--at", "2026-11-02", "--as-of", AS_OF,
    )  # fmt: skip
    ref = out.split("proposal(", 1)[1].split(")", 1)[0]  # urologi/2026-NNN
    path = f"data/specialties/{ref.replace('/', '/proposals/')}.yaml"
    base = head(repo)
    edit(repo, path, "kind: national-la\n", "kind: local-la\n")
    first = commit(repo, "Lokal aktivitet likevel")
    regraad(capsys, repo, "propose", "advance", ref, "--by", "RegUt HN", "--at", "2026-11-03",
            "--as-of", AS_OF)  # fmt: skip
    regraad(
        capsys, repo, "propose", "recommend", ref, "--region", "hn", "--position", "support",
        "--by", "RegUt HN", "--at", "2026-11-04", "--as-of", AS_OF,
    )  # fmt: skip
    regraad(
        capsys, repo, "propose", "adopt", ref, "--by", "UNN", "--at", "2026-11-04",
        "--as-of", AS_OF,
    )  # fmt: skip
    assert "state: adopted\n" in (repo / path).read_text(encoding="utf-8")
    edit(repo, path, "kind: local-la\n", "kind: national-la\n")
    last = commit(repo, "Tilbake til nasjonal")

    code, problems = verify(capsys, repo, base)
    assert code == 1
    assert {p["short"] for p in problems} == {first, last}  # the tool's steps are honest
    assert {p["path"] for p in problems} == {path}
    assert naming(problems, first, "kind national-la → local-la", "without matching")
    assert naming(problems, last, "kind local-la → national-la", "without matching")
    assert naming(problems, first, "kind national-la → local-la", "no command changes it")
    code = main(["--root", str(repo), "audit", "--verify", f"{base}..HEAD"])
    text = capsys.readouterr().out
    assert code == 1
    assert f"✗ {first} Lokal aktivitet likevel" in text
    assert f"✗ {last} Tilbake til nasjonal" in text


def test_a_hand_edit_of_in_force_fails(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = head(repo)
    edit(repo, P011, "in_force: 2023-03-08\n", "in_force: 2022-09-01\n")
    sha = commit(repo, "Rett ikrafttredelse")
    code, problems = verify(capsys, repo, base)
    assert code == 1
    [problem] = problems
    assert (problem["short"], problem["code"], problem["path"]) == (sha, "no-trailers", P011)
    assert (
        "changes proposal urologi/2022-011 (in_force 2023-03-08 → 2022-09-01)"
        in (problem["message"])
    )


def test_a_step_that_also_sets_the_decision_fails(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A commit whose trailers name another action may not change the decision."""
    base = head(repo)
    to_leader_meeting(repo)
    (repo / P004).write_text(
        (repo / P004).read_text(encoding="utf-8") + "in_force: 2027-01-01\n", encoding="utf-8"
    )
    sha = commit(
        repo,
        trailered(
            "proposal(urologi/2026-004): advance to leader-meeting",
            Action="proposal.advance",
            Proposal="urologi/2026-004",
            From="council-review",
            To="leader-meeting",
            By="RegUt HV",
        ),
    )
    code, problems = verify(capsys, repo, base)
    assert code == 1
    assert [(p["short"], p["code"], p["path"]) for p in problems] == [(sha, "mismatch", P004)]
    assert problems[0]["message"] == (
        "proposal.advance also changes in_force — → 2027-01-01 of urologi/2026-004; "
        "only the step to accepted or adopted sets it"
    )


def test_a_hand_edit_of_origin_fails(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = head(repo)
    edit(
        repo, P004, "origin:\n  region: hn\n  trust: unn\n", "origin:\n  region: hv\n  trust: unn\n"
    )
    sha = commit(repo, "Forslaget kom egentlig fra Vest")
    code, problems = verify(capsys, repo, base)
    assert code == 1
    assert {(p["short"], p["path"]) for p in problems} == {(sha, P004)}
    assert naming(problems, sha, "origin.region hn → hv", "without matching Regraad-Action")
    [fixed] = naming(problems, sha, "no command changes it")
    assert fixed["code"] == "illegal"
    assert fixed["message"] == (
        "changes origin.region hn → hv of proposal urologi/2026-004; it is set when the "
        "proposal is filed and no command changes it"
    )


def test_a_hand_edit_of_a_history_steps_to_fails(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = head(repo)
    edit(repo, P004, "by: RegUt HN, to: hv}", "by: RegUt HN, to: hso}")
    sha = commit(repo, "Sendt til HSØ")
    code, problems = verify(capsys, repo, base)
    assert code == 1
    [history] = [p for p in problems if p["code"] == "history"]
    assert (history["short"], history["path"]) == (sha, P004)
    assert history["message"] == (
        "edits history entry 2 of proposal urologi/2026-004 (to hv → hso); "
        "entries may only be appended"
    )


def test_a_step_that_routes_the_proposal_elsewhere_fails(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only the step to submitted sends a proposal to a RegUt (`to:`)."""
    base = head(repo)
    to_leader_meeting(repo, ", to: hso")
    sha = commit(
        repo,
        trailered(
            "proposal(urologi/2026-004): advance to leader-meeting",
            Action="proposal.advance",
            Proposal="urologi/2026-004",
            From="council-review",
            To="leader-meeting",
            By="RegUt HV",
        ),
    )
    code, problems = verify(capsys, repo, base)
    assert code == 1
    assert [(p["short"], p["code"], p["message"]) for p in problems] == [
        (
            sha,
            "mismatch",
            "the history entry for leader-meeting names to: hso; only the step to submitted "
            "sends a proposal to a RegUt",
        )
    ]


# -- councils --------------------------------------------------------------------------------


def test_a_hand_edit_of_a_members_role_names_the_field(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = head(repo)
    edit(repo, HMN, "    github: hronneberg\n", "    github: hronneberg\n    # ny rolle\n")
    edit(
        repo, HMN, "    site: alesund\n    role: member\n", "    site: alesund\n    role: deputy\n"
    )
    sha = commit(repo, "Håkon er nestleder")
    code, problems = verify(capsys, repo, base)
    assert code == 1
    assert [(p["short"], p["code"], p["path"]) for p in problems] == [(sha, "no-trailers", HMN)]
    assert problems[0]["message"].endswith(
        "without matching Regraad-Action and Regraad-Council trailers: "
        "Håkon Rønneberg as member: role member → deputy"
    )


def test_a_role_change_that_rewrites_the_membership_fails(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """council.role ends one membership and starts another; rewriting the entry in place
    (here with an earlier `from`, as if he had always been deputy) is not what it does."""
    base = head(repo)
    edit(
        repo,
        HMN,
        "    site: alesund\n    role: member\n",
        "    site: alesund\n    role: deputy\n",
    )
    edit(
        repo,
        HMN,
        "    github: hronneberg\n    from: 2018-11-01\n",
        "    github: hronneberg\n    from: 2026-11-01\n",
    )
    sha = commit(
        repo,
        trailered(
            "council(anestesiologi/hmn): Håkon Rønneberg member → deputy",
            Action="council.role",
            Council="anestesiologi/hmn",
            Member="Håkon Rønneberg",
            From="member",
            To="deputy",
            By="RegUt HMN",
        ),
    )
    code, problems = verify(capsys, repo, base)
    assert code == 1
    assert {(p["short"], p["code"], p["path"]) for p in problems} == {(sha, "mismatch", HMN)}
    assert naming(
        problems,
        sha,
        "council.role edits the membership of Håkon Rønneberg as member in place "
        "(role member → deputy, from 2018-11-01 → 2026-11-01)",
    )


def test_an_end_that_also_moves_the_start_fails(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = head(repo)
    edit(
        repo,
        HMN,
        "    github: hronneberg\n    from: 2018-11-01\n",
        "    github: hronneberg\n    from: 2019-01-01\n    to: 2026-10-31\n",
    )
    sha = commit(
        repo,
        trailered(
            "council(anestesiologi/hmn): Håkon Rønneberg leaves (member)",
            Action="council.end",
            Council="anestesiologi/hmn",
            Member="Håkon Rønneberg",
            From="member",
            By="RegUt HMN",
        ),
    )
    code, problems = verify(capsys, repo, base)
    assert code == 1
    assert naming(problems, sha, "from 2018-11-01 → 2019-01-01", "Håkon Rønneberg")
    assert {p["path"] for p in problems} == {HMN}


def test_a_step_that_reopens_an_ended_membership_fails(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Olav rejoins as member (council.add, honest) and the same commit takes back the end
    of his old leadership, so he would be leader again: no command removes an end."""
    base = head(repo)
    edit(repo, HMN, "    from: 2018-11-01\n    to: 2022-12-31\n", "    from: 2018-11-01\n")
    edit(
        repo,
        HMN,
        "  - name: Silje Aune\n",
        "  - name: Olav Kvernmo\n    trust: stolav\n    role: member\n    from: 2026-11-01\n"
        "  - name: Silje Aune\n",
    )
    sha = commit(
        repo,
        trailered(
            "council(anestesiologi/hmn): Olav Kvernmo joins as member",
            Action="council.add",
            Council="anestesiologi/hmn",
            Member="Olav Kvernmo",
            To="member",
            By="RegUt HMN",
        ),
    )
    code, problems = verify(capsys, repo, base)
    assert code == 1
    assert [(p["short"], p["code"], p["path"], p["message"]) for p in problems] == [
        (
            sha,
            "mismatch",
            HMN,
            "council.add removes the end (to: 2022-12-31) of the membership of Olav Kvernmo "
            "as leader",
        )
    ]


# -- what stays free, and what the commands do ---------------------------------------------


def test_prose_stays_free_to_edit(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = head(repo)
    edit(repo, P004, "title: Anbefalt minimum", "title: Anbefalt minstetall")
    commit(repo, "Ny tittel")
    edit(repo, P004, "Det foreslås en ny linje", "Det foreslås én ny linje")
    commit(repo, "Språkvask av sammendraget")
    edit(repo, HMN, "email: hakon.ronneberg@helse-mr.no", "email: hakon.r@helse-mr.no")
    commit(repo, "Ny e-post")
    code, problems = verify(capsys, repo, base)
    assert (code, problems) == (0, [])


def test_the_commands_own_steps_pass(repo_id: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """What the commands write (a rejection with its reason and date, a withdrawal, a
    handover, a role swap, an end) is what the audit expects of them."""
    repo = repo_id
    base = head(repo)
    regraad(
        capsys, repo, "propose", "withdraw", "urologi/2026-009", "--reason", "Ikke lenger aktuelt",
        "--by", "RegUt HSØ", "--at", "2026-11-10", "--as-of", AS_OF,
    )  # fmt: skip
    for state in ("leader-meeting", "leadership-review", "directorate", "committee-review"):
        regraad(
            capsys, repo, "propose", "advance", "urologi/2026-004", "--to", state,
            "--by", "RegUt HV", "--at", "2026-11-12", "--as-of", AS_OF,
        )  # fmt: skip
    regraad(
        capsys, repo, "propose", "advance", "urologi/2026-004", "--to", "rejected",
        "--reason", "Ikke faglig grunnlag", "--by", "Helsedirektoratet", "--at", "2026-11-13",
        "--as-of", AS_OF,
    )  # fmt: skip
    regraad(
        capsys, repo, "council", "role", "urologi", "Ola Haugland", "deputy", "--from",
        "2026-12-01", "--replaces", "Marte Bakken", "--as-of", AS_OF,
    )  # fmt: skip
    regraad(
        capsys, repo, "council", "end", "urologi", "Thomas Engen", "--to", "2026-12-31",
        "--as-of", AS_OF,
    )  # fmt: skip
    code, problems = verify(capsys, repo, base)
    assert (code, problems) == (0, [])
    text = (repo / P004).read_text(encoding="utf-8")
    assert "decided: 2026-11-13" in text and "reason: Ikke faglig grunnlag" in text
