"""Evaluation reports: metrics against sklearn's, one-class sets, the CLI's report folder."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from sklearn.calibration import calibration_curve
from sklearn.metrics import (
    average_precision_score,
    brier_score_loss,
    confusion_matrix,
    f1_score,
    precision_recall_curve,
    precision_score,
    recall_score,
    roc_auc_score,
)

from clickbait.cli import EXIT_MODEL, EXIT_SOME_INPUTS_FAILED, main
from clickbait.evaluate import (
    EvaluationSet,
    evaluation_report,
    file_evaluation_set,
    report_curves,
    report_metrics,
)
from clickbait.model import TeaserModel

from .html_checks import assert_png, assert_self_contained

BOTH_CLASSES = (
    "headline,snippet,label,lang\n"
    "Ce fruit que vous mangez chaque matin abîme vos artères,,filler,fr\n"
    "Les 7 astuces de grand-mère pour un linge plus blanc,Vous n'y aviez pas pensé...,filler,fr\n"
    "Retraités : mauvaise nouvelle à partir du 1er juin,,filler,fr\n"
    "Le Sénat adopte le budget de la Sécurité sociale mardi,Par 205 voix contre 110...,news,fr\n"
    "La BCE maintient ses taux directeurs à 4 % selon Christine Lagarde,,news,fr\n"
    "Doctors Stunned: This Sign On Your Legs Reveals Your Heart Health,,filler,en\n"
    "You Won't Believe What This Child Star Looks Like Now,,filler,en\n"
    "Storm Ivar closes three North Sea ports on Tuesday,Port authorities said...,news,en\n"
    "Parliament approves the 2026 budget by 320 votes to 250,,news,en\n"
    "Equinor suspends output from two platforms after storm,,news,en\n"
)
NEWS_ONLY = "\n".join(
    json.dumps({"headline": h, "label": "news"}, ensure_ascii=False)
    for h in (
        "Le conseil municipal de Valmont vote le budget 2026",
        "SNCF Réseau lance l'enquête publique sur la ligne nouvelle",
        "La piscine Jean-Bouin rouvre le 2 mars après dix mois de travaux",
    )
)
FILLER_ONLY = (
    "headline,label\n"
    "Santé : ce signe sur vos mains qui doit vous alerter,filler\n"
    "Avez-vous tout ce qu'il faut pour réaliser ce gâteau ?,filler\n"
    "Ce que votre façon de dormir dit de vous,filler\n"
)
BAD_ROWS = "headline,label\nUn titre correct,news\nUn autre titre,peut-être\n,filler\n"


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    written = {}
    for name, text in (
        ("both.csv", BOTH_CLASSES),
        ("news.jsonl", NEWS_ONLY),
        ("filler.csv", FILLER_ONLY),
        ("bad.csv", BAD_ROWS),
    ):
        written[name] = tmp_path / name
        written[name].write_text(text, encoding="utf-8")
    return written


def sklearn_figures(labels: list[str], scores: np.ndarray, threshold: float) -> dict[str, float]:
    y = np.array([label == "filler" for label in labels], dtype=int)
    predicted = (scores >= threshold).astype(int)
    tn, fp, fn, tp = confusion_matrix(y, predicted, labels=[0, 1]).ravel()
    return {
        "precision": precision_score(y, predicted, zero_division=0),
        "recall": recall_score(y, predicted, zero_division=0),
        "f1": f1_score(y, predicted, zero_division=0),
        "roc_auc": roc_auc_score(y, scores),
        "average_precision": average_precision_score(y, scores),
        "brier": brier_score_loss(y, scores),
        "confusion": {"tn": tn, "fp": fp, "fn": fn, "tp": tp},
    }


@pytest.mark.parametrize("threshold", [0.2, 0.5, 0.8])
def test_metrics_agree_with_sklearn(
    small_model: TeaserModel, files: dict[str, Path], threshold: float
) -> None:
    labelled = file_evaluation_set(files["both.csv"])
    scores = small_model.filler_probability(labelled.frame)
    model = TeaserModel(small_model.pipeline, threshold, {"name": "t"})
    report = evaluation_report(model, [labelled])
    measured = report["sets"][str(files["both.csv"])]["metrics"]
    expected = sklearn_figures(list(labelled.frame["label"]), scores, threshold)
    assert measured["classes"] == "both"
    assert measured["confusion"] == expected.pop("confusion")
    for key, value in expected.items():
        assert measured[key] == pytest.approx(value, abs=1e-4), key
    # Per language: the file's rows of each language, pooled and as groups.
    for lang in ("en", "fr"):
        mask = (labelled.frame["lang"] == lang).to_numpy()
        pooled = report["languages"][lang]["metrics"]
        assert report["sets"][str(files["both.csv"])]["groups"][lang] == pooled
        expected = sklearn_figures(list(labelled.frame["label"][mask]), scores[mask], threshold)
        assert pooled["n"] == mask.sum()
        assert pooled["roc_auc"] == pytest.approx(expected["roc_auc"], abs=1e-4)


def test_curves_agree_with_sklearn() -> None:
    rng = np.random.default_rng(3)
    labels = rng.choice(["filler", "news"], size=500)
    scores = np.clip(rng.normal(np.where(labels == "filler", 0.65, 0.35), 0.2), 0, 1)
    y = (labels == "filler").astype(int)
    curves = report_curves(labels, scores, bins=10, max_points=50)
    rate, mean = calibration_curve(y, scores, n_bins=10, strategy="uniform")
    bins = curves["calibration"]
    assert [b["filler_rate"] for b in bins] == pytest.approx(rate, abs=1e-4)
    assert [b["mean_score"] for b in bins] == pytest.approx(mean, abs=1e-4)
    assert sum(b["n"] for b in bins) == len(scores)
    precision, recall, _ = precision_recall_curve(y, scores)
    pr = curves["precision_recall"]
    assert len(pr["precision"]) == 50
    # The thinned curve keeps both ends and only points of sklearn's curve.
    assert (pr["precision"][0], pr["recall"][0]) == pytest.approx((precision[0], recall[0]))
    assert (pr["precision"][-1], pr["recall"][-1]) == (1.0, 0.0)
    assert set(zip(pr["precision"], pr["recall"], strict=True)) <= {
        (round(float(p), 4), round(float(r), 4)) for p, r in zip(precision, recall, strict=True)
    }
    histogram = curves["histogram"]
    assert sum(histogram["filler"]) == y.sum() and sum(histogram["news"]) == len(y) - y.sum()


@pytest.mark.parametrize(
    ("labels", "classes", "kept", "absent"),
    [
        (["filler"] * 4, "filler", {"recall", "filler_share", "brier"}, {"precision", "f1"}),
        (["news"] * 4, "news", {"filler_share", "brier"}, {"precision", "recall", "f1"}),
    ],
)
def test_one_class_sets_give_no_meaningless_figures(
    labels: list[str], classes: str, kept: set[str], absent: set[str]
) -> None:
    scores = np.array([0.1, 0.4, 0.6, 0.9])
    metrics = report_metrics(labels, scores, 0.5)
    assert metrics["classes"] == classes
    assert all(metrics[key] is None for key in absent | {"roc_auc", "average_precision"})
    assert all(metrics[key] is not None for key in kept)
    assert metrics["filler_share"] == 0.5
    if classes == "filler":
        assert metrics["recall"] == metrics["filler_share"]
    assert report_curves(labels, scores)["precision_recall"] is None


def test_transfer_sets_are_summed_up_by_the_figure_they_can_give(
    small_model: TeaserModel, files: dict[str, Path]
) -> None:
    sets = [
        EvaluationSet(name, file_evaluation_set(files[name]).frame, "transfer", "test")
        for name in ("both.csv", "news.jsonl", "filler.csv")
    ]
    report = evaluation_report(small_model, sets, {"absent": "not found"})
    headlines = {name: report["sets"][name]["headline"]["name"] for name in report["transfer"]}
    assert headlines == {
        "both.csv": "ROC-AUC",
        "news.jsonl": "share scored filler",
        "filler.csv": "filler recall",
    }
    assert report["languages"] == {}  # transfer sets are never pooled with held-out ones
    assert report["skipped"] == {"absent": "not found"}


def evaluate(runner: CliRunner, model_dir: Path, *args: str):
    return runner.invoke(main, ["evaluate", "--model", str(model_dir), *args])


def test_report_folder(small_model_dir: Path, files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "report"
    inputs = [str(files[n]) for n in ("both.csv", "news.jsonl", "filler.csv", "bad.csv")]
    result = evaluate(CliRunner(), small_model_dir, *inputs, "--report", str(out))
    assert result.exit_code == EXIT_SOME_INPUTS_FAILED, result.output
    assert "bad.csv:3: label 'peut-être'" in result.stderr
    assert "report written to" in result.stderr

    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert set(metrics) == {
        "format",
        "created",
        "model",
        "sets",
        "languages",
        "transfer",
        "skipped",
        "real_pages",
    }
    assert list(metrics["sets"]) == inputs[:3]
    assert list(metrics["skipped"]) == [inputs[3]]
    assert set(metrics["languages"]) == {"en", "fr"}
    for entry in metrics["sets"].values():
        assert entry["kind"] == "file"
        assert set(entry) >= {"metrics", "curves", "groups", "source", "languages"}
    classes = [metrics["sets"][name]["metrics"]["classes"] for name in inputs[:3]]
    assert classes == ["both", "news", "filler"]
    # stdout: the same figures, without the curves.
    printed = json.loads(result.stdout)
    assert printed[inputs[0]]["all"] == metrics["sets"][inputs[0]]["metrics"]

    html = (out / "index.html").read_text(encoding="utf-8")
    assert_self_contained(html)
    assert html.count("data:image/png;base64,") >= 5
    for name in ("Per language", "bad.csv", "confusion"):
        assert name in html
    pngs = sorted(out.glob("*.png"))
    expected = {"overview-precision-recall.png", "overview-calibration.png"}
    assert expected <= {p.name for p in pngs}
    for png in pngs:
        assert_png(png)


def test_table_format_lists_every_set(small_model_dir: Path, files: dict[str, Path]) -> None:
    result = evaluate(
        CliRunner(env={"COLUMNS": "250"}),
        small_model_dir,
        "--format",
        "table",
        str(files["both.csv"]),
        str(files["news.jsonl"]),
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "roc_auc" in lines[0]
    assert any(line.startswith(f"{files['both.csv']} / fr") for line in lines)
    news_row = next(line for line in lines if line.startswith(str(files["news.jsonl"])))
    assert "–" in news_row  # no precision on a news-only set


def test_report_without_matplotlib_is_a_clear_error(
    small_model_dir: Path, files: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    result = evaluate(
        CliRunner(), small_model_dir, str(files["both.csv"]), "--report", str(tmp_path / "r")
    )
    assert result.exit_code == EXIT_MODEL
    assert "pip install 'clickbait[report]'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "r").exists()


def test_corpora_absent_from_shared_are_skipped_with_a_note(
    small_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLICKBAIT_SHARED", str(tmp_path / "nothing-here"))
    result = evaluate(CliRunner(), small_model_dir)
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert list(printed) == ["team-fr", "team-en"]
    for name in ("stop-clickbait", "orangesum-fr", "native-ads-en", "obsinfox-fr"):
        assert f"skipped {name}:" in result.stderr
    # Team corpora are broken down by kind of filler and news section.
    assert len(printed["team-fr"]) > 10


@pytest.mark.shared
@pytest.mark.slow  # scores every corpus, 3,000 rows and more each: about 20 s
def test_report_on_every_corpus(small_model_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "report"
    result = evaluate(CliRunner(), small_model_dir, "--report", str(out))
    assert result.exit_code == 0, result.output
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["skipped"] == {}
    # Real teasers first, then the readings, third-party sets, and team-written sets last.
    assert list(metrics["sets"]) == [
        "real-teasers",
        "real2-teasers",
        "stop-clickbait-read",
        "orangesum-read",
        "outbrain-read",
        "stop-clickbait",
        "orangesum-fr",
        "native-ads-en",
        "ta1c-es",
        "roclico-ro",
        "obsinfox-fr",
        "team-fr",
        "team-en",
    ]
    transfer = ["outbrain-read", "native-ads-en", "ta1c-es", "roclico-ro", "obsinfox-fr"]
    assert metrics["transfer"] == transfer
    figures = {n: metrics["sets"][n]["headline"]["name"] for n in metrics["transfer"]}
    assert figures == {
        "outbrain-read": "ROC-AUC",
        "native-ads-en": "filler recall",
        "ta1c-es": "ROC-AUC",
        "roclico-ro": "ROC-AUC",
        "obsinfox-fr": "share scored filler",
    }
    # Languages pool the held-out sets only: no Spanish or Romanian.
    assert set(metrics["languages"]) == {"de", "en", "fr"}
    assert metrics["languages"]["fr"]["sets"] == [
        "real-teasers",
        "real2-teasers",
        "orangesum-read",
        "orangesum-fr",
        "team-fr",
    ]
    # The figures that decide: held-out sites of the real page corpora, per language.
    assert set(metrics["real_pages"]["by_language"]) == {"de", "en", "fr", "all"}
    assert metrics["real_pages"]["by_language"]["all"]["sites"] >= 20
    assert metrics["sets"]["orangesum-fr"]["metrics"]["precision"] is None
    assert "annotator majority" in next(iter(metrics["sets"]["obsinfox-fr"]["groups"]))
    html = (out / "index.html").read_text(encoding="utf-8")
    assert_self_contained(html)
    assert "Transfer sets" in html


def report_of(small_model: TeaserModel, files: dict[str, Path], *names: str) -> dict:
    sets = [file_evaluation_set(files[name]) for name in names]
    return evaluation_report(small_model, sets)


def test_groups_of_fewer_than_5_rows_are_left_out(
    small_model: TeaserModel, files: dict[str, Path]
) -> None:
    from clickbait.reporting import evaluation_html

    report = report_of(small_model, files, "both.csv")
    entry = report["sets"][str(files["both.csv"])]
    entry["groups"]["tiny"] = {**entry["groups"]["en"], "n": 4}
    html = evaluation_html(report, {})
    assert "<td>en</td>" in html and "<td>tiny</td>" not in html
    assert "1 group(s) of fewer than 5 rows not shown" in html


def test_every_column_of_the_language_table_has_a_header(
    small_model: TeaserModel, files: dict[str, Path]
) -> None:
    import re

    from clickbait.reporting import evaluation_html

    html = evaluation_html(report_of(small_model, files, "both.csv"), {})
    table = html.split("<h2>Per language</h2>", 1)[1].split("</table>", 1)[0]
    headers = re.findall(r"<th[^>]*>([^<]*)</th>", table)
    first_row = table.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    assert all(headers) and len(headers) == first_row.count("<td")


def test_sets_keep_the_order_the_report_gives(
    small_model: TeaserModel, files: dict[str, Path]
) -> None:
    from clickbait.reporting import evaluation_html

    report = report_of(small_model, files, "news.jsonl", "both.csv", "filler.csv")
    html = evaluation_html(report, {})
    positions = [html.index(f"<td>{name}</td>") for name in report["sets"]]
    assert positions == sorted(positions)
    assert next(iter(report["sets"])).endswith("news.jsonl")


def test_a_report_into_an_old_folder_removes_its_old_charts(
    small_model: TeaserModel, files: dict[str, Path], tmp_path: Path
) -> None:
    from clickbait.reporting import write_evaluation_report

    out = tmp_path / "report"
    write_evaluation_report(report_of(small_model, files, "news.jsonl"), out)
    (old,) = (p.name for p in out.glob("*.png"))
    (out / "photo.png").write_bytes((out / old).read_bytes())
    write_evaluation_report(report_of(small_model, files, "filler.csv"), out)
    (new,) = (p.name for p in out.glob("*.png") if p.name != "photo.png")
    assert "news-jsonl" in old and "filler-csv" in new  # the old report's chart is gone
    assert (out / "photo.png").is_file()  # a picture of someone else's stays
    html = (out / "index.html").read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == 1


def test_a_folder_that_holds_no_report_keeps_its_files(
    small_model: TeaserModel, files: dict[str, Path], tmp_path: Path
) -> None:
    from clickbait.reporting import write_evaluation_report

    out = tmp_path / "pictures"
    out.mkdir()
    (out / "holiday-scores.png").write_bytes(b"not ours")
    write_evaluation_report(report_of(small_model, files, "filler.csv"), out)
    assert (out / "holiday-scores.png").read_bytes() == b"not ours"


def test_calibration_lines_break_at_empty_bins() -> None:
    from clickbait.reporting.charts import _runs

    bins = [
        {"lower": 0.0, "upper": 0.1},
        {"lower": 0.1, "upper": 0.2},
        {"lower": 0.5, "upper": 0.6},
        {"lower": 0.9, "upper": 1.0},
    ]
    assert [[b["lower"] for b in run] for run in _runs(bins)] == [[0.0, 0.1], [0.5], [0.9]]


def test_transfer_sets_get_their_own_overview(
    small_model: TeaserModel, files: dict[str, Path]
) -> None:
    from clickbait.reporting import evaluation_charts

    frame = file_evaluation_set(files["both.csv"]).frame.drop(columns="lang")
    transfer = EvaluationSet("transfer.csv", frame, "transfer", "test")
    charts = evaluation_charts(evaluation_report(small_model, [transfer]))
    assert "overview-transfer-precision-recall.png" in charts
    assert "overview-transfer-calibration.png" in charts
    assert "overview-precision-recall.png" not in charts  # held-out sets only
