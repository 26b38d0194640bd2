"""Per-page and per-domain summaries: page addresses, domains, aggregation, the CLI."""

from __future__ import annotations

import csv
import io
import json
import math
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from clickbait.cli import EXIT_MODEL, EXIT_SOME_INPUTS_FAILED, main
from clickbait.pages import expand_inputs
from clickbait.records import ScoredTeaser
from clickbait.reporting import summary_html, wilson_interval
from clickbait.scoring import SourceResult
from clickbait.summary import SiteSummary, summarize, teaser_domain
from clickbait.teasers import Teaser, extract_html

from .conftest import FIXTURES, run_cli_listing_heavy_imports
from .html_checks import assert_self_contained

# Two sites. Site A states its address with a canonical link and carries an Outbrain
# widget whose teasers point to an advertiser; site B states it with og:url.
SITE_A = (FIXTURES / "sites" / "site-a.html").read_text(encoding="utf-8")
SITE_B = (FIXTURES / "sites" / "site-b.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<head><link rel="canonical" href="https://a.example/p"></head>', "https://a.example/p"),
        (
            "<head><link href='https://a.example/p' rel='alternate canonical'></head>",
            "https://a.example/p",
        ),
        (
            '<head><meta property="og:url" content="https://b.example/?a=1&amp;b=2"></head>',
            "https://b.example/?a=1&b=2",
        ),
        (
            '<head><meta name="og:url" content=" https://b.example/n "></head>',
            "https://b.example/n",
        ),
        (
            '<head><meta property="og:url" content="https://b.example/og">'
            "<LINK REL=canonical HREF=https://a.example/c></head>",
            "https://a.example/c",
        ),
        (
            '<head><link rel="canonical" href="/relative"><base href="https://c.example/"></head>',
            "https://c.example/",
        ),
        (
            '<head><base href="https://c.example/"><meta property="og:url" content="https://b.example/">'
            "</head>",
            "https://b.example/",
        ),
        ('<head><meta name="twitter:url" content="https://t.example/"></head>', ""),
        ('<head><link rel="canonical" href="http://[::1"></head>', ""),
        # A stray element ends the parser's head early: the rest of the head still counts.
        (
            '<head><iframe src="about:blank"></iframe>'
            '<link rel="canonical" href="https://a.example/"></head><body><p>Texte</p></body>',
            "https://a.example/",
        ),
        (
            '<head><noscript><img src="/pixel"></noscript>'
            '<meta property="og:url" content="https://b.example/"></head><body><p>Texte</p></body>',
            "https://b.example/",
        ),
        # In the page's body (its own <body> tag, or after its content) nothing counts.
        ('<head></head><body class="page"><link rel="canonical" href="https://late.example/">', ""),
        ('<body><p>Texte</p><link rel="canonical" href="https://late.example/"></body>', ""),
        ("<p>no head at all</p>", ""),
    ],
)
def test_page_address(html: str, expected: str) -> None:
    assert extract_html(html).url == expected


@pytest.mark.parametrize(
    ("url", "page", "source", "expected"),
    [
        ("https://www.Example.COM/a", "https://site.fr/", "p.html", "example.com"),
        ("//cdn.example/x", "", "p.html", "cdn.example"),
        ("/sante/mains", "https://www.site.fr/page", "p.html", "site.fr"),
        ("suite.html", "https://site.fr/dir/page", "p.html", "site.fr"),
        ("mailto:someone@mail.example", "https://site.fr/", "p.html", "site.fr"),
        ("", "https://site.fr/", "p.html", "site.fr"),
        ("/sante/mains", "", "crawl/p.html", "crawl/p.html"),
        ("http://[::1", "", "p.html", "p.html"),
    ],
)
def test_teaser_domain(url: str, page: str, source: str, expected: str) -> None:
    assert teaser_domain(url, page, source) == expected


URLS = st.sampled_from(
    ["", "/a", "rel.html", "https://www.a.example/x", "https://a.example/y", "//b.example/z"]
)
PAGE_URLS = st.sampled_from(["", "https://site.example/p", "https://www.other.example/"])
TEASERS = st.builds(
    lambda url, score, sponsored: ScoredTeaser(
        Teaser(headline="headline", url=url, sponsored=sponsored),
        score,
        "filler" if score >= 0.5 else "news",
    ),
    URLS,
    st.floats(0, 1),
    st.booleans(),
)
RESULTS = st.lists(
    st.one_of(
        st.builds(
            lambda source, scored, url: SourceResult(source, scored, url=url),
            st.sampled_from(["p1.html", "p2.html", "-"]),
            st.lists(TEASERS, max_size=8),
            PAGE_URLS,
        ),
        st.builds(lambda source: SourceResult(source, error="unreadable"), st.just("bad.html")),
    ),
    max_size=8,
)


