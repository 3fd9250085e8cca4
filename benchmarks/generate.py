"""Generate a national-scale regraad dataset with its git history, deterministically.

    python benchmarks/generate.py OUT [--scale 1] [--seed 1] [--commits N] [--no-check]

Scale 1 is the national shape of DESIGN.md §10: the 4 regions, the 27 trusts and the
goal sets of the example dataset, all 44 specialties of data/specialties with generated
learning goals (~4 900), coverage for every offering trust and goal (~60 000 entries),
~500 rotation plans with their subject agreements and capacity, a council per region
and specialty, 2 000 change proposals in every state of proposal_flow, council meetings,
and a git history of 5 000 commits. Smaller scales take fewer specialties, trusts,
proposals and commits; larger ones keep the national shape (it does not grow) and add
proposals, meetings, membership changes and history.

The history is made the way the tool makes it: every council membership, proposal step,
recommendation, election and meeting is a ``Change`` built by ``regraad.workflow`` (the
functions behind ``regraad propose``, ``council`` and ``meeting``), with the same file
edits, subjects and trailers; coverage reviews and minutes are ordinary commits. The
commits are written with ``git fast-import`` (one process) by default, or with
``regraad.git.commit.commit`` one by one (``--writer git``); both give the same commits,
byte for byte, because author, committer and dates are fixed.

Same seed, scale and commit count: the same files and the same commit ids.
``regraad validate`` finds no errors in the result and ``regraad audit --verify``
passes over the whole history; ``--check`` (the default) runs both at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import random
import shutil
import subprocess
import sys
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
if str(PROJECT) not in sys.path:  # run from a clone without installing
    sys.path.insert(0, str(PROJECT))

from regraad.edit.textedit import Editor, scalar_text  # noqa: E402
from regraad.git import trailers  # noqa: E402
from regraad.git.commit import CommitPlan, Trailers  # noqa: E402
from regraad.load.dataset import Dataset, Document  # noqa: E402
from regraad.load.kinds import match_path  # noqa: E402
from regraad.load.sources import blob_hash  # noqa: E402
from regraad.load.yamlparse import parse_text  # noqa: E402
from regraad.workflow import (  # noqa: E402
    Change,
    proposal_filing,
    proposal_turns,
)
from regraad.workflow import council as council_flow  # noqa: E402
from regraad.workflow import meetings as meeting_flow  # noqa: E402
from regraad.workflow import proposals as proposal_flow  # noqa: E402

# Bump when the output for a given seed, scale and commit count changes, so
# benchmarks/run.py regenerates its cached dataset.
GENERATOR_VERSION = 3
STAMP = "regraad-bench.json"  # kept in OUT/.git, out of the data and out of git's tree

EXAMPLE = PROJECT / "data"
NATIONAL_PROPOSALS = 2000
NATIONAL_COMMITS = 5000
NATIONAL_OWN_GOALS = 4820  # plus the 79 goals of the three goal sets: ~4 900
NATIONAL_COVERAGE = 60000  # target for coverage entries (offering trust × goal)
CAP = dt.date(2026, 10, 30)  # nothing is recorded later: valid whatever day it is run
# handovers recorded on CAP that take effect later, as RegUts record them ahead; the
# benchmarks judge the data on TODAY, so rules look ahead at these days whatever the date
FUTURE_DAYS = ("2027-01-01", "2027-03-01", "2027-07-01", "2027-09-01", "2028-01-01")
FUTURE_SHARE = 0.2  # of the councils
TODAY = "2026-11-01"
TZ = "+0100"
REGIONAL = {"hmn": "stolav", "hso": "ous", "hv": "helse-bergen", "hn": "unn"}
ALWAYS_TRUSTS = ("ous", "helse-bergen", "stolav", "unn", "ahus")  # ahus: HSØ needs a deputy trust
# the example specialties with real learning goals come first at small scales
FIRST_SPECIALTIES = (
    "urologi",
    "anestesiologi",
    "radiologi",
    "ortopedisk-kirurgi",
    "barnesykdommer",
)

# how widely a specialty is offered: most HFs, about half, or the regional hospitals
BREADTH = {
    "broad": [
        "indremedisin",
        "generell-kirurgi",
        "anestesiologi",
        "radiologi",
        "psykiatri",
        "barnesykdommer",
        "fodselshjelp-og-kvinnesykdommer",
        "ortopedisk-kirurgi",
        "akutt-og-mottaksmedisin",
        "geriatri",
        "hjertesykdommer",
        "lungesykdommer",
        "fordoyelsessykdommer",
        "gastroenterologisk-kirurgi",
        "nevrologi",
        "barne-og-ungdomspsykiatri",
        "rus-og-avhengighetsmedisin",
        "urologi",
        "infeksjonssykdommer",
        "endokrinologi",
    ],
    "medium": [
        "ore-nese-halssykdommer",
        "oyesykdommer",
        "patologi",
        "medisinsk-mikrobiologi",
        "medisinsk-biokjemi",
        "nyresykdommer",
        "blodsykdommer",
        "revmatologi",
        "onkologi",
        "hud-og-veneriske-sykdommer",
        "fysikalsk-medisin-og-rehabilitering",
        "karkirurgi",
        "bryst-og-endokrinkirurgi",
    ],
}
OFFER_SHARE = {"broad": 0.76, "medium": 0.36, "narrow": 0.0}
LACK_SHARE = {"broad": 0.08, "medium": 0.14, "narrow": 0.22}
# private and non-profit hospitals offer what they are known for
PRIVATE_OFFERS = {
    "lovisenberg": ["indremedisin", "geriatri", "psykiatri", "lungesykdommer"],
    "diakonhjemmet": ["indremedisin", "geriatri", "psykiatri", "revmatologi"],
    "haraldsplass": ["indremedisin", "geriatri", "generell-kirurgi"],
    "martina-hansen": ["ortopedisk-kirurgi", "revmatologi"],
    "revmatismesykehuset": ["revmatologi"],
    "betanien-bergen": ["hud-og-veneriske-sykdommer"],
    "betanien-skien": ["ortopedisk-kirurgi", "hud-og-veneriske-sykdommer"],
    "sunnaas": ["fysikalsk-medisin-og-rehabilitering"],
}

COORDINATORS = {
    "hmn": ("Mona Strand", "mona.strand@stolav.no"),
    "hso": ("Kristin Aas", "kristin.aas@ous-hf.no"),
    "hv": ("Lars Eide", "lars.eide@helse-bergen.no"),
    "hn": ("Siri Pettersen", "siri.pettersen@unn.no"),
}
NATIONAL = ("Regraad Import", "import@regut.example.org")

# --------------------------------------------------------------------------------------
# Words


FIRST_NAMES = [
    "Anne",
    "Inger",
    "Kari",
    "Marit",
    "Ingrid",
    "Liv",
    "Eva",
    "Berit",
    "Astrid",
    "Bjørg",
    "Hilde",
    "Anna",
    "Solveig",
    "Marianne",
    "Randi",
    "Ida",
    "Nina",
    "Maria",
    "Elisabeth",
    "Kristin",
    "Silje",
    "Tone",
    "Ragnhild",
    "Heidi",
    "Hanne",
    "Camilla",
    "Ingeborg",
    "Sara",
    "Julie",
    "Kjersti",
    "Jan",
    "Per",
    "Bjørn",
    "Ole",
    "Lars",
    "Kjell",
    "Knut",
    "Arne",
    "Svein",
    "Thomas",
    "Hans",
    "Geir",
    "Tor",
    "Morten",
    "Terje",
    "Odd",
    "Erik",
    "Martin",
    "Andreas",
    "Rune",
    "Trond",
    "John",
    "Tore",
    "Anders",
    "Harald",
    "Jon",
    "Gunnar",
    "Magnus",
    "Eirik",
    "Håkon",
    "Sindre",
    "Henrik",
    "Øystein",
    "Sigurd",
    "Vegard",
    "Torbjørn",
    "Audun",
    "Frode",
    "Sverre",
]
LAST_NAMES = [
    "Hansen",
    "Johansen",
    "Olsen",
    "Larsen",
    "Andersen",
    "Pedersen",
    "Nilsen",
    "Kristiansen",
    "Jensen",
    "Karlsen",
    "Johnsen",
    "Pettersen",
    "Eriksen",
    "Berg",
    "Haugen",
    "Hagen",
    "Johannessen",
    "Andreassen",
    "Jacobsen",
    "Dahl",
    "Jørgensen",
    "Halvorsen",
    "Henriksen",
    "Lund",
    "Sørensen",
    "Jakobsen",
    "Moen",
    "Gundersen",
    "Iversen",
    "Strand",
    "Solberg",
    "Svendsen",
    "Eide",
    "Knutsen",
    "Martinsen",
    "Paulsen",
    "Bakken",
    "Kristoffersen",
    "Mathisen",
    "Lie",
    "Amundsen",
    "Nguyen",
    "Rasmussen",
    "Ali",
    "Lunde",
    "Solheim",
    "Berge",
    "Moe",
    "Nygård",
    "Bakke",
    "Kristensen",
    "Fredriksen",
    "Holm",
    "Lien",
    "Hauge",
    "Christensen",
    "Andresen",
    "Nielsen",
    "Knudsen",
    "Evensen",
    "Sæther",
    "Aas",
    "Myhre",
    "Hanssen",
    "Ahmed",
    "Haugland",
    "Thomassen",
    "Sivertsen",
    "Simonsen",
    "Danielsen",
    "Berntsen",
    "Sandvik",
    "Rønning",
    "Arnesen",
    "Antonsen",
    "Næss",
    "Vik",
    "Haug",
    "Ellingsen",
    "Thorsen",
    "Edvardsen",
    "Birkeland",
    "Isaksen",
    "Gulbrandsen",
    "Ruud",
    "Aasen",
    "Strøm",
    "Myklebust",
    "Tangen",
    "Ødegård",
    "Eliassen",
    "Helland",
    "Aune",
    "Bøe",
]

TOPICS = (
    "Utredning og diagnostikk",
    "Akuttmedisin",
    "Bildediagnostikk",
    "Prosedyrer",
    "Poliklinisk oppfølging",
    "Farmakologi",
    "Barn og unge",
    "Eldre pasienter",
    "Intensivbehandling",
    "Palliasjon",
    "Tverrfaglig samarbeid",
    "Sjeldne tilstander",
    "Komplikasjoner",
    "Rehabilitering",
    "Forebygging",
    "Kirurgisk behandling",
    "Infeksjoner",
    "Onkologi",
    "Traumatologi",
    "Laboratoriemedisin",
    "Genetikk",
    "Smertebehandling",
    "Graviditet og fødsel",
    "Psykiske lidelser",
    "Kroniske sykdommer",
)
VERBS = {
    "kjenne": ("Ha kjennskap til", "Kjenne til"),
    "forstå": ("Ha inngående kunnskap om", "Kunne gjøre rede for", "Forstå"),
    "utføre": (
        "Kunne utrede og behandle",
        "Kunne vurdere og behandle",
        "Kunne planlegge og gjennomføre behandling av",
        "Kunne diagnostisere og behandle",
        "Kunne indikasjonsstille og følge opp",
    ),
    "beherske": ("Beherske", "Beherske selvstendig vurdering og behandling av"),
    "lede": ("Kunne lede behandlingen av", "Kunne organisere og lede arbeidet med"),
}
LEVELS = ("kjenne", "forstå", "utføre", "utføre", "utføre", "beherske", "beherske", "lede")
OBJECTS = (
    "pasienter med akutte tilstander",
    "pasienter med kroniske og sammensatte lidelser",
    "vanlige og alvorlige komplikasjoner",
    "pasienter med sjeldne tilstander",
    "eldre skrøpelige pasienter",
    "barn og unge med alvorlig sykdom",
    "pasienter med behov for intensivbehandling",
    "pasienter i palliativ fase",
    "svangerskapsrelaterte tilstander",
    "pasienter med infeksjoner og sepsis",
    "pasienter med kreftsykdom",
    "pasienter med smerter",
    "traumepasienter",
    "pasienter med nedsatt organfunksjon",
    "pasienter med psykiske og somatiske tilleggslidelser",
    "pasienter med rusproblemer",
    "pasienter som trenger tverrfaglig rehabilitering",
)
DETAILS = (
    "valg av undersøkelser og tolkning av funn",
    "risikovurdering og prioritering",
    "samvalg med pasienten og informasjon til pårørende",
    "oppfølging etter utskrivning i samarbeid med kommunehelsetjenesten",
    "bruk av nasjonale retningslinjer",
    "indikasjon for henvisning til regionsykehus",
    "dokumentasjon og kvalitetsregistre",
    "vurdering av behandlingsnivå",
    "håndtering av legemiddelinteraksjoner",
    "tidlig gjenkjenning av forverring",
)
PROCEDURES = (
    "Ultralydveiledet punksjon",
    "Endoskopisk undersøkelse",
    "Anleggelse av sentralvenøst kateter",
    "Lumbalpunksjon",
    "Biopsi med bildeveiledning",
    "Spirometri med tolkning",
    "Ekkokardiografi",
    "Dren av pleura",
    "Artrocentese",
    "Hudbiopsi",
    "Laparoskopisk inngrep",
    "Sårbehandling og lukking",
    "Reponering av brudd",
    "Kateterisering",
    "Strukturert samtale med pårørende",
    "Beslutningsstøttet vurdering i akuttmottak",
)
MODES = ("performed", "performed", "assisted-or-performed", "assisted", "seen")
PLACES = ("Teams", "Teams, med oppmøte for dem som ønsker det", "Møterom hos RegUt")
POSITIONS = ("support",) * 15 + ("amend",) * 3 + ("oppose",) * 2


def ascii_fold(text: str) -> str:
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "AE", "Ø": "O", "Å": "A"})
    text = unicodedata.normalize("NFKD", text.translate(table))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


# --------------------------------------------------------------------------------------
# YAML text, in the style of the example dataset


class Flow(dict):  # type: ignore[type-arg]
    """A mapping written in flow style: ``{status: full, sites: [a, b]}``."""


@dataclass(frozen=True)
class Comment:
    """A comment line at this place of a mapping (the value is ignored)."""

    text: str


def flow_text(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {flow_text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow_text(v) for v in value) + "]"
    return scalar_text(value, flow=True)


def wrapped_list(prefix: str, items: list[Any], width: int = 100) -> list[str]:
    """``prefix[a, b, …]`` wrapped at ``width``, continuation lines under the first item."""
    if not items:
        return [prefix + "[]"]
    parts = [scalar_text(v, flow=True) for v in items]
    indent = " " * (len(prefix) + 1)
    lines: list[str] = []
    current = prefix + "["
    fresh = True
    for i, part in enumerate(parts):
        piece = part + ("," if i < len(parts) - 1 else "]")
        if not fresh and len(current) + 1 + len(piece) > width:
            lines.append(current)
            current, fresh = indent, True
        current += piece if fresh else " " + piece
        fresh = False
    lines.append(current)
    return lines


def emit(mapping: dict[Any, Any], indent: int = 0) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    for key, value in mapping.items():
        if isinstance(key, Comment):
            lines.append(f"{pad}# {key.text}")
        elif isinstance(value, Flow):
            lines.append(f"{pad}{key}: {flow_text(value)}")
        elif isinstance(value, dict):
            if not value:
                lines.append(f"{pad}{key}: {{}}")
            else:
                lines.append(f"{pad}{key}:")
                lines.extend(emit(value, indent + 2))
        elif isinstance(value, list):
            if value and all(isinstance(v, dict) for v in value):
                lines.append(f"{pad}{key}:")
                for item in value:
                    if isinstance(item, Flow):
                        lines.append(f"{pad}  - {flow_text(item)}")
                    else:
                        inner = emit(item, indent + 4)
                        lines.append(f"{pad}  - {inner[0].lstrip()}")
                        lines.extend(inner[1:])
            else:
                lines.extend(wrapped_list(f"{pad}{key}: ", value))
        else:
            lines.append(f"{pad}{key}: {scalar_text(value)}")
    return lines


def document(schema: str, depth: int, mapping: dict[Any, Any], comments: Iterable[str] = ()) -> str:
    head = [f"# yaml-language-server: $schema={'../' * depth}schemas/{schema}.schema.json"]
    head += [f"# {c}" for c in comments]
    return "\n".join([*head, *emit(mapping)]) + "\n"


# --------------------------------------------------------------------------------------
# Dates


def day(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def iso(value: dt.date) -> str:
    return value.isoformat()


def plus(value: str, days: int) -> str:
    return iso(day(value) + dt.timedelta(days=days))


def between(rng: random.Random, lo: str, hi: str) -> str:
    a, b = day(lo), day(hi)
    if b <= a:
        return iso(a)
    return iso(a + dt.timedelta(days=rng.randint(0, (b - a).days)))


# --------------------------------------------------------------------------------------
# The catalogue: what the example dataset gives, and the national plan built on it


@dataclass
class Trust:
    id: str
    region: str
    name: str
    short: str
    kind: str
    regional: bool
    sites: list[str]
    domain: str


@dataclass
class Specialty:
    slug: str
    code: str
    data: dict[str, Any]  # the example's specialty.yaml
    breadth: str
    part2: str | None
    goalsets: list[str]
    fagkontakt: str
    offering: list[str] = field(default_factory=list)  # trust ids, national plan
    n_goals: int = 0  # own goals


def _parse(path: Path) -> dict[str, Any]:
    parsed = parse_text(path.read_text(encoding="utf-8"))
    if parsed.problems or not isinstance(parsed.data, dict):
        raise SystemExit(f"cannot read {path}")
    data: dict[str, Any] = parsed.data
    return data


@dataclass
class Catalogue:
    regions: dict[str, dict[str, Any]]
    trusts: dict[str, Trust]
    goalsets: dict[str, list[str]]  # id -> goal ids
    specialties: dict[str, Specialty]

    @classmethod
    def load(cls, seed: int) -> Catalogue:
        regions = {p.stem: _parse(p) for p in sorted((EXAMPLE / "regions").glob("*.yaml"))}
        trusts = {}
        for p in sorted((EXAMPLE / "trusts").glob("*.yaml")):
            d = _parse(p)
            web = str(d.get("web", ""))
            domain = web.split("//", 1)[-1].strip("/") if web else f"{d['id']}.no"
            trusts[d["id"]] = Trust(
                d["id"],
                d["region"],
                d["name"],
                d.get("short", d["id"].upper()),
                d["kind"],
                bool(d.get("regional_hospital")),
                [s["id"] for s in d["sites"]],
                domain,
            )
        goalsets = {
            p.stem: [g["id"] for g in _current_goals(_parse(p))]
            for p in sorted((EXAMPLE / "goalsets").glob("*.yaml"))
        }
        rng = random.Random(f"{seed}:catalogue")
        specialties = {}
        region_ids = sorted(regions)
        for p in sorted((EXAMPLE / "specialties").glob("*/specialty.yaml")):
            d = _parse(p)
            slug = d["id"]
            breadth = next((b for b, s in BREADTH.items() if slug in s), "narrow")
            specialties[slug] = Specialty(
                slug,
                d["code"],
                d,
                breadth,
                d["part2"],
                list(d["goalsets"]),
                d.get("fagkontakt") or rng.choice(region_ids),
            )
        cat = cls(regions, trusts, goalsets, specialties)
        cat._plan(seed)
        return cat

    def _plan(self, seed: int) -> None:
        """Who offers what, and how many goals each specialty has (the national plan)."""
        rng = random.Random(f"{seed}:offering")
        hfs = [t for t in self.trusts.values() if t.kind == "hf" and t.id not in PRIVATE_OFFERS]
        for spec in self.specialties.values():
            # the regional hospitals offer everything, and so does Ahus: HSØ elects a
            # deputy leader, who must come from a second trust of the region
            offering = [t.id for t in hfs if t.regional or t.id == "ahus"]
            share = OFFER_SHARE[spec.breadth]
            for t in hfs:
                if t.id not in offering and rng.random() < share:
                    offering.append(t.id)
            for trust, slugs in PRIVATE_OFFERS.items():
                if spec.slug in slugs and trust in self.trusts:
                    offering.append(trust)
            spec.offering = sorted(set(offering))
        # fewer goals where the specialty is offered widely (bread-and-butter), more where
        # it is centralised: pick the exponent that gives ~60 000 coverage entries
        specs = list(self.specialties.values())
        sets = {s.slug: sum(len(self.goalsets[g]) for g in s.goalsets) for s in specs}

        def counts(alpha: float) -> dict[str, float]:
            raw = {s.slug: len(s.offering) ** -alpha for s in specs}
            scale = NATIONAL_OWN_GOALS / sum(raw.values())
            return {k: v * scale for k, v in raw.items()}

        def entries(alpha: float) -> float:
            c = counts(alpha)
            return sum(len(s.offering) * (c[s.slug] + sets[s.slug]) for s in specs)

        lo, hi = 0.0, 3.0
        for _ in range(40):
            mid = (lo + hi) / 2
            if entries(mid) > NATIONAL_COVERAGE:
                lo = mid
            else:
                hi = mid
        chosen = counts(hi)
        for s in specs:
            real = len(s.data["goals"])
            s.n_goals = max(real, 12, round(chosen[s.slug] * rng.uniform(0.9, 1.1)))


# --------------------------------------------------------------------------------------
# The selection at a scale


@dataclass
class Selection:
    scale: float
    specialties: list[Specialty]
    trusts: dict[str, Trust]
    offering: dict[str, list[str]]  # slug -> trust ids offering it (selected trusts)
    proposals: int
    first_year: int

    @property
    def t0(self) -> str:
        return f"{self.first_year}-01-01"


def select(cat: Catalogue, scale: float, seed: int) -> Selection:
    rng = random.Random(f"{seed}:select")
    slugs = sorted(cat.specialties)
    if scale >= 1:
        chosen = slugs
        trusts = dict(cat.trusts)
    else:
        n = max(1, round(len(slugs) * scale))
        rest = [s for s in slugs if s not in FIRST_SPECIALTIES]
        rng.shuffle(rest)
        chosen = sorted([*FIRST_SPECIALTIES, *rest][:n])
        others = [t for t in sorted(cat.trusts) if t not in ALWAYS_TRUSTS]
        rng.shuffle(others)
        keep = {*ALWAYS_TRUSTS, *others[: round(len(others) * scale)]}
        trusts = {t: cat.trusts[t] for t in sorted(keep)}
    specs = [cat.specialties[s] for s in chosen]
    offering = {s.slug: [t for t in s.offering if t in trusts] for s in specs}
    proposals = max(1, round(NATIONAL_PROPOSALS * scale))
    years = max(8, math.ceil(proposals / 800))  # ids run to 999 a year
    return Selection(scale, specs, trusts, offering, proposals, CAP.year - years + 1)


# --------------------------------------------------------------------------------------
# The static documents: specialties, coverage, plans, agreements, capacity


@dataclass
class Coverage:
    goals: dict[str, dict[str, Any]]  # goal id -> {status, sites, via, note}
    topics: dict[str, str]  # goal id -> topic, for the comments
    updated: str


@dataclass
class Static:
    texts: dict[str, str] = field(default_factory=dict)
    coverage: dict[tuple[str, str], Coverage] = field(default_factory=dict)
    goals: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # own goals
    activities: dict[str, list[str]] = field(default_factory=dict)  # activity ids
    set_goals: dict[str, list[str]] = field(default_factory=dict)  # goal-set goals per slug
    plans: int = 0
    agreements: int = 0


def _goal(rng: random.Random, gid: str, topic: str) -> dict[str, Any]:
    level = rng.choice(LEVELS)
    title = f"{rng.choice(VERBS[level])} {rng.choice(OBJECTS)}"
    if rng.random() < 0.7:
        title += f", inkludert {rng.choice(DETAILS)}"
    goal: dict[str, Any] = {"id": gid, "topic": topic, "title": title, "level": level}
    goal["since"] = "2019-03-01" if rng.random() < 0.85 else "2023-03-01"
    if rng.random() < 0.03:
        goal["note"] = "Ordlyd justert ved revisjonen av vedlegg II; godkjenninger følger med."
    return goal


def _activities(
    rng: random.Random, spec: Specialty, goals: list[dict[str, Any]], regions: list[str]
) -> dict[str, Any]:
    prefix = ascii_fold(spec.code).lower()
    ids = [g["id"] for g in goals]
    by_topic: dict[str, list[str]] = defaultdict(list)
    for g in goals:
        by_topic[g["topic"]].append(g["id"])
    courses = []
    for i, topic in enumerate(list(by_topic)[: rng.randint(4, 8)], 1):
        course: dict[str, Any] = {
            "id": f"{prefix}-k{i:02d}",
            "title": f"Kurs i {topic.lower()} ({spec.data['name']['nb'].lower()})",
            "goals": by_topic[topic][: rng.randint(2, 6)],
            "organiser": rng.choice(regions),
            "hours": rng.choice((8, 12, 14, 16, 20, 24, 30, 40)),
        }
        if rng.random() < 0.5:
            course["description"] = (
                f"Deltakeren kan vurdere og behandle {rng.choice(OBJECTS)} og kjenner "
                f"{rng.choice(DETAILS)}. Kurset har ferdighetstrening og kasuistikker."
            )
        courses.append(course)
    procedures = []
    for i, title in enumerate(rng.sample(PROCEDURES, rng.randint(3, 8)), 1):
        proc: dict[str, Any] = {
            "id": f"{prefix}-p{i:02d}",
            "title": title,
            "goals": sorted(rng.sample(ids, min(len(ids), rng.randint(1, 3))), key=ids.index),
            "minimum": rng.choice((5, 10, 15, 20, 25, 30, 40, 50, 75, 100)),
            "mode": rng.choice(MODES),
        }
        procedures.append(proc)
    return {"courses": courses, "procedures": procedures}


def _specialty_doc(
    rng: random.Random, spec: Specialty, regions: list[str]
) -> tuple[str, list[dict[str, Any]], list[str]]:
    d = spec.data
    goals = [dict(g) for g in d["goals"]]
    topics = list(TOPICS)
    rng.shuffle(topics)
    topics = topics[: rng.randint(8, 16)]
    n = len(goals)
    while len(goals) < spec.n_goals:
        n += 1
        topic = topics[min(len(topics) - 1, (len(goals) * len(topics)) // spec.n_goals)]
        goals.append(_goal(rng, f"{spec.code}-{n:03d}", topic))
    activities = d.get("activities") or _activities(rng, spec, goals, regions)
    mapping: dict[Any, Any] = {
        "id": spec.slug,
        "code": spec.code,
        "name": Flow(d["name"]),
        "part2": spec.part2,
        "goalsets": spec.goalsets,
        "fagkontakt": spec.fagkontakt,
        "hospital": d.get("hospital", True),
        Comment("Læringsmål del 3 (vedlegg II til spesialistforskriften)."): None,
        "goals": goals,
        "activities": activities,
    }
    if d.get("literature"):
        mapping["literature"] = d["literature"]
    if d.get("note"):
        mapping["note"] = d["note"]
    text = document("specialty", 3, mapping)
    act_ids = [a["id"] for group in ("courses", "procedures") for a in activities.get(group, [])]
    return text, goals, act_ids


def coverage_text(slug: str, trust: str, cov: Coverage) -> str:
    goals: dict[Any, Any] = {}
    last = None
    for gid, entry in cov.goals.items():
        topic = cov.topics.get(gid)
        if topic != last and topic:
            goals[Comment(topic)] = None
        last = topic
        goals[gid] = Flow({k: v for k, v in entry.items() if v is not None})
    mapping = {"specialty": slug, "trust": trust, "updated": cov.updated, "goals": goals}
    return document("coverage", 4, mapping)


def build_static(cat: Catalogue, sel: Selection, seed: int) -> Static:  # noqa: PLR0915
    st = Static()
    regions = sorted(cat.regions)
    for kind in ("regions", "trusts", "goalsets"):
        for p in sorted((EXAMPLE / kind).glob("*.yaml")):
            if kind == "trusts" and p.stem not in sel.trusts:
                continue
            st.texts[f"data/{kind}/{p.name}"] = p.read_text(encoding="utf-8")
    for spec in sel.specialties:
        rng = random.Random(f"{seed}:specialty:{spec.slug}")
        base = f"data/specialties/{spec.slug}"
        text, goals, acts = _specialty_doc(rng, spec, regions)
        st.texts[f"{base}/specialty.yaml"] = text
        st.goals[spec.slug] = goals
        st.activities[spec.slug] = acts
        set_goals = [g for gs in spec.goalsets for g in cat.goalsets[gs]]
        st.set_goals[spec.slug] = set_goals
        own = [g["id"] for g in goals]
        topic_of = {g["id"]: g.get("topic", "") for g in goals}
        for gs in spec.goalsets:
            for g in cat.goalsets[gs]:
                topic_of[g] = f"Felles læringsmål ({gs})"
        hosts: dict[str, int] = defaultdict(int)  # regional host -> places
        for tid in sel.offering[spec.slug]:
            trust = sel.trusts[tid]
            host = REGIONAL[trust.region]
            lack_share = LACK_SHARE[spec.breadth] * (2 if trust.kind != "hf" else 1)
            entries: dict[str, dict[str, Any]] = {}
            lacking: list[str] = []
            for gid in own:
                if trust.regional or rng.random() >= lack_share:
                    k = rng.randint(1, min(3, len(trust.sites)))
                    entries[gid] = {"status": "full", "sites": trust.sites[:k]}
                elif rng.random() < 0.6:
                    note = None
                    if rng.random() < 0.3:
                        note = f"Oppnås ved {sel.trusts[host].short}."
                    entries[gid] = {"status": "none", "via": host, "note": note}
                    lacking.append(gid)
                else:
                    entries[gid] = {"status": "partial", "sites": trust.sites[:1], "via": host}
                    lacking.append(gid)
            for gid in set_goals:
                entries[gid] = {"status": "full", "sites": trust.sites[:1]}
            updated = between(rng, "2024-01-01", "2025-12-31")
            cov = Coverage(entries, topic_of, updated)
            st.coverage[(spec.slug, tid)] = cov
            st.texts[f"{base}/coverage/{tid}.yaml"] = coverage_text(spec.slug, tid, cov)
            full = [g for g in own if g not in lacking]
            plan, places = _plan(rng, spec, trust, sel.trusts[host], full, lacking, set_goals)
            st.texts[f"{base}/rotations/{tid}.yaml"] = plan
            st.plans += 1
            if places:
                hosts[host] += places[0]
                st.texts[f"{base}/agreements/{tid}--{host}.yaml"] = _agreement(
                    rng, spec, trust, sel.trusts[host], places, lacking
                )
                st.agreements += 1
        capacity: dict[str, Any] = {}
        for region in regions:
            host = REGIONAL[region]
            if host not in sel.offering[spec.slug]:
                continue
            t = sel.trusts[host]
            capacity[host] = {
                "positions": hosts[host] + rng.randint(0, 2) if hosts[host] else rng.randint(1, 4),
                "sites": t.sites[:1],
            }
            if hosts[host] and rng.random() < 0.3:
                capacity[host]["note"] = (
                    "Én stilling holdes som buffer for forsinkelser og LIS fra andre regioner."
                )
        st.texts[f"{base}/capacity.yaml"] = document(
            "capacity", 3, {"specialty": spec.slug, "hosts": capacity}
        )
    return st


def _plan(
    rng: random.Random,
    spec: Specialty,
    trust: Trust,
    host: Trust,
    full: list[str],
    lacking: list[str],
    set_goals: list[str],
) -> tuple[str, tuple[int, int] | None]:
    """The trust's implementation plan; (places, months) of its central period, if any."""
    periods: list[dict[str, Any]] = []
    cut = len(full) // 2
    first = 30 if trust.regional else rng.choice((24, 24, 30, 36))
    periods.append(
        {
            "id": "local-1",
            "title": "Grunnutdanning og felles læringsmål",
            "trust": trust.id,
            "site": trust.sites[0],
            "months": first,
            "goals": [*set_goals, *full[:cut]],
        }
    )
    places = None
    months_central = 0
    if lacking and not trust.regional:
        months_central = rng.choice((6, 12, 12, 12, 18, 24))
        intake = rng.randint(1, 2) if trust.kind != "hf" else rng.randint(1, 5)
        places = (math.ceil(intake * months_central / 12) + rng.choice((0, 0, 1)), intake)
        periods.append(
            {
                "id": "central",
                "title": f"Sentral periode ved {host.short}",
                "trust": host.id,
                "site": host.sites[0],
                "months": months_central,
                "agreement": f"{trust.id}--{host.id}",
                "requires": {
                    "goals": full[: min(cut, rng.randint(3, 6))],
                    "goalsets": spec.goalsets[:1],
                },
                "goals": lacking,
            }
        )
    else:
        intake = rng.randint(4, 10) if trust.regional else rng.randint(1, 5)
    rest = max(12, 60 - first - months_central) + rng.choice((0, 0, 6, 12))
    periods.append(
        {
            "id": "local-2",
            "title": "Avsluttende periode og fordypning",
            "trust": trust.id,
            "site": trust.sites[1 % len(trust.sites)] if trust.regional else trust.sites[0],
            "months": rest,
            "goals": full[cut:],
        }
    )
    mapping: dict[str, Any] = {
        "specialty": spec.slug,
        "trust": trust.id,
        "intake_per_year": intake,
        "valid": Flow({"from": rng.choice(("2019-03-01", "2023-03-01", "2026-03-01"))}),
        "periods": periods,
    }
    comments = [f"Gjennomføringsplan {spec.data['name']['nb'].lower()}, {trust.name}."]
    text = document("rotation", 4, mapping, comments)
    return text, (places[0], months_central) if places else None


