"""`regraad meeting`: meeting files, agendas from the data, decisions as honest commits,
minutes; on real temporary git repositories."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from regraad.cli.app import main
from regraad.i18n import set_language

from .conftest import AS_OF, EXAMPLE_DATA, PROJECT, git

URO = "data/specialties/urologi"
MEETING = f"{URO}/meetings/2026-11-26-hso.yaml"
P009 = f"{URO}/proposals/2026-009.yaml"
P010 = f"{URO}/proposals/2026-010.yaml"
COUNCIL = f"{URO}/councils/hso.yaml"
REF = "urologi/2026-11-26-hso"


@pytest.fixture
def repo_id(repo: Path) -> Path:
    """The example repository with a git identity in its own config (in-process commits)."""
    git(repo, "config", "user.name", "Kari Koordinator")
    git(repo, "config", "user.email", "kari@regut.example.org")
    return repo


def run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(root), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def ok(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> str:
    code, out, err = run(capsys, root, *args)
    assert code == 0, out + err
    return out


def head(repo: Path) -> str:
    return git(repo, "rev-parse", "HEAD").strip()


def message(repo: Path, rev: str = "HEAD") -> str:
    return git(repo, "log", "-1", "--format=%B", rev)


def trailers(repo: Path, rev: str = "HEAD") -> list[tuple[str, str]]:
    out = git(repo, "log", "-1", "--format=%(trailers:only,unfold)", rev)
    pairs = [line.partition(": ") for line in out.splitlines() if ": " in line]
    return [(key, value) for key, _sep, value in pairs]


def changed_files(repo: Path, rev: str = "HEAD") -> list[str]:
    return sorted(git(repo, "show", "--name-only", "--format=", rev).split())


def read(repo: Path, path: str) -> str:
    return (repo / path).read_text(encoding="utf-8")


def data_files(repo: Path) -> dict[str, bytes]:
    return {
        p.relative_to(repo).as_posix(): p.read_bytes()
        for p in sorted((repo / "data").rglob("*"))
        if p.is_file()
    }


def snapshot(repo: Path) -> tuple[str, str, dict[str, bytes]]:
    """What a refused command must leave exactly as it was."""
    return git(repo, "status", "--porcelain"), head(repo), data_files(repo)


def edit(root: Path, path: str, old: str, new: str) -> None:
    text = read(root, path)
    assert old in text, f"{old!r} not in {path}"
    (root / path).write_text(text.replace(old, new, 1), encoding="utf-8")


def new_meeting(
    capsys: pytest.CaptureFixture[str], repo: Path, *extra: str, specialty: str = "urologi"
) -> str:
    return ok(capsys, repo, "meeting", "new", specialty, *extra, "--as-of", AS_OF)


def _commands(root: Path, *commands: tuple[str, ...]) -> None:
    for args in commands:
        code = main(["--root", str(root), *args, "--as-of", AS_OF])
        assert code == 0, args


@pytest.fixture(scope="module")
def _hso_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What the HSØ council has to decide on 26 November 2026, made with the commands:
    a national proposal from HN in council review (2026-010), the local activity from SI
    in regional review (2026-009), the deputy stepping down at the new year, and the
    meeting file. Built once; each test gets a copy."""
    root = tmp_path_factory.mktemp("hso") / "root"
    shutil.copytree(EXAMPLE_DATA, root / "data")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Example dataset")
    git(root, "config", "user.name", "Kari Koordinator")
    git(root, "config", "user.email", "kari@regut.example.org")
    set_language("en")
    _commands(
        root,
        ("propose", "new", "urologi", "--kind", "national-la", "--title",
         "Robotassistert prostatektomi", "--region", "hn", "--trust", "unn",
         "--by", "LUU urologi, UNN", "--at", "2026-11-02"),
        ("propose", "advance", "2026-010", "--by", "RegUt HN"),
        ("propose", "advance", "2026-010", "--by", "RegUt HV"),
        ("propose", "advance", "2026-009", "--by", "LUU urologi, SI"),
        ("council", "role", "urologi", "Marte Bakken", "member", "--region", "hso",
         "--from", "2027-01-01", "--note", "Går av som nestleder ved årsskiftet.",
         "--allow-gap"),
        ("meeting", "new", "urologi", "--region", "hso", "--date", "2026-11-26",
         "--by", "RegUt HSØ"),
    )  # fmt: skip
    return root


@pytest.fixture
def hso(_hso_template: Path, tmp_path: Path) -> Path:
    """A copy of the prepared repository (work tree and history)."""
    root = tmp_path / "root"
    shutil.copytree(_hso_template, root, symlinks=True)
    return root


