"""Search ranks on meaning: stop words (« de », « des », « the »…) do not match on their own,
titles outrank body text, words are found with or without their accents; the search index
is fetched only when the reader opens search. Online and from file://, in Chromium, on a
build whose tools are illustrative fixtures: a tool about each query's subject among decoys
full of words that start with « de » and « des »."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest

from conftest import FIXTURES, VIOLATIONS, copy_project
from macros.engine.offline import build_offline
from macros.engine.search import WORKERS

MATERIAL_WORKERS = Path(__import__("material").__file__).parent / "templates" / WORKERS
# query -> a word the first result's title must carry (accents aside)
QUERIES = {"estime de soi": "estime", "gestion des émotions": "emotions",
           "gestion des emotions": "emotions", "Estime de soi": "estime"}
pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


@pytest.fixture(scope="module")
def ranked_site(tmp_path_factory) -> Path:
    """The offline build (it is served over http too) with only fixture tools."""
    project = copy_project(tmp_path_factory.mktemp("ranking"))
    tools = project / "resources" / "tools"
    shutil.rmtree(tools)
    shutil.copytree(FIXTURES / "tools", tools)
    for tool in (FIXTURES / "search").glob("*.yml"):
        shutil.copy2(tool, tools)
    site = project / "site"
    build_offline(project, site)
    return site


def _open_search(page):
    page.locator(".md-search__input").click()
    page.wait_for_function(
        "() => !document.querySelector('.md-search-result__meta').textContent.includes('nitiali')",
        timeout=15000)


def _titles(page, query: str) -> list[str]:
    page.locator(".md-search__input").fill(query)
    page.keyboard.press("End")  # Material searches on a key event
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    page.wait_for_timeout(200)
    return page.locator(".md-search-result__item > .md-search-result__link h1").all_inner_texts()


def _first_titles(chromium, start: str, route_worker: bool = False) -> dict[str, str]:
    context = chromium.new_context()
    context.add_init_script(VIOLATIONS)
    if route_worker:  # the stop-word handling switched off: Material's worker as it ships
        context.route("**/workers/search.*.min.js",
                      lambda route: route.fulfill(path=next(MATERIAL_WORKERS.glob("search.*.min.js")),
                                                  content_type="text/javascript"))
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(start)
    _open_search(page)
    firsts = {query: (_titles(page, query) or [""])[0] for query in QUERIES}
    context.close()
    assert errors == []
    return firsts


def _assert_on_subject(firsts: dict[str, str]):
    for query, word in QUERIES.items():
        assert word in _fold(firsts[query]), (query, firsts)


def test_search_online_puts_the_page_about_the_subject_first(chromium, ranked_site, serve_folder):
    _assert_on_subject(_first_titles(chromium, f"{serve_folder(ranked_site)}/programme.html"))


def test_search_offline_puts_the_page_about_the_subject_first(chromium, ranked_site):
    _assert_on_subject(_first_titles(chromium, (ranked_site / "programme.html").as_uri()))


def test_without_the_stop_word_handling_decoys_come_first(chromium, ranked_site, serve_folder):
    firsts = _first_titles(chromium, f"{serve_folder(ranked_site)}/programme.html", route_worker=True)
    assert all(QUERIES[query] not in _fold(firsts[query]) for query in ("estime de soi", "gestion des émotions")), firsts


def test_a_stop_word_alone_finds_nothing(chromium, ranked_site, serve_folder):
    page = chromium.new_page()
    page.goto(f"{serve_folder(ranked_site)}/programme.html")
    _open_search(page)
    for query in ("de", "des", "la"):
        page.locator(".md-search__input").fill(query)
        page.keyboard.press("End")
        page.wait_for_timeout(300)
        assert page.locator(".md-search-result__item").count() == 0, query
    page.locator(".md-search__input").fill("émotions")
    page.keyboard.press("End")
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    page.close()


def _index_requests_before_and_after_opening(chromium, home: str) -> tuple[list[str], list[str]]:
    page = chromium.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(home, wait_until="load")
    page.wait_for_timeout(1500)  # what the page would fetch by itself after loading
    before = [url for url in requests if "search_index" in url or "/workers/search" in url]
    page.keyboard.press("/")  # Material's shortcut: opens search and focuses its field
    page.wait_for_function(
        "() => !document.querySelector('.md-search-result__meta').textContent.includes('nitiali')",
        timeout=15000)
    after = [url for url in requests if "search_index" in url]
    page.close()
    return before, after


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_index_is_fetched_only_when_search_is_opened_online(chromium, real_site_url, lang):
    prefix = "en/" if lang == "en" else ""
    before, after = _index_requests_before_and_after_opening(chromium, f"{real_site_url}/{prefix}")
    assert before == []  # neither the index nor the search worker
    assert after == [f"{real_site_url}/{prefix}search/search_index.json"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_index_is_fetched_only_when_search_is_opened_offline(chromium, ranked_site, lang):
    prefix = "en/" if lang == "en" else ""
    before, after = _index_requests_before_and_after_opening(chromium, (ranked_site / prefix / "index.html").as_uri())
    assert before == []
    assert after == [(ranked_site / prefix / "search" / "search_index.js").as_uri()]