def _agreement(
    rng: random.Random,
    spec: Specialty,
    home: Trust,
    host: Trust,
    places: tuple[int, int],
    goals: list[str],
) -> str:
    mapping: dict[str, Any] = {
        "specialty": spec.slug,
        "home": home.id,
        "host": host.id,
        "valid": Flow({"from": rng.choice(("2019-03-01", "2021-03-01", "2024-03-01"))}),
        "places": places[0],
        "months": places[1],
        "goals": goals,
        "signed_by": [f"Fagdirektør, {home.name}", f"Fagdirektør, {host.name}"],
    }
    return document("agreement", 4, mapping)


# --------------------------------------------------------------------------------------
# Events: everything that becomes a commit, planned first, then made in date order


@dataclass
class Event:
    date: str
    seq: int
    kind: str
    region: str  # whose coordinator commits it ("" for the import)
    args: dict[str, Any]


class Planner:
    """Plans the events; ``counter`` orders events of one day as they were planned."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self.counter = 0

    def add(self, date: str, kind: str, region: str, /, **args: Any) -> Event:
        self.counter += 1
        event = Event(date, self.counter, kind, region, args)
        self.events.append(event)
        return event


class Names:
    """Unique person names, in a seeded order."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(f"{seed}:names")
        self.used: set[str] = set()

    def next(self) -> str:
        for attempt in range(200):
            name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
            if attempt > 20:  # the plain names are running out
                name = (
                    f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(FIRST_NAMES)} "
                    + name.rsplit(maxsplit=1)[-1]
                )
            if name not in self.used:
                self.used.add(name)
                return name
        raise SystemExit("ran out of names")