def first_commit(repo: Path) -> str:
    return git(repo, "rev-list", "--max-parents=0", "HEAD").strip()


# -- the choices are the schema's ---------------------------------------------------------------


def test_choices_match_the_schema() -> None:
    from regraad.cli.meeting_cmd import Elected, Kind, Lang, MinutesFormat
    from regraad.cli.propose_cmd import Position
    from regraad.workflow import meetings

    schema = json.loads((PROJECT / "schemas" / "meeting.schema.json").read_text("utf-8"))
    props = schema["properties"]
    decision = props["decisions"]["items"]["properties"]
    assert [k.value for k in Kind] == props["kind"]["enum"] == list(meetings.KINDS)
    assert [e.value for e in Elected] == decision["election"]["properties"]["role"]["enum"]
    assert list(meetings.ELECTED) == decision["election"]["properties"]["role"]["enum"]
    assert [p.value for p in Position] == decision["position"]["enum"]
    assert [x.value for x in Lang] == list(meetings.LANGUAGES) == list(meetings.PHRASES)
    assert [f.value for f in MinutesFormat] == list(meetings.FORMATS)
    roles = props["attendance"]["items"]["properties"]["role"]["enum"]
    kinds = props["agenda"]["items"]["properties"]["kind"]["enum"]
    for words in meetings.PHRASES.values():
        assert set(words) == set(meetings.PHRASES["nb"])
        assert all(f"role.{r}" in words for r in roles)
        assert all(f"item.{k}" in words for k in kinds)
        assert all(f"kind.{k}" in words for k in props["kind"]["enum"])


# -- new -------------------------------------------------------------------------------------------


