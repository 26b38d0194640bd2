"""The benchmarks: each measures one thing and returns its figures and goals.

A benchmark is a function ``(settings) -> Outcome``. Figures are plain numbers, with
their unit in the key's suffix (``_s`` seconds, ``_per_s`` a rate, ``_mb`` megabytes of
10^6 bytes); goals compare one figure with a bound. Commands are timed in fresh
subprocesses where the cost of starting them is the point (cold start, import, peak
memory, training); throughput is timed in this process, after a warm-up.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import cycle, islice
from pathlib import Path
from typing import Any

import synthetic

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_PAGE = ROOT / "data" / "examples" / "page-fr.html"
MB = 1_000_000
# Set to 1 by run.py so that NumPy, SciPy and scikit-learn use one core.
THREAD_VARIABLES = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
)


@dataclass(frozen=True)
class Settings:
    quick: bool
    work_dir: Path


@dataclass(frozen=True)
class Goal:
    figure: str
    bound: float
    unit: str
    at_least: bool  # True: the figure must be >= bound; False: <= bound

    def passed(self, figures: dict[str, Any]) -> bool:
        value = figures[self.figure]
        return value >= self.bound if self.at_least else value <= self.bound

    def describe(self) -> str:
        return f"{'≥' if self.at_least else '≤'} {self.bound:,g} {self.unit}"


@dataclass
class Outcome:
    figures: dict[str, Any] = field(default_factory=dict)
    goals: list[Goal] = field(default_factory=list)
    skipped: str | None = None
    # Figures worth a place in the README's table, next to the goals.
    shown: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        if self.skipped is not None:
            return {"skipped": self.skipped}
        return {
            "figures": self.figures,
            "goals": [
                {
                    "figure": g.figure,
                    "value": self.figures[g.figure],
                    "goal": g.describe(),
                    "passed": g.passed(self.figures),
                }
                for g in self.goals
            ],
            "shown": self.shown,
        }


# -- helpers -----------------------------------------------------------------------------


def shared_dir() -> Path:
    """The third-party data: ``$CLICKBAIT_SHARED`` or ``../shared`` next to the repository."""
    from clickbait.datasets import shared_dir

    return shared_dir()


def clickbait_command() -> list[str]:
    """The installed ``clickbait`` script of this interpreter's environment."""
    script = Path(sys.executable).parent / "clickbait"
    if not script.exists():
        raise SystemExit(f"{script} not found: install the project with pip install -e .")
    return [str(script)]


def timed(work: Callable[[], Any]) -> tuple[float, float, Any]:
    """(wall seconds, CPU seconds of this process, result) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return time.perf_counter() - wall, time.process_time() - cpu, result


@dataclass(frozen=True)
class Run:
    wall_s: float
    cpu_s: float
    max_rss_bytes: int
    stdout_lines: int


# Started in a fresh interpreter, this runs the command and writes its wall time, CPU
# time and peak RSS to a file. Measuring from here instead would be wrong: a child
# forked from this (large) process starts with its memory counted in its peak RSS.
MEASURE = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
code = subprocess.call(sys.argv[2:])
wall = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as handle:
    json.dump({"code": code, "wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
               "maxrss_kb": usage.ru_maxrss}, handle)
"""


def run_command(command: list[str], env: dict[str, str] | None = None) -> Run:
    """Run a command to completion: its wall time, CPU time, peak RSS and stdout lines.

    Only the command's own resources are counted, not whatever else runs on the
    machine. A failing command stops the benchmark with the end of its stderr.
    """
    with tempfile.TemporaryDirectory(prefix="clickbait-run-") as folder:
        report, errors = Path(folder) / "report.json", Path(folder) / "stderr.txt"
        with open(errors, "wb") as stderr:
            process = subprocess.Popen(
                [sys.executable, "-c", MEASURE, str(report), *command],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=stderr,
                env=os.environ.copy() if env is None else env,
            )
            assert process.stdout is not None
            lines = 0
            # stdout is counted as it comes, so a large output never piles up here.
            for block in iter(lambda: process.stdout.read(1 << 16), b""):
                lines += block.count(b"\n")
            process.wait()
        measured = json.loads(report.read_text()) if report.exists() else {"code": -1}
        if process.returncode != 0 or measured["code"] != 0:
            tail = errors.read_bytes()[-2000:].decode(errors="replace")
            raise RuntimeError(f"{' '.join(command)} exited with {measured['code']}: {tail}")
    # ru_maxrss is in kilobytes on Linux.
    return Run(measured["wall"], measured["cpu"], measured["maxrss_kb"] * 1024, lines)


