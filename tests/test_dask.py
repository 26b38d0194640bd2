"""Scoring on a real Dask cluster gives exactly what the single-process run gives."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import dask.dataframe as dd
import pandas as pd
import pytest
from click.testing import CliRunner
from distributed import Client, LocalCluster

from clickbait.cli import EXIT_MODEL, main
from clickbait.contrib import dask as cbd
from clickbait.persist import load_model
from clickbait.scoring import SourceResult, score_sources

from .warcs import EXAMPLE_PAGE, WIDGETS_PAGE, Record, crawl_records, warc_bytes


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Pages, a table, WARC files (one with a damaged tail) and an unreadable file."""
    root = tmp_path_factory.mktemp("crawl")
    (root / "2024").mkdir()
    (root / "2024" / "a.warc.gz").write_bytes(warc_bytes(crawl_records()))
    damaged = warc_bytes([*crawl_records()[2:5], Record("response", "https://x.example/", b"<p>")])
    (root / "2024" / "b.warc.gz").write_bytes(damaged[:-30])
    for n in range(5):
        (root / f"page-{n}.html").write_bytes(
            (EXAMPLE_PAGE if n % 2 else WIDGETS_PAGE).read_bytes()
        )
    (root / "teasers.csv").write_text(
        "headline,snippet\nCe fruit que vous mangez chaque matin,Les cardiologues...\n"
        "Storm closes ports,Port authorities halted traffic on Tuesday\n"
    )
    (root / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    return root


def as_rows(results: list[SourceResult]) -> list[tuple]:
    return [(r.source, r.error, r.problems, [record for record in r.records()]) for r in results]


def test_files_on_the_cluster_equal_the_local_run(
    client: Client, crawl: Path, small_model_dir: Path
) -> None:
    local = list(score_sources(load_model(small_model_dir), [str(crawl)]))
    bag = cbd.score_files([crawl], small_model_dir, files_per_partition=2)
    assert bag.npartitions > 3
    remote = list(cbd.iter_results(bag, client))
    assert as_rows(remote) == as_rows(local)
    assert any(r.error for r in local) and sum(len(r.scored) for r in local) > 20
    # One load per worker process, whatever the number of tasks.
    loads = client.run(lambda: cbd._load.cache_info().misses)
    assert set(loads.values()) <= {0, 1} and sum(loads.values()) >= 1


def test_threshold_and_explain_reach_the_workers(
    client: Client, crawl: Path, small_model_dir: Path
) -> None:
    model = load_model(small_model_dir)
    model.threshold = 0.0
    local = list(score_sources(model, [str(crawl)], explain=2))
    bag = cbd.score_files([crawl], small_model_dir, threshold=0.0, explain=2)
    assert as_rows(list(cbd.iter_results(bag, client))) == as_rows(local)
    assert {s.label for r in local for s in r.scored} == {"filler"}


def test_records_frame_to_parquet(
    client: Client, crawl: Path, small_model_dir: Path, tmp_path: Path
) -> None:
    local = list(score_sources(load_model(small_model_dir), [str(crawl)]))
    expected = pd.DataFrame([rec for r in local for rec in r.records()])
    results = cbd.score_files([crawl], small_model_dir).persist()
    cbd.records_frame(results).to_parquet(tmp_path / "scores", write_index=False)
    written = pd.read_parquet(tmp_path / "scores")
    assert list(written.columns) == list(cbd.RECORD_DTYPES)
    pd.testing.assert_frame_equal(
        written.astype(object), expected[list(cbd.RECORD_DTYPES)].astype(object)
    )
    failed = results.filter(lambda r: r.error is not None).map(lambda r: r.source).compute()
    assert failed == [r.source for r in local if r.error]


def teasers_frame() -> pd.DataFrame:
    from clickbait.datasets import load_team

    frame = load_team("fr")
    return frame[["headline", "snippet"]].reset_index(drop=True)


def test_dask_dataframe_scores_equal_score_frame(client: Client, small_model_dir: Path) -> None:
    frame = teasers_frame()
    scored = cbd.score_dataframe(dd.from_pandas(frame, npartitions=4), small_model_dir)
    result = scored.compute()
    expected = load_model(small_model_dir).score_frame(frame)
    assert list(result.columns) == ["headline", "snippet", "score", "label"]
    assert result["score"].tolist() == expected["score"].tolist()
    assert result["label"].tolist() == expected["label"].tolist()


def test_parquet_dataset(client: Client, small_model_dir: Path, tmp_path: Path) -> None:
    frame = teasers_frame()
    folder = tmp_path / "teasers"
    folder.mkdir()
    half = len(frame) // 2
    frame.iloc[:half].to_parquet(folder / "part-0.parquet")
    frame.iloc[half:].to_parquet(folder / "part-1.parquet")
    result = cbd.score_parquet(folder, small_model_dir).compute()
    expected = load_model(small_model_dir).score_frame(frame)
    assert result["score"].tolist() == expected["score"].tolist()


def test_a_frame_without_headlines_is_refused(small_model_dir: Path) -> None:
    frame = dd.from_pandas(pd.DataFrame({"title": ["x"]}), npartitions=1)
    with pytest.raises(ValueError, match="headline"):
        cbd.score_dataframe(frame, small_model_dir)


def run(*args: str):
    return CliRunner().invoke(main, ["score", *args])


def test_cli_dask_engine_output_is_the_local_output(
    client: Client, crawl: Path, small_model_dir: Path
) -> None:
    model = ["--model", str(small_model_dir)]
    local = run(*model, str(crawl))
    on_dask = run(*model, "--engine", "dask", "--scheduler", client.scheduler.address, str(crawl))
    assert on_dask.exit_code == local.exit_code == 1
    assert on_dask.stdout == local.stdout
    assert len(local.stdout.splitlines()) > 20
    *errors, summary = local.stderr.splitlines()
    assert errors and all(line in on_dask.stderr for line in errors)
    # The same summary line, but for the time taken.
    assert summary.rsplit(";", 1)[0] == on_dask.stderr.splitlines()[-1].rsplit(";", 1)[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--engine", "dask", "-"], "not standard input"),
        (["--scheduler", "tcp://127.0.0.1:1", "page.html"], "needs --engine dask"),
    ],
)
def test_cli_dask_usage_errors(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_an_unreachable_scheduler_says_what_failed(small_model_dir: Path) -> None:
    import socket

    import dask

    with socket.socket() as probe:  # a port nothing listens on, on this machine
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        result = run(
            "--model",
            str(small_model_dir),
            "--engine",
            "dask",
            "--scheduler",
            address,
            str(EXAMPLE_PAGE),
        )
    assert result.exit_code == EXIT_MODEL
    message = result.stderr.strip()
    assert message.startswith(f"clickbait: cannot reach the Dask scheduler at {address} (")
    assert "'dask scheduler' runs there" in message and "internal error" not in message
    assert len(message.splitlines()) == 1 and result.stdout == ""
