"""Side by side on the same rows in one run: the project, scikit-learn, and fastText.

The rows are the team corpus, cycled. Each contender scores all of them, in rounds that
take turns (the machine is shared: a busy spell hits every contender, and the median of
the rounds is kept); the figures that matter are the ratios between them.

- ``project``: ``model.scores`` of the shipped model in batches of 10,000, in this
  process, on the compiled kernels; ``project_numpy``: the same on the NumPy path.
- ``cli``: ``clickbait score rows.jsonl`` end to end in a fresh process (start-up and
  model loading included); ``rows_path``: the same reading, with rows scored straight
  to JSON Lines by :mod:`clickbait.rowscoring` (``rows_to_jsonl.py``).
- ``sklearn``: a plain scikit-learn pipeline of the same design (word 1-2 and char_wb
  2-5 TF-IDF of headline and snippet, logistic regression), fitted on the team corpus,
  ``predict_proba`` in batches of 10,000.
- ``fasttext``: ``fasttext-wheel``, installed for this run into a virtual environment of
  its own, trained on the team corpus (word bigrams, character n-grams 2-5), predicting
  the rows as one list.

Also the project's cost per teaser for one batch of 1,000 to 1,000,000 rows: it must not
grow with the batch.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from itertools import cycle, islice
from pathlib import Path
from typing import Any

from suite import Goal, Outcome, Settings, clickbait_command, run_command, team_teasers

HERE = Path(__file__).resolve().parent
FASTTEXT_REQUIREMENTS = ["fasttext-wheel==0.9.2", "numpy<2"]  # its bindings predate NumPy 2
FASTTEXT_SCRIPT = """
import json, sys, time
import fasttext
train, rows, out = sys.argv[1:4]
model = fasttext.train_supervised(
    train, wordNgrams=2, minn=2, maxn=5, dim=50, epoch=10, thread=1, verbose=0
)
texts = [line.rstrip("\\n") for line in open(rows, encoding="utf-8")]
model.predict(texts[:100])
rates = []
for _ in range(int(sys.argv[4])):
    wall, cpu = time.perf_counter(), time.process_time()
    labels, _ = model.predict(texts)
    rates.append((time.perf_counter() - wall, time.process_time() - cpu))
json.dump({"rounds": rates, "predicted": len(labels)}, open(out, "w"))
"""


def _rows(count: int) -> list[tuple[str, str]]:
    return list(islice(cycle(team_teasers()), count))


def _timed_rounds(work: Callable[[], Any], rounds: int) -> tuple[float, float]:
    """Median (wall, CPU) seconds of ``rounds`` calls of ``work``."""
    walls, cpus = [], []
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def _batches(count: int, size: int) -> list[tuple[int, int]]:
    return [(start, min(start + size, count)) for start in range(0, count, size)]


def _sklearn_pipeline() -> Any:
    """A plain scikit-learn pipeline of the shipped design, fitted on the team corpus."""
    import pandas as pd
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    from clickbait.datasets import load_team

    frame = pd.concat([load_team("fr"), load_team("en")], ignore_index=True)
    parts = []
    for column in ("headline", "snippet"):
        for name, analyzer, ngrams in (("words", "word", (1, 2)), ("chars", "char_wb", (2, 5))):
            vectorizer = TfidfVectorizer(
                analyzer=analyzer, ngram_range=ngrams, min_df=2, sublinear_tf=True
            )
            parts.append((f"{column}_{name}", vectorizer, column))
    pipeline = Pipeline(
        [
            ("features", ColumnTransformer(parts)),
            ("classifier", LogisticRegression(C=4.0, solver="liblinear", max_iter=2000)),
        ]
    )
    return pipeline.fit(frame[["headline", "snippet"]].fillna(""), frame["label"])


def _fasttext(rows: list[tuple[str, str]], rounds: int, work_dir: Path) -> dict[str, Any]:
    """fastText's predictions of ``rows``: (wall, CPU) seconds per round, or why not."""
    from clickbait.datasets import load_team

    venv = work_dir / "fasttext-venv"
    python = venv / "bin" / "python"
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", *FASTTEXT_REQUIREMENTS],
            check=True,
            capture_output=True,
            text=True,
        )
    except subprocess.CalledProcessError as error:
        return {"skipped": f"fasttext-wheel could not be installed: {(error.stderr or '')[-300:]}"}
    train = work_dir / "fasttext-train.txt"
    with open(train, "w", encoding="utf-8") as handle:
        for lang in ("fr", "en"):
            for row in load_team(lang).itertuples():
                text = _one_line(f"{row.headline} {row.snippet or ''}")
                handle.write(f"__label__{row.label} {text}\n")
    texts = work_dir / "fasttext-rows.txt"
    texts.write_text("".join(_one_line(f"{h} {s}") + "\n" for h, s in rows), encoding="utf-8")
    out = work_dir / "fasttext.json"
    args = [str(train), str(texts), str(out), str(rounds)]
    subprocess.run([str(python), "-c", FASTTEXT_SCRIPT, *args], check=True, cwd=work_dir)
    found = json.loads(out.read_text())
    assert found["predicted"] == len(rows)
    walls = [wall for wall, _ in found["rounds"]]
    cpus = [cpu for _, cpu in found["rounds"]]
    return {"wall": statistics.median(walls), "cpu": statistics.median(cpus)}


def _one_line(text: str) -> str:
    return " ".join(text.lower().split())