def median_run(command: list[str], runs: int) -> tuple[float, list[Run]]:
    found = [run_command(command) for _ in range(runs)]
    return statistics.median(r.wall_s for r in found), found


def team_teasers() -> list[tuple[str, str]]:
    """Headline and snippet of every team-written teaser, as already extracted text."""
    rows = []
    for path in sorted((ROOT / "data").glob("*/teasers.tsv")):
        with open(path, encoding="utf-8", newline="") as handle:
            # No quoting: quotes in the text are literal (see data/README.md).
            reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            rows += [(r["headline"], r["snippet"]) for r in reader]
    return rows


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- benchmarks --------------------------------------------------------------------------


def scoring(settings: Settings) -> Outcome:
    """Teasers per second on one core, already extracted, in batches of 10,000."""
    from clickbait.persist import load_model
    from clickbait.teasers import Teaser

    batch = 200 if settings.quick else 10_000
    total = 2 * batch if settings.quick else 5 * batch
    rows = team_teasers()
    teasers = [Teaser(headline=h, snippet=s) for h, s in islice(cycle(rows), total)]
    model = load_model()
    model.score_teasers(teasers[:100])  # warm-up: first-call costs are not throughput

    def work() -> int:
        return sum(1 for _ in model.score_stream(teasers, batch_size=batch))

    wall, cpu, scored = timed(work)
    assert scored == total
    figures = {
        "teasers": total,
        "batch_size": batch,
        "mean_headline_chars": round(statistics.fmean(len(t.headline) for t in teasers), 1),
        "mean_snippet_chars": round(statistics.fmean(len(t.snippet) for t in teasers), 1),
        "wall_s": round(wall, 3),
        "cpu_s": round(cpu, 3),
        "teasers_per_s": round(total / wall),
        "teasers_per_cpu_s": round(total / cpu),
    }
    return Outcome(
        figures,
        [Goal("teasers_per_s", 25_000, "teasers/s", True)],
        shown=["teasers_per_cpu_s", "mean_headline_chars", "mean_snippet_chars"],
    )


def _page_files(settings: Settings) -> list[Path]:
    files = sorted((shared_dir() / "pages" / "real").glob("**/*.html.gz"))
    return files[:3] if settings.quick else files