def email(name: str, trust: Trust) -> str:
    local = ".".join(ascii_fold(name).lower().replace("-", " ").split())
    return f"{local}@{trust.domain}"


@dataclass
class Member:
    name: str
    trust: str
    role: str
    start: str
    lis: bool = False


class Councils:
    """The planned memberships, so changes pick people who are there on the day."""

    def __init__(self, cat: Catalogue, sel: Selection, names: Names, planner: Planner) -> None:
        self.cat, self.sel, self.names, self.planner = cat, sel, names, planner
        self.active: dict[tuple[str, str], list[Member]] = {}
        self.adds = 0
        self.busy: set[tuple[str, str, str]] = set()  # (slug, region, date) with a change

    def member(self, rng: random.Random, trust_id: str, role: str, start: str) -> dict[str, Any]:
        trust = self.sel.trusts[trust_id]
        name = self.names.next()
        lis = role in ("union-rep", "lis-rep")
        entry: dict[str, Any] = {
            "name": name,
            "trust": trust_id,
            "site": rng.choice(trust.sites),
            "role": role,
            "title": "lege i spesialisering" if lis else "overlege",
            "specialist": not lis,
            "union": "Ylf" if role == "union-rep" else None,
            "email": email(name, trust),
            "github": ascii_fold(name).lower().replace(" ", "-")[:30]
            if rng.random() < 0.4
            else None,
            "from": start,
        }
        return entry

    def _add(
        self, rng: random.Random, slug: str, region: str, trust: str, role: str, date: str
    ) -> None:
        entry = self.member(rng, trust, role, date)
        self.planner.add(date, "council_add", region, slug=slug, member=entry)
        self.active[(slug, region)].append(
            Member(entry["name"], trust, role, date, role in ("union-rep", "lis-rep"))
        )
        self.adds += 1

    def found(self, seed: int) -> None:
        """Every council's first members, one council.add each, before the first proposal."""
        t0 = self.sel.t0
        for spec in self.sel.specialties:
            for region in sorted(self.cat.regions):
                offering = [
                    t for t in self.sel.offering[spec.slug] if self.sel.trusts[t].region == region
                ]
                if not offering:
                    continue
                rng = random.Random(f"{seed}:council:{spec.slug}:{region}")
                self.active[(spec.slug, region)] = []
                policy = self.cat.regions[region]["council_policy"]
                leader = policy["leader_preferred_trust"] or rng.choice(offering)
                if leader not in offering:
                    leader = offering[0]
                rest = [t for t in offering if t != leader]
                deputy = None
                if policy["deputy"] == "required" and rest:
                    deputy = rng.choice(rest)
                start = between(rng, plus(t0, -75), plus(t0, -20))
                self._add(rng, spec.slug, region, leader, "leader", start)
                for t in rest:
                    d = plus(start, rng.randint(0, 10))
                    self._add(rng, spec.slug, region, t, "deputy" if t == deputy else "member", d)
                union_date = plus(start, rng.randint(0, 15))
                self._add(rng, spec.slug, region, rng.choice(offering), "union-rep", union_date)
                if rng.random() < 0.3:
                    lis_date = plus(start, rng.randint(0, 15))
                    self._add(rng, spec.slug, region, rng.choice(offering), "lis-rep", lis_date)

    def changes(self, seed: int, budget: int, meetings: Meetings) -> int:  # noqa: PLR0915
        """Membership changes over the years, about ``budget`` commits; the commits used."""
        rng = random.Random(f"{seed}:council-changes")
        keys = sorted(self.active)
        if not keys or budget <= 0:
            return 0
        dates = sorted(between(rng, plus(self.sel.t0, 120), iso(CAP)) for _ in range(budget))
        used = 0
        for date in dates:
            if used >= budget:
                break
            slug, region = rng.choice(keys)
            if (slug, region, date) in self.busy:
                continue
            members = self.active[(slug, region)]
            settled = [m for m in members if m.start < date]
            change_kinds = ("member", "union", "leader", "deputy", "lis")
            kind = rng.choices(change_kinds, (50, 18, 18, 8, 6))[0]
            by = self.cat.regions[region]["regut"]["name"]
            if kind in ("member", "union"):
                role = "member" if kind == "member" else "union-rep"
                pool = [m for m in settled if m.role == role]
                if not pool:
                    continue
                old = rng.choice(pool)
                trust = old.trust
                if role == "union-rep":
                    trust = rng.choice([m.trust for m in members if not m.lis] or [old.trust])
                self._end(slug, region, old, date, by, rng.choice(END_NOTES))
                self._add(rng, slug, region, trust, role, date)
                used += 2
            elif kind == "leader":
                leader = next((m for m in settled if m.role == "leader"), None)
                if leader is None:
                    continue
                policy = self.cat.regions[region]["council_policy"]
                candidates = [m for m in settled if m.role == "member"]
                if policy["leader_preferred_trust"] or not candidates:
                    # a new leader from the same trust, reported to RegUt
                    self._end(
                        slug, region, leader, date, by, "Gikk av som leder; ny leder oppnevnt."
                    )
                    self._add(rng, slug, region, leader.trust, "leader", date)
                    used += 2
                else:
                    # HSØ: the council elects its leader; the old one stays as member
                    new = rng.choice(candidates)
                    used += self._elect(
                        rng, slug, region, leader, new, "leader", date, by, meetings
                    )
            elif kind == "deputy":
                deputy = next((m for m in settled if m.role == "deputy"), None)
                candidates = [m for m in settled if m.role == "member"]
                if deputy is None or not candidates:
                    continue
                new = rng.choice(candidates)
                used += self._elect(rng, slug, region, deputy, new, "deputy", date, by, meetings)
            else:
                lis = next((m for m in members if m.role == "lis-rep"), None)
                if lis is None:
                    self._add(
                        rng, slug, region, rng.choice([m.trust for m in members]), "lis-rep", date
                    )
                    used += 1
                elif lis in settled:
                    self._end(
                        slug, region, lis, date, by, "Ferdig spesialist; ikke erstattet ennå."
                    )
                    used += 1
            self.busy.add((slug, region, date))
        return used

    def future(self, seed: int) -> int:
        """Handovers recorded on CAP that take effect on a later day: a new leader or a
        trust's new member replacing the one there (one council.add each); the commits."""
        rng = random.Random(f"{seed}:council-future")
        date = iso(CAP)
        used = 0
        for slug, region in sorted(self.active):
            if rng.random() >= FUTURE_SHARE or (slug, region, date) in self.busy:
                continue
            pool = [m for m in self.active[(slug, region)] if m.role in ("leader", "member")]
            if not pool:
                continue
            old = rng.choice(pool)
            entry = self.member(rng, old.trust, old.role, rng.choice(FUTURE_DAYS))
            self.planner.add(
                date, "council_add", region, slug=slug, member=entry, replaces=old.name
            )
            self.busy.add((slug, region, date))
            used += 1
        return used

    def _end(self, slug: str, region: str, old: Member, date: str, by: str, note: str) -> None:
        self.planner.add(
            date,
            "council_end",
            region,
            slug=slug,
            name=old.name,
            to=plus(date, -1),
            by=by,
            note=note,
        )
        self.active[(slug, region)].remove(old)

    def _elect(
        self,
        rng: random.Random,
        slug: str,
        region: str,
        old: Member,
        new: Member,
        role: str,
        date: str,
        by: str,
        meetings: Meetings,
    ) -> int:
        """The holder steps down to member, the council elects another in a meeting."""
        self.planner.add(
            date, "council_role", region, slug=slug, name=old.name, role="member", start=date, by=by
        )
        mid, created = meetings.at(slug, region, date)
        self.planner.add(
            date, "council_elect", region, slug=slug, meeting=mid, name=new.name, role=role, by=by
        )
        members = self.active[(slug, region)]
        members.remove(old)
        members.remove(new)
        members.append(Member(old.name, old.trust, "member", date))
        members.append(Member(new.name, new.trust, role, date))
        return 2 + int(created)


