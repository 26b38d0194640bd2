"""The training config is read strictly: every bad key or value is named, with what it allows."""

from __future__ import annotations

import re
import tomllib
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from clickbait.cli import EXIT_MODEL, main
from clickbait.config import (
    MODEL_VALUES,
    CorpusUse,
    FileUse,
    ThresholdRule,
    TrainingConfig,
)
from clickbait.persist import default_model_dir
from clickbait.pipeline import PipelineParams

BASE: dict[str, Any] = {"corpora": {"team-fr": {}}}
README = Path(__file__).parent.parent / "README.md"


def refused(tmp_path: Path, text: str) -> str:
    """The error message of reading ``text`` as a config file."""
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError) as caught:
        TrainingConfig.from_file(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: "), message
    assert "\n" not in message
    return message.removeprefix(f"{path}: ")


TEAM = "[corpora.team-fr]\n"


@pytest.mark.parametrize(
    ("text", "key", "allowed"),
    [
        ("wieght = 2\n" + TEAM, "wieght", "name, seed, calibrate, calibrate_on, threshold, model"),
        (TEAM + "wieght = 2\n", "corpora.team-fr.wieght", "weight, train_splits, eval_splits"),
        (TEAM + "[model]\nngrams = [1, 2]\n", "model.ngrams", "word_ngrams, char_ngrams"),
        (
            '[[files]]\npath = "a.csv"\nlang = "fr"\nweigth = 2\n',
            "files[0].weigth",
            "path, lang, weight",
        ),
        (TEAM + "[evaluation]\ncorpus = []\n", "evaluation.corpus", "corpora"),
        (TEAM + "[source_checks]\nnames = []\n", "source_checks.names", "corpora"),
        (TEAM + "[threshold]\nrecall = 0.9\n", "threshold.recall", "filler_precision"),
        (TEAM + "[card]\nnote = []\n", "card.note", "notes"),
    ],
)
def test_unknown_keys_are_named_with_the_allowed_ones(
    tmp_path: Path, text: str, key: str, allowed: str
) -> None:
    assert refused(tmp_path, text).startswith(f"{key}: unknown key; allowed: {allowed}")


@pytest.mark.parametrize(
    ("text", "key", "allowed"),
    [
        (TEAM + 'weight = "heavy"\n', "corpora.team-fr.weight", "must be a number > 0"),
        (TEAM + "weight = 0\n", "corpora.team-fr.weight", "must be a number > 0"),
        (TEAM + "weight = true\n", "corpora.team-fr.weight", "must be a number > 0"),
        (TEAM + "weight = nan\n", "corpora.team-fr.weight", "must be a number > 0"),
        (TEAM + "holdout = 1\n", "corpora.team-fr.holdout", "must be a number from 0"),
        (TEAM + 'holdout = "0.2"\n', "corpora.team-fr.holdout", "must be a number from 0"),
        (TEAM + "max_rows = 0\n", "corpora.team-fr.max_rows", "must be a whole number >= 1"),
        (TEAM + "max_rows = 2.5\n", "corpora.team-fr.max_rows", "must be a whole number >= 1"),
        (TEAM + 'train_splits = "train"\n', "corpora.team-fr.train_splits", "list of strings"),
        (TEAM + "eval_splits = [1]\n", "corpora.team-fr.eval_splits", "list of strings"),
        ("[corpora.nope]\n", "corpora.nope", "unknown corpus (known: team-fr, team-en"),
        ("[corpora.roclico-ro]\n", "corpora.roclico-ro", "may not train a model"),
        ('corpora = ["team-fr"]\n', "corpora", "must be a table [corpora]"),
        ("corpora.team-fr = 3\n", "corpora.team-fr", "must be a table [corpora.team-fr]"),
        (TEAM + "[model]\nC = 'big'\n", "model.C", "must be a number > 0"),
        (TEAM + "[model]\nC = 0\n", "model.C", "must be a number > 0"),
        (TEAM + "[model]\nstyle_weight = -1\n", "model.style_weight", "must be a number > 0"),
        (TEAM + "[model]\nword_ngrams = [2, 1]\n", "model.word_ngrams", "1 <= low <= high"),
        (TEAM + "[model]\nchar_ngrams = [3]\n", "model.char_ngrams", "[low, high]"),
        (TEAM + '[model]\nword_ngrams = "1,2"\n', "model.word_ngrams", "[low, high]"),
        (TEAM + '[model]\nchar_columns = ["title"]\n', "model.char_columns", '"headline"'),
        (TEAM + '[model]\nstyle = "yes"\n', "model.style", "must be true or false"),
        (TEAM + "[model]\nmin_df = 0.5\n", "model.min_df", "must be a whole number >= 1"),
        (TEAM + "[model]\nmax_iter = true\n", "model.max_iter", "must be a whole number >= 1"),
        (TEAM + "[model]\nmax_word_features = 0\n", "model.max_word_features", "whole number"),
        (TEAM + "[model]\nmax_char_features = '9'\n", "model.max_char_features", "whole number"),
        (TEAM + '[model]\nclass_weight = "none"\n', "model.class_weight", '"balanced"'),
        (TEAM + '[model]\nclassifier = "svm"\n', "model.classifier", "one of logistic, sgd_"),
        (TEAM + '[model]\nclassifier = "complement_nb"\n', "model.style", "must be false"),
        (
            TEAM + '[model]\nclassifier = "complement_nb"\nword_vectors = "bad.toml"\n',
            "model.word_vectors",
            "must be left out",
        ),
        (
            TEAM + "[model]\nword_ngrams = []\nchar_ngrams = []\nstyle = false\n",
            "model",
            "leaves no features",
        ),
        ("seed = -1\n" + TEAM, "seed", "must be a whole number from 0 to 4294967295"),
        ('seed = "13"\n' + TEAM, "seed", "must be a whole number"),
        ("seed = 1.5\n" + TEAM, "seed", "must be a whole number"),
        ('calibrate = "yes"\n' + TEAM, "calibrate", "must be true or false"),
        ("name = 3\n" + TEAM, "name", "must be a non-empty string"),
        ("model = 3\n" + TEAM, "model", "must be a table [model]"),
        (TEAM + '[card]\nnotes = "one"\n', "card.notes", "must be a list of strings"),
        ('[[files]]\nlang = "fr"\n', "files[0].path", "missing"),
        ('[[files]]\npath = "a.csv"\nlang = 2\n', "files[0].lang", "non-empty string"),
        ('[[files]]\npath = "a.csv"\nlang = "fr"\nweight = "x"\n', "files[0].weight", "> 0"),
        ('[[files]]\npath = "a.csv"\nlang = "fr"\nholdout = -0.1\n', "files[0].holdout", "0"),
        ('files = "a.csv"\n' + TEAM, "files", "must be [[files]] entries"),
        (
            TEAM + '[evaluation]\ncorpora = "native-ads-en"\n',
            "evaluation.corpora",
            "list of strings",
        ),
        (TEAM + '[evaluation]\ncorpora = ["nope"]\n', "evaluation.corpora", "unknown corpus"),
        (TEAM + '[evaluation]\ncorpora = ["team-fr"]\n', "evaluation.corpora", "trains the model"),
        (
            TEAM + '[source_checks]\ncorpora = ["team-en"]\n',
            "source_checks.corpora",
            "not one of the training corpora",
        ),
        ("threshold = 1.5\n" + TEAM, "threshold", "must be a number between 0 and 1"),
        (TEAM + "[threshold]\n", "threshold", "needs exactly one of"),
        (TEAM + "[model]\nchar_ngrams = [2, 50]\n", "model.char_ngrams", "<= 20"),
        ('calibrate_on = ["team-fr"]\n' + TEAM, "calibrate_on", "needs calibrate = true"),
        (
            'calibrate = true\ncalibrate_on = ["team-en"]\n' + TEAM,
            "calibrate_on",
            "not one of the training corpora",
        ),
        (
            TEAM + '[threshold]\nmax_news_flagged = 0.03\ncorpora = ["nope"]\n',
            "threshold.corpora",
            "unknown corpus",
        ),
        (
            TEAM + "[threshold]\nfiller_precision = 1.2\n",
            "threshold.filler_precision",
            "must be a number between 0 and 1",
        ),
    ],
)
def test_bad_values_are_named_with_what_is_allowed(
    tmp_path: Path, text: str, key: str, allowed: str
) -> None:
    message = refused(tmp_path, text)
    assert message.startswith(f"{key}: "), message
    assert allowed in message, message


def test_the_value_found_is_quoted() -> None:
    with pytest.raises(ValueError, match=r"corpora\.team-fr\.weight: .* \(found 'heavy'\)$"):
        TrainingConfig.from_dict({"corpora": {"team-fr": {"weight": "heavy"}}})


@pytest.mark.parametrize(
    ("text", "problem"),
    [("[corpora.team-fr\n", "not valid TOML"), (None, "training config not found")],
)
def test_unreadable_config_files(tmp_path: Path, text: str | None, problem: str) -> None:
    path = tmp_path / "train.toml"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=f"^{re.escape(str(path))}: {problem}"):
        TrainingConfig.from_file(path)


