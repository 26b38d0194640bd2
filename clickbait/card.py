"""Render a model's manifest as a short Markdown model card."""

from __future__ import annotations

from typing import Any


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def render_markdown(manifest: dict[str, Any]) -> str:
    """The model card: what it was trained on, how well it does, and where it falls short."""
    card = manifest.get("card", {})
    versions = manifest.get("versions", {})
    lines = [
        f"# Model card: {card.get('name', 'clickbait')}",
        "",
        "Logistic regression over TF-IDF (words and characters, headline and snippet) and "
        "style features. Output: probability that a teaser is filler (clickbait, content-farm "
        "bait, native ads) rather than news.",
        "",
        f"- Created: {manifest.get('created', '?')}",
        f"- Threshold: {manifest.get('threshold')} "
        f"({card.get('threshold_choice', {}).get('method', 'fixed')})",
        "- Versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()),
        f"- Model file sha256: `{manifest.get('sha256', '?')}`",
        f"- Training time: {card.get('train_seconds', '?')} s",
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
        "## Held-out metrics",
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
