from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from clickbait.cli import EXIT_MODEL, EXIT_OK, EXIT_SOME_INPUTS_FAILED, EXIT_USAGE, main

from .conftest import FIXTURES, run_cli_listing_heavy_imports

EXAMPLE_PAGE = FIXTURES.parent.parent / "data" / "examples" / "page-fr.html"
README = FIXTURES.parent.parent / "README.md"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def score(runner: CliRunner, model_dir: Path, *args: str, stdin: bytes | None = None):
    return runner.invoke(main, ["score", "--model", str(model_dir), *args], input=stdin)


def jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def readme_commands() -> set[str]:
    """The commands listed at the top of the README's "Command line" section."""
    section = README.read_text(encoding="utf-8").split("\n## Command line\n", 1)[1]
    return set(re.findall(r"^clickbait (\w+)", section.split("\n## ", 1)[0], re.MULTILINE))


def test_the_registered_commands_are_the_documented_ones_and_all_listed(
    runner: CliRunner,
) -> None:
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    listed = result.output.split("\nCommands:\n", 1)[1].splitlines()
    assert set(main.commands) == readme_commands()
    assert {line.split()[0] for line in listed if line.strip()} == set(main.commands)


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help_with_its_exit_codes(runner: CliRunner, name: str) -> None:
    result = runner.invoke(main, [name, "--help"], prog_name="clickbait")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Usage: clickbait {name} ")
    epilog = result.output.split("Exit codes:\n", 1)[1]
    codes = [int(line.split()[0]) for line in epilog.splitlines() if line.strip()]
    assert codes[0] == EXIT_OK and EXIT_MODEL in codes
    reads_inputs = name != "train"
    assert (EXIT_SOME_INPUTS_FAILED in codes) == reads_inputs
    assert ("some inputs could not be read" in epilog) == reads_inputs


def test_score_page_as_jsonl(runner: CliRunner, small_model_dir: Path) -> None:
    result = score(runner, small_model_dir, str(EXAMPLE_PAGE))
    assert result.exit_code == 0, result.output
    records = jsonl(result.stdout)
    assert [r["index"] for r in records] == [0, 1, 2, 3, 4]
    assert {r["source"] for r in records} == {str(EXAMPLE_PAGE)}
    for record in records:
        assert {"source", "index", "headline", "snippet", "url", "score", "label"} <= set(record)
        assert 0 <= record["score"] <= 1
        assert record["label"] in {"filler", "news"}


def test_csv_and_table_formats(runner: CliRunner, small_model_dir: Path) -> None:
    as_csv = score(runner, small_model_dir, "--format", "csv", str(EXAMPLE_PAGE))
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert len(rows) == 5 and rows[0]["index"] == "0"
    table = runner.invoke(
        main,
        ["score", "--model", str(small_model_dir), "--format", "table", str(EXAMPLE_PAGE)],
        env={"COLUMNS": "200"},
    )
    assert table.exit_code == 0
    header, source, *rows = table.stdout.splitlines()
    assert header.split() == ["label", "score", "headline", "block"]
    assert source == f"source: {EXAMPLE_PAGE}"
    assert len(rows) == 5


def test_threshold_option(runner: CliRunner, small_model_dir: Path) -> None:
    result = score(runner, small_model_dir, "--threshold", "0", str(EXAMPLE_PAGE))
    assert {r["label"] for r in jsonl(result.stdout)} == {"filler"}
    bad = score(runner, small_model_dir, "--threshold", "2", str(EXAMPLE_PAGE))
    assert bad.exit_code == 2


