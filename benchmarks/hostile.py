"""Hostile and unlucky inputs: each case is generated, run through ``clickbait score``
in a fresh process, and checked for time, peak memory, exit code and output.

    python benchmarks/hostile.py            # every case, inputs up to 50 MB (a few minutes)
    python benchmarks/hostile.py --quick    # small inputs (CI): under a minute

The goal of every case: at most 10 s and 500 MB, the documented exit code, and every
input scored or named on stderr. It also measures extraction time per link at 1k, 10k,
100k and 1M links, in one container and in cards: linear up to the page budget, then a
quick refusal. Writes ``results/hostile.json``; exits 1 if a case misses its goal.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hostile_inputs import (
    PAGE,
    bad_bytes_page,
    bomb_warc,
    broken_table,
    cards,
    container,
    damaged_warc,
    deep,
    fifo_folder,
    huge_ngrams,
    long_line,
    nested_cards,
    set_field,
    with_model,
    write,
)

MAX_SECONDS = 10.0
MAX_MB = 500.0


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float

    def records(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.stdout.splitlines() if line.strip()]


@dataclass
class Case:
    name: str
    make: Callable[[Path], list[str]]  # writes the inputs, returns the command's arguments
    code: int
    check: Callable[[Run], str | None] = lambda run: None  # a problem, or None
    quick: bool = True
    env: dict[str, str] = field(default_factory=dict)


# Runs a command and writes its peak RSS (kB) to a file: started afresh, so that the
# figure is the command's own, not the memory of this process at the fork.
_MEASURE = """
import resource, subprocess, sys
code = subprocess.call(sys.argv[2:])
with open(sys.argv[1], "w") as out:
    out.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(code)