def test_good_values_are_read_as_given(tmp_path: Path) -> None:
    path = tmp_path / "train.toml"
    path.write_text(
        'name = "mine"\nseed = 7\ncalibrate = true\nthreshold = "max_f1"\n'
        "[model]\nword_ngrams = [1, 3]\nchar_ngrams = []\nchar_columns = []\nstyle = false\n"
        'C = 2\nmin_df = 1\nmax_iter = 50\nclassifier = "complement_nb"\n'
        "[corpora.team-fr]\nweight = 2\nholdout = 0\nmax_rows = 10\n"
        '[corpora.team-en]\ntrain_splits = ["train", "test"]\neval_splits = []\n'
        '[[files]]\npath = "mine.csv"\nlang = "fr"\nweight = 0.5\nholdout = 0.3\n'
        '[evaluation]\ncorpora = ["ta1c-es"]\n[source_checks]\ncorpora = ["team-en"]\n',
        encoding="utf-8",
    )
    config = TrainingConfig.from_file(path)
    assert (config.seed, config.calibrate, config.threshold) == (
        7,
        True,
        ThresholdRule("max_f1", None),
    )
    assert config.params == PipelineParams(
        word_ngrams=(1, 3),
        char_ngrams=None,
        char_columns=None,
        style=False,
        C=2,
        min_df=1,
        max_iter=50,
        classifier="complement_nb",
    )
    assert config.corpora == (
        CorpusUse("team-fr", weight=2.0, holdout=0.0, max_rows=10),
        CorpusUse("team-en", train_splits=("train", "test"), eval_splits=()),
    )
    assert config.files == (FileUse(tmp_path / "mine.csv", "fr", 0.5, 0.3),)
    assert (config.evaluation, config.source_checks) == (("ta1c-es",), ("team-en",))