@settings(max_examples=150, deadline=None)
@given(results=RESULTS, worst=st.integers(0, 4))
def test_aggregation_adds_up(results: list[SourceResult], worst: int) -> None:
    pages, domains = summarize(results, worst=worst)
    read = [r for r in results if r.error is None]
    teasers = [item for r in read for item in r.scored]
    assert len(pages) == len(read)
    for frame in (pages, domains):
        assert frame["teasers"].sum() == len(teasers)
        assert frame["filler"].sum() == sum(t.label == "filler" for t in teasers)
        assert frame["sponsored"].sum() == sum(t.teaser.sponsored for t in teasers)
        for row in frame.itertuples():
            if row.teasers == 0:
                assert math.isnan(row.filler_share) and math.isnan(row.sponsored_share)
                continue
            assert 0 <= row.filler_share <= 1 and 0 <= row.sponsored_share <= 1
            assert 0 <= row.mean_score <= 1
            assert row.filler_share == row.filler / row.teasers
            scores = [w["score"] for w in row.worst]
            assert len(scores) == min(worst, row.teasers)
            assert scores == sorted(scores, reverse=True)
    assert (domains["teasers"] > 0).all()
    assert not domains["domain"].str.startswith("www.").any()
    assert (domains["pages"] <= len(read)).all()
    if worst:
        for row, result in zip(pages.itertuples(), read, strict=True):
            if result.scored:
                assert row.worst[0]["score"] == round(max(t.score for t in result.scored), 4)


def test_worst_teasers_keep_the_earliest_of_equal_scores() -> None:
    scored = [ScoredTeaser(Teaser(headline=f"t{i}"), 0.9, "filler") for i in range(5)]
    summary = SiteSummary(worst=2)
    summary.add(SourceResult("p.html", scored))
    assert [w["headline"] for w in summary.pages().loc[0, "worst"]] == ["t0", "t1"]


@pytest.fixture
def crawl(tmp_path: Path) -> Path:
    folder = tmp_path / "crawl"
    (folder / "a").mkdir(parents=True)
    (folder / "a" / "one.html").write_text(SITE_A, encoding="utf-8")
    (folder / "a" / "two.html").write_text(SITE_A.replace("/one", "/two"), encoding="utf-8")
    (folder / "b.html").write_text(SITE_B, encoding="utf-8")
    return folder


def report(runner: CliRunner, model_dir: Path, *args: str):
    return runner.invoke(main, ["report", "--model", str(model_dir), *args])


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_report_per_page_and_domain(small_model_dir: Path, crawl: Path) -> None:
    runner = CliRunner()
    result = report(runner, small_model_dir, str(crawl))
    assert result.exit_code == 0, result.output
    records = jsonl(result.stdout)
    pages = [r for r in records if r["by"] == "page"]
    domains = {r["domain"]: r for r in records if r["by"] == "domain"}
    # Pages come in the order the folder is read in.
    assert [p["page"] for p in pages] == list(expand_inputs([str(crawl)]))
    by_site = sorted((p["site"], p["teasers"]) for p in pages)
    assert by_site == [("site-a.example", 5), ("site-a.example", 5), ("site-b.example", 3)]
    assert set(domains) == {"site-a.example", "partner.example", "site-b.example"}
    assert all(d["host"] for d in domains.values())
    assert (domains["site-a.example"]["teasers"], domains["site-a.example"]["pages"]) == (6, 2)
    assert domains["partner.example"]["sponsored"] == 2  # one marked, counted on two pages
    assert sum(d["teasers"] for d in domains.values()) == sum(p["teasers"] for p in pages)

    # Per page, the figures agree with what `clickbait score` says about each teaser.
    scored = jsonl(
        runner.invoke(main, ["score", "--model", str(small_model_dir), str(crawl)]).stdout
    )
    by_source: dict[str, list[dict]] = defaultdict(list)
    for record in scored:
        by_source[record["source"]].append(record)
    for page in pages:
        teasers = by_source[page["page"]]
        assert page["filler"] == sum(t["label"] == "filler" for t in teasers)
        assert page["mean_score"] == pytest.approx(
            sum(t["score"] for t in teasers) / len(teasers), abs=1e-4
        )
        assert page["worst"][0]["score"] == pytest.approx(
            max(t["score"] for t in teasers), abs=1e-4
        )


