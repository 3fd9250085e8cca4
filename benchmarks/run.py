"""Benchmark runner: times regraad commands as users run them and writes BENCHMARKS.md.

Each scenario runs several times in a fresh process; the median wall time and the peak
resident memory are reported with the machine, the Python version and the date. Speed
targets live here, never in the test suite.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("REGRAAD_BENCH_RUNS", "7"))


def _regraad(*args: str) -> list[str]:
    return [sys.executable, "-m", "regraad", *args]


SCENARIOS: list[tuple[str, list[str], str]] = [
    ("regraad --help", _regraad("--help"), "< 0.25 s"),
    ("validate, example dataset", _regraad("--root", str(PROJECT), "validate"), ""),
    (
        "validate --format json, example dataset",
        _regraad("--root", str(PROJECT), "validate", "--format", "json"),
        "",
    ),
    ("regraad rules", _regraad("rules"), ""),
]


# Runs one command and reports its own wall time and peak memory, so each measurement
# stands alone (RUSAGE_CHILDREN keeps the maximum over every child ever waited for).
_PROBE = (
    "import resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    "elapsed = time.perf_counter() - start\n"
    "print(elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def measure(cmd: list[str]) -> tuple[float, float]:
    """Median seconds over RUNS, and the peak resident memory in MB."""
    times = []
    peak = 0
    for _ in range(RUNS):
        out = subprocess.run(
            [sys.executable, "-c", _PROBE, *cmd], capture_output=True, text=True, check=True
        ).stdout.split()
        times.append(float(out[0]))
        peak = max(peak, int(out[1]))
    return statistics.median(times), peak / 1024


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}"


def main() -> int:
    files = sum(1 for _ in (PROJECT / "data").rglob("*.yaml"))
    rows = []
    for name, cmd, target in SCENARIOS:
        median, peak = measure(cmd)
        rows.append(f"| {name} | {median:.3f} | {peak:.0f} | {target} |")
        print(f"{name:45} {median:.3f} s  {peak:.0f} MB", flush=True)
    text = "\n".join(
        [
            "# Benchmarks",
            "",
            f"Measured by `make bench` on {dt.date.today().isoformat()}.",
            "",
            f"- Machine: {machine()}",
            f"- Python: {platform.python_version()}",
            f"- Dataset: the example dataset in data/ ({files} files)",
            f"- Each scenario: median of {RUNS} runs in a fresh process; peak resident memory.",
            "",
            "| scenario | median (s) | peak memory (MB) | target |",
            "|---|---|---|---|",
            *rows,
            "",
            "The national-scale scenarios of DESIGN.md §10 (a generated dataset of 44",
            "specialties, ~60 000 coverage entries and 5 000 commits, with check-jsonschema",
            "side by side) are not measured yet; this table covers the example dataset.",
            "",
        ]
    )
    (PROJECT / "BENCHMARKS.md").write_text(text, encoding="utf-8")
    print(f"wrote {PROJECT / 'BENCHMARKS.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