@pytest.mark.parametrize("command", ["score", "evaluate", "report"])
@pytest.mark.parametrize("value", ["nan", "NaN", "-nan", "inf", "-0.1", "1.5", "abc"])
def test_a_threshold_outside_0_to_1_is_bad_usage(
    runner: CliRunner, small_model_dir: Path, tmp_path: Path, command: str, value: str
) -> None:
    labelled = tmp_path / "labelled.csv"
    labelled.write_text("headline,label\nUn titre,news\n")
    target = str(labelled if command == "evaluate" else EXAMPLE_PAGE)
    result = runner.invoke(
        main, [command, "--model", str(small_model_dir), "--threshold", value, target]
    )
    assert result.exit_code == EXIT_USAGE, result.output
    assert "--threshold" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("headline", "cell"),
    [
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ('=HYPERLINK("http://evil.example","clic")', '\'=HYPERLINK("http://evil.example","clic")'),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
        ("Le Sénat adopte le budget", "Le Sénat adopte le budget"),
        ("« -20 % » sur les prix", "« -20 % » sur les prix"),
    ],
)
def test_csv_cells_that_start_like_a_formula_are_neutralised(
    runner: CliRunner, small_model_dir: Path, tmp_path: Path, headline: str, cell: str
) -> None:
    table = tmp_path / "teasers.jsonl"
    table.write_text(json.dumps({"headline": headline, "snippet": "=1+1", "url": "@x"}) + "\n")
    scored = score(runner, small_model_dir, "--format", "csv", str(table))
    assert scored.exit_code == 0, scored.output
    (row,) = csv.DictReader(io.StringIO(scored.stdout))
    assert row["headline"] == cell
    assert (row["snippet"], row["url"]) == ("'=1+1", "'@x")
    assert float(row["score"]) >= 0  # numbers are left alone
    summary = runner.invoke(
        main, ["report", "--model", str(small_model_dir), "--format", "csv", str(table)]
    )
    rows = list(csv.DictReader(io.StringIO(summary.stdout)))
    assert all(re.match(r"[01]\.\d\d ", r["worst"]) for r in rows)  # "0.87 headline"
    jsonl_out = score(runner, small_model_dir, str(table))
    assert json.loads(jsonl_out.stdout)["headline"] == headline  # JSON Lines stay as read


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-", "-"),
        ("a=1", "a=1"),
        ("", ""),
        (-0.5, -0.5),
        (3, 3),
        (None, None),
    ],
)
def test_neutralise_cell(value: object, written: object) -> None:
    from clickbait.output import neutralise_cell

    assert neutralise_cell(value) == written


def test_stdin_keeps_its_name_in_csv(runner: CliRunner, small_model_dir: Path) -> None:
    result = score(runner, small_model_dir, "--format", "csv", "-", stdin=EXAMPLE_PAGE.read_bytes())
    assert {row["source"] for row in csv.DictReader(io.StringIO(result.stdout))} == {"-"}


def test_stdin(runner: CliRunner, small_model_dir: Path) -> None:
    result = score(runner, small_model_dir, "-", stdin=(FIXTURES / "scrape.txt").read_bytes())
    records = jsonl(result.stdout)
    assert len(records) == 3
    assert all(r["source"] == "-" for r in records)


def test_table_input_keeps_rows_in_order(
    runner: CliRunner, small_model_dir: Path, tmp_path: Path
) -> None:
    table = tmp_path / "teasers.jsonl"
    table.write_text(
        "\n".join(
            json.dumps({"headline": f"Titre numéro {i} du jour", "snippet": ""}) for i in range(30)
        )
    )
    records = jsonl(score(runner, small_model_dir, str(table)).stdout)
    assert [r["headline"] for r in records] == [f"Titre numéro {i} du jour" for i in range(30)]