def compare(settings: Settings) -> Outcome:
    """The project, a plain scikit-learn pipeline and fastText on the same rows."""
    import numpy as np

    from clickbait import compiled
    from clickbait.persist import load_model

    count = 600 if settings.quick else 50_000
    rounds = 1 if settings.quick else 3
    rows = _rows(count)
    headlines, snippets = [h for h, _ in rows], [s for _, s in rows]
    model = load_model()
    model.scores(headlines[:2000], snippets[:2000])  # warm-up: kernels and tables built
    figures: dict[str, Any] = {"rows": count, "rounds": rounds, "compiled": compiled.available()}

    def project() -> None:
        for a, b in _batches(count, 10_000):
            model.scores(headlines[a:b], snippets[a:b])

    def project_numpy() -> None:
        kernels, compiled.kernels = compiled.kernels, None
        try:
            project()
        finally:
            compiled.kernels = kernels

    import pandas as pd

    pipeline = _sklearn_pipeline()
    frames = [
        pd.DataFrame({"headline": headlines[a:b], "snippet": snippets[a:b]})
        for a, b in _batches(count, 10_000)
    ]

    def sklearn() -> None:
        for frame in frames:
            pipeline.predict_proba(frame)

    table = settings.work_dir / "rows.jsonl"
    with open(table, "w", encoding="utf-8") as handle:
        for h, s in rows:
            handle.write(json.dumps({"headline": h, "snippet": s}, ensure_ascii=False) + "\n")
    cli = [*clickbait_command(), "score", str(table), "--quiet"]
    rows_path = [sys.executable, str(HERE / "rows_to_jsonl.py"), str(table)]

    measured: dict[str, list[tuple[float, float]]] = {}
    for _ in range(rounds):  # contenders take turns, round after round
        for name, work in (("project", project), ("project_numpy", project_numpy)):
            measured.setdefault(name, []).append(_timed_rounds(work, 1))
        measured.setdefault("sklearn", []).append(_timed_rounds(sklearn, 1))
        for name, command in (("cli", cli), ("rows_path", rows_path)):
            run = run_command(command)
            assert run.stdout_lines == count, f"{name}: {run.stdout_lines} records for {count}"
            measured.setdefault(name, []).append((run.wall_s, run.cpu_s))
    fasttext = _fasttext(rows, rounds, settings.work_dir)
    if "skipped" in fasttext:
        figures["fasttext"] = fasttext["skipped"]
    else:
        measured["fasttext"] = [(fasttext["wall"], fasttext["cpu"])]
    for name, found in measured.items():
        wall = statistics.median(w for w, _ in found)
        cpu = statistics.median(c for _, c in found)
        figures[f"{name}_per_s"] = round(count / wall)
        figures[f"{name}_per_cpu_s"] = round(count / cpu)
        figures[f"{name}_spread"] = (
            f"{count / max(w for w, _ in found):,.0f}–{count / min(w for w, _ in found):,.0f}"
        )
    for name in ("project_numpy", "sklearn", "fasttext", "cli"):
        if f"{name}_per_s" in figures:
            figures[f"project_vs_{name}"] = round(
                figures["project_per_s"] / figures[f"{name}_per_s"], 2
            )
    for name in ("fasttext", "sklearn"):
        if f"{name}_per_s" in figures:
            figures[f"cli_vs_{name}"] = round(figures["cli_per_s"] / figures[f"{name}_per_s"], 2)
            figures[f"rows_path_vs_{name}"] = round(
                figures["rows_path_per_s"] / figures[f"{name}_per_s"], 2
            )
    figures.update(_flatness(model, settings))
    # The goal's figure: 0 when fastText could not be installed (the goal is then missed).
    figures["ahead_of_fasttext"] = figures.get("project_vs_fasttext", 0.0)
    assert np.isfinite(model.scores(headlines[:10], snippets[:10])).all()
    goals = [
        Goal("project_per_s", 25_000, "teasers/s", True),
        Goal("cli_per_s", 15_000, "teasers/s", True),
        Goal("ahead_of_fasttext", 1.0, "× fastText", True),
    ]
    shown = [
        "project_vs_fasttext",
        "project_vs_sklearn",
        "project_vs_project_numpy",
        "rows_path_per_s",
        "fasttext_per_s",
        "sklearn_per_s",
        "cost_growth_1k_to_largest",
    ]
    return Outcome(figures, goals, shown=[k for k in shown if k in figures])


def _flatness(model: Any, settings: Settings) -> dict[str, Any]:
    """The cost per teaser of one batch of 1,000 rows to 1,000,000 (CPU µs per teaser)."""
    sizes = (1_000, 10_000) if settings.quick else (1_000, 10_000, 100_000, 1_000_000)
    rows = _rows(sizes[-1])
    headlines, snippets = [h for h, _ in rows], [s for _, s in rows]
    found: dict[str, Any] = {}
    for size in sizes:
        repeats = max(1, 20_000 // size)
        _, cpu = _timed_rounds(
            lambda size=size: model.scores(headlines[:size], snippets[:size]), repeats
        )
        found[f"cpu_us_per_teaser_{size}"] = round(cpu / size * 1e6, 1)
    first, last = found[f"cpu_us_per_teaser_{sizes[0]}"], found[f"cpu_us_per_teaser_{sizes[-1]}"]
    found["cost_growth_1k_to_largest"] = round(last / first, 2)
    return found


BENCHMARKS: dict[str, Callable[[Settings], Outcome]] = {"compare": compare}
