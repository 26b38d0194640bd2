"""Run the benchmarks and write one JSON file per benchmark.

    python benchmarks/run.py                        # every benchmark, full size
    python benchmarks/run.py --only scoring pages   # some of them
    python benchmarks/run.py --quick --output-dir /tmp/b   # CI: tiny inputs, proves they run
    python benchmarks/run.py --update-readme        # also refresh the table in README.md

Each ``results/<name>.json`` holds the figures, the goals with pass or fail, and the
machine (CPU model, cores, load average, Python and library versions, date, commit).
NumPy, SciPy and scikit-learn are held to one thread. Missing a goal does not fail the
run; a benchmark that breaks does (exit code 1), after the others have run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import traceback
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import compare
import suite

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
BENCHMARKS = {**suite.BENCHMARKS, **compare.BENCHMARKS}
README = HERE / "README.md"
TABLE_START = "<!-- results: start (written by run.py --update-readme) -->"
TABLE_END = "<!-- results: end -->"
LIBRARIES = ("numpy", "scipy", "pandas", "scikit-learn", "lxml", "skops", "click", "clickbait")


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def git_commit() -> str:
    try:
        found = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            cwd=suite.ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return found.stdout.strip()


def machine() -> dict[str, Any]:
    versions = {}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "cores_available": len(os.sched_getaffinity(0)),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "platform": platform.platform(),
        "python": platform.python_version(),
        "libraries": versions,
        "threads": {k: os.environ.get(k) for k in suite.THREAD_VARIABLES},
        "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "commit": git_commit(),
    }


def run_one(name: str, settings: suite.Settings, output_dir: Path) -> bool:
    benchmark = BENCHMARKS[name]
    print(f"{name}: running", file=sys.stderr, flush=True)
    started = time.perf_counter()
    record: dict[str, Any] = {
        "benchmark": name,
        "measures": (benchmark.__doc__ or "").strip().split("\n")[0],
        "quick": settings.quick,
        "machine": machine(),
    }
    try:
        outcome = benchmark(settings)
    except Exception as error:  # record the failure, and let the other benchmarks run
        record["error"] = f"{type(error).__name__}: {error}"
        print(traceback.format_exc(), file=sys.stderr)
        ok = False
    else:
        record.update(outcome.to_dict())
        ok = True
    record["machine"]["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    record["seconds"] = round(time.perf_counter() - started, 1)
    output_dir.mkdir(parents=True, exist_ok=True)
    path = output_dir / f"{name}.json"
    path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{name}: {summary_line(record)} ({record['seconds']} s) -> {path}", file=sys.stderr)
    return ok


def summary_line(record: dict[str, Any]) -> str:
    if "error" in record:
        return f"ERROR {record['error']}"
    if "skipped" in record:
        return f"skipped: {record['skipped']}"
    return "; ".join(
        f"{g['figure']} = {g['value']:,} (goal {g['goal']}: {'pass' if g['passed'] else 'FAIL'})"
        for g in record["goals"]
    )


def number(value: object) -> str:
    return f"{value:,}" if isinstance(value, int | float) else str(value)


def results_table(output_dir: Path) -> str:
    """A Markdown table of every benchmark result in ``output_dir``, one row per goal."""
    lines = [
        "| benchmark | figure | result | goal | status | details | run |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in BENCHMARKS:
        path = output_dir / f"{name}.json"
        if not path.exists():
            continue
        record = json.loads(path.read_text(encoding="utf-8"))
        host = record["machine"]
        run = f"{host['date'][:10]}, load {host['load_average'][0]:g}" + (
            " (quick)" if record.get("quick") else ""
        )
        if "error" in record or "skipped" in record:
            status = f"error: {record['error']}" if "error" in record else "skipped"
            reason = record.get("skipped", "")
            lines.append(f"| {name} | – | – | – | {status} | {reason} | {run} |")
            continue
        figures = record["figures"]
        details = "; ".join(f"{key} = {number(figures[key])}" for key in record.get("shown", []))
        for goal in record["goals"]:
            status = "pass" if goal["passed"] else "**miss**"
            lines.append(
                f"| {name} | `{goal['figure']}` | {number(goal['value'])} | {goal['goal']} "
                f"| {status} | {details} | {run} |"
            )
    return "\n".join(lines)


def update_readme(table: str) -> None:
    text = README.read_text(encoding="utf-8")
    start, end = text.index(TABLE_START) + len(TABLE_START), text.index(TABLE_END)
    README.write_text(text[:start] + "\n" + table + "\n" + text[end:], encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="tiny inputs: proves each one runs")
    parser.add_argument(
        "--only", nargs="+", choices=list(BENCHMARKS), help="run only these benchmarks"
    )
    parser.add_argument("--output-dir", type=Path, default=RESULTS, help="where the JSON goes")
    parser.add_argument(
        "--update-readme",
        action="store_true",
        help="rewrite the results table of benchmarks/README.md from the JSON in --output-dir",
    )
    args = parser.parse_args()
    names = args.only or list(BENCHMARKS)
    ok = True
    with tempfile.TemporaryDirectory(prefix="clickbait-bench-") as work:
        settings = suite.Settings(quick=args.quick, work_dir=Path(work))
        for name in names:
            ok = run_one(name, settings, args.output_dir) and ok
    table = results_table(args.output_dir)
    print(table)
    if args.update_readme:
        update_readme(table)
    return 0 if ok else 1


if __name__ == "__main__":
    # One core for the numeric libraries, in this process and in every command it runs.
    for variable in suite.THREAD_VARIABLES:
        os.environ[variable] = "1"
    sys.exit(main())