"""


def run_clickbait(arguments: list[str], timeout: float) -> Run:
    """``clickbait ARGS`` in a fresh process: its exit code, output, wall time and peak
    RSS; killed past ``timeout``."""
    command = [str(Path(sys.executable).with_name("clickbait")), *arguments]
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    with tempfile.TemporaryDirectory() as work:
        peak_file = Path(work) / "peak"
        started = time.perf_counter()
        try:
            done = subprocess.run(
                [sys.executable, "-c", _MEASURE, str(peak_file), *command],
                capture_output=True,
                stdin=subprocess.DEVNULL,
                env=env,
                timeout=timeout,
            )
            code, stdout, stderr = done.returncode, done.stdout, done.stderr
        except subprocess.TimeoutExpired as expired:
            code, stdout, stderr = -9, expired.stdout or b"", expired.stderr or b""
        seconds = time.perf_counter() - started
        peak = int(peak_file.read_text()) / 1024 if peak_file.exists() else float("nan")
    return Run(code, stdout.decode(), stderr.decode(errors="replace"), seconds, peak)


# -- checks ---------------------------------------------------------------------------


def no_mojibake(run: Run) -> str | None:
    garbled = [r["headline"] for r in run.records() if "Ã" in r["headline"]]
    return f"read as another encoding: {garbled[0]!r}" if garbled else None


def teasers(count: int) -> Callable[[Run], str | None]:
    return lambda run: (
        None if len(run.records()) == count else f"{len(run.records())} teasers, not {count}"
    )


def says(text: str) -> Callable[[Run], str | None]:
    return lambda run: None if text in run.stderr else f"stderr does not say {text!r}"


def both(*checks: Callable[[Run], str | None]) -> Callable[[Run], str | None]:
    return lambda run: next((p for p in (c(run) for c in checks) if p), None)


def prefixed(run: Run) -> str | None:
    bad = [line for line in run.stderr.splitlines() if not line.startswith("clickbait: ")]
    return f"stderr lines without the prefix: {bad[:2]}" if bad else None


def cases() -> list[Case]:
    found = [
        Case(
            "links in one container, 1k",
            lambda f: write(f / "p.html", container(1_000)),
            0,
            teasers(1_000),
        ),
        Case(
            "links in one container, 10k",
            lambda f: write(f / "p.html", container(10_000)),
            0,
            teasers(10_000),
        ),
        Case(
            "links in one container, 100k",
            lambda f: write(f / "p.html", container(100_000)),
            1,
            says("too complex"),
            quick=False,
        ),
        Case(
            "links in one container, 1M (47 MB)",
            lambda f: write(f / "p.html", container(1_000_000)),
            1,
            says("too complex"),
            quick=False,
        ),
        Case("cards, 1k", lambda f: write(f / "p.html", cards(1_000)), 0, teasers(1_000)),
        Case("cards, 10k", lambda f: write(f / "p.html", cards(10_000)), 0, teasers(10_000)),
        Case(
            "cards, 100k",
            lambda f: write(f / "p.html", cards(100_000)),
            1,
            says("too complex"),
            quick=False,
        ),
        Case(
            "1,000 cards of 5 kB (5 MB)",
            lambda f: write(f / "p.html", cards(1_000, 1_250)),
            0,
            teasers(1_000),
            quick=False,
        ),
        Case(
            "1,000 cards of 10 kB (10 MB)",
            lambda f: write(f / "p.html", cards(1_000, 2_500)),
            0,
            teasers(1_000),
            quick=False,
        ),
        Case(
            "cards nested in cards, 500",
            lambda f: write(f / "p.html", nested_cards(500)),
            0,
            teasers(500),
        ),
        Case(
            "cards nested in cards, 10k",
            lambda f: write(f / "p.html", nested_cards(10_000)),
            1,
            says("nested more than"),
        ),
        Case("a teaser under 300 divs", lambda f: write(f / "p.html", deep(300)), 0, teasers(1)),
        Case(
            "a teaser under 100k divs",
            lambda f: write(f / "p.html", deep(100_000)),
            1,
            says("nested more than"),
        ),
        Case(
            "a page of one 45 MB paragraph",
            lambda f: write(f / "p.html", b"<p>" + b"mot " * 11_000_000),
            0,
            quick=False,
        ),
        Case("UTF-8 with 4 bad bytes", bad_bytes_page, 0, both(teasers(5), no_mojibake)),
        Case(
            "UTF-16 page with a BOM",
            lambda f: write(f / "p.html", PAGE.decode().encode("utf-16")),
            0,
            teasers(5),
        ),
        Case(
            "a WARC damaged in the middle of a member",
            damaged_warc,
            1,
            both(
                prefixed,
                says("damaged"),
                lambda r: None if len({x["source"] for x in r.records()}) == 14 else "not 14 pages",
            ),
        ),
        Case(
            "a WARC with a 500 MB gzip bomb record",
            bomb_warc,
            1,
            both(
                prefixed,
                lambda r: None if len({x["source"] for x in r.records()}) == 2 else "not 2 pages",
            ),
            quick=False,
        ),
        Case(
            "a CSV with a field over the csv limit",
            broken_table,
            0,
            lambda r: (
                None
                if [x["index"] for x in r.records()] == [0, 1, 2, 3, 4, 6, 7, 8, 9, 10]
                else "rows lost or indexes shifted"
            ),
        ),
        Case(
            "JSON Lines with title, not headline",
            lambda f: write(f / "t.jsonl", b'{"title": "Un titre"}\n' * 1000),
            1,
            both(
                says("no 'headline' field"),
                lambda r: None if r.stderr.count("\n") <= 3 else "one line per row",
            ),
        ),
        Case("a 1 MB JSON Lines line", long_line(1_000_000, False), 0, teasers(2)),
        Case("a 40 MB JSON Lines line", long_line(40_000_000, False), 0, teasers(2), quick=False),
        Case(
            "a 40 MB JSON Lines line of small values",
            long_line(40_000_000, True),
            0,
            teasers(3),
            quick=False,
        ),
        Case(
            "a folder with a FIFO, notes, hidden files and a linked folder",
            fifo_folder,
            0,
            teasers(10),
        ),
        Case("a model with a huge n-gram range", with_model(huge_ngrams), 3, says("n-gram")),
        Case("a model with threshold 5", with_model(set_field(threshold=5)), 3, says("threshold")),
        Case(
            "a model with a scorer_file outside its folder",
            with_model(set_field(scorer_file="../../../../etc/passwd")),
            3,
            says("not the name of a file"),
        ),
        Case("a model of format 99", with_model(set_field(format=99)), 3, says("format 99")),
    ]
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small inputs only (CI)")
    parser.add_argument(
        "--output", type=Path, default=Path(__file__).parent / "results" / "hostile.json"
    )
    args = parser.parse_args()
    results = []
    failed = 0
    for case in cases():
        if args.quick and not case.quick:
            continue
        with tempfile.TemporaryDirectory(prefix="clickbait-hostile-") as work:
            arguments = case.make(Path(work))
            run = run_clickbait(["score", *arguments], timeout=3 * MAX_SECONDS)
        problems = []
        if run.code != case.code:
            problems.append(f"exit {run.code}, not {case.code}: {run.stderr.strip()[-300:]}")
        if run.seconds > MAX_SECONDS:
            problems.append(f"{run.seconds:.1f} s > {MAX_SECONDS:.0f} s")
        if run.peak_mb > MAX_MB:
            problems.append(f"{run.peak_mb:.0f} MB > {MAX_MB:.0f} MB")
        if not problems and (problem := case.check(run)):
            problems.append(problem)
        failed += bool(problems)
        results.append(
            {
                "case": case.name,
                "exit": run.code,
                "seconds": round(run.seconds, 2),
                "peak_mb": round(run.peak_mb, 1),
                "problems": problems,
            }
        )
        status = "ok" if not problems else "FAIL " + "; ".join(problems)
        print(
            f"{case.name}: {run.seconds:.2f} s, {run.peak_mb:.0f} MB, exit {run.code}: {status}",
            file=sys.stderr,
            flush=True,
        )
    results.append({"scaling": scaling(quick=args.quick)})
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(
        json.dumps({"quick": args.quick, "cases": results, "failed": failed}, indent=2) + "\n"
    )
    print(f"{failed} of {len(results) - 1} case(s) missed their goal", file=sys.stderr)
    return 1 if failed else 0


def scaling(quick: bool) -> list[dict[str, Any]]:
    """Extraction time per link at each size, in this process: flat up to the page
    budget (linear time), then a quick refusal."""
    from clickbait.teasers import PageTooComplex, extract_html

    sizes = [1_000, 10_000] if quick else [1_000, 10_000, 100_000, 1_000_000]
    rows = []
    for shape, make in (("container", container), ("cards", cards)):
        for size in sizes:
            html = make(size).decode()
            started = time.perf_counter()
            try:
                found: int | str = len(extract_html(html).teasers)
            except PageTooComplex:
                found = "too complex"
            seconds = time.perf_counter() - started
            rows.append(
                {
                    "shape": shape,
                    "links": size,
                    "teasers": found,
                    "seconds": round(seconds, 3),
                    "us_per_link": round(seconds / size * 1e6, 1),
                }
            )
            print(
                f"scaling {shape} {size:,}: {seconds:.3f} s ({found})", file=sys.stderr, flush=True
            )
    return rows


if __name__ == "__main__":
    sys.exit(main())
