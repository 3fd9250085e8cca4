"""Benchmark runner: the scenarios of DESIGN.md §10 on a generated national dataset.

    python benchmarks/run.py                  # make bench: scale 1, writes BENCHMARKS.md
    python benchmarks/run.py --smoke          # make bench-smoke: scale 0.05, one run each,
                                              # results in a temporary file

The dataset comes from ``benchmarks/generate.py`` (4 regions, 27 trusts, 44
specialties, ~4 900 goals, ~60 000 coverage entries, ~500 plans, 2 000 proposals, 5 000
commits at scale 1). It is generated once into ``build/bench/`` and reused while the
generator version, seed, scale and commit count match and its history is untouched.

Every scenario runs as users run it, in a fresh process: several runs (at least 5 when a
run takes under 5 s, else 3), the median wall time, and the peak resident memory
(``/usr/bin/time``, else ``getrusage`` of the children). ``check-jsonschema`` checks the
same files against the same schemas in the same run, one process per kind of document;
the time of all of them together is what ``validate`` cold is compared with. "Cold"
deletes the parse cache (``.regraad-cache/`` in the data root, and a private
``XDG_CACHE_HOME``) before each run; "warm" runs again with nothing changed. Speed
targets live here, never in the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
BUILD = PROJECT / "build" / "bench"
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(PROJECT))

import generate  # noqa: E402

FAST_SECONDS = 5.0  # a scenario whose first run is quicker gets FAST_RUNS runs
FAST_RUNS = int(os.environ.get("REGRAAD_BENCH_FAST_RUNS", "5"))
SLOW_RUNS = int(os.environ.get("REGRAAD_BENCH_SLOW_RUNS", "3"))
DIFF_BACK = 50  # diff HEAD~50 HEAD
WHY_PLACEHOLDER = "_(to be filled in)_"


# --------------------------------------------------------------------------------------
# Measuring one command


_PROBE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)"
    ".returncode\n"
    "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)
TIME = Path("/usr/bin/time")


@dataclass
class Run:
    seconds: float
    peak_kb: int
    code: int


def run_once(cmd: list[str], env: dict[str, str], cwd: Path) -> Run:
    """Wall time, peak resident memory and exit code of one command."""
    if TIME.exists():
        with tempfile.NamedTemporaryFile("r", suffix=".time") as out:
            start = time.perf_counter()
            proc = subprocess.run(
                [str(TIME), "-o", out.name, "-f", "%M", *cmd],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=env,
                cwd=cwd,
                check=False,
            )
            elapsed = time.perf_counter() - start
            lines = [ln for ln in Path(out.name).read_text().splitlines() if ln.strip()]
        peak = int(lines[-1]) if lines and lines[-1].strip().isdigit() else 0
        return Run(elapsed, peak, proc.returncode)
    # no GNU time: a probe process per run, so RUSAGE_CHILDREN is this command's alone
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, *cmd],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        check=True,
    ).stdout.split()
    elapsed = time.perf_counter() - start
    return Run(elapsed, int(out[1]), int(out[0]))


@dataclass
class Scenario:
    key: str
    title: str
    commands: Callable[[int], list[list[str]]]  # run number -> commands (their times add)
    before: Callable[[int], None] | None = None  # untimed, before each run
    warmup: bool = False  # one untimed run first
    target: str = ""
    limit: float | None = None  # seconds
    after: Callable[[], None] | None = None


@dataclass
class Result:
    scenario: Scenario
    times: list[float] = field(default_factory=list)
    peak_kb: int = 0
    failed: str | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.times) if self.times else float("nan")

    @property
    def peak_mb(self) -> float:
        return self.peak_kb / 1024


def measure(s: Scenario, env: dict[str, str], cwd: Path, runs: int | None) -> Result:
    result = Result(s)

    def one(n: int, timed: bool) -> None:
        if s.before:
            s.before(n)
        total, peak = 0.0, 0
        for cmd in s.commands(n):
            r = run_once(cmd, env, cwd)
            if r.code != 0:
                result.failed = f"exit {r.code}: {' '.join(cmd[:6])}"
            total += r.seconds
            peak = max(peak, r.peak_kb)
        if timed:
            result.times.append(total)
            result.peak_kb = max(result.peak_kb, peak)

    try:
        if s.warmup:
            one(0, False)
        one(1, True)
        count = runs or (FAST_RUNS if result.times[0] < FAST_SECONDS else SLOW_RUNS)
        for n in range(2, count + 1):
            if result.failed:
                break
            one(n, True)
    finally:
        if s.after:
            s.after()
    return result


# --------------------------------------------------------------------------------------
# The dataset


def dataset(scale: float, seed: int, commits: int | None, where: Path, quiet: bool) -> dict:
    """The generated repository at ``where``, made (and checked) unless it is already there."""
    stamp = generate.read_stamp(where)
    wanted = {
        "generator_version": generate.GENERATOR_VERSION,
        "generator_digest": generate.digest(),
        "seed": seed,
        "scale": scale,
        "requested_commits": commits,
    }
    if stamp and all(stamp.get(k) == v for k, v in wanted.items()):
        head = subprocess.run(
            ["git", "-C", str(where), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        if head == stamp.get("head"):
            # put back anything an interrupted run left changed
            subprocess.run(["git", "-C", str(where), "checkout", "--quiet", "--", "."], check=True)
            subprocess.run(["git", "-C", str(where), "clean", "-fdq", "--", "data"], check=True)
            if not quiet:
                print(f"reusing {where} (generator {stamp['generator_version']}, seed {seed})")
            return stamp
    cmd = [sys.executable, str(BENCH / "generate.py"), str(where), "--scale", str(scale)]
    cmd += ["--seed", str(seed), "--check"]
    if commits is not None:
        cmd += ["--commits", str(commits)]
    if quiet:
        cmd.append("--quiet")
    print(f"generating {where} (scale {scale}, seed {seed}) …", flush=True)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL if quiet else None)
    stamp = generate.read_stamp(where)
    if stamp is None:
        raise SystemExit(f"the generator wrote no stamp in {where}")
    return stamp


def kinds_of_files(root: Path) -> dict[str, list[str]]:
    """Data files per kind of document, as regraad places them (paths from ``root``)."""
    from regraad.load.kinds import KINDS, match_path

    out: dict[str, list[str]] = {k.name: [] for k in KINDS}
    for path in sorted((root / "data").rglob("*.yaml")):
        rel = path.relative_to(root).as_posix()
        matched = match_path(rel)
        if matched is not None:
            out[matched[0].name].append(rel)
    return {k: v for k, v in out.items() if v}


# --------------------------------------------------------------------------------------
# The scenarios


def tool(name: str) -> list[str]:
    """The console script next to this Python (as users run it), else ``python -m``."""
    script = Path(sys.executable).parent / name
    if script.exists():
        return [str(script)]
    found = shutil.which(name)
    if found:
        return [found]
    if name == "regraad":
        return [sys.executable, "-m", "regraad"]
    raise SystemExit(f"{name} is not installed (make install)")


def scenarios(root: Path, cache_home: Path, scratch: Path, commits: int) -> list[Scenario]:
    regraad = [*tool("regraad"), "--root", str(root)]
    checker = tool("check-jsonschema")
    files = kinds_of_files(root)
    back = min(DIFF_BACK, commits - 1)

    def cold(_n: int) -> None:
        shutil.rmtree(root / ".regraad-cache", ignore_errors=True)
        shutil.rmtree(cache_home, ignore_errors=True)

    # one coverage file, edited as a coordinator would: a new review date each run
    coverage = sorted(files.get("coverage", []))
    edited = root / (coverage[len(coverage) // 2] if coverage else "data/regions/hmn.yaml")
    original = edited.read_bytes()

    def edit(n: int) -> None:
        when = (dt.date(2026, 1, 1) + dt.timedelta(days=n)).isoformat()
        text = original.decode("utf-8")
        changed, count = re.subn(r"(?m)^updated: .*$", f"updated: {when}", text, count=1)
        if not count:
            changed = text + f"# edited {when}\n"
        edited.write_bytes(changed.encode("utf-8"))

    def restore() -> None:
        edited.write_bytes(original)

    site = scratch / "site"

    def clean_site(n: int) -> None:
        shutil.rmtree(site, ignore_errors=True)

    schemas = PROJECT / "schemas"

    def jsonschema(_n: int) -> list[list[str]]:
        return [
            [*checker, "--schemafile", str(schemas / f"{kind}.schema.json"), *paths]
            for kind, paths in files.items()
        ]

    def fixed(cmd: list[str]) -> Callable[[int], list[list[str]]]:
        return lambda _n: [cmd]

    validate = [*regraad, "validate"]
    diff = [*regraad, "diff", f"HEAD~{back}", "HEAD"]
    return [
        Scenario(
            "help",
            "regraad --help",
            fixed([*tool("regraad"), "--help"]),
            target="< 0.25 s",
            limit=0.25,
        ),
        Scenario(
            "validate-cold",
            "validate, cold (no cache)",
            fixed(validate),
            before=cold,
            target="≤ 1/3 of check-jsonschema",
        ),
        Scenario(
            "validate-warm",
            "validate, warm (nothing changed)",
            fixed(validate),
            warmup=True,
            target="< 0.5 s",
            limit=0.5,
        ),
        Scenario(
            "validate-one",
            "validate, one file changed",
            fixed(validate),
            before=edit,
            warmup=True,
            target="< 0.7 s",
            limit=0.7,
            after=restore,
        ),
        Scenario(
            "check-jsonschema",
            f"check-jsonschema, same files and schemas ({sum(map(len, files.values()))} files, "
            f"{len(files)} processes)",
            jsonschema,
        ),
        Scenario(
            "diff-cold",
            f"diff HEAD~{back} HEAD, cold",
            fixed(diff),
            before=cold,
            target="< 2 s",
            limit=2.0,
        ),
        Scenario("diff-warm", f"diff HEAD~{back} HEAD, warm", fixed(diff), warmup=True),
        Scenario(
            "audit",
            f"audit --verify ({commits} commits)",
            fixed([*regraad, "audit", "--verify"]),
            target="< 1.5 s",
            limit=1.5,
        ),
        Scenario(
            "render",
            "render everything (plans, landing pages, annexes, index)",
            fixed([*regraad, "render", "--out", str(site)]),
            before=clean_site,
            target="< 10 s",
            limit=10.0,
        ),
    ]


SCENARIO_KEYS = (
    "help",
    "validate-cold",
    "validate-warm",
    "validate-one",
    "check-jsonschema",
    "diff-cold",
    "diff-warm",
    "audit",
    "render",
)
MEMORY_LIMIT_MB = 400


# --------------------------------------------------------------------------------------
# The report


def _cmd(*args: str) -> str:
    try:
        return subprocess.run(args, capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return ""


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    ram = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB RAM"
                break
    except OSError:
        pass
    commit = _cmd("git", "-C", str(PROJECT), "rev-parse", "--short=10", "HEAD")
    dirty = _cmd("git", "-C", str(PROJECT), "status", "--porcelain", "--untracked-files=no")
    version = _cmd(*tool("regraad"), "--version")
    checker = _cmd(*tool("check-jsonschema"), "--version")
    return {
        "machine": f"{cpu}, {os.cpu_count()} cores, {ram}".rstrip(", "),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "regraad": f"{version} at {commit}{' with uncommitted changes' if dirty else ''}",
        "git": _cmd("git", "--version"),
        "check-jsonschema": checker,
    }


def load_average() -> str:
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except (OSError, IndexError):
        return "?"


def _secs(value: float) -> str:
    return "—" if math.isnan(value) else f"{value:.3f}"


def _old_whys(path: Path) -> dict[str, str]:
    """Explanations written into an earlier BENCHMARKS.md, kept while a target is missed."""
    whys = {}
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return whys
    for m in re.finditer(r"(?m)^  - Why \((?P<key>[a-z-]+)\): (?P<text>.+)$", text):
        if WHY_PLACEHOLDER not in m.group("text"):
            whys[m.group("key")] = m.group("text")
    return whys


def _n(value: int) -> str:
    return f"{value:,}".replace(",", "\u202f")  # a narrow space between thousands


def report(
    results: dict[str, Result],
    stamp: dict,
    info: dict[str, str],
    smoke: bool,
    old_whys: dict[str, str],
    cache_note: str,
) -> str:
    today = dt.date.today().isoformat()
    cold, checker = results["validate-cold"], results["check-jsonschema"]
    ratio = cold.median / checker.median if checker.median else float("nan")
    ratio_ok = ratio <= 1 / 3
    regraad_keys = [k for k in SCENARIO_KEYS if k != "check-jsonschema"]
    largest = max(results[k].peak_mb for k in regraad_keys)
    heavy = [k for k in regraad_keys if results[k].peak_mb >= MEMORY_LIMIT_MB]
    title = "# Benchmarks" + (" (smoke run: proves the harness, not the speed)" if smoke else "")
    checker_version = info["check-jsonschema"].split()[-1] if info["check-jsonschema"] else "?"
    lines = [
        title,
        "",
        f"Measured by `{'make bench-smoke' if smoke else 'make bench'}` on {today}.",
        "",
        f"- Machine: {info['machine']}; {info['os']}; load average {info['load']} "
        "(1 min, at the start and the end of the runs)",
        f"- Software: Python {info['python']}; {info['regraad']}; {info['git']}; "
        f"check-jsonschema {checker_version}",
        f"- Dataset: `python benchmarks/generate.py OUT --scale {stamp['scale']:g} "
        f"--seed {stamp['seed']}` (generator version {stamp['generator_version']}): "
        f"{stamp['regions']} regions, {stamp['trusts']} trusts, {stamp['specialties']} "
        f"specialties, {_n(stamp['goals'])} goals, {_n(stamp['coverage_entries'])} coverage "
        f"entries, {stamp['rotation_plans']} rotation plans, {stamp['agreements']} agreements, "
        f"{stamp['councils']} councils, {_n(stamp['proposals'])} proposals, "
        f"{stamp['meetings']} meetings; {_n(stamp['files'])} files, {stamp['megabytes']} MB; "
        f"{_n(stamp['commits'])} commits (HEAD {stamp['head'][:10]}).",
        "- History: "
        + ", ".join(f"{_n(n)} {action}" for action, n in stamp.get("actions", {}).items())
        + " commits; proposals by state: "
        + ", ".join(f"{state} {_n(n)}" for state, n in stamp.get("proposal_states", {}).items())
        + ".",
        "- Method: every scenario runs in a fresh process, as users run it; median wall time "
        f"over the runs (at least {FAST_RUNS} when a run takes under {FAST_SECONDS:.0f} s, "
        f"else {SLOW_RUNS}) and the peak resident memory of the largest run. Cold: the parse "
        "cache is deleted before each run. Warm: one untimed run first, then nothing changes. "
        "One file changed: a coverage file gets a new `updated:` date before each run. "
        "check-jsonschema checks the same files against the same schemas (schema only, no "
        "rules), one process per kind of document; its row is the total of those processes.",
        f"- Cache: {cache_note}",
        "",
        "| scenario | runs | median (s) | fastest (s) | peak memory (MB) | target | met |",
        "|---|---|---|---|---|---|---|",
    ]
    verdicts: list[tuple[str, str, bool, str]] = [  # key, what, met, by how much
        (
            "validate-cold",
            f"validate cold / check-jsonschema = {_secs(cold.median)} s / "
            f"{_secs(checker.median)} s = {ratio:.2f}, target at most 1/3",
            ratio_ok,
            f"{ratio * 3:.1f}× the target ratio",
        )
    ]
    for key in SCENARIO_KEYS:
        r = results[key]
        s = r.scenario
        met = ""
        if key == "validate-cold":
            met = f"{'yes' if ratio_ok else '**no**'} ({ratio:.2f})"
        elif s.limit is not None:
            ok = r.median < s.limit
            met = "yes" if ok else "**no**"
            verdicts.append(
                (
                    key,
                    f"{s.title}: {_secs(r.median)} s, target {s.target}",
                    ok,
                    f"{r.median / s.limit:.1f}× the target, {r.median - s.limit:.2f} s over",
                )
            )
        if r.failed:
            met = f"failed ({r.failed})"
        fastest = min(r.times) if r.times else float("nan")
        lines.append(
            f"| {s.title} | {len(r.times)} | {_secs(r.median)} | {_secs(fastest)} | "
            f"{r.peak_mb:.0f} | {s.target} | {met} |"
        )
    verdicts.append(
        (
            "memory",
            f"peak memory of every regraad scenario under {MEMORY_LIMIT_MB} MB "
            f"(largest: {largest:.0f} MB)",
            not heavy,
            ", ".join(f"{results[k].scenario.title}: {results[k].peak_mb:.0f} MB" for k in heavy),
        )
    )
    lines += ["", "## The targets of DESIGN.md §10", ""]
    for key, what, met, by in verdicts:
        lines.append(f"- {'met' if met else '**missed**'}: {what}" + ("" if met else f" ({by})"))
        if not met and not smoke:
            lines.append(f"  - Why ({key}): {old_whys.get(key, WHY_PLACEHOLDER)}")
    lines += [
        "",
        "`make bench` generates the dataset once into `build/bench/` and reuses it; the raw "
        "times are in `build/bench/results.json`. `make bench-smoke` only proves that the "
        "harness works.",
        "",
    ]
    return "\n".join(lines)


def cache_state(root: Path, cache_home: Path) -> str:
    """What regraad cached: its folder in the data root, or anything under the private
    XDG_CACHE_HOME except check-jsonschema's own."""
    places = [root / ".regraad-cache"]
    if cache_home.exists():
        places += [p for p in sorted(cache_home.iterdir()) if "jsonschema" not in p.name]
    found = []
    for where in places:
        if where.exists():
            files = [where] if where.is_file() else [p for p in where.rglob("*") if p.is_file()]
            size = sum(p.stat().st_size for p in files)
            label = f"`{where.name}/`" if where.is_relative_to(root) else f"`{where}`"
            found.append(f"{label} holds {size / 1e6:.1f} MB after the runs")
    return "; ".join(found) if found else "none was written (regraad has no parse cache yet)"