def pages(settings: Settings) -> Outcome:
    """Real pages per second: extraction alone, and read + extract + score end to end."""
    from clickbait.pages import read_path
    from clickbait.persist import load_model
    from clickbait.scoring import score_sources
    from clickbait.teasers import extract

    files = _page_files(settings)
    if not files:
        return Outcome(
            skipped=f"no pages under {shared_dir() / 'pages' / 'real'}: the third-party "
            "pages (../shared or $CLICKBAIT_SHARED) are absent"
        )
    rounds = 1 if settings.quick else 5
    sizes = [len(gzip.decompress(f.read_bytes())) for f in files]
    documents = [read_path(f) for f in files]
    for document in documents:  # warm-up (lexicons, parser)
        extract(document)
    per_page = []
    for document in documents:
        times = []
        for _ in range(rounds):
            started = time.perf_counter()
            extract(document)
            times.append(time.perf_counter() - started)
        per_page.append(statistics.median(times))
    extract_wall, extract_cpu, _ = timed(
        lambda: [extract(d) for _ in range(rounds) for d in documents]
    )
    model = load_model()
    names = [str(f) for f in files]
    list(score_sources(model, names[:1]))  # warm-up

    def end_to_end() -> int:
        return sum(len(r.scored) for _ in range(rounds) for r in score_sources(model, names))

    e2e_wall, e2e_cpu, teasers = timed(end_to_end)
    median_time = statistics.median(per_page)
    slowest = max(range(len(files)), key=per_page.__getitem__)
    figures = {
        "pages": len(files),
        "rounds": rounds,
        "median_page_kb": round(statistics.median(sizes) / 1000, 1),
        "largest_page_kb": round(max(sizes) / 1000, 1),
        "teasers_per_page": round(teasers / rounds / len(files), 1),
        "extract_median_page_ms": round(median_time * 1000, 2),
        "extract_median_pages_per_s": round(1 / median_time, 1),
        "extract_all_pages_per_s": round(rounds * len(files) / extract_wall, 1),
        "extract_all_pages_per_cpu_s": round(rounds * len(files) / extract_cpu, 1),
        "extract_slowest_page": f"{files[slowest].relative_to(shared_dir())} "
        f"({per_page[slowest] * 1000:.0f} ms, {sizes[slowest] / 1000:.0f} kB)",
        "end_to_end_pages_per_s": round(rounds * len(files) / e2e_wall, 1),
        "end_to_end_pages_per_cpu_s": round(rounds * len(files) / e2e_cpu, 1),
    }
    return Outcome(
        figures,
        [Goal("extract_median_pages_per_s", 200, "pages/s", True)],
        shown=[
            "median_page_kb",
            "extract_median_page_ms",
            "extract_all_pages_per_s",
            "extract_all_pages_per_cpu_s",
            "end_to_end_pages_per_s",
            "end_to_end_pages_per_cpu_s",
        ],
    )


def cold_start(settings: Settings) -> Outcome:
    """`clickbait score` on the example page in a fresh process, median of several runs."""
    runs = 2 if settings.quick else 7
    command = [*clickbait_command(), "score", str(EXAMPLE_PAGE)]
    median, found = median_run(command, runs)
    python = [sys.executable, "-c"]
    # What the command cannot avoid: the interpreter and the modules scoring imports
    # (NumPy, lxml, click); scikit-learn and skops for comparison (scoring needs neither).
    scoring_modules = "import clickbait.cli, clickbait.scoring, clickbait.linear, clickbait.persist"
    context = {
        "python_startup_s": median_run([*python, "pass"], runs)[0],
        "import_scoring_modules_s": median_run([*python, scoring_modules], runs)[0],
        "import_sklearn_s": median_run([*python, "import sklearn.pipeline"], runs)[0],
        "import_skops_io_s": median_run([*python, "import skops.io"], runs)[0],
    }
    figures = {
        "runs": runs,
        "median_s": round(median, 3),
        "min_s": round(min(r.wall_s for r in found), 3),
        "median_cpu_s": round(statistics.median(r.cpu_s for r in found), 3),
        "teasers": found[0].stdout_lines,
        **{k: round(v, 3) for k, v in context.items()},
    }
    return Outcome(
        figures,
        [Goal("median_s", 0.5, "s", False)],
        shown=["median_cpu_s", "python_startup_s", "import_scoring_modules_s", "import_sklearn_s"],
    )


IMPORT_PROBE = """
import sys, time
started = time.perf_counter()
import clickbait
elapsed = time.perf_counter() - started
heavy = [m for m in ("numpy", "scipy", "pandas", "sklearn", "lxml", "skops") if m in sys.modules]
print(elapsed, ",".join(heavy))
"""


def import_time(settings: Settings) -> Outcome:
    """`import clickbait` in a fresh interpreter, median of several runs."""
    runs = 3 if settings.quick else 11
    found = []
    heavy = ""
    for _ in range(runs):
        output = subprocess.run(
            [sys.executable, "-c", IMPORT_PROBE], capture_output=True, text=True, check=True
        ).stdout.split()
        found.append(float(output[0]))
        heavy = output[1] if len(output) > 1 else ""
    figures = {
        "runs": runs,
        "median_s": round(statistics.median(found), 4),
        "max_s": round(max(found), 4),
        "heavy_modules_loaded": heavy or "none",
    }
    return Outcome(figures, [Goal("median_s", 0.2, "s", False)], shown=["heavy_modules_loaded"])


