"""Search: each language's pages find only pages of that language, and French words are
found without their accents, online and from the offline zip."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import VIOLATIONS
from macros.engine.lighter import collapse_indentation, lighter_script
from macros.engine.search import folded_words, language_search_base, split_index, without_duplicate_summaries


def test_split_index_keeps_each_language_apart_and_folds_accents():
    index = {"config": {"lang": ["fr", "en"], "separator": "[\\s\\-]+", "pipeline": [],
                        "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}}},
             "docs": [{"location": "", "title": "Accueil général", "text": "<p>La colère</p>"},
                      {"location": "en/", "title": "Home", "text": "<p>Anger</p>"},
                      {"location": "en/outils/#x", "title": "Tools", "text": "Émotions"}]}
    fr, en = (split_index(index, ["fr", "en"], "fr")[lang] for lang in ("fr", "en"))
    assert [d["location"] for d in fr["docs"]] == [""]
    assert [d["location"] for d in en["docs"]] == ["", "outils/#x"]
    assert fr["config"]["lang"] == ["fr"] and en["config"]["lang"] == ["en"]
    assert fr["docs"][0]["folded"] == "colere" and "folded" in fr["config"]["fields"]
    # A title's words without accents weigh as much as the title.
    assert fr["docs"][0]["folded_title"] == "general" and en["docs"][1]["folded_title"] == ""
    assert fr["config"]["fields"]["folded_title"] == {"boost": 1000.0}
    assert folded_words("<p>Les <b>émotions</b>, la colère</p>", "Compétences") == "emotions colere competences"


def test_a_summary_of_a_page_below_is_left_to_that_page():
    docs = [{"location": "outils/", "title": "Catalogue"},
            {"location": "outils/#kikagi", "title": "Kikagi"},          # the catalogue's card
            {"location": "outils/#sources", "title": "Sources"},
            {"location": "outils/kikagi/", "title": "Kikagi"},
            {"location": "outils/kikagi/#kikagi", "title": "Kikagi"},   # the fiche's own heading
            {"location": "outils/kikagi/#sources", "title": "Sources"},
            {"location": "", "title": "Accueil"}, {"location": "#accueil", "title": "Accueil"}]
    kept = [d["location"] for d in without_duplicate_summaries(docs)]
    assert kept == ["outils/", "outils/#sources", "outils/kikagi/", "outils/kikagi/#kikagi",
                    "outils/kikagi/#sources", "", "#accueil"]
    offline = [{"location": "outils.html#kikagi", "title": "Kikagi"},
               {"location": "outils/kikagi.html", "title": "Kikagi"}]
    assert [d["location"] for d in without_duplicate_summaries(offline)] == ["outils/kikagi.html"]


def test_indentation_is_collapsed_outside_text_kept_as_written():
    html = '<nav>\n    <a>x</a>\n\n  </nav><pre>\n  code\n</pre>\n  <SCRIPT>\n  a = 1\n</SCRIPT>\n <p>a\n  b</p>'
    assert collapse_indentation(html) == ('<nav>\n<a>x</a>\n</nav><pre>\n  code\n</pre>\n<SCRIPT>\n  a = 1\n'
                                          '</SCRIPT>\n<p>a\nb</p>')


def test_the_sites_scripts_are_served_without_comments_and_indentation():
    js = "/* why\n   more */\n(function () {\n  // a note\n  var a = 1 /* kept */\n  /* x */ go(a)\n})()\n"
    assert lighter_script(js) == "(function () {\nvar a = 1 /* kept */\ngo(a)\n})()\n"
    assert lighter_script("var t = `\n  x`\n") == "var t = `\n  x`\n"  # left whole


def test_english_pages_search_from_their_own_folder():
    html = '<script id="__config" type="application/json">{"annotate": null, "base": "../..", "x": 1}</script>'
    assert '"base": "../../en/"' in language_search_base(html, "en", "fr")
    assert language_search_base(html, "fr", "fr") == html
    # A 404 page's base is root-absolute: "/" must become "/en/", not "//en/" (another host).
    assert '"base": "/en/"' in language_search_base(html.replace('"../.."', '"/"'), "en", "fr")


def test_the_built_indexes_hold_one_language_each(real_site):
    fr = json.loads((real_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    en = json.loads((real_site / "en" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert fr["docs"] and en["docs"]
    assert not any(d["location"].startswith("en/") for d in fr["docs"] + en["docs"])


def _results(page, query: str) -> list[str]:
    page.locator(".md-search__input").click()
    page.wait_for_function(
        "() => !document.querySelector('.md-search-result__meta').textContent.includes('nitiali')",
        timeout=15000)
    page.keyboard.type(query, delay=20)
    page.locator(".md-search-result__item a").first.wait_for(timeout=15000)
    page.wait_for_timeout(300)  # the whole query's results
    return page.locator(".md-search-result__item a").evaluate_all("as => as.map(a => a.href)")


def _check(page, start: str, base: str):
    for query in ("colere", "emotion", "competences"):
        page.goto(start("fr"))
        hrefs = _results(page, query)
        assert hrefs, query
        assert not any(href.startswith(base + "/en/") for href in hrefs), (query, hrefs)
    page.goto(start("en"))
    hrefs = _results(page, "conurbation")
    assert hrefs and all(href.startswith(base + "/en/") for href in hrefs), hrefs


@pytest.mark.browser
@pytest.mark.slow
def test_search_online_finds_unaccented_words_in_the_page_language(chromium, real_site, real_site_url):
    context = chromium.new_context()
    context.add_init_script(VIOLATIONS)
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    _check(page, lambda lang: f"{real_site_url}/{'en/' if lang == 'en' else ''}programme/", real_site_url)
    context.close()
    assert errors == []


@pytest.mark.browser
@pytest.mark.slow
def test_search_offline_finds_unaccented_words_in_the_page_language(chromium, unzipped):
    page = chromium.new_page()
    page.add_init_script(VIOLATIONS)
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    base = unzipped.as_uri()
    _check(page, lambda lang: f"{base}/{'en/' if lang == 'en' else ''}programme.html", base)
    page.close()
    assert errors == []


def test_the_offline_index_is_prebuilt_and_answers_as_lunr_built_in_the_browser(unzipped):
    """The zip's search starts from the index built at build time; every result, score and
    highlight is the one lunr gives when the browser builds the index from the texts."""
    queries = ["colere", "émotions", "estime de soi", "compétences psycho", "the", "o"]
    script = Path(__file__).parent / "search_worker.js"
    for prefix in ("", "en/"):
        index = unzipped / prefix / "search" / "search_index.js"
        run = [shutil.which("node"), str(script), str(unzipped), str(index)]
        prebuilt = json.loads(subprocess.run([*run, *queries], capture_output=True, check=True).stdout)
        built = json.loads(subprocess.run([*run, "--without-prebuilt", *queries],
                                          capture_output=True, check=True).stdout)
        assert prebuilt["prebuilt"] and not built["prebuilt"]
        assert any(items for _, result in built["results"] for items in result["items"]), prefix
        assert prebuilt["results"] == built["results"], prefix


def test_without_node_or_when_it_fails_the_browser_builds_the_offline_index(monkeypatch, tmp_path):
    from macros.engine import search

    # A site with no search worker: Node fails, and the build goes on without a prebuilt index.
    assert search.prebuilt_index(tmp_path, tmp_path / "search_index.json") is None
    monkeypatch.setattr(search.shutil, "which", lambda name: None)
    assert search.prebuilt_index(tmp_path, tmp_path / "search_index.json") is None


def test_the_offline_index_script_is_the_index_as_a_javascript_object(monkeypatch, tmp_path):
    """search_index.js is read by a <script> from file://: the index itself as an object
    (faster than JSON.parse of a string), with U+2028/9 escaped for older engines."""
    from macros.engine import search

    monkeypatch.setattr(search, "prebuilt_index", lambda site_dir, index_file: None)
    index = {"config": {"lang": ["fr", "en"], "separator": "[\\s]+", "pipeline": [], "fields": {}},
             "docs": [{"location": "", "title": "Accueil", "text": "ligne\u2028suivante « » \\ \" </script>"},
                      {"location": "en/", "title": "Home", "text": "para\u2029graph"}]}
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text(json.dumps(index), encoding="utf-8")
    (tmp_path / "search" / "search_index.js").write_text("", encoding="utf-8")  # offline build
    search.write_language_indexes(tmp_path, ["fr", "en"], "fr")
    for prefix, lang in (("", "fr"), ("en/", "en")):
        script = (tmp_path / prefix / "search" / "search_index.js").read_text(encoding="utf-8")
        assert script.startswith("var __index = {") and "\u2028" not in script and "\u2029" not in script
        read = subprocess.run([shutil.which("node"), "-e", script + ";process.stdout.write(JSON.stringify(__index))"],
                              capture_output=True, check=True, text=True, encoding="utf-8").stdout
        expected = json.loads((tmp_path / prefix / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert json.loads(read) == expected and expected["config"]["lang"] == [lang]