@pytest.mark.parametrize(
    ("value", "goal", "number"),
    [
        (0.4, "fixed", 0.4),
        ("auto", "max_f1", None),
        ("max_f1", "max_f1", None),
        ({"filler_precision": 0.95}, "min_precision", 0.95),
        ({"max_news_flagged": 0.03}, "max_news_flagged", 0.03),
    ],
)
def test_threshold_rules_from_config(value: object, goal: str, number: float | None) -> None:
    config = TrainingConfig.from_dict({**BASE, "threshold": value})
    assert config.threshold == ThresholdRule(goal, number)


def test_a_threshold_rule_may_name_the_corpora_it_is_measured_on() -> None:
    value = {"max_news_flagged": 0.03, "corpora": ["real-teasers", "real2-teasers"]}
    config = TrainingConfig.from_dict({**BASE, "threshold": value})
    assert config.threshold == ThresholdRule(
        "max_news_flagged", 0.03, ("real-teasers", "real2-teasers")
    )


@pytest.mark.parametrize(
    "value",
    [
        0,
        1,
        1.5,
        "best",
        True,
        {"filler_precision": 1.2},
        {"recall": 0.9},
        {"filler_precision": 0.9, "max_news_flagged": 0.03},
        {"max_news_flagged": 0.03, "corpora": "real-teasers"},
    ],
)
def test_bad_threshold_rules_are_refused(value: object) -> None:
    with pytest.raises(ValueError, match=r"config: threshold(\.\w+)?: "):
        TrainingConfig.from_dict({**BASE, "threshold": value})


def test_every_model_parameter_has_a_check() -> None:
    assert set(MODEL_VALUES) == {f.name for f in fields(PipelineParams)}


def test_a_word_vector_table_is_found_beside_the_config_or_refused(tmp_path: Path) -> None:
    (tmp_path / "vectors").mkdir()
    (tmp_path / "vectors" / "t.npz").write_bytes(b"")
    (tmp_path / "ok.toml").write_text(
        TEAM + '[model]\nword_vectors = "vectors/t.npz"\nword_vectors_weight = 2\n',
        encoding="utf-8",
    )
    params = TrainingConfig.from_file(tmp_path / "ok.toml").params
    assert params.word_vectors == str((tmp_path / "vectors" / "t.npz").resolve())
    assert params.word_vectors_weight == 2
    message = refused(tmp_path, TEAM + '[model]\nword_vectors = "missing.npz"\n')
    assert message.startswith("model.word_vectors: names no file") and "missing.npz" in message


def test_the_shipped_config_and_the_readme_examples_are_accepted() -> None:
    shipped = TrainingConfig.from_file(default_model_dir() / "train.toml")
    assert shipped.calibrate and shipped.params.C == 4.0
    section = README.read_text(encoding="utf-8").split("\n## Training your own model\n")[1]
    first, others = re.findall(r"^```toml\n(.*?)^```", section, re.MULTILINE | re.DOTALL)[:2]
    TrainingConfig.from_dict(tomllib.loads(first))
    # The second example lists keys only: it needs the corpora it names.
    TrainingConfig.from_dict(
        tomllib.loads(
            others
            + "[corpora.team-fr]\n[corpora.stop-clickbait]\n"
            + "[corpora.real-teasers]\n[corpora.real2-teasers]\n"
        )
    )


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (TEAM + "wieght = 2\n", "corpora.team-fr.wieght: unknown key; allowed: weight,"),
        (TEAM + "[model]\nC = 'big'\n", "model.C: must be a number > 0 (found 'big')"),
        ("[corpora.team-fr\n", "not valid TOML"),
    ],
)
def test_train_with_a_bad_config_says_so_in_one_line(
    runner: CliRunner, tmp_path: Path, text: str, message: str
) -> None:
    config = tmp_path / "bad.toml"
    config.write_text(text, encoding="utf-8")
    result = runner.invoke(
        main, ["train", "--config", str(config), "--output", str(tmp_path / "m")]
    )
    assert result.exit_code == EXIT_MODEL
    assert result.stderr.startswith(f"clickbait: {config}: ")
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "m").exists()