def test_by_and_worst_and_threshold(small_model_dir: Path, crawl: Path) -> None:
    result = report(
        CliRunner(),
        small_model_dir,
        str(crawl),
        "--by",
        "domain",
        "--worst",
        "1",
        "--threshold",
        "0",
    )
    assert result.exit_code == 0, result.output
    records = jsonl(result.stdout)
    assert {r["by"] for r in records} == {"domain"}
    assert all(len(r["worst"]) == 1 for r in records)
    assert all(r["filler_share"] == 1.0 for r in records)  # threshold 0: everything is filler


def test_csv_and_table_formats(small_model_dir: Path, crawl: Path) -> None:
    runner = CliRunner()
    as_csv = report(runner, small_model_dir, str(crawl), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [r["by"] for r in rows] == ["page"] * 3 + ["domain"] * 3
    assert all(" | " in r["worst"] for r in rows)
    table = CliRunner(env={"COLUMNS": "200"}).invoke(
        main,
        [
            "report",
            "--model",
            str(small_model_dir),
            str(crawl),
            "--format",
            "table",
            "--by",
            "page",
        ],
    )
    lines = table.stdout.splitlines()
    # Pages are named within the folder that holds them all.
    assert lines[0] == f"Pages in {crawl}/" and "filler" in lines[1] and len(lines) == 5
    assert sorted(line.split()[0] for line in lines[2:]) == ["a/one.html", "a/two.html", "b.html"]
    assert "Domains" not in table.stdout


def test_unreadable_inputs_do_not_stop_the_others(
    small_model_dir: Path, crawl: Path, tmp_path: Path
) -> None:
    (tmp_path / "binary.html").write_bytes(b"\x00\x01\x02" * 100)
    result = report(
        CliRunner(),
        small_model_dir,
        str(tmp_path / "missing.html"),
        str(crawl / "b.html"),
        str(tmp_path / "binary.html"),
    )
    assert result.exit_code == EXIT_SOME_INPUTS_FAILED
    assert "missing.html: no such file" in result.stderr
    assert "binary.html: binary data" in result.stderr
    assert result.stderr.splitlines()[-1].startswith(
        "clickbait: 3 inputs: 1 summarised, 2 failed; 3 teasers, "
    )
    assert [r["page"] for r in jsonl(result.stdout) if r["by"] == "page"] == [str(crawl / "b.html")]


def test_stdin_page(small_model_dir: Path) -> None:
    result = CliRunner().invoke(
        main, ["report", "--model", str(small_model_dir), "-"], input=SITE_B.encode()
    )
    assert result.exit_code == 0, result.output
    page = jsonl(result.stdout)[0]
    assert (page["page"], page["site"], page["teasers"]) == ("-", "site-b.example", 3)


def test_html_page(small_model_dir: Path, crawl: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "summary.html"
    result = report(CliRunner(), small_model_dir, str(crawl), "--html", str(out), "-q")
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert_self_contained(html)
    for text in ("site-a.example", "partner.example", "site-b.example", "per page", "b.html"):
        assert text in html
    assert html.count('class="bar"') == 6  # three domains, three pages
    assert not [p.name for p in out.parent.iterdir() if p.name != "summary.html"]  # no temp left


def test_html_that_cannot_be_written_is_a_clear_error(
    small_model_dir: Path, crawl: Path, tmp_path: Path
) -> None:
    (tmp_path / "a-file").write_text("")
    result = report(
        CliRunner(), small_model_dir, str(crawl), "--html", str(tmp_path / "a-file" / "x.html")
    )
    assert result.exit_code == EXIT_MODEL
    assert "cannot write" in result.stderr and "Traceback" not in result.stderr


def test_unloadable_model(crawl: Path, tmp_path: Path) -> None:
    result = report(CliRunner(), tmp_path / "none", str(crawl))
    assert result.exit_code == EXIT_MODEL and "cannot load the model" in result.stderr


def test_the_batches_of_a_streamed_table_make_one_page() -> None:
    scored = [
        ScoredTeaser(Teaser(headline=f"t{i}", url="https://x.example/a"), 0.1 * i, "news")
        for i in range(5)
    ]
    summary = SiteSummary(worst=1)
    summary.add(SourceResult("t.csv", scored[:2]))
    summary.add(SourceResult("t.csv", scored[2:], start=2))
    summary.add(SourceResult("u.csv", scored[:1]))
    pages = summary.pages()
    assert list(pages["page"]) == ["t.csv", "u.csv"]
    assert list(pages["teasers"]) == [5, 1]
    assert pages.loc[0, "worst"][0]["headline"] == "t4"
    assert summary.domains().loc[0, "pages"] == 2


@pytest.mark.parametrize(("successes", "n"), [(0, 1), (1, 1), (40, 50), (3, 7), (0, 25), (25, 25)])
def test_wilson_interval_agrees_with_scipy(successes: int, n: int) -> None:
    from scipy.stats import binomtest

    expected = binomtest(successes, n).proportion_ci(method="wilson")
    assert wilson_interval(successes, n) == pytest.approx((expected.low, expected.high), abs=1e-6)


def scored(url: str, filler: bool) -> ScoredTeaser:
    return ScoredTeaser(
        Teaser(headline="Un titre de teaser", url=url),
        0.9 if filler else 0.1,
        "filler" if filler else "news",
    )


def bar_names(html: str, heading: str) -> list[str]:
    """The names of a bar chart's rows, top first."""
    import re

    section = html.split(f"<h2>{heading}</h2>", 1)[1].split("<h2>", 1)[0]
    return re.findall(r'<td class="name"[^>]*>([^<]*)<small>', section)


def test_the_chart_ranks_by_the_interval_not_by_one_lucky_teaser() -> None:
    summary = SiteSummary()
    teasers = [scored("https://one.example/a", True)]
    teasers += [scored("https://big.example/a", n < 40) for n in range(50)]
    teasers += [scored("https://half.example/a", n < 3) for n in range(6)]
    summary.add(SourceResult("crawl/p.html", teasers, url="https://site.example/p"))
    html = summary_html(summary.page_rows(), summary.domain_rows())
    assert bar_names(html, "Share of filler per domain") == [
        "big.example",  # 40 of 50: at least 67%
        "one.example",  # 1 of 1: at least 21%
        "half.example",  # 3 of 6: at least 19%
    ]
    assert "40 of 50 filler (80%)" in html and "1 of 1 filler (100%)" in html
    for tick in ("0%", "25%", "50%", "75%", "100%"):  # the bars have an axis
        assert f">{tick}</span>" in html
    assert_self_contained(html)


def test_teasers_without_an_address_are_not_shown_as_domains(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    summary = SiteSummary()
    summary.add(SourceResult("crawl/scrape.txt", [scored("/relative", True), scored("", False)]))
    summary.add(SourceResult("crawl/p.html", [scored("https://a.example/x", True)]))
    rows = summary.domain_rows()
    assert {(r["domain"], r["host"]) for r in rows} == {
        ("crawl/scrape.txt", False),
        ("a.example", True),
    }
    html = summary_html(summary.page_rows(), rows)
    assert bar_names(html, "Share of filler per domain") == ["a.example"]
    assert "2 teaser(s) on 1 page(s) have no known domain" in html
    table = io.StringIO()
    from clickbait.summary import write_summary

    write_summary(table, summary.page_rows(), rows, "domain", "table")
    assert "crawl/scrape.txt (no address)" in " ".join(table.getvalue().split())


def test_pages_are_named_by_their_address_not_their_path() -> None:
    summary = SiteSummary()
    summary.add(
        SourceResult(
            "../../shared/pages/real/fundus/LeFigaro_2024.html.gz",
            [scored("/a", True)],
            url="https://www.lefigaro.fr/actualite-france/un-article",
        )
    )
    summary.add(SourceResult("crawl/scrape.txt", [scored("/b", False)]))
    html = summary_html(summary.page_rows(), summary.domain_rows(), by="page")
    assert bar_names(html, "Share of filler per page") == [
        "lefigaro.fr/actualite-france/un-article",
        "scrape.txt",
    ]
    assert "../../shared/pages/real/fundus/LeFigaro_2024.html.gz</small>" in html


def test_the_dataframes_of_summarize_render_too() -> None:
    pages, domains = summarize([SourceResult("p.html", [scored("https://a.example/", True)])])
    html = summary_html(pages, domains)
    assert bar_names(html, "Share of filler per domain") == ["a.example"]


def test_report_needs_no_pandas(small_model_dir: Path, crawl: Path, tmp_path: Path) -> None:
    args = ["report", "--model", str(small_model_dir), str(crawl), "--format", "table"]
    args += ["--html", str(tmp_path / "s.html")]
    assert run_cli_listing_heavy_imports(args)[-1] == "[]"