END_NOTES = (
    "Gikk over i ny stilling; meldt til RegUt.",
    "Trådte ut etter eget ønske.",
    "Ny representant oppnevnt av klinikksjef.",
    "Permisjon; erstattet for resten av perioden.",
)


class Meetings:
    """Council meetings by date, created when a decision needs one and reused after."""

    def __init__(self, planner: Planner, seed: int) -> None:
        self.planner = planner
        self.dates: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.rng = random.Random(f"{seed}:meetings")

    def within(self, slug: str, region: str, lo: str, hi: str) -> tuple[str, bool]:
        """A meeting of the council between ``lo`` and ``hi``: its id and whether it is new."""
        for d in self.dates[(slug, region)]:
            if lo <= d <= hi:
                return f"{d}-{region}", False
        return self.at(slug, region, between(self.rng, lo, hi))

    def at(self, slug: str, region: str, date: str) -> tuple[str, bool]:
        known = self.dates[(slug, region)]
        if date in known:
            return f"{date}-{region}", False
        known.append(date)
        known.sort()
        kind = "ordinary" if self.rng.random() < 0.9 else "extraordinary"
        self.planner.add(
            date,
            "meeting_new",
            region,
            slug=slug,
            date=date,
            kind=kind,
            place=self.rng.choice(PLACES),
        )
        return f"{date}-{region}", True

    def all(self) -> list[tuple[str, str, str]]:
        return [(s, r, d) for (s, r), ds in sorted(self.dates.items()) for d in ds]