def memory(settings: Settings) -> Outcome:
    """Peak RSS of `clickbait score` over a JSON Lines table, at two sizes: it must not grow."""
    small, large = (200, 2_000) if settings.quick else (100_000, 1_000_000)
    figures: dict[str, Any] = {}
    for count in (small, large):
        path = synthetic.write_jsonl(settings.work_dir / f"teasers-{count}.jsonl", count)
        size = path.stat().st_size
        run = run_command([*clickbait_command(), "score", str(path), "--quiet"])
        path.unlink()
        assert run.stdout_lines == count, f"{run.stdout_lines} records for {count} rows"
        figures[f"input_{count}_mb"] = round(size / MB, 1)
        figures[f"peak_rss_{count}_mb"] = round(run.max_rss_bytes / MB, 1)
        figures[f"wall_{count}_s"] = round(run.wall_s, 1)
        figures[f"teasers_per_s_{count}"] = round(count / run.wall_s)
    figures["peak_rss_mb"] = max(figures[f"peak_rss_{n}_mb"] for n in (small, large))
    figures["growth_mb"] = round(
        figures[f"peak_rss_{large}_mb"] - figures[f"peak_rss_{small}_mb"], 1
    )
    sizes = [f"peak_rss_{small}_mb", f"peak_rss_{large}_mb", f"teasers_per_s_{large}"]
    return Outcome(figures, [Goal("peak_rss_mb", 300, "MB", False)], shown=sizes)


def model_size(settings: Settings) -> Outcome:
    """Size of the shipped model folder: the pipeline, the scorer arrays, the card."""
    from clickbait.persist import MODEL_FILE, SCORER_FILE, default_model_dir

    folder = default_model_dir()
    figures = {
        "model_file_mb": round((folder / MODEL_FILE).stat().st_size / MB, 2),
        "scorer_file_mb": round((folder / SCORER_FILE).stat().st_size / MB, 2),
        "folder_mb": round(sum(p.stat().st_size for p in folder.iterdir()) / MB, 2),
    }
    return Outcome(
        figures, [Goal("folder_mb", 20, "MB", False)], shown=["model_file_mb", "scorer_file_mb"]
    )


QUICK_CONFIG = """
seed = 1
threshold = 0.5
[model]
char_ngrams = []
[corpora.team-en]
"""


def training(settings: Settings) -> Outcome:
    """`clickbait train` on the shipped config (all corpora) into a temporary folder."""
    from clickbait.persist import MODEL_FILE, default_model_dir

    shipped = default_model_dir() / MODEL_FILE
    before = sha256(shipped)
    output = settings.work_dir / "trained-model"
    command = [*clickbait_command(), "train", "--output", str(output)]
    if settings.quick:
        config = settings.work_dir / "quick.toml"
        config.write_text(QUICK_CONFIG, encoding="utf-8")
        command += ["--config", str(config)]
    elif not (shared_dir() / "datasets").is_dir():
        return Outcome(
            skipped=f"{shared_dir() / 'datasets'} is absent: the shipped config trains on "
            "third-party corpora read from ../shared"
        )
    # Training may use both cores (cross-validation folds run in parallel).
    env = {k: v for k, v in os.environ.items() if k not in THREAD_VARIABLES}
    run = run_command(command, env)
    if sha256(shipped) != before:
        raise RuntimeError(f"{shipped} changed during the training benchmark")
    figures = {
        "config": "quick (team-en, words only)" if settings.quick else "models/default/train.toml",
        "cores": os.cpu_count(),
        "wall_s": round(run.wall_s, 1),
        "cpu_s": round(run.cpu_s, 1),
        "peak_rss_mb": round(run.max_rss_bytes / MB, 1),
        "model_file_mb": round((output / MODEL_FILE).stat().st_size / MB, 2),
    }
    return Outcome(figures, [Goal("wall_s", 120, "s", False)], shown=["cpu_s", "peak_rss_mb"])


BENCHMARKS: dict[str, Callable[[Settings], Outcome]] = {
    "scoring": scoring,
    "pages": pages,
    "cold_start": cold_start,
    "import": import_time,
    "memory": memory,
    "model_size": model_size,
    "training": training,
}
