"""Render a model's manifest as a short Markdown model card."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


_CLASSIFIER_NAMES = {
    "logistic": "Logistic regression",
    "sgd_modified_huber": "A linear model trained by SGD (modified Huber loss)",
    "complement_nb": "Complement naive Bayes",
}


def _model_sentence(model: dict[str, Any]) -> str:
    """What the model is, from the ``[model]`` section of its training config."""
    parts = []
    if model.get("word_ngrams", True):
        parts.append("words")
    if model.get("char_ngrams", True):
        parts.append("characters")
    features = f"TF-IDF ({' and '.join(parts)}, headline and snippet)" if parts else ""
    if model.get("word_vectors"):
        table = Path(str(model["word_vectors"])).name
        vectors = f"mean word vectors of headline and snippet ({table})"
        features = f"{features}, {vectors}" if features else vectors
    if model.get("style", True):
        features = f"{features} and style features" if features else "style features"
    name = _CLASSIFIER_NAMES.get(str(model.get("classifier", "logistic")), "A linear model")
    return f"{name} over {features}."


def render_markdown(manifest: dict[str, Any]) -> str:
    """The model card: what it was trained on, how well it does, and where it falls short."""
    card = manifest.get("card", {})
    versions = manifest.get("versions", {})
    lines = [
        f"# Model card: {card.get('name', 'clickbait')}",
        "",
        _model_sentence(card.get("config", {}).get("model", {}))
        + " Output: probability that a teaser is filler (clickbait, content-farm bait, "
        "native ads) rather than news" + (", calibrated." if manifest.get("calibration") else "."),
        "",
        f"- Created: {manifest.get('created', '?')}",
        f"- Threshold: {manifest.get('threshold')} "
        f"({card.get('threshold_choice', {}).get('method', 'fixed')})",
        "- Versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()),
        f"- Model file sha256: `{manifest.get('sha256', '?')}`",
        f"- Training time: {card.get('train_seconds', '?')} s",
    ]
    lines += _real_page_lines(card) + _own_label_lines(card)
    lines += [
        "",
        "## Training data",
        "",
        "| corpus | filler | news |",
        "|---|---|---|",
    ]
    for corpus, counts in card.get("training_rows", {}).items():
        lines.append(f"| {corpus} | {counts.get('filler', 0)} | {counts.get('news', 0)} |")
    lines += [
        "",
        "## Held-out metrics of each corpus",
        "",
        "Team-written corpora (`team-fr`, `team-en`) are unit tests of the writing brief, not "
        "evidence of how the model does on real pages; the figures that decide are above.",
        "",
        "| set | n | filler | precision | recall | F1 | ROC-AUC | scored filler |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, groups in card.get("metrics", {}).items():
        m = dict(groups["all"])
        if m["n_filler"] == 0:  # a news-only set: only the false-alarm share means anything
            m.update(precision=None, recall=None, f1=None)
        lines.append(
            f"| {name} | {m['n']} | {m['n_filler']} | {_fmt(m['precision'])} | {_fmt(m['recall'])} "
            f"| {_fmt(m['f1'])} | {_fmt(m['roc_auc'])} | {_fmt(m['filler_share'])} |"
        )
    by_language = card.get("metrics_by_language", {})
    if by_language:
        lines += [
            "",
            "### Per language (held-out rows of the training corpora)",
            "",
            "| language | n | filler | precision | recall | F1 | ROC-AUC |",
            "|---|---|---|---|---|---|---|",
        ]
        for lang, m in by_language.items():
            lines.append(
                f"| {lang} | {m['n']} | {m['n_filler']} | {_fmt(m['precision'])} "
                f"| {_fmt(m['recall'])} | {_fmt(m['f1'])} | {_fmt(m['roc_auc'])} |"
            )
    for name, groups in card.get("metrics", {}).items():
        per = {k: v for k, v in groups.items() if k != "all"}
        if not per:
            continue
        lines += [
            "",
            f"### {name}: per kind of filler and news section",
            "",
            "Share labelled right: filler caught for a kind of filler, news kept for a "
            "news section.",
            "",
            "| category | class | n | labelled right |",
            "|---|---|---|---|",
        ]
        for category, m in per.items():
            if m["n_filler"] == m["n"]:
                lines.append(f"| {category} | filler | {m['n']} | {_fmt(m['recall'])} |")
            elif m["n_filler"] == 0:
                kept = 1.0 - float(m["filler_share"] or 0.0)
                lines.append(f"| {category} | news | {m['n']} | {_fmt(kept)} |")
            else:
                lines.append(f"| {category} | both | {m['n']} | F1 {_fmt(m['f1'])} |")
    lines += _threshold_lines(card) + _calibration_lines(card) + _source_check_lines(card)
    seed = card.get("seed_page")
    if seed:
        lines += [
            "",
            "## Seed page",
            "",
            f"{seed['found']} of {seed['expected']} teasers found "
            f"({'in order' if seed['in_order'] else 'NOT in order'}); "
            f"{seed['correct']} labelled as in labels.tsv.",
        ]
    notes = card.get("notes")
    if notes:
        lines += ["", "## Notes and limits", "", *[f"- {n}" for n in notes]]
    lines += ["", "## Data checksums (sha256)", ""]
    for corpus, files in card.get("data_sha256", {}).items():
        for name, digest in files.items():
            lines.append(f"- {corpus}/{name}: `{digest}`")
    return "\n".join(lines) + "\n"


def _threshold_lines(card: dict[str, Any]) -> list[str]:
    choice = card.get("threshold_choice", {})
    at, half = choice.get("out_of_fold_at_threshold"), choice.get("out_of_fold_at_0.5")
    if not at or not half:
        return []
    lines = [
        "",
        "## Threshold",
        "",
        f"Chosen as the {choice['method']}.",
        "",
        "| threshold | precision | recall | F1 | news called filler |",
        "|---|---|---|---|---|",
        f"| {_fmt(card.get('threshold'))} | {_fmt(at['precision'])} | {_fmt(at['recall'])} "
        f"| {_fmt(at['f1'])} | {_fmt(at.get('news_flagged'))} |",
        f"| 0.5 | {_fmt(half['precision'])} | {_fmt(half['recall'])} | {_fmt(half['f1'])} "
        f"| {_fmt(half.get('news_flagged'))} |",
    ]
    by_language = choice.get("out_of_fold_by_language", {})
    if by_language:
        lines += ["", "At the threshold, per language:", ""]
        lines += [
            "| language | precision | recall | F1 | news called filler |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| {lang} | {_fmt(m['precision'])} | {_fmt(m['recall'])} | {_fmt(m['f1'])} "
            f"| {_fmt(m.get('news_flagged'))} |"
            for lang, m in by_language.items()
        ]
    return lines


def _calibration_lines(card: dict[str, Any]) -> list[str]:
    calibration = card.get("calibration")
    if not calibration:
        return []
    before, after = calibration["out_of_fold_before"], calibration["out_of_fold_after"]
    lines = [
        "",
        "## Calibration",
        "",
        f"Sigmoid (Platt) scaling, slope {calibration['slope']:.3f}, intercept "
        f"{calibration['intercept']:.3f}, fitted on {calibration['fitted_on']}. On those "
        f"scores, Brier score {before['brier']:.3f} before and {after['brier']:.3f} after; "
        f"expected calibration error {before['ece']:.3f} before and {after['ece']:.3f} after.",
        "",
        "Reliability after calibration (equal-width bins of the score):",
        "",
        "| scores in | teasers | mean score | share filler |",
        "|---|---|---|---|",
    ]
    for point in after["curve"]:
        lines.append(
            f"| {point['lower']:.1f}–{point['upper']:.1f} | {point['n']} "
            f"| {point['mean_score']:.3f} | {point['filler_rate']:.3f} |"
        )
    return lines


def _source_check_lines(card: dict[str, Any]) -> list[str]:
    checks = card.get("source_checks")
    if not checks:
        return []
    full = card.get("metrics", {})
    lines = [
        "",
        "## Source checks",
        "",
        "Each training corpus left out in turn: a model trained on the others, tested on "
        "the left-out corpus's held-out rows, against the full model on the same rows. A "
        "large drop means the full model's figure owes much to that source's own style.",
        "",
        "| left out | trained on | F1 without | F1 with | ROC-AUC without | ROC-AUC with "
        "| scored filler without | scored filler with | real pages F1 without (fr / en / de) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, check in checks.items():
        m = dict(check["metrics"])
        w = dict(full.get(name, {}).get("all", {}))
        if m["n_filler"] == 0:
            m["f1"] = w["f1"] = None
        lines.append(
            f"| {name} | {', '.join(check['trained_on'])} | {_fmt(m['f1'])} | {_fmt(w.get('f1'))} "
            f"| {_fmt(m['roc_auc'])} | {_fmt(w.get('roc_auc'))} | {_fmt(m['filler_share'])} "
            f"| {_fmt(w.get('filler_share'))} | {_real_f1s(check.get('real_pages', {}))} |"
        )
    real = card.get("real_pages", {}).get("by_language")
    if real:
        lines += [
            "",
            f"Real pages F1 of the full model (fr / en / de): {_real_f1s(real)}.",
        ]
    return lines


def _real_f1s(by_language: dict[str, Any]) -> str:
    return " / ".join(_fmt(by_language.get(lang, {}).get("f1")) for lang in ("fr", "en", "de"))


def _interval(values: list[float] | None) -> str:
    return f" [{_fmt(values[0])}, {_fmt(values[1])}]" if values else ""


def _own_label_lines(card: dict[str, Any]) -> list[str]:
    own = card.get("own_labels")
    if not own:
        return []
    lines = [
        "",
        "## Your own labels",
        "",
        "Labelled files of the config (`[[files]]`): the labels that trained the model, and "
        "its figures on the part held out. Where the rows name two sites or more, whole "
        "sites are held out, so these are figures on sites the model did not train on; the "
        "F1 interval (95%) resamples those sites.",
        "",
        "| file | trained filler / news | held out filler / news | split | filler F1 "
        "| precision | recall | news called filler |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, entry in own.items():
        trained, held = entry.get("trained", {}), entry.get("held_out", {})
        split = str(entry.get("split", "?"))
        if entry.get("held_out_sites"):
            split += f" ({len(entry['held_out_sites'])} of {entry.get('sites', '?')} sites)"
        elif entry.get("why"):
            split += f": {entry['why']}"
        m = entry.get("metrics")
        if m:
            figures = (
                f"{_fmt(m['f1'] if m['n_filler'] else None)}"
                f"{_interval(entry.get('f1_interval'))} | {_fmt(m['precision'])} "
                f"| {_fmt(m['recall'])} | {_fmt(entry.get('news_flagged'))}"
            )
        else:
            figures = "– | – | – | –"
        lines.append(
            f"| {name} | {trained.get('filler', 0)} / {trained.get('news', 0)} "
            f"| {held.get('filler', 0)} / {held.get('news', 0)} | {split} | {figures} |"
        )
    return lines


def _real_page_lines(card: dict[str, Any]) -> list[str]:
    real = card.get("real_pages")
    if not real:
        return []
    lines = [
        "",
        "## Real pages of sites the model never saw",
        "",
        f"Held-out sites of {', '.join(real['sets'])}: {real['about']}.",
        "",
        "| language | teasers | filler | sites | filler F1 | precision | recall "
        "| news called filler | ROC-AUC |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for lang, m in real["by_language"].items():
        lines.append(
            f"| {lang} | {m['n']} | {m['n_filler']} | {m['sites']} "
            f"| {_fmt(m['f1'])}{_interval(m['f1_interval'])} | {_fmt(m['precision'])} "
            f"| {_fmt(m['recall'])} | {_fmt(m['news_flagged'])}"
            f"{_interval(m['news_flagged_interval'])} | {_fmt(m['roc_auc'])} |"
        )
    calibration = real.get("calibration")
    if calibration:
        lines += [
            "",
            f"Calibration on these teasers: expected calibration error "
            f"{_fmt(calibration['ece'])}, Brier score {_fmt(calibration['brier'])}.",
            "",
            "| scores in | teasers | mean score | share filler |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| {b['lower']:.1f}–{b['upper']:.1f} | {b['n']} | {_fmt(b['mean_score'])} "
            f"| {_fmt(b['filler_rate'])} |"
            for b in calibration["curve"]
        ]
    kinds = real.get("by_kind", {})
    if kinds:
        lines += [
            "",
            "Per kind (at least 5 teasers): the share called filler, which is recall for a "
            "kind of filler and the false-alarm rate for a kind of news.",
            "",
            "| language | kind | class | teasers | sites | called filler |",
            "|---|---|---|---|---|---|",
        ]
        for lang, per in kinds.items():
            for kind, m in sorted(per.items(), key=lambda item: (item[1]["label"], item[0])):
                lines.append(
                    f"| {lang} | {kind} | {m['label']} | {m['n']} | {m['sites']} "
                    f"| {_fmt(m['called_filler'])} |"
                )
    return lines