# -- proposals ------------------------------------------------------------------------------

NATIONAL_LINE = (
    "submitted",
    "council-review",
    "leader-meeting",
    "leadership-review",
    "directorate",
    "committee-review",
)
NATIONAL_FINALS = {
    "draft": 20,
    "submitted": 8,
    "council-review": 12,
    "leader-meeting": 7,
    "leadership-review": 6,
    "directorate": 6,
    "committee-review": 6,
    "accepted": 22,
    "rejected": 5,
    "withdrawn": 8,
}
LOCAL_FINALS = {"draft": 25, "regional-review": 20, "adopted": 40, "rejected": 7, "withdrawn": 8}
SHOWCASE = [
    ("local-la", "regional-review"),
    ("local-la", "adopted"),
    ("local-la", "rejected"),
    ("local-la", "withdrawn"),
    ("national-la", "submitted"),
    ("national-la", "council-review"),
    ("learning-goal", "leader-meeting"),
    ("national-la", "leadership-review"),
    ("learning-goal", "directorate"),
    ("national-la", "committee-review"),
    ("national-la", "accepted"),
    ("learning-goal", "rejected"),
    ("national-la", "withdrawn"),
]
GAPS = {  # days before entering each state
    "submitted": (7, 45),
    "council-review": (7, 30),
    "leader-meeting": (45, 120),
    "leadership-review": (7, 30),
    "directorate": (14, 60),
    "committee-review": (7, 40),
    "accepted": (30, 120),
    "rejected": (30, 120),
    "regional-review": (7, 30),
    "advice": (14, 60),  # the council's advice on a local activity
    "adopted": (7, 45),  # the trust's decision after it
    "withdrawn": (7, 90),
}
LOCAL_DECISION_GAP = (14, 90)


@dataclass
class Proposal:
    index: int
    slug: str
    kind: str
    final: str
    withdrawn_from: str | None
    recs: int
    u: float  # where in the years it starts, 0..1
    showcase: bool

    def steps(self) -> list[str]:
        """The states it passes through after draft, 'rec' for each recommendation."""
        if self.final == "draft":
            return []
        if self.kind == "local-la":
            line = ["regional-review"]
            if self.final == "withdrawn":
                stop = self.withdrawn_from or "draft"
                return [*line[: 1 if stop == "regional-review" else 0], "withdrawn"]
            if self.final == "adopted":  # the council advises, then the trust adopts it
                return [*line, "advice", "adopted"]
            return line if self.final == "regional-review" else [*line, self.final]
        out: list[str] = []
        stop = self.withdrawn_from if self.final == "withdrawn" else self.final
        for state in NATIONAL_LINE:
            if stop == "draft":
                break
            out.append(state)
            if state == "council-review":
                out += ["rec"] * self.recs
            if state == stop:
                break
        if self.final in ("accepted", "rejected"):
            out.append(self.final)
        if self.final == "accepted":
            out.append("implemented")  # the change made in specialty.yaml on its in-force day
        elif self.final == "withdrawn":
            out.append("withdrawn")
        return out


def sample_proposals(sel: Selection, seed: int, weights: dict[str, float]) -> list[Proposal]:
    rng = random.Random(f"{seed}:proposals")
    slugs = [s.slug for s in sel.specialties]
    spec_w = [len(sel.offering[s]) + 2 for s in slugs]
    out = []
    for i in range(sel.proposals):
        slug = rng.choices(slugs, spec_w)[0]
        showcase = i < len(SHOWCASE)
        if showcase:
            kind, final = SHOWCASE[i]
        else:
            kind = rng.choices(("local-la", "national-la", "learning-goal"), (30, 45, 25))[0]
            finals = LOCAL_FINALS if kind == "local-la" else NATIONAL_FINALS
            final = rng.choices(list(finals), list(finals.values()))[0]
        withdrawn_from = None
        if final == "withdrawn":
            opts = ["draft", "regional-review"] if kind == "local-la" else ["draft", *NATIONAL_LINE]
            withdrawn_from = opts[1] if showcase else rng.choice(opts)
        recs = 0
        if kind != "local-la":
            recs = rng.randint(1, 4)
            if final in ("council-review",) or withdrawn_from == "council-review":
                recs = rng.randint(0 if not showcase else 1, 3)
        out.append(Proposal(i, slug, kind, final, withdrawn_from, recs, rng.random(), showcase))
    return out


def draftify(proposals: list[Proposal], order: list[int], k: int) -> list[Proposal]:
    """The proposals with the first ``k`` of ``order`` left in draft."""
    drafted = set(order[:k])
    return [
        Proposal(p.index, p.slug, p.kind, "draft", None, 0, p.u, p.showcase)
        if p.index in drafted
        else p
        for p in proposals
    ]