def test_bad_files_are_reported_and_the_rest_scored(
    runner: CliRunner, small_model_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "crawl"
    folder.mkdir()
    (folder / "a.html").write_bytes(EXAMPLE_PAGE.read_bytes())
    (folder / "b.html").write_bytes(bytes(range(256)) * 4)
    (folder / "c.txt").write_bytes(b"")
    (folder / "d.html").symlink_to(folder / "missing.html")
    (folder / "e.txt").write_bytes((FIXTURES / "scrape.txt").read_bytes())
    result = score(runner, small_model_dir, str(folder))
    assert result.exit_code == EXIT_SOME_INPUTS_FAILED
    records = jsonl(result.stdout)
    assert sorted({Path(r["source"]).name for r in records}) == ["a.html", "e.txt"]
    assert len(records) == 5 + 3
    for name, reason in (("b.html", "binary"), ("c.txt", "empty"), ("d.html", "no such file")):
        assert f"{name}: {reason}" in result.stderr
    assert "Traceback" not in result.stderr
    assert "clickbait: 5 inputs: 2 scored, 3 failed; 8 teasers" in result.stderr


def test_quiet_keeps_the_summary(runner: CliRunner, small_model_dir: Path, tmp_path: Path) -> None:
    result = score(runner, small_model_dir, "--quiet", str(tmp_path / "nope.html"))
    assert result.exit_code == EXIT_SOME_INPUTS_FAILED
    assert "nope.html" not in result.stderr
    assert result.stderr.startswith("clickbait: 1 input: 0 scored, 1 failed; 0 teasers")
    assert len(result.stderr.splitlines()) == 1


def test_unloadable_model_exits_3_without_traceback(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["score", "--model", str(tmp_path / "none"), str(EXAMPLE_PAGE)])
    assert result.exit_code == EXIT_MODEL
    assert "cannot load the model" in result.stderr
    assert "Traceback" not in result.stderr


def test_evaluate_labelled_file(runner: CliRunner, small_model_dir: Path, tmp_path: Path) -> None:
    labelled = tmp_path / "labelled.csv"
    labelled.write_text(
        "headline,snippet,label\n"
        "Ce fruit que vous mangez chaque matin abîme vos artères,,filler\n"
        "Les 7 astuces de grand-mère pour un linge plus blanc,,filler\n"
        "Le Sénat adopte le budget de la Sécurité sociale mardi,,news\n"
        "La BCE maintient ses taux directeurs à 4 % selon Christine Lagarde,,news\n"
    )
    result = runner.invoke(main, ["evaluate", "--model", str(small_model_dir), str(labelled)])
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.stdout)["all"]
    assert metrics["n"] == 4 and metrics["f1"] == 1.0 and metrics["roc_auc"] == 1.0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("headline,label\nUn titre,maybe\n", "labelled.csv:2: label 'maybe'"),
        ("headline,snippet\nUn titre,x\n", "missing column(s) label"),
        ("headline,label\nUn titre,news\n,filler\n", "labelled.csv:3: empty headline"),
    ],
)
def test_evaluate_bad_file_names_file_and_line(
    runner: CliRunner, small_model_dir: Path, tmp_path: Path, content: str, message: str
) -> None:
    labelled = tmp_path / "labelled.csv"
    labelled.write_text(content)
    result = runner.invoke(main, ["evaluate", "--model", str(small_model_dir), str(labelled)])
    assert result.exit_code == EXIT_MODEL
    assert message in result.stderr


def test_train_with_a_bad_config_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    config = tmp_path / "train.toml"
    config.write_text("[corpora.roclico-ro]\n")
    result = runner.invoke(
        main, ["train", "--config", str(config), "--output", str(tmp_path / "m")]
    )
    assert result.exit_code == EXIT_MODEL
    assert "may not train" in result.stderr
    assert not (tmp_path / "m").exists()