def test_new_is_one_commit_of_a_valid_file(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    before = head(repo_id)
    out = new_meeting(
        capsys,
        repo_id,
        "--region",
        "hso",
        "--date",
        "2026-11-26",
        "--place",
        "Teams: Rådsmøte urologi",
        "--by",
        "RegUt HSØ",
    )
    assert f"meeting({REF}): new" in out
    assert git(repo_id, "rev-parse", "HEAD~1").strip() == before
    assert message(repo_id) == (
        f"meeting({REF}): new\n\n"
        "Regraad-Action: meeting.new\n"
        f"Regraad-Meeting: {REF}\n"
        "Regraad-By: RegUt HSØ\n\n"
    )
    assert changed_files(repo_id) == [MEETING]
    assert git(repo_id, "status", "--porcelain") == ""
    assert read(repo_id, MEETING) == (
        "# yaml-language-server: $schema=../../../../schemas/meeting.schema.json\n"
        "id: 2026-11-26-hso\n"
        "specialty: urologi\n"
        "region: hso\n"
        "date: 2026-11-26\n"
        "kind: ordinary\n"
        'place: "Teams: Rådsmøte urologi"\n'
        "convened_by: RegUt HSØ\n"  # the region's RegUt convenes by default
    )
    code, out, _err = run(capsys, repo_id, "validate", str(repo_id / MEETING), "--as-of", AS_OF)
    assert code == 0, out


def test_new_kind_and_convener(capsys: pytest.CaptureFixture[str], repo_id: Path) -> None:
    new_meeting(
        capsys,
        repo_id,
        "--region",
        "hmn",
        "--date",
        "2027-01-15",
        "--kind",
        "constituent",
        "--convened-by",
        "RegUt HMN i samarbeid med rådsleder",
        specialty="anestesiologi",
    )
    text = read(repo_id, "data/specialties/anestesiologi/meetings/2027-01-15-hmn.yaml")
    assert "kind: constituent\n" in text
    assert "convened_by: RegUt HMN i samarbeid med rådsleder\n" in text


# -- the whole meeting, audited --------------------------------------------------------------------


def test_a_meeting_decides_a_recommendation_and_an_election_and_audit_verifies_it(
    capsys: pytest.CaptureFixture[str], hso: Path
) -> None:
    repo = hso
    base = first_commit(repo)  # the example dataset; then the steps of _hso_template

    # the agenda from the data, numbered on from the March meeting (1/26 … 6/26)
    out = ok(
        capsys, repo, "meeting", "agenda", REF, "--write", "--by", "RegUt HSØ", "--as-of", AS_OF
    )
    lines = [
        line.split(None, 2) for line in out.splitlines() if line.startswith("  ") and "/26" in line
    ]
    assert lines == [
        ["7/26", "decision", "Godkjenning av innkalling og saksliste"],
        ["8/26", "information", "Orientering fra RegUt HSØ"],
        ["9/26", "election", "Valg av nestleder"],
        [
            "10/26",
            "proposal",
            "Endringsforslag 2026-009: Simuleringsdag i endourologi ved Sykehuset Innlandet Hamar",
        ],
        ["11/26", "proposal", "Endringsforslag 2026-010: Robotassistert prostatektomi"],
        # the example's real bottleneck: Innlandet's LIS wait for OUS
        [
            "12/26",
            "discussion",
            "Kapasitet ved OUS: behov for 9 LIS samtidig, 10 gjennomstrømningsstillinger",
        ],
        ["13/26", "information", "Eventuelt"],
    ]
    assert "Marte Bakken's term as deputy leader ends on 2026-12-31" in out
    assert "the Helse Sør-Øst council has not recommended it" in out
    assert trailers(repo) == [
        ("Regraad-Action", "meeting.agenda"),
        ("Regraad-Meeting", REF),
        ("Regraad-By", "RegUt HSØ"),
    ]
    assert changed_files(repo) == [MEETING]
    assert (
        "  - id: 11/26\n"
        '    title: "Endringsforslag 2026-010: Robotassistert prostatektomi"\n'
        "    kind: proposal\n"
        "    proposal: 2026-010\n"
    ) in read(repo, MEETING)

    # the recommendation: the proposal and the meeting file in one commit
    out = ok(
        capsys,
        repo,
        "meeting",
        "decide",
        REF,
        "recommend",
        "2026-010",
        "--position",
        "support",
        "--note",
        "Minimumstallet må kunne nås i sentral rotasjon.",
        "--by",
        "RegRåd urologi HSØ",
        "--as-of",
        AS_OF,
    )
    assert "proposal(urologi/2026-010): HSØ recommends support (meeting 2026-11-26-hso)" in out
    assert changed_files(repo) == [MEETING, P010]
    assert trailers(repo) == [
        ("Regraad-Action", "proposal.recommend"),
        ("Regraad-Proposal", "urologi/2026-010"),
        ("Regraad-Recommendation", "hso support"),
        ("Regraad-By", "RegRåd urologi HSØ"),
        ("Regraad-Meeting", REF),
    ]
    assert "\n\nMinimumstallet må kunne nås i sentral rotasjon.\n\n" in message(repo)
    assert read(repo, P010).endswith(
        "recommendations:\n"
        "  - region: hso\n"
        "    position: support\n"
        "    at: 2026-11-26\n"
        "    meeting: 2026-11-26-hso\n"
        "    note: Minimumstallet må kunne nås i sentral rotasjon.\n"
    )

    # the election of a deputy: the council and the meeting file in one commit
    out = ok(
        capsys,
        repo,
        "meeting",
        "decide",
        "2026-11-26-hso",
        "elect",
        "Ola Haugland",
        "--role",
        "deputy",
        "--from",
        "2027-01-01",
        "--by",
        "RegUt HSØ",
        "--as-of",
        AS_OF,
    )
    assert "council(urologi/hso): Ola Haugland member → deputy (meeting 2026-11-26-hso)" in out
    assert changed_files(repo) == [COUNCIL, MEETING]
    assert trailers(repo) == [
        ("Regraad-Action", "council.role"),
        ("Regraad-Council", "urologi/hso"),
        ("Regraad-Member", "Ola Haugland"),
        ("Regraad-From", "member"),
        ("Regraad-To", "deputy"),
        ("Regraad-By", "RegUt HSØ"),
        ("Regraad-Meeting", REF),
    ]
    council = read(repo, COUNCIL)
    assert "    from: 2021-04-15\n    to: 2026-12-31\n" in council
    assert council.endswith(
        "  - name: Ola Haugland\n"
        "    trust: vestre-viken\n"
        "    site: drammen\n"
        "    role: deputy\n"
        "    title: overlege\n"
        "    specialist: true\n"
        "    email: ola.haugland@vestreviken.no\n"
        "    github: olahaugland\n"
        "    from: 2027-01-01\n"
    )

    # the council's advice on a local activity of the region (the trust adopts it)
    out = ok(
        capsys,
        repo,
        "meeting",
        "decide",
        REF,
        "recommend",
        "2026-009",
        "--position",
        "support",
        "--by",
        "RegRåd urologi HSØ",
        "--as-of",
        AS_OF,
    )
    assert "proposal(urologi/2026-009): HSØ recommends support (meeting 2026-11-26-hso)" in out
    assert changed_files(repo) == [MEETING, P009]
    assert "state: regional-review\n" in read(repo, P009)  # the council does not decide it
    assert "meeting: 2026-11-26-hso" in read(repo, P009).split("recommendations:", 1)[1]

    # the meeting file minutes each decision under its item
    assert read(repo, MEETING).endswith(
        "decisions:\n"
        "  - item: 11/26\n"
        "    text: Rådet støtter endringsforslag 2026-010.\n"
        "    proposal: 2026-010\n"
        "    position: support\n"
        "  - item: 9/26\n"
        "    text: Ola Haugland (VVHF) er valgt til nestleder av rådet fra 1. januar 2027.\n"
        "    election:\n"
        "      role: deputy\n"
        "      name: Ola Haugland\n"
        "      from: 2027-01-01\n"
        "  - item: 10/26\n"
        "    text: Rådet støtter endringsforslag 2026-009.\n"
        "    proposal: 2026-009\n"
        "    position: support\n"
    )
    assert git(repo, "status", "--porcelain") == ""

    # audit lists every action with the meeting, and verifies the range
    code, out, err = run(capsys, repo, "audit", "--format", "json", "--verify", f"{base}..HEAD")
    assert code == 0, out + err
    result = json.loads(out)
    assert result["verify"] == {"ok": True, "commits": 10, "problems": []}
    actions: list[dict[str, Any]] = result["actions"]
    assert [(a["action"], a["meeting"]) for a in actions] == [
        ("proposal.new", None),
        ("proposal.advance", None),
        ("proposal.advance", None),
        ("proposal.advance", None),
        ("council.role", None),
        ("meeting.new", REF),
        ("meeting.agenda", REF),
        ("proposal.recommend", REF),
        ("council.role", REF),
        ("proposal.recommend", REF),
    ]
    recommend, elect = actions[7], actions[8]
    assert recommend["proposal"] == "urologi/2026-010"
    assert recommend["recommendation"] == "hso support"
    assert (elect["council"], elect["member"], elect["to"]) == (
        "urologi/hso",
        "Ola Haugland",
        "deputy",
    )
    assert actions[5]["specialty"] == "urologi"
    assert (actions[5]["proposal"], actions[5]["council"]) == (None, None)
    code, out, err = run(capsys, repo, "audit", "--verify", f"{base}..HEAD")
    assert code == 0, out + err
    assert "meeting.new urologi/2026-11-26-hso" in out
    assert "Verified 10 commits" in out
    code, out, err = run(capsys, repo, "audit", "--specialty", "urologi", "--verify", f"{base}..")
    assert code == 0, out + err

    # and the minutes read it back
    out = ok(capsys, repo, "meeting", "minutes", REF)
    assert "### Sak 9/26: Valg av nestleder\n\n*valg*\n\n**Vedtak:** Ola Haugland" in out
    assert "(valg av nestleder: Ola Haugland, fra 1. januar 2027)" in out
    assert "(endringsforslag 2026-010: støtter)" in out


# -- the agenda ------------------------------------------------------------------------------------


def agenda_lines(out: str) -> list[str]:
    return [" ".join(line.split()) for line in out.splitlines() if line.startswith("  ")]


def test_agenda_of_the_example_meetings_adds_nothing(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    for ident, ref in (
        ("urologi/2026-03-12-hso", "urologi/2026-03-12-hso"),
        ("2026-02-03-hmn", "anestesiologi/2026-02-03-hmn"),
    ):
        out = ok(capsys, repo, "meeting", "agenda", ident)
        assert out.startswith(f"On the agenda of {ref}:\n")
        assert out.endswith("\nThe data adds nothing to it.\n")
    out = ok(capsys, repo, "meeting", "agenda", "urologi/2026-03-12-hso")
    assert (
        "1/26 election Konstituering og valg av leder og nestleder for 2026–2028"
        in agenda_lines(out)
    )


def test_agenda_on_the_example_data(capsys: pytest.CaptureFixture[str], repo_id: Path) -> None:
    # HSØ urologi in November: no proposal waits for the council, but Innlandet's LIS wait
    # for OUS (the example's real bottleneck); numbers go on from March
    new_meeting(capsys, repo_id, "--region", "hso", "--date", "2026-11-26")
    assert agenda_lines(ok(capsys, repo_id, "meeting", "agenda", REF)) == [
        "7/26 decision Godkjenning av innkalling og saksliste",
        "8/26 information Orientering fra RegUt HSØ",
        "9/26 discussion Kapasitet ved OUS: behov for 9 LIS samtidig, "
        "10 gjennomstrømningsstillinger",
        "(K-BOTTLENECK: OUS is a bottleneck (simulated wait for a position); see regraad estimate)",
        "10/26 information Eventuelt",
    ]
    # HV has not recommended 2026-004 yet (HSØ has); HV has no urologi council file
    new_meeting(capsys, repo_id, "--region", "hv", "--date", "2026-04-02")
    out = ok(capsys, repo_id, "meeting", "agenda", "2026-04-02-hv", "--lang", "en")
    assert agenda_lines(out) == [
        "1/26 decision Approval of the notice and the agenda",
        "2/26 information Information from RegUt HV",
        "3/26 proposal Change proposal 2026-004: Anbefalt minimum for assistert "
        "laserenukleasjon av prostata (HoLEP)",
        "(in council review; the Helse Vest council has not recommended it)",
        "4/26 information Any other business",
    ]
    # HMN anaesthesiology: no deputy, and the region does not require one: no election
    new_meeting(
        capsys, repo_id, "--region", "hmn", "--date", "2027-01-20", specialty="anestesiologi"
    )
    assert agenda_lines(ok(capsys, repo_id, "meeting", "agenda", "2027-01-20-hmn")) == [
        "1/27 decision Godkjenning av innkalling og saksliste",  # a new year starts at 1
        "2/27 information Orientering fra RegUt HMN",
        "3/27 information Eventuelt",
    ]


def test_agenda_items_of_every_kind(capsys: pytest.CaptureFixture[str], hso: Path) -> None:
    repo = hso
    # the leader's term ended in October with nobody elected after her; Vestre Viken's
    # member left in June; Ahus takes five LIS a year, more than OUS and the agreement hold
    edit(repo, COUNCIL, "    github: isolheim-uro\n    from: 2026-03-12\n",
         "    github: isolheim-uro\n    from: 2026-03-12\n    to: 2026-10-31\n")  # fmt: skip
    edit(repo, COUNCIL, "    github: olahaugland\n    from: 2021-04-15\n",
         "    github: olahaugland\n    from: 2021-04-15\n    to: 2026-06-30\n")  # fmt: skip
    edit(repo, f"{URO}/rotations/ahus.yaml", "intake_per_year: 3", "intake_per_year: 5")
    out = ok(capsys, repo, "meeting", "agenda", REF)
    lines = agenda_lines(out)
    assert lines[:3] == [
        "7/26 decision Godkjenning av innkalling og saksliste",
        "8/26 information Orientering fra RegUt HSØ",
        "9/26 election Valg av leder",
    ]
    assert (
        "(Ingrid Solheim's term as leader ended on 2026-10-31; no successor is recorded)" in lines
    )
    assert "10/26 election Valg av nestleder" in lines
    assert any(
        line.endswith("Endringsforslag 2026-010: Robotassistert prostatektomi") for line in lines
    )
    assert (
        "13/26 discussion Kapasitet ved OUS: behov for 11 LIS samtidig, "
        "10 gjennomstrømningsstillinger" in lines
    )
    assert (
        "14/26 discussion Fagavtale Ahus–OUS: planene trenger 5 plasser samtidig, avtalen gir 3"
        in lines
    )
    gaps = [line for line in lines if "Rådets sammensetning:" in line]
    assert (
        "Rådets sammensetning: vestre-viken tilbyr urologi, men har ikke noe aktivt medlem i rådet"
        in " ".join(gaps)
    )
    assert not any("ingen aktiv leder" in line for line in lines)  # the election covers it
    assert lines[-1].endswith("Eventuelt")
    # in English, the findings are quoted in English
    out = ok(capsys, repo, "meeting", "agenda", REF, "--lang", "en")
    assert (
        "Council composition: vestre-viken offers urologi but has no active member in the council"
        in out
    )
    assert "Election of leader" in out


def test_agenda_write_appends_what_is_missing(
    capsys: pytest.CaptureFixture[str], repo_id: Path
) -> None:
    repo = repo_id
    new_meeting(capsys, repo, "--region", "hso", "--date", "2026-11-26")
    ok(capsys, repo, "meeting", "agenda", REF, "--write", "--as-of", AS_OF)
    written = read(repo, MEETING)
    assert written.count("  - id: ") == 4  # with the capacity item on OUS
    # a local activity reaches regional review afterwards: only it is added, numbered on,
    # and taken before "Eventuelt", which closes the agenda
    ok(capsys, repo, "propose", "advance", "2026-009", "--as-of", AS_OF)
    out = ok(capsys, repo, "meeting", "agenda", REF, "--write", "--as-of", AS_OF)
    assert "Also for the agenda, from the data:" in out
    other = "  - id: 10/26\n    title: Eventuelt\n    kind: information\n"
    assert written.endswith(other)
    added = (
        "  - id: 11/26\n"
        '    title: "Endringsforslag 2026-009: Simuleringsdag i endourologi ved Sykehuset Innlandet'
        ' Hamar"\n'
        "    kind: proposal\n"
        "    proposal: 2026-009\n"
    )
    assert read(repo, MEETING) == written.removesuffix(other) + added + other
    before = snapshot(repo)
    code, out, err = run(capsys, repo, "meeting", "agenda", REF, "--write", "--as-of", AS_OF)
    assert code == 1
    assert "already lists everything the data puts on it" in err
    assert snapshot(repo) == before


# -- decisions: the item, the text, dry runs ------------------------------------------------------


def test_decision_under_a_given_item_and_with_its_own_text(
    capsys: pytest.CaptureFixture[str], hso: Path
) -> None:
    repo = hso
    ok(capsys, repo, "meeting", "agenda", REF, "--write", "--as-of", AS_OF)
    ok(
        capsys,
        repo,
        "meeting",
        "decide",
        REF,
        "recommend",
        "2026-010",
        "--position",
        "amend",
        "--item",
        "12/26",
        "--text",
        "Rådet støtter forslaget, men ber om et lavere minimumstall.",
        "--as-of",
        AS_OF,
    )
    assert read(repo, MEETING).endswith(
        "decisions:\n"
        "  - item: 12/26\n"
        "    text: Rådet støtter forslaget, men ber om et lavere minimumstall.\n"
        "    proposal: 2026-010\n"
        "    position: amend\n"
    )


def test_decision_without_an_agenda_item_adds_one(
    capsys: pytest.CaptureFixture[str], hso: Path
) -> None:
    repo = hso
    ok(
        capsys,
        repo,
        "meeting",
        "decide",
        REF,
        "elect",
        "Ola Haugland",
        "--role",
        "deputy",
        "--from",
        "2027-01-01",
        "--lang",
        "en",
        "--as-of",
        AS_OF,
    )
    assert read(repo, MEETING).endswith(
        "agenda:\n"
        "  - id: 7/26\n"
        "    title: Election of deputy leader\n"
        "    kind: election\n"
        "decisions:\n"
        "  - item: 7/26\n"
        "    text: Ola Haugland (VVHF) is elected deputy leader of the council "
        "from 1 January 2027.\n"
        "    election:\n"
        "      role: deputy\n"
        "      name: Ola Haugland\n"
        "      from: 2027-01-01\n"
    )


def test_dry_run_and_no_commit(capsys: pytest.CaptureFixture[str], hso: Path) -> None:
    repo = hso
    before = snapshot(repo)
    args = ("meeting", "decide", REF, "recommend", "2026-010", "--position", "oppose")
    out = ok(capsys, repo, *args, "--dry-run", "--as-of", AS_OF)
    assert f"+++ b/{P010}" in out and f"+++ b/{MEETING}" in out
    assert "+    text: Rådet går imot endringsforslag 2026-010.\n" in out
    assert snapshot(repo) == before
    out = ok(capsys, repo, *args, "--no-commit", "--as-of", AS_OF)
    assert f"edited {P010} (not committed)" in out and f"edited {MEETING} (not committed)" in out
    assert head(repo) == before[1]
    assert sorted(git(repo, "status", "--porcelain").split()) == sorted(["M", P010, "M", MEETING])


# -- refusals --------------------------------------------------------------------------------------


def test_refusals_change_nothing(capsys: pytest.CaptureFixture[str], hso: Path) -> None:
    repo = hso
    new_meeting(capsys, repo, "--region", "hmn", "--date", "2026-11-27")  # no urologi council
    new_meeting(capsys, repo, "--region", "cross-regional", "--date", "2026-11-28")
    new_meeting(capsys, repo, "--region", "hso", "--date", "2026-11-26", specialty="anestesiologi")
    ok(capsys, repo, "meeting", "agenda", REF, "--write", "--as-of", AS_OF)
    decide = ("meeting", "decide")
    cases: list[tuple[tuple[str, ...], int, str]] = [
        (("meeting", "agenda", "2026-12-01-hso"), 1, "no meeting 2026-12-01-hso"),
        (("meeting", "agenda", "2026-11-26-hso"), 2, "in several specialties"),
        (("meeting", "minutes", "nope/2026-11-26-hso"), 1, "no meeting"),
        ((*decide, REF, "recommend", "2026-099", "--position", "support"), 1, "no proposal"),
        ((*decide, REF, "recommend", "2026-004", "--position", "support"), 1,
         "already recommended"),
        ((*decide, REF, "recommend", "2026-002", "--position", "support"), 1,
         "not a proposal in urologi"),
        ((*decide, REF, "recommend", "2026-010", "--position", "maybe"), 2, "maybe"),
        ((*decide, REF, "recommend", "2026-010", "--position", "support", "--item", "99/26"), 1,
         "no agenda item 99/26"),
        ((*decide, REF, "recommend", "2026-010", "--position", "support", "--item", "x"), 2,
         "not an item number"),
        ((*decide, "urologi/2026-11-27-hmn", "recommend", "2026-010", "--position", "support"), 1,
         "urologi has no council in hmn"),
        ((*decide, "2026-11-28-cross-regional", "recommend", "2026-010", "--position", "support"),
         1, "cross-regional meeting"),
        ((*decide, REF, "advance", "2026-010"), 1, "comes from HN"),
        ((*decide, REF, "advance", "2026-009", "--to", "withdrawn"), 2, "propose withdraw"),
        ((*decide, REF, "elect", "Ingrid Solheim", "--role", "deputy"), 1,
         "Marte Bakken is deputy leader of urologi/hso on 2026-11-26"),
        ((*decide, REF, "elect", "Ingrid Sæther Bakken", "--role", "deputy"), 1,
         "no member named 'Ingrid Sæther Bakken' in urologi/hso"),
        ((*decide, REF, "elect", "Ola Haugland", "--role", "member"), 2, "member"),
        ((*decide, REF, "elect", "Ola Haugland", "--role", "deputy", "--from", "2027-02-30"), 2,
         "not a date"),
        (("meeting", "new", "urologi", "--region", "hso", "--date", "2026-11-26"), 1,
         "already exists"),
        (("meeting", "new", "urologi", "--region", "nowhere", "--date", "2026-12-01"), 1,
         "unknown region"),
        (("meeting", "new", "nosuch", "--region", "hso", "--date", "2026-12-01"), 1,
         "unknown specialty"),
        (("meeting", "new", "urologi", "--region", "hso", "--date", "1. desember"), 2,
         "not a date"),
        (("meeting", "new", "urologi", "--region", "hso", "--date", "2026-12-01", "--kind", "x"),
         2, "x"),
        (("meeting", "agenda", REF, "--dry-run"), 2, "go with --write"),
        (("meeting", "agenda", REF, "--write"), 1, "already lists everything"),
    ]  # fmt: skip
    before = snapshot(repo)
    for args, expected, text in cases:
        code, out, err = run(capsys, repo, *args)
        assert code == expected, (args, out, err)
        assert text in err, (args, err)
        assert snapshot(repo) == before, args


def test_dirty_target_files_are_refused(capsys: pytest.CaptureFixture[str], hso: Path) -> None:
    repo = hso
    (repo / MEETING).write_text(read(repo, MEETING) + "minutes_by: Erik Vangen\n", "utf-8")
    before = snapshot(repo)
    code, _out, err = run(
        capsys, repo, "meeting", "decide", REF, "recommend", "2026-010", "--position", "support"
    )
    assert code == 1
    assert f"{MEETING} has uncommitted changes" in err
    assert snapshot(repo) == before
    git(repo, "checkout", "--", MEETING)
    edit(repo, P010, "title: Robotassistert", "title: Robotassistert radikal")
    before = snapshot(repo)
    code, _out, err = run(
        capsys, repo, "meeting", "decide", REF, "recommend", "2026-010", "--position", "support"
    )
    assert code == 1
    assert f"{P010} has uncommitted changes" in err
    assert snapshot(repo) == before


def _fodselsnummer() -> str:
    from regraad.privacy.personnummer import is_valid

    return next(n for i in range(100_000) if is_valid(n := f"150390{i:05d}"))


def test_invalid_after_the_edit_is_refused(capsys: pytest.CaptureFixture[str], hso: Path) -> None:
    repo = hso
    before = snapshot(repo)
    code, _out, err = run(
        capsys,
        repo,
        "meeting",
        "decide",
        REF,
        "recommend",
        "2026-010",
        "--position",
        "support",
        "--text",
        f"Rådet støtter forslaget (LIS {_fodselsnummer()}).",
        "--as-of",
        AS_OF,
    )
    assert code == 1
    assert "the change would make the data invalid" in err and "X-PERSONNUMMER" in err
    assert snapshot(repo) == before


# -- minutes ---------------------------------------------------------------------------------------


def test_minutes_in_markdown(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    out = ok(capsys, repo, "meeting", "minutes", "urologi/2026-03-12-hso")
    assert out.startswith(
        "# Referat fra møte i regionalt råd for LIS-utdanning i urologi, Helse Sør-Øst\n\n"
        "- **Dato:** 12. mars 2026\n"
        "- **Møtetype:** konstituerende møte\n"
        "- **Sted:** Teams / OUS Aker, bygg 7, møterom 2\n"
        "- **Innkalt av:** RegUt HSØ\n"
        "- **Referent:** Erik Vangen\n\n"
        "## Til stede\n\n"
        "- Ingrid Solheim, leder (Ahus)\n"
        "- Marte Bakken, nestleder (SiV)\n"
    )
    assert "- Kristin Dahl, bisitter (Ahus)\n" in out
    assert "## Forfall\n\n- Thomas Engen, LIS-representant (VVHF)\n\n## Saker\n" in out
    assert (
        "### Sak 1/26: Konstituering og valg av leder og nestleder for 2026–2028\n\n*valg*\n\n"
    ) in out
    assert (
        "**Vedtak:** Ingrid Solheim, Ahus, er valgt til leder av rådet for perioden 2026–2028. "
        "(valg av leder: Ingrid Solheim, fra 12. mars 2026)\n"
    ) in out
    assert "(valg av nestleder: Marte Bakken, fra 12. mars 2026)\n" in out
    assert "12 måneder. (endringsforslag 2026-004: støtter)\n" in out
    assert "\n## Referat\n\nRegUt HSØ innkalte til møtet" in out
    assert out.endswith("\n**Neste møte:** 17. september 2026\n")
    english = ok(capsys, repo, "meeting", "minutes", "2026-02-03-hmn", "--lang", "en")
    assert english.startswith(
        "# Minutes of the meeting of the regional council for LIS education in "
        "anaesthesiology, Helse Midt-Norge\n\n- **Date:** 3 February 2026\n"
        "- **Meeting:** ordinary meeting\n"
    )
    for expected in (
        "## Present\n",
        "## Apologies\n\n- Sara Grønning, union representative (HMR)\n",
        "### Item 3/26: Endringsforslag 2026-002",
        "*change proposal*",
        "(change proposal 2026-002: supports)\n",
        "**Decision:** Innkalling og saksliste godkjent.\n",
        "## Summary\n",
    ):
        assert expected in english, expected
    assert english.endswith("**Next meeting:** 12 May 2026\n")


def test_minutes_in_html_to_a_file(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    path = f"{URO}/meetings/2026-03-12-hso.yaml"
    edit(
        repo,
        path,
        "  hadde meldt forfall.",
        "  hadde meldt forfall. <script>alert(1)</script> & co",
    )
    target = repo / "out" / "referat.html"
    target.parent.mkdir()
    out = ok(
        capsys,
        repo,
        "meeting",
        "minutes",
        "urologi/2026-03-12-hso",
        "-f",
        "html",
        "--out",
        str(target),
    )
    assert out == f"{target}\n"
    assert [p.name for p in target.parent.iterdir()] == ["referat.html"]  # no temporary left
    page = target.read_text(encoding="utf-8")
    assert page.startswith('<!DOCTYPE html>\n<html lang="nb">')
    assert "<h2>Til stede</h2>" in page and "<h2>Forfall</h2>" in page
    assert "<li>Thomas Engen, LIS-representant (VVHF)</li>" in page
    assert "<h3>Sak 3/26: Høring om endringsforslag 2026-004" in page
    assert "(endringsforslag 2026-004: støtter)" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page
    assert "<script>" not in page
    assert "http" not in page  # self-contained
    markdown = ok(capsys, repo, "meeting", "minutes", "urologi/2026-03-12-hso")
    assert "<script>" not in markdown


def test_minutes_of_a_new_meeting(capsys: pytest.CaptureFixture[str], hso: Path) -> None:
    out = ok(capsys, hso, "meeting", "minutes", REF)
    assert "Ingen saker er ført opp." in out
    assert "## Til stede" not in out


# -- audit -----------------------------------------------------------------------------------------


def test_audit_reads_meeting_trailers_and_checks_their_form(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    base = head(repo)
    (repo / MEETING).write_text(
        "id: 2026-11-26-hso\nspecialty: urologi\nregion: hso\ndate: 2026-11-26\n", "utf-8"
    )
    git(repo, "add", "-A")
    git(
        repo,
        "commit",
        "-q",
        "-m",
        f"meeting({REF}): new\n\nRegraad-Action: meeting.new\nRegraad-Meeting: {REF}\n"
        "Regraad-By: RegUt HSØ\n",
    )
    code, out, err = run(capsys, repo, "audit", "--verify", "--format", "json", f"{base}..")
    assert code == 0, out + err
    assert json.loads(out)["actions"][0]["meeting"] == REF
    git(
        repo,
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "meeting: agenda\n\nRegraad-Action: meeting.agenda\nRegraad-Meeting: 2026-11-26-hso\n",
    )
    code, out, _err = run(capsys, repo, "audit", "--verify", f"{base}..")
    assert code == 1
    assert "Regraad-Meeting '2026-11-26-hso' is not <specialty>/<name>" in out