class ProposalPlanner:
    """Dates, ids, texts and meetings for the proposals, and their events."""

    def __init__(self, cat: Catalogue, sel: Selection, st: Static, seed: int) -> None:
        self.cat, self.sel, self.st, self.seed = cat, sel, st, seed

    def plan(self, proposals: list[Proposal], planner: Planner, meetings: Meetings) -> None:
        dated = []
        for p in proposals:
            rng = random.Random(f"{self.seed}:proposal:{p.index}")
            gaps = [self._gap(rng, s) for s in p.steps()]
            span = sum(gaps)
            lo = day(self.sel.t0)
            hi = CAP - dt.timedelta(days=span)
            start = lo + dt.timedelta(days=int(p.u * max(0, (hi - lo).days)))
            dated.append((iso(start), p.index, p, rng, gaps))
        dated.sort(key=lambda x: (x[0], x[1]))
        numbers: dict[str, int] = defaultdict(int)
        for start, _i, p, rng, gaps in dated:
            year = start[:4]
            numbers[year] += 1
            if numbers[year] > 999:
                raise SystemExit(f"more than 999 proposals in {year}; lower --scale")
            pid = f"{year}-{numbers[year]:03d}"
            self._events(p, pid, start, rng, gaps, planner, meetings)

    @staticmethod
    def _gap(rng: random.Random, state: str) -> int:
        if state in ("rec", "implemented"):  # implemented: on the in-force day
            return 0
        lo, hi = GAPS[state]
        return rng.randint(lo, hi)

    def _origin(self, rng: random.Random, slug: str) -> tuple[str, str, str]:
        offering = self.sel.offering[slug]
        trust = self.sel.trusts[rng.choice(offering)]
        name = self.cat.specialties[slug].data["name"]["nb"].lower()
        by = rng.choice(
            (
                f"LUU {name}, {trust.name}",
                f"Regionalt råd for {name}, {trust.region.upper()}",
                f"Fagmiljøet i {name} ved {trust.short}",
            )
        )
        return trust.region, trust.id, by

    def _fields(self, rng: random.Random, p: Proposal, slug: str) -> tuple[str, dict[str, Any]]:
        goals = [g["id"] for g in self.st.goals[slug]]
        acts = self.st.activities[slug]
        name = self.cat.specialties[slug].data["name"]["nb"].lower()
        obj = rng.choice(OBJECTS)
        detail = rng.choice(DETAILS)
        affects: dict[str, Any] = {}
        if p.kind == "learning-goal" and goals:
            picked = sorted(rng.sample(goals, min(len(goals), rng.randint(1, 3))), key=goals.index)
            affects["goals"] = picked
            title = rng.choice(
                (
                    f"Presisering av læringsmål {picked[0]}",
                    f"Nytt læringsmål om {obj} i {name}",
                    f"Endret kompetansenivå for {', '.join(picked)}",
                )
            )
        elif p.kind == "national-la" and acts:
            picked = sorted(rng.sample(acts, min(len(acts), rng.randint(1, 2))), key=acts.index)
            affects["activities"] = picked
            title = rng.choice(
                (
                    f"Endret minimumsantall i {picked[0]}",
                    f"Nytt innhold i nasjonalt anbefalt aktivitet {picked[0]}",
                    f"Digital gjennomføring av {picked[0]}",
                )
            )
        else:
            title = rng.choice(
                (
                    f"Simuleringstrening for {obj}",
                    f"Felles internundervisning om {detail}",
                    f"Lokal læringsaktivitet: hospitering for {obj}",
                )
            )
        summary = (
            f"Forslaget gjelder {obj} i {name}. Det foreslås at opplæringen legger mer vekt på "
            f"{detail}, og at aktiviteten gjennomføres i alle foretak som tilbyr spesialiteten."
        )
        rationale = (
            f"LIS møter {rng.choice(OBJECTS)} tidlig i løpet, men får i dag for lite veiledet "
            f"trening i {rng.choice(DETAILS)}. Erfaringene fra foretakene viser at "
            f"{rng.choice(OBJECTS)} krever mer strukturert opplæring, og at dagens aktiviteter "
            "ikke sikrer at læringsmålene nås likt i regionene."
        )
        fields: dict[str, Any] = {"summary": summary, "rationale": rationale}
        if p.kind != "local-la" or rng.random() < 0.3:
            fields["consequences"] = {
                "economic": rng.choice(
                    (
                        "Ingen direkte kostnader utover noe mer veiledningstid.",
                        "Økte kurskostnader: om lag én kursdag per LIS i løpet av utdanningen.",
                        "Noe økt bruk av utstyr og simuleringsrom; dekkes innenfor dagens rammer.",
                    )
                ),
                "organisational": rng.choice(
                    (
                        "Mindre avdelinger må planlegge egne treningsdager.",
                        "Utdanningsplanene må oppdateres med aktiviteten.",
                        "Krever samarbeid med regionsykehuset om hospitering.",
                    )
                ),
            }
        if affects:
            fields["affects"] = affects
        return title, fields

    def _events(  # noqa: PLR0915
        self,
        p: Proposal,
        pid: str,
        start: str,
        rng: random.Random,
        gaps: list[int],
        planner: Planner,
        meetings: Meetings,
    ) -> None:
        region, trust, by = self._origin(rng, p.slug)
        title, fields = self._fields(rng, p, p.slug)
        spec = self.cat.specialties[p.slug]
        regut = {r: d["regut"]["name"] for r, d in self.cat.regions.items()}
        planner.add(
            start,
            "proposal_new",
            region,
            slug=p.slug,
            pid=pid,
            kind=p.kind,
            title=title,
            origin={"region": region, "trust": trust, "by": by},
            fields=fields,
            by=by,
        )
        ref = f"{p.slug}/{pid}"
        fk = spec.fagkontakt
        date = start
        steps = p.steps()
        councils = sorted(
            r
            for r in self.cat.regions
            if self.sel.offering[p.slug]
            and any(self.sel.trusts[t].region == r for t in self.sel.offering[p.slug])
        )
        rec_regions = list(councils)
        rng.shuffle(rec_regions)
        in_force: str | None = None
        for i, state in enumerate(steps):
            date = plus(date, gaps[i])
            if state == "rec":
                # decided in the council's meeting between council-review and the next step
                nxt = next((j for j in range(i + 1, len(steps)) if steps[j] != "rec"), None)
                hi = plus(date, sum(gaps[i + 1 : nxt + 1]) if nxt is not None else 60)
                hi = min(hi, iso(CAP))
                if nxt is not None:
                    hi = plus(hi, -1) if hi > date else hi
                if not rec_regions:
                    continue
                rec_region = rec_regions.pop()
                position = rng.choice(POSITIONS)
                if rng.random() < 0.7:
                    mid, _new = meetings.within(p.slug, rec_region, date, hi)
                    planner.add(
                        mid[:10],
                        "proposal_recommend",
                        rec_region,
                        ref=ref,
                        region=rec_region,
                        position=position,
                        meeting=mid,
                        by=regut[rec_region],
                    )
                else:
                    at = between(rng, date, hi)
                    planner.add(
                        at,
                        "proposal_recommend",
                        rec_region,
                        ref=ref,
                        region=rec_region,
                        position=position,
                        meeting=None,
                        by=regut[rec_region],
                        at=at,
                    )
                continue
            args: dict[str, Any] = {"ref": ref, "to": state}
            who = region
            if state == "withdrawn":
                planner.add(
                    date,
                    "proposal_withdraw",
                    region,
                    ref=ref,
                    by=by,
                    reason="Trukket av forslagsstiller etter innspill fra fagmiljøet.",
                )
                continue
            if state == "advice":
                planner.add(
                    date,
                    "proposal_recommend",
                    region,
                    ref=ref,
                    region=region,
                    position="support",
                    meeting=None,
                    by=regut[region],
                    at=date,
                )
                continue
            if state == "adopted":
                planner.add(date, "proposal_adopt", region, ref=ref, trust=trust, by=by)
                continue
            if state == "implemented":
                planner.add(min(in_force or date, iso(CAP)), "proposal_implement", fk, ref=ref)
                continue
            if p.kind == "local-la":
                if state == "regional-review":
                    args["by"] = regut[region]
                else:  # the regional council decides, in a meeting
                    last = min(plus(date, 45), iso(CAP))
                    mid, _new = meetings.within(p.slug, region, date, last)
                    date = mid[:10]
                    args.update(by=regut[region], meeting=mid)
                    if state == "rejected":
                        args["reason"] = "Rådet mente aktiviteten dekkes av eksisterende tilbud."
            else:
                who = fk
                args["by"] = {
                    "submitted": regut[region],
                    "council-review": regut[fk],
                    "leader-meeting": regut[fk],
                    "leadership-review": "RegUt-ledermøtet",
                    "directorate": regut[fk],
                    "committee-review": "Helsedirektoratet",
                    "accepted": "Helsedirektoratet",
                    "rejected": "Helsedirektoratet",
                }[state]
                if state == "accepted":
                    in_force = args["in_force"] = plus(date, rng.randint(30, 120))
                if state == "rejected":
                    args["reason"] = "Spesialitetskomiteen anbefalte ikke endringen."
                if rng.random() < 0.3:
                    args["note"] = rng.choice(STEP_NOTES)
            planner.add(date, "proposal_advance", who, **args)


STEP_NOTES = (
    "Sendt videre med frist for uttalelse om seks uker.",
    "Behandlet i møte; anbefales.",
    "Konsekvensvurderingen er oppdatert.",
    "Oversendt med rådenes uttalelser samlet.",
)


# -- coverage edits and minutes: ordinary commits --------------------------------------------