def test_train_small_config_writes_model_and_card(runner: CliRunner, tmp_path: Path) -> None:
    config = tmp_path / "train.toml"
    config.write_text(
        'name = "tiny"\nseed = 1\n[model]\nchar_ngrams = []\nstyle = false\n[corpora.team-en]\n'
    )
    result = runner.invoke(
        main, ["train", "--config", str(config), "--output", str(tmp_path / "m")]
    )
    assert result.exit_code == 0, result.stderr
    card = (tmp_path / "m" / "MODEL_CARD.md").read_text()
    assert "team-en" in card and "Held-out metrics" in card
    scored = runner.invoke(main, ["score", "--model", str(tmp_path / "m"), str(EXAMPLE_PAGE)])
    assert len(jsonl(scored.stdout)) == 5


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "headline,label\nUn titre assez long,news\nUn autre titre,news\n",
            "every row is 'news'; training needs both",
        ),
        ("headline,label\nUn titre,news\n,\nAutre,filler\n", "train.csv:3: empty row"),
        ("headline,label\nUn titre,news\nAutre,spam\n", "train.csv:3: label 'spam'"),
        ("title,label\nUn titre,news\n", "train.csv: missing column(s) headline"),
        ("headline,label\n", "train.csv: no labelled rows"),
    ],
)
def test_train_on_bad_user_data_names_file_and_line(
    runner: CliRunner, tmp_path: Path, content: str, message: str
) -> None:
    (tmp_path / "train.csv").write_text(content)
    config = tmp_path / "train.toml"
    config.write_text('[[files]]\npath = "train.csv"\nlang = "fr"\n')
    result = runner.invoke(
        main, ["train", "--config", str(config), "--output", str(tmp_path / "m")]
    )
    assert result.exit_code == EXIT_MODEL
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_train_on_a_user_file(runner: CliRunner, tmp_path: Path) -> None:
    rows = ["headline,snippet,label,site"]
    rows += [
        f"Ce fruit numéro {i} que vous mangez chaque matin,Voici...,filler,s{i % 5}.example"
        for i in range(10)
    ]
    rows += [
        f"Le Sénat adopte le texte numéro {i} mardi,Le vote...,news,s{i % 5}.example"
        for i in range(10)
    ]
    (tmp_path / "mine.csv").write_text("\n".join(rows) + "\n")
    config = tmp_path / "train.toml"
    config.write_text('[model]\nchar_ngrams = []\n[[files]]\npath = "mine.csv"\nlang = "fr"\n')
    result = runner.invoke(
        main, ["train", "--config", str(config), "--output", str(tmp_path / "m")]
    )
    assert result.exit_code == 0, result.stderr
    card = (tmp_path / "m" / "MODEL_CARD.md").read_text()
    assert "## Your own labels" in card
    # Whole sites held out: one of the five sites (4 rows, a fifth) never trained.
    assert "| file:mine.csv | 8 / 8 | 2 / 2 | by site (1 of 5 sites) |" in card


def test_malicious_pickle_given_to_model_option_does_not_run(
    runner: CliRunner, tmp_path: Path
) -> None:
    import pickle

    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self):
            return (Path.touch, (marker,))

    evil = tmp_path / "model.joblib"
    evil.write_bytes(pickle.dumps(Payload()))
    result = runner.invoke(main, ["score", "--model", str(evil), str(EXAMPLE_PAGE)])
    assert result.exit_code == EXIT_MODEL
    assert "--trust" in result.stderr
    assert not marker.exists()


def test_huge_input_is_refused_quickly(
    runner: CliRunner, small_model_dir: Path, tmp_path: Path
) -> None:
    huge = tmp_path / "huge.html"
    with open(huge, "wb") as handle:  # a sparse 200 MB file: no disk or memory spent
        handle.truncate(200 * 1024 * 1024)
    page = tmp_path / "page.html"
    page.write_bytes(EXAMPLE_PAGE.read_bytes())
    result = score(runner, small_model_dir, "--max-bytes", "10000000", str(huge), str(page))
    assert result.exit_code == EXIT_SOME_INPUTS_FAILED
    assert "huge.html: larger than 10,000,000 bytes" in result.stderr
    assert len(jsonl(result.stdout)) == 5


def test_a_table_larger_than_max_bytes_is_streamed_whole(
    runner: CliRunner, small_model_dir: Path, tmp_path: Path
) -> None:
    table = tmp_path / "teasers.jsonl"
    table.write_text('{"headline": "Ce fruit que vous mangez chaque matin"}\n' * 3000)
    result = score(runner, small_model_dir, "--max-bytes", "1000", str(table))
    assert result.exit_code == 0, result.stderr
    assert len(jsonl(result.stdout)) == 3000


