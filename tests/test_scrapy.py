"""The Scrapy pipeline in real crawls of pages served from this machine.

Each crawl runs in its own Python process (Twisted's reactor cannot be restarted in
this one), from a small runner script that writes the items and the crawl stats.
"""

from __future__ import annotations

import functools
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from clickbait.persist import load_model
from clickbait.scoring import score_page
from clickbait.teasers import Teaser

from .warcs import EXAMPLE_PAGE

ARTICLES = {
    "greve.html": (
        "Grève à la RATP : le trafic sera très perturbé mardi sur les lignes 4 et 13",
        "La direction prévoit un métro sur deux aux heures de pointe, selon un communiqué.",
    ),
    "fruit.html": (
        "Ce fruit que vous mangez chaque matin serait mauvais pour vos artères",
        "Les cardiologues le déconseillent, pourtant il est présent dans toutes les cuisines...",
    ),
    "tennis.html": (
        "Tennis : Caroline Garcia qualifiée pour les quarts à Doha",
        "La Française s'est imposée 6-3, 7-5 face à la Tchèque Karolina Muchova.",
    ),
    "gateau.html": (
        "Avez-vous tout ce qu'il faut pour réaliser ce gâteau ?",
        "Cette recette va vous étonner...",
    ),
}

RUNNER = """
import dataclasses, json, sys
import scrapy
from scrapy.crawler import CrawlerProcess

config = json.loads(sys.argv[1])


class DeclaredItem(scrapy.Item):
    url = scrapy.Field()
    headline = scrapy.Field()
    snippet = scrapy.Field()
    clickbait_score = scrapy.Field()
    clickbait_label = scrapy.Field()


class UndeclaredItem(scrapy.Item):  # no fields for the score: cannot be written to
    url = scrapy.Field()
    headline = scrapy.Field()
    snippet = scrapy.Field()


@dataclasses.dataclass
class DataclassItem:
    url: str
    headline: str
    snippet: str
    clickbait_score: float | None = None
    clickbait_label: str | None = None


KINDS = {
    "dict": lambda **f: dict(f),
    "declared": DeclaredItem,
    "undeclared": UndeclaredItem,
    "dataclass": DataclassItem,
}


class Site(scrapy.Spider):
    name = "site"

    async def start(self):
        yield scrapy.Request(config["start"])

    def start_requests(self):  # Scrapy before 2.13
        yield scrapy.Request(config["start"])

    def parse(self, response):
        for href in response.css("a.article::attr(href)").getall():
            yield response.follow(href, self.parse_article)
        if config.get("page"):
            yield response.follow(config["page"], self.parse_page)
        yield {"url": response.url}  # nothing to score

    def parse_article(self, response):
        kind = KINDS[config["kind"]]
        yield kind(
            url=response.url,
            headline=response.css("h1::text").get(),
            snippet=response.css("p.dek::text").get(),
        )

    def parse_page(self, response):
        yield {"url": response.url, "html": response.text}


process = CrawlerProcess(
    {
        **config["settings"],
        "ITEM_PIPELINES": {"clickbait.contrib.scrapy.ClickbaitPipeline": 300},
        "FEEDS": {config["items"]: {"format": "jsonlines", "encoding": "utf8"}},
        "LOG_LEVEL": "INFO",
        "ROBOTSTXT_OBEY": False,
        "TELNETCONSOLE_ENABLED": False,
    }
)
crawler = process.create_crawler(Site)
process.crawl(crawler)
process.start()
with open(config["stats"], "w") as handle:
    json.dump(crawler.stats.get_stats(), handle, default=str)
"""


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A small site on 127.0.0.1: an index linking to four articles and a page."""
    root = tmp_path_factory.mktemp("site")
    links = "".join(f'<li><a class="article" href="{name}">{name}</a></li>' for name in ARTICLES)
    (root / "index.html").write_text(f"<html><body><ul>{links}</ul></body></html>")
    for name, (headline, snippet) in ARTICLES.items():
        (root / name).write_text(
            f'<html><head><meta charset="utf-8"></head><body><h1>{headline}</h1>'
            f'<p class="dek">{snippet}</p></body></html>',
            encoding="utf-8",
        )
    (root / "page-fr.html").write_bytes(EXAMPLE_PAGE.read_bytes())
    handler = functools.partial(QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


def crawl(
    site: str, tmp_path: Path, settings: dict, kind: str = "dict", page: bool = False
) -> tuple[list[dict], dict, subprocess.CompletedProcess]:
    runner = tmp_path / "run_crawl.py"
    runner.write_text(RUNNER)
    config = {
        "start": site + "index.html",
        "page": "page-fr.html" if page else None,
        "kind": kind,
        "settings": settings,
        "items": str(tmp_path / "items.jsonl"),
        "stats": str(tmp_path / "stats.json"),
    }
    done = subprocess.run(
        [sys.executable, str(runner), json.dumps(config)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    items_file = tmp_path / "items.jsonl"
    items = (
        [json.loads(line) for line in items_file.read_text().splitlines()]
        if (items_file.exists())
        else []
    )
    stats = json.loads((tmp_path / "stats.json").read_text()) if done.returncode == 0 else {}
    return items, stats, done


def expected_scores(model_dir: Path) -> dict[str, tuple[float, str]]:
    model = load_model(model_dir)
    teasers = [Teaser(headline=h, snippet=s) for h, s in ARTICLES.values()]
    return {s.teaser.headline: (round(s.score, 6), s.label) for s in model.score_teasers(teasers)}


def test_crawl_scores_teaser_items_and_page_items(
    site: str, tmp_path: Path, small_model_dir: Path
) -> None:
    settings = {"CLICKBAIT_MODEL": str(small_model_dir), "CLICKBAIT_HTML_FIELD": "html"}
    items, stats, done = crawl(site, tmp_path, settings, page=True)
    assert done.returncode == 0, done.stderr[-3000:]
    expected = expected_scores(small_model_dir)
    teasers = [i for i in items if "headline" in i]
    assert {i["headline"]: (i["clickbait_score"], i["clickbait_label"]) for i in teasers} == (
        expected
    )
    filler = sum(label == "filler" for _, label in expected.values())
    assert 0 < filler < len(ARTICLES)
    assert stats["clickbait/items_scored"] == len(ARTICLES)
    assert stats["clickbait/filler"] == filler
    assert stats["clickbait/items_skipped"] == 1  # the index page's item
    assert "clickbait/dropped" not in stats and "clickbait/errors" not in stats

    [page] = [i for i in items if "html" in i]
    scored = score_page(load_model(small_model_dir), EXAMPLE_PAGE.read_bytes())
    assert [(t["headline"], t["score"], t["label"]) for t in page["clickbait_teasers"]] == [
        (s.teaser.headline, round(s.score, 6), s.label) for s in scored
    ]
    assert stats["clickbait/pages_scored"] == 1
    assert stats["clickbait/teasers_scored"] == len(scored)
    assert stats["clickbait/teasers_filler"] == sum(s.label == "filler" for s in scored)


@pytest.mark.parametrize("kind", ["declared", "dataclass"])
def test_drop_filler_with_item_classes(
    site: str, tmp_path: Path, small_model_dir: Path, kind: str
) -> None:
    settings = {"CLICKBAIT_MODEL": str(small_model_dir), "CLICKBAIT_DROP_FILLER": True}
    items, stats, done = crawl(site, tmp_path, settings, kind=kind)
    assert done.returncode == 0, done.stderr[-3000:]
    expected = expected_scores(small_model_dir)
    news = {h for h, (_, label) in expected.items() if label == "news"}
    kept = [i for i in items if "headline" in i]
    assert {i["headline"] for i in kept} == news
    assert {i["clickbait_label"] for i in kept} == {"news"}
    assert stats["clickbait/dropped"] == len(ARTICLES) - len(news)
    assert stats["item_dropped_count"] == len(ARTICLES) - len(news)


def test_threshold_setting(site: str, tmp_path: Path, small_model_dir: Path) -> None:
    settings = {"CLICKBAIT_MODEL": str(small_model_dir), "CLICKBAIT_THRESHOLD": 0.0}
    items, stats, done = crawl(site, tmp_path, settings)
    assert done.returncode == 0, done.stderr[-3000:]
    assert {i["clickbait_label"] for i in items if "headline" in i} == {"filler"}
    assert stats["clickbait/filler"] == len(ARTICLES)


def test_items_that_cannot_take_a_score_are_counted_and_kept(
    site: str, tmp_path: Path, small_model_dir: Path
) -> None:
    settings = {"CLICKBAIT_MODEL": str(small_model_dir)}
    items, stats, done = crawl(site, tmp_path, settings, kind="undeclared")
    assert done.returncode == 0, done.stderr[-3000:]
    assert len([i for i in items if "headline" in i]) == len(ARTICLES)
    assert stats["clickbait/errors"] == len(ARTICLES)
    assert "does not support field: clickbait_score" in done.stderr


def test_a_model_that_cannot_be_loaded_stops_the_crawl(site: str, tmp_path: Path) -> None:
    settings = {"CLICKBAIT_MODEL": str(tmp_path / "no-model")}
    items, _, done = crawl(site, tmp_path, settings)
    assert items == []
    assert "cannot load the model of CLICKBAIT_MODEL" in done.stderr
    assert "no-model not found" in done.stderr