def plan_fillers(
    sel: Selection, st: Static, meetings: Meetings, planner: Planner, count: int, seed: int
) -> None:
    rng = random.Random(f"{seed}:fillers")
    held = meetings.all()
    rng.shuffle(held)
    minutes = held[: min(len(held), count // 3)]
    for slug, region, date in minutes:
        at = min(plus(date, rng.randint(2, 14)), iso(CAP))
        planner.add(at, "meeting_minutes", region, slug=slug, meeting=f"{date}-{region}")
    pairs = sorted(st.coverage)
    for _ in range(count - len(minutes)):
        slug, trust = rng.choice(pairs)
        at = between(rng, plus(sel.t0, 30), iso(CAP))
        planner.add(
            at,
            "coverage_edit",
            sel.trusts[trust].region,
            slug=slug,
            trust=trust,
            seed=rng.randrange(1 << 30),
        )


# --------------------------------------------------------------------------------------
# Making the commits


class World:
    """The repository's files as they are now, with parsed documents for the workflow."""

    def __init__(self, texts: dict[str, str]) -> None:
        self.texts = dict(texts)
        self.docs: dict[str, Document] = {}
        self.by_specialty: dict[str, set[str]] = defaultdict(set)
        self._common: list[str] | None = None
        for path in self.texts:
            self._index(path)

    def _index(self, path: str) -> None:
        parts = path.split("/")
        if len(parts) > 3 and parts[1] == "specialties":
            self.by_specialty[parts[2]].add(path)
        elif path.startswith(("data/regions/", "data/trusts/")):
            self._common = None

    @property
    def common(self) -> list[str]:
        """Regions and trusts: every workflow function may look them up."""
        if self._common is None:
            self._common = sorted(
                p for p in self.texts if p.startswith(("data/regions/", "data/trusts/"))
            )
        return self._common

    def set(self, path: str, text: str) -> None:
        if path not in self.texts:
            self._index(path)
        self.texts[path] = text
        self.docs.pop(path, None)

    def doc(self, path: str) -> Document:
        found = self.docs.get(path)
        if found is None:
            text = self.texts[path]
            parsed = parse_text(text)
            matched = match_path(path)
            if parsed.problems or not isinstance(parsed.data, dict) or matched is None:
                raise RuntimeError(f"generated {path} does not parse: {parsed.problems[:1]}")
            kind, params = matched
            found = Document(
                kind=kind,
                path=path,
                params=params,
                data=parsed.data,
                positions=parsed.positions,
                key_positions=parsed.key_positions,
                blob=blob_hash(text.encode("utf-8")),
            )
            self.docs[path] = found
        return found

    def dataset(self, slug: str, *extra: str) -> Dataset:
        """What the workflow functions read for one specialty: regions, trusts, the
        specialty, its councils and meetings, and the ``extra`` documents."""
        folder = f"data/specialties/{slug}/"
        mine = sorted(self.by_specialty[slug])
        wanted = [
            *self.common,
            folder + "specialty.yaml",
            *(p for p in mine if "/councils/" in p or "/meetings/" in p),
            *extra,
        ]
        docs = [self.doc(p) for p in dict.fromkeys(wanted)]
        paths = [*self.common, *mine]
        return Dataset("generate", docs, paths, {d.path: self.texts[d.path] for d in docs}, [])


class FastImport:
    """Commits through one ``git fast-import``."""

    def __init__(self, repo: Path) -> None:
        self.repo = repo
        self.proc = subprocess.Popen(
            ["git", "-C", str(repo), "fast-import", "--quiet", "--done"],
            stdin=subprocess.PIPE,
        )
        assert self.proc.stdin is not None
        self.out = self.proc.stdin

    def commit(
        self, message: str, files: dict[str, bytes], who: tuple[str, str], when: int
    ) -> None:
        w = self.out.write
        stamp = f"{who[0]} <{who[1]}> {when} {TZ}\n"
        w(b"commit refs/heads/main\n")
        w(f"author {stamp}committer {stamp}".encode())
        raw = message.encode("utf-8")
        w(b"data %d\n" % len(raw) + raw + b"\n")
        for path, content in files.items():
            w(f"M 100644 inline {path}\n".encode())
            w(b"data %d\n" % len(content) + content + b"\n")
        w(b"\n")

    def close(self) -> None:
        self.out.write(b"done\n")
        self.out.close()
        if self.proc.wait() != 0:
            raise SystemExit("git fast-import failed")
        _git(self.repo, "reset", "--quiet", "--hard", "main")


class GitCommits:
    """Commits through ``regraad.git.commit.commit``, one process chain per commit."""

    def __init__(self, repo: Path) -> None:
        self.repo = repo
        self.first = True

    def commit(
        self, message: str, files: dict[str, bytes], who: tuple[str, str], when: int
    ) -> None:
        from regraad.git.commit import commit as git_commit

        env = {
            "GIT_AUTHOR_NAME": who[0],
            "GIT_AUTHOR_EMAIL": who[1],
            "GIT_AUTHOR_DATE": f"@{when} {TZ}",
            "GIT_COMMITTER_NAME": who[0],
            "GIT_COMMITTER_EMAIL": who[1],
            "GIT_COMMITTER_DATE": f"@{when} {TZ}",
        }
        os.environ.update(env)
        if self.first:  # the root commit: gitcommit needs a HEAD to start from
            self.first = False
            for path, content in files.items():
                target = self.repo / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
            _git(self.repo, "add", "--all")
            tree = _git(self.repo, "write-tree").strip()
            sha = _git(self.repo, "commit-tree", tree, input_=message).strip()
            _git(self.repo, "update-ref", "HEAD", sha)
            return
        subject = message.split("\n", 1)[0]
        last = message.rstrip("\n").rsplit("\n\n", 1)[-1]
        found = [line.partition(": ") for line in last.splitlines()]
        items = tuple((key, value) for key, _sep, value in found if key.startswith("Regraad-"))
        plan = _ExactPlan(self.repo, files, subject, trailers=Trailers(items), exact=message)
        git_commit(plan)

    def close(self) -> None:
        pass


@dataclass
class _ExactPlan(CommitPlan):
    exact: str = ""

    def message(self) -> str:
        return self.exact


def _current_goals(goalset: dict[str, Any]) -> list[dict[str, Any]]:
    """A goal set's goals: the flat list, or the newest version's (the one in force now)."""
    if "goals" in goalset:
        return list(goalset["goals"])
    newest = max(goalset["versions"], key=lambda v: str(v["valid"]["from"]))
    return list(newest["goals"])


def _git(repo: Path, *args: str, input_: str | None = None) -> str:
    proc = subprocess.run(
        ["git", "-C", str(repo), *args], input=input_, capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise SystemExit(f"git {' '.join(args)} failed: {proc.stderr.strip()}")
    return proc.stdout


class Maker:
    """Turns events into changes and commits, in date order."""

    def __init__(
        self, cat: Catalogue, sel: Selection, st: Static, world: World, writer: Any
    ) -> None:
        self.cat, self.sel, self.st, self.world, self.writer = cat, sel, st, world, writer
        self.commits = 0
        self.actions: dict[str, int] = defaultdict(int)
        self.day = ""
        self.in_day = 0

    def _when(self, date: str) -> int:
        if date != self.day:
            self.day, self.in_day = date, 0
        self.in_day += 1
        base = dt.datetime.combine(day(date), dt.time(8, 0), dt.timezone(dt.timedelta(hours=1)))
        return int(base.timestamp()) + 53 * self.in_day

    def commit(self, date: str, region: str, plan_message: str, texts: dict[str, str]) -> None:
        who = COORDINATORS.get(region, NATIONAL)
        files = {}
        for path, text in texts.items():
            self.world.set(path, text)
            files[path] = text.encode("utf-8")
        self.writer.commit(plan_message, files, who, self._when(date))
        self.commits += 1

    def change(self, date: str, region: str, change: Change) -> None:
        message = CommitPlan(
            Path(), {}, change.subject, change.body, Trailers(tuple(change.trailers))
        ).message()
        action = dict(change.trailers).get(trailers.ACTION, "?")
        self.actions[action] += 1
        self.commit(date, region, message, change.texts)

    def ordinary(
        self, date: str, region: str, subject: str, body: str, texts: dict[str, str]
    ) -> None:
        self.actions["ordinary"] += 1
        self.commit(date, region, CommitPlan(Path(), {}, subject, body).message(), texts)

    # -- the events --------------------------------------------------------------------

    def run(self, event: Event) -> None:
        getattr(self, "_" + event.kind)(event, **event.args)

    def _import(self, event: Event, texts: dict[str, str]) -> None:
        self.ordinary(
            event.date,
            "",
            "Import the regional councils' data",
            "Regions, trusts, goal sets, specialties with their learning goals, coverage, "
            "implementation plans, subject agreements and capacity, as agreed by the RegUts.",
            texts,
        )

    def _council_add(
        self, event: Event, slug: str, member: dict[str, Any], replaces: str | None = None
    ) -> None:
        region = event.region
        ds = self.world.dataset(slug)
        step = council_flow.Step(self.cat.regions[region]["regut"]["name"])
        entry = {k: v for k, v in member.items() if v is not None}
        change = council_flow.add(ds, slug, region, entry, step, replaces)
        self.change(event.date, region, change)

    def _council_end(self, event: Event, slug: str, name: str, to: str, by: str, note: str) -> None:
        ds = self.world.dataset(slug)
        membership = council_flow.find_active(ds, slug, name, to, event.region)
        change = council_flow.end(ds, membership, to, council_flow.Step(by, note))
        self.change(event.date, event.region, change)

    def _council_role(
        self, event: Event, slug: str, name: str, role: str, start: str, by: str
    ) -> None:
        ds = self.world.dataset(slug)
        membership = council_flow.find_active(ds, slug, name, plus(start, -1), event.region)
        change = council_flow.change_role(ds, membership, role, start, council_flow.Step(by))
        self.change(event.date, event.region, change)

    def _council_elect(
        self, event: Event, slug: str, meeting: str, name: str, role: str, by: str
    ) -> None:
        path = meeting_flow.meeting_path(slug, meeting)
        ds = self.world.dataset(slug, path)
        doc = ds.specialties[slug].meetings[meeting]
        decision = meeting_flow.Decision(by)
        change = meeting_flow.decide_elect(ds, doc, name, role, None, decision)
        self.change(event.date, event.region, change)

    def _meeting_new(self, event: Event, slug: str, date: str, kind: str, place: str) -> None:
        ds = self.world.dataset(slug)
        by = self.cat.regions[event.region]["regut"]["name"]
        change = meeting_flow.new(ds, slug, event.region, date, kind, by, place=place)
        self.change(event.date, event.region, change)

    def _proposal_doc(self, ref: str, *extra: str) -> tuple[Dataset, Document]:
        slug, pid = ref.split("/")
        path = f"data/specialties/{slug}/proposals/{pid}.yaml"
        ds = self.world.dataset(slug, path, *extra)
        return ds, ds.specialties[slug].proposals[pid]

    def _proposal_new(
        self,
        event: Event,
        slug: str,
        pid: str,
        kind: str,
        title: str,
        origin: dict[str, str],
        fields: dict[str, Any],
        by: str,
    ) -> None:
        ds = self.world.dataset(slug)
        step = proposal_flow.Step(by, event.date)
        change = proposal_filing.new(ds, pid, slug, kind, title, origin, step, fields)
        self.change(event.date, event.region, change)

    def _proposal_advance(
        self,
        event: Event,
        ref: str,
        to: str,
        by: str,
        meeting: str | None = None,
        in_force: str | None = None,
        reason: str | None = None,
        note: str | None = None,
    ) -> None:
        slug = ref.split("/", maxsplit=1)[0]
        if meeting:
            mpath = meeting_flow.meeting_path(slug, meeting)
            ds, doc = self._proposal_doc(ref, mpath)
            mdoc = ds.specialties[slug].meetings[meeting]
            decision = meeting_flow.Decision(by, note)
            change = meeting_flow.decide_advance(
                ds, mdoc, doc, to, decision, in_force=in_force, reason=reason
            )
        else:
            ds, doc = self._proposal_doc(ref)
            step = proposal_flow.Step(by, event.date, note)
            change = proposal_flow.advance(ds, doc, to, step, in_force=in_force, reason=reason)
        self.change(event.date, event.region, change)

    def _proposal_recommend(
        self,
        event: Event,
        ref: str,
        region: str,
        position: str,
        meeting: str | None,
        by: str,
        at: str | None = None,
    ) -> None:
        slug = ref.split("/", maxsplit=1)[0]
        if meeting:
            mpath = meeting_flow.meeting_path(slug, meeting)
            ds, doc = self._proposal_doc(ref, mpath)
            mdoc = ds.specialties[slug].meetings[meeting]
            change = meeting_flow.decide_recommend(
                ds, mdoc, doc, position, meeting_flow.Decision(by)
            )
        else:
            ds, doc = self._proposal_doc(ref)
            step = proposal_flow.Step(by, at or event.date)
            change = proposal_flow.recommend(ds, doc, region, position, step)
        self.change(event.date, event.region, change)

    def _proposal_adopt(self, event: Event, ref: str, trust: str | None, by: str) -> None:
        ds, doc = self._proposal_doc(ref)
        change = proposal_turns.adopt(ds, doc, trust, proposal_flow.Step(by, event.date))
        self.change(event.date, event.region, change)

    def _proposal_implement(self, event: Event, ref: str) -> None:
        """The accepted change made in specialty.yaml on its in-force day: each goal and
        activity it affects names it in ``changed_by`` (an ordinary edit)."""
        slug, pid = ref.split("/")
        spec_path = f"data/specialties/{slug}/specialty.yaml"
        ds, doc = self._proposal_doc(ref, spec_path)
        spec = ds.specialties[slug].spec
        assert spec is not None
        edit = Editor(ds.texts[spec_path], spec_path)
        affects = doc.data.get("affects") or {}
        for i, goal in enumerate(spec.data["goals"]):
            if goal["id"] in (affects.get("goals") or ()):
                edit.set(("goals", i, "changed_by"), [*(goal.get("changed_by") or []), pid])
        for group, entries in (spec.data.get("activities") or {}).items():
            for i, entry in enumerate(entries):
                if entry["id"] in (affects.get("activities") or ()):
                    named = [*(entry.get("changed_by") or []), pid]
                    edit.set(("activities", group, i, "changed_by"), named)
        self.ordinary(
            event.date,
            event.region,
            f"{slug}: the change of proposal {pid} in the goals and activities",
            f"In force from {event.date}.",
            {spec_path: edit.text},
        )

    def _proposal_withdraw(self, event: Event, ref: str, by: str, reason: str) -> None:
        ds, doc = self._proposal_doc(ref)
        change = proposal_flow.withdraw(ds, doc, reason, proposal_flow.Step(by, event.date))
        self.change(event.date, event.region, change)

    def _meeting_minutes(self, event: Event, slug: str, meeting: str) -> None:
        path = meeting_flow.meeting_path(slug, meeting)
        doc = self.world.doc(path)
        council = self.world.doc(f"data/specialties/{slug}/councils/{event.region}.yaml")
        date = str(doc.data["date"])
        rng = random.Random(f"minutes:{path}")
        attendance = [
            {
                "name": m["name"],
                "trust": m["trust"],
                "role": m["role"],
                "present": rng.random() < 0.85,
            }
            for m in council.data["members"]
            if m["from"] <= date <= m.get("to", "9999-12-31")
        ]
        coordinator = COORDINATORS[event.region][0]
        host = self.cat.regions[event.region]["regut"]["host"]
        attendance.append({"name": coordinator, "trust": host, "role": "regut", "present": True})
        decided = len(doc.data.get("decisions") or [])
        edit = Editor(self.world.texts[path], path)
        edit.set(
            ("minutes_by",),
            f"{coordinator}, rådgiver {self.cat.regions[event.region]['regut']['name']}",
        )
        edit.set(("attendance",), attendance)
        edit.set(
            ("minutes",),
            f"Møtet ble ledet av rådsleder. Rådet behandlet {decided} sak(er) med vedtak. "
            "Referatet er godkjent av leder og sendt til RegUt og rådets medlemmer.",
        )
        edit.set(("next_meeting",), plus(date, rng.choice((60, 90, 120))))
        self.ordinary(
            event.date, event.region, f"meeting({slug}/{meeting}): minutes", "", {path: edit.text}
        )

    def _coverage_edit(self, event: Event, slug: str, trust: str, seed: int) -> None:
        rng = random.Random(seed)
        cov = self.st.coverage[(slug, trust)]
        sites = self.sel.trusts[trust].sites
        changed = []
        for gid in rng.sample(list(cov.goals), min(len(cov.goals), rng.randint(1, 3))):
            entry = cov.goals[gid]
            if entry["status"] == "none":
                entry.update(status="partial", sites=sites[:1], note=None)
                changed.append(f"{gid} none → partial")
            elif entry["status"] == "partial":
                entry.update(status="none", sites=None)
                changed.append(f"{gid} partial → none")
            else:
                k = rng.randint(1, min(3, len(sites)))
                entry["sites"] = sites[:k]
                changed.append(f"{gid} sites")
        cov.updated = event.date
        text = coverage_text(slug, trust, cov)
        body = "LUU har gått gjennom dekningen: " + ", ".join(changed) + "."
        subject = f"coverage({slug}/{trust}): review of where the goals are reached"
        self.ordinary(
            event.date,
            event.region,
            subject,
            body,
            {f"data/specialties/{slug}/coverage/{trust}.yaml": text},
        )


# --------------------------------------------------------------------------------------
# Putting it together


@dataclass
class Result:
    stats: dict[str, Any]
    seconds: float


def build_plan(
    cat: Catalogue, sel: Selection, st: Static, seed: int, commits: int | None
) -> tuple[list[Event], dict[str, Any]]:
    """All events, exactly ``commits`` of them (or the scale's default)."""
    target = commits if commits is not None else max(1, round(NATIONAL_COMMITS * sel.scale))
    proposals = sample_proposals(sel, seed, NATIONAL_FINALS)
    order = [p.index for p in proposals if not p.showcase and p.final != "draft"]
    random.Random(f"{seed}:draftify").shuffle(order)
    pp = ProposalPlanner(cat, sel, st, seed)

    def attempt(k: int) -> tuple[Planner, Meetings, int, int]:
        planner = Planner()
        planner.add(plus(sel.t0, -120), "import", "", texts=dict(st.texts))
        meetings = Meetings(planner, seed)
        councils = Councils(cat, sel, Names(seed), planner)
        councils.found(seed)
        councils.changes(seed, round(0.04 * target), meetings)
        councils.future(seed)
        pp.plan(draftify(proposals, order, k), planner, meetings)
        return planner, meetings, len(planner.events), councils.adds

    reserve = max(0, round(0.03 * target))  # ordinary commits at the least
    floor = attempt(len(order))[2]  # every proposal that may stay in draft does
    while commits is None and floor + reserve > target:  # the default grows to fit
        target = floor + reserve
        reserve = max(0, round(0.03 * target))
        floor = attempt(len(order))[2]
    if floor > target:
        raise SystemExit(
            f"--commits {target} is too few at scale {sel.scale}: the councils, proposals and "
            f"the steps that show every state need {floor}"
        )
    # leave the fewest proposals in draft that makes the history fit: the count falls
    # (almost always) as more are drafted, so search for the first k that fits
    lo, hi = 0, len(order)
    while lo < hi:
        mid = (lo + hi) // 2
        if attempt(mid)[2] <= target - reserve:
            hi = mid
        else:
            lo = mid + 1
    k = lo
    planner, meetings, count, adds = attempt(k)
    if count > target:
        raise SystemExit(
            f"--commits {target} is too few at scale {sel.scale}: the councils, proposals and "
            f"their required steps need {count}"
        )
    plan_fillers(sel, st, meetings, planner, target - count, seed)
    planner.events.sort(key=lambda e: (e.date, e.seq))
    states: dict[str, int] = defaultdict(int)
    for p in draftify(proposals, order, k):
        states[p.final if p.kind != "local-la" else f"{p.final} (local)"] += 1
    info = {"proposal_states": dict(sorted(states.items())), "council_adds": adds}
    return planner.events, info


def digest() -> str:
    """Of this file: a changed generator makes a new dataset even at the same version."""
    import hashlib

    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def generate(
    out: Path, scale: float, seed: int, commits: int | None, writer: str, quiet: bool
) -> Result:
    started = time.perf_counter()
    say = (lambda *_a: None) if quiet else (lambda *a: print(*a, file=sys.stderr, flush=True))
    cat = Catalogue.load(seed)
    sel = select(cat, scale, seed)
    st = build_static(cat, sel, seed)
    st.texts[".gitignore"] = ".regraad-cache/\nsite/\n"
    events, info = build_plan(cat, sel, st, seed, commits)
    say(f"planned {len(events)} commits; writing {out}")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    _git(out, "init", "--quiet", "--initial-branch=main")
    _git(out, "config", "user.name", NATIONAL[0])
    _git(out, "config", "user.email", NATIONAL[1])
    _git(out, "config", "core.autocrlf", "false")
    sink = FastImport(out) if writer == "fast-import" else GitCommits(out)
    maker = Maker(cat, sel, st, World({}), sink)
    for n, event in enumerate(events, 1):
        maker.run(event)
        if n % 500 == 0:
            say(f"  {n}/{len(events)} commits")
    sink.close()
    files = list((out / "data").rglob("*.yaml"))
    size = sum(p.stat().st_size for p in files)
    goals_own = sum(len(g) for g in st.goals.values())
    goalset_goals = sum(len(v) for v in cat.goalsets.values())
    stats = {
        "generator_version": GENERATOR_VERSION,
        "generator_digest": digest(),
        "seed": seed,
        "scale": scale,
        "requested_commits": commits,
        "commits": maker.commits,
        "regions": len(cat.regions),
        "trusts": len(sel.trusts),
        "specialties": len(sel.specialties),
        "goals": goals_own + goalset_goals,
        "coverage_entries": sum(len(c.goals) for c in st.coverage.values()),
        "coverage_files": len(st.coverage),
        "rotation_plans": st.plans,
        "agreements": st.agreements,
        "councils": sum(1 for p in maker.world.texts if "/councils/" in p),
        "proposals": sel.proposals,
        "meetings": sum(1 for p in maker.world.texts if "/meetings/" in p),
        "files": len(files),
        "megabytes": round(size / 1e6, 2),
        "actions": dict(sorted(maker.actions.items())),
        **info,
        "head": _git(out, "rev-parse", "HEAD").strip(),
        "tree": _git(out, "rev-parse", "HEAD^{tree}").strip(),
    }
    return Result(stats, time.perf_counter() - started)


def check(out: Path) -> list[str]:
    """regraad validate (no errors) and audit --verify (ok) on the result; problems found."""
    problems = []
    env = {**os.environ, "REGRAAD_LANG": "en", "PYTHONPATH": str(PROJECT), "REGRAAD_TODAY": TODAY}
    proc = subprocess.run(
        [sys.executable, "-m", "regraad", "--root", str(out), "validate", "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        return [f"validate failed (exit {proc.returncode}): {proc.stderr.strip()[-2000:]}"]
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    for f in errors[:20]:
        problems.append(f"{f['path']}:{f['line']} {f['rule']} {f['message']}")
    if len(errors) > 20:
        problems.append(f"… {len(errors) - 20} more errors")
    warnings = report["summary"]["warnings"]
    if warnings:
        print(f"validate: {warnings} warning(s)", file=sys.stderr)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "regraad",
            "--root",
            str(out),
            "audit",
            "--verify",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    try:
        audit = json.loads(proc.stdout)
        verify = audit["verify"]
    except (json.JSONDecodeError, KeyError, TypeError):
        return [*problems, f"audit failed (exit {proc.returncode}): {proc.stderr.strip()[-2000:]}"]
    if not verify["ok"]:
        for p in verify["problems"][:20]:
            problems.append(f"audit {p['short']} {p['code']}: {p['message']}")
    return problems


def read_stamp(out: Path) -> dict[str, Any] | None:
    try:
        data: dict[str, Any] = json.loads((out / ".git" / STAMP).read_text(encoding="utf-8"))
        return data
    except (OSError, json.JSONDecodeError):
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the repository to create (replaced if it exists)")
    parser.add_argument("--scale", type=float, default=1.0, help="1 = national (default)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--commits", type=int, default=None, help="commits in the history (default 5000 × scale)"
    )
    parser.add_argument(
        "--writer",
        choices=("fast-import", "git"),
        default="fast-import",
        help="write commits with git fast-import (default) or regraad.git.commit.commit",
    )
    parser.add_argument(
        "--check",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="run regraad validate and audit --verify on the result (default: on)",
    )
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    if args.scale <= 0:
        parser.error("--scale must be positive")
    result = generate(args.out, args.scale, args.seed, args.commits, args.writer, args.quiet)
    stats = result.stats
    if not args.quiet:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
        print(f"generated in {result.seconds:.1f} s", file=sys.stderr)
    if args.check:
        started = time.perf_counter()
        problems = check(args.out)
        if problems:
            print("\n".join(problems), file=sys.stderr)
            return 1
        if not args.quiet:
            print(
                "checked: validate 0 errors, audit --verify ok "
                f"({time.perf_counter() - started:.1f} s)",
                file=sys.stderr,
            )
    (args.out / ".git" / STAMP).write_text(json.dumps(stats, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