def test_an_internal_error_is_one_line_and_exit_3(
    runner: CliRunner, small_model_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from clickbait import output

    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("table renderer broke")

    monkeypatch.setattr(output, "TeaserTable", broken)
    result = score(runner, small_model_dir, "--format", "table", str(EXAMPLE_PAGE))
    assert result.exit_code == EXIT_MODEL
    assert "internal error: RuntimeError: table renderer broke" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_defect_on_one_page_does_not_stop_the_others(
    runner: CliRunner, small_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from clickbait import scoring

    real_extract = scoring.extract

    def flaky(document):
        if document.source.endswith("bad.html"):
            raise KeyError("boom")
        return real_extract(document)

    monkeypatch.setattr(scoring, "extract", flaky)
    for name in ("bad.html", "good.html"):
        (tmp_path / name).write_bytes(EXAMPLE_PAGE.read_bytes())
    result = score(runner, small_model_dir, str(tmp_path))
    assert result.exit_code == EXIT_SOME_INPUTS_FAILED
    assert "bad.html: internal error (KeyError" in result.stderr
    assert len(jsonl(result.stdout)) == 5


CONTRIBUTION = r"[+-]\d+\.\d\d"


def test_explain_option_in_every_format(runner: CliRunner, small_model_dir: Path) -> None:
    records = jsonl(score(runner, small_model_dir, "--explain", "3", str(EXAMPLE_PAGE)).stdout)
    assert len(records) == 5
    for record in records:
        assert [set(c) for c in record["explanation"]] == [{"feature", "contribution"}] * 3
        assert all(c["feature"] and c["contribution"] != 0 for c in record["explanation"])
    as_csv = score(runner, small_model_dir, "--explain", "2", "--format", "csv", str(EXAMPLE_PAGE))
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert len(rows) == 5
    for row in rows:  # two features: "feature +0.63; feature -0.43"
        assert re.fullmatch(f".+ {CONTRIBUTION}; .+ {CONTRIBUTION}", row["explanation"])
    table = score(runner, small_model_dir, "--explain", "2", "--format", "table", str(EXAMPLE_PAGE))
    header, *lines = table.stdout.splitlines()
    indent = header.index("headline")
    reasons = [line for line in lines if re.match(rf" {{{indent}}}{CONTRIBUTION}  \S", line)]
    assert len(reasons) == 5 * 2  # stacked under each teaser, one per line


def test_score_as_a_table_does_not_import_pandas(small_model_dir: Path) -> None:
    args = ["score", "--model", str(small_model_dir), "--format", "table", str(EXAMPLE_PAGE)]
    lines = run_cli_listing_heavy_imports(args)
    assert lines[0].startswith("label")
    assert lines[-1] == "[]"


def test_evaluate_unparseable_csv(runner: CliRunner, small_model_dir: Path, tmp_path: Path) -> None:
    labelled = tmp_path / "labelled.csv"
    labelled.write_text('headline,label\n"' + "x" * 200_000 + '",news\n')
    result = runner.invoke(main, ["evaluate", "--model", str(small_model_dir), str(labelled)])
    assert result.exit_code == EXIT_MODEL
    assert "labelled.csv:2: " in result.stderr


def test_indexes_of_a_table_longer_than_a_batch_run_on(
    runner: CliRunner, small_model_dir: Path, tmp_path: Path
) -> None:
    from clickbait.scoring import BATCH_SIZE

    rows = BATCH_SIZE + 5
    table = tmp_path / "long.csv"
    table.write_text("headline\n" + "".join(f"Titre numéro {i} du jour\n" for i in range(rows)))
    result = score(runner, small_model_dir, "--format", "csv", str(table))
    assert result.exit_code == 0, result.output
    records = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [int(r["index"]) for r in records] == list(range(rows))
    assert records[-1]["headline"] == f"Titre numéro {rows - 1} du jour"