# --------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the benchmarks of DESIGN.md §10.")
    parser.add_argument(
        "--smoke", action="store_true", help="scale 0.05, one run each, temp output"
    )
    parser.add_argument("--scale", type=float, default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--commits", type=int, default=None)
    parser.add_argument(
        "--runs", type=int, default=None, help="runs per scenario (default: 5 or 3)"
    )
    parser.add_argument("--data", type=Path, default=None, help="where the dataset is generated")
    parser.add_argument("--out", type=Path, default=None, help="the report (default BENCHMARKS.md)")
    parser.add_argument("--only", action="append", choices=SCENARIO_KEYS, help="(for debugging)")
    args = parser.parse_args(argv)
    smoke = args.smoke
    scale = args.scale if args.scale is not None else (0.05 if smoke else 1.0)
    runs = args.runs if args.runs is not None else (1 if smoke else None)
    scratch = Path(tempfile.mkdtemp(prefix="regraad-bench-"))
    if args.data is not None:
        where = args.data
    elif smoke:
        where = scratch / "data-repo"
    else:
        name = "national" if scale == 1 and args.seed == 1 else f"scale-{scale:g}-seed-{args.seed}"
        where = BUILD / name
    out = args.out or (scratch / "BENCHMARKS.md" if smoke else PROJECT / "BENCHMARKS.md")
    try:
        stamp = dataset(scale, args.seed, args.commits, where, quiet=smoke)
        cache_home = where.parent / f".{where.name}-xdg-cache"
        env = {
            **os.environ,
            "REGRAAD_LANG": "en",
            # the dataset is judged on one day: its handovers ahead are ahead on every run
            "REGRAAD_TODAY": generate.TODAY,
            "NO_COLOR": "1",
            "XDG_CACHE_HOME": str(cache_home),
        }
        env.pop("REGRAAD_ROOT", None)
        env.pop("REGRAAD_NO_CACHE", None)
        load_before = load_average()
        results: dict[str, Result] = {}
        for s in scenarios(where, cache_home, scratch, stamp["commits"]):
            if args.only and s.key not in args.only:
                continue
            r = measure(s, env, where, runs)
            results[s.key] = r
            status = f"  FAILED {r.failed}" if r.failed else ""
            print(
                f"{s.title:60} {_secs(r.median):>8} s  {r.peak_mb:5.0f} MB  "
                f"({len(r.times)} runs){status}",
                flush=True,
            )
        if args.only:
            return 0
        info = {**machine(), "load": f"{load_before} → {load_average()}"}
        text = report(results, stamp, info, smoke, _old_whys(out), cache_state(where, cache_home))
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        raw = out.with_suffix(".json") if smoke else BUILD / "results.json"
        raw.parent.mkdir(parents=True, exist_ok=True)
        raw.write_text(
            json.dumps(
                {
                    "date": dt.date.today().isoformat(),
                    "dataset": stamp,
                    "results": {
                        k: {
                            "times": r.times,
                            "median": r.median,
                            "peak_mb": r.peak_mb,
                            "failed": r.failed,
                        }
                        for k, r in results.items()
                    },
                },
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
        print(f"wrote {out}")
        return 1 if any(r.failed for r in results.values()) else 0
    finally:
        # the report stays (in the scratch folder when --smoke has no --out); the rest goes
        for leftover in ("site", "data-repo", ".data-repo-xdg-cache"):
            shutil.rmtree(scratch / leftover, ignore_errors=True)
        if not any(scratch.iterdir()):
            scratch.rmdir()


if __name__ == "__main__":
    raise SystemExit(main())
