"""The CPS tool catalogue: real tools, generated fiches, filters, open data."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import shutil
import types

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from macros.content import catalogue, render
from macros.data import models as m
from macros.data.loader import load_site_data
from macros.content.text import md_url, typeset

DATA = load_site_data(ROOT / "resources")


@pytest.fixture(scope="module")
def fixed(tmp_path_factory):
    """The data with six tools as fixed copies (tests/fixtures/catalogue/): the fiche tests
    below check known values, which editors may change in resources/tools/."""
    resources = tmp_path_factory.mktemp("catalogue") / "resources"
    shutil.copytree(ROOT / "resources", resources)
    for path in (ROOT / "tests" / "fixtures" / "catalogue").glob("*.yml"):
        shutil.copyfile(path, resources / "tools" / path.name)
    return load_site_data(resources)


def test_only_real_sourced_tools_are_published(fixed):
    titles = {t.title.fr for t in DATA.tools.values()}
    assert not any("Kit Feelings" in title for title in titles)  # uncertain in the reference
    for tool_id, tool in DATA.tools.items():
        assert str(tool.source).startswith("http"), tool_id
        assert tool.summary.en, tool_id
    assert fixed.tools["unplugged"].for_older_children  # 6e–5e: from 11 years old on
    assert not fixed.tools["feelings"].for_older_children


def test_open_data_matches_the_data():
    # Read back against the models, tool by tool (no tool's values pinned: editors change them).
    document = json.loads(catalogue.to_json(DATA))
    assert list(document["fields"]) == list(catalogue.FIELDS)
    assert [t["id"] for t in document["tools"]] == list(DATA.tools)
    rows = list(csv.DictReader(io.StringIO(catalogue.to_csv(DATA))))
    assert list(rows[0]) == list(catalogue.FIELDS)
    assert [r["id"] for r in rows] == list(DATA.tools)
    for record, line in zip(document["tools"], rows, strict=True):
        tool = DATA.tools[record["id"]]
        assert record["title_fr"] == tool.title.fr
        assert record["authors"] == list(tool.authors)
        assert record["access"] == [access.kind.value for access in tool.access]
        assert record["access_urls"] == [str(access.url) for access in tool.access if access.url]
        assert record["price_fr"] == (tool.price.fr if tool.price else "")
        assert record["age_min"] == tool.age_min and record["age_max"] == tool.age_max
        assert line["age_max"] == ("" if tool.age_max is None else str(tool.age_max))
        assert line["title_fr"] == catalogue.spreadsheet_safe(tool.title.fr)


def _row(page: str, name: str) -> str:
    return next(line for line in page.splitlines() if line.startswith(f"| **{name}** |"))


def test_a_fiche_shows_where_to_get_the_tool_with_its_link(fixed):
    fr = render.tool_page(fixed, "fr", "outils", "good-behavior-game")
    en = render.tool_page(fixed, "en", "outils", "good-behavior-game")
    assert "## Se le procurer depuis la Loire-Atlantique" in fr and "## Getting it from Loire-Atlantique" in en
    where = fr.split("## Se le procurer depuis la Loire-Atlantique", 1)[1].split("##", 1)[0]
    assert "(https://grvs06.org/good-behavior-game-gbg/)" in where
    assert "Auprès de l'organisme qui le porte" in where
    # Where no source says how to get it, the fiche says so.
    bare = fixed.tools["manuel-cps"].model_copy(update={"access": (), "availability": None})
    data = dataclasses.replace(fixed, tools={**fixed.tools, "manuel-cps": bare})
    assert "Les sources ne disent pas où se le procurer." in render.tool_page(data, "fr", "outils", "manuel-cps")


def test_designer_publisher_and_distributor_are_shown_apart(fixed):
    gbg = render.tool_page(fixed, "fr", "outils", "good-behavior-game")
    # The game's designers (1969), the programme's developer (AIR) and its French distributors.
    assert "Barrish" in _row(gbg, "Conçu par") and "American Institutes" in _row(gbg, "Adapté par")
    assert "Addictions France" not in _row(gbg, "Conçu par")
    assert "Addictions France" in _row(gbg, "Diffusé par")
    assert "GRVS" in _row(gbg, "Adapté par")
    psfp = render.tool_page(fixed, "fr", "outils", "psfp-6-11")
    assert "Kumpfer" in _row(psfp, "Conçu par") and "CoDES" not in _row(psfp, "Conçu par")
    assert "CoDES 06" in _row(psfp, "Adapté par")
    assert "1982" in _row(psfp, "Année") and "Strengthening Families Program" in _row(psfp, "Année")
    feelings = render.tool_page(fixed, "en", "outils", "feelings")
    assert "Act in Games" in _row(feelings, "Published by")
    assert "Blackrock" in _row(feelings, "Distributed by")


def test_languages_are_named_not_coded(fixed):
    gbg = {lang: render.tool_page(fixed, lang, "outils", "good-behavior-game") for lang in ("fr", "en")}
    assert _row(gbg["fr"], "Langues") == "| **Langues** | français |"
    assert _row(gbg["en"], "Languages") == "| **Languages** | French |"


def test_every_tool_fact_links_to_its_source(fixed):
    for tool_id, tool in DATA.tools.items():
        page = render.tool_page(DATA, "fr", "outils", tool_id)
        for name, fact, value in (("Conçu par", "authors", tool.authors),
                                  ("Édité par", "publisher", tool.publisher),
                                  ("Année", "year", tool.year),
                                  ("Coût", "price", tool.price or tool.cost),
                                  ("Matériel", "contents", tool.contents),
                                  ("Durée", "duration", tool.duration)):
            if value:
                # A structured cost links its own source; a free-text price, its fact's.
                source = (tool.cost.source if fact == "price" and not tool.price and tool.cost.source
                          else tool.source_of(fact))
                assert f"]({md_url(source)})" in _row(page, name), (tool_id, name)
            else:  # absent from the table, named among the facts no source gives
                assert f"| **{name}** |" not in page, (tool_id, name)
                missing = next(line for line in page.splitlines() if line.startswith("*Non renseigné par les sources"))
                assert name.lower() in missing, (tool_id, name)
        # Every page relied on is on the fiche: linked from its fact, or listed under Sources.
        for url in tool.all_sources:
            assert f"<{md_url(url)}>" in page or f"]({md_url(url)})" in page, (tool_id, url)
    feelings = fixed.tools["feelings"]
    assert feelings.source_of("price") != str(feelings.source)  # a fact with its own page
    assert feelings.source_of("summary") == str(feelings.source)


def test_a_fact_has_one_source_page():
    base = {"title": "Outil", "type": "jeu", "summary": "Résumé", "cps": ["gerer-emotions"],
            "source": "https://example.org/a"}
    m.Tool.model_validate({**base, "fact_sources": [{"facts": ["year"], "url": "https://example.org/b"}]})
    with pytest.raises(ValueError, match="une seule page"):
        m.Tool.model_validate({**base, "fact_sources": [
            {"facts": ["year"], "url": "https://example.org/b"},
            {"facts": ["year", "price"], "url": "https://example.org/c"}]})


def test_the_programme_settings_are_in_the_catalogue():
    tagged = {s.value for tool in DATA.tools.values() for s in tool.settings}
    assert {"ecole", "periscolaire", "accueil-loisirs", "famille"} <= tagged


def test_cps_lineage_reaches_categories(fixed):
    lineage = catalogue.cps_lineage(fixed, fixed.tools["ile-aux-mysteres"])
    assert {"resoudre-conflits", "resoudre-difficultes", "sociales",
            "reguler-emotions", "emotionnelles"} <= set(lineage)


def _page(site, path):
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.slow
@pytest.mark.parametrize("prefix, lang", [("", "fr"), ("en/", "en")])
def test_every_tool_has_its_fiche_outside_the_navigation(real_site, prefix, lang):
    home = _page(real_site, prefix.rstrip("/") or ".")
    nav = " ".join(a["href"] for a in home.select("nav.md-nav--primary a"))
    index = _page(real_site, f"{prefix}outils")
    listed = {a["href"].rstrip("/").split("/")[-1] for a in index.select(".psds-tool h2 a:not(.headerlink)")}
    assert listed == set(DATA.tools)
    for tool_id, tool in DATA.tools.items():
        fiche = _page(real_site, f"{prefix}outils/{tool_id}")
        assert typeset(*tool.title.get(lang)) in fiche.select_one("article h1").get_text()
        assert f"outils/{tool_id}/" not in nav
        warning = fiche.select_one(".admonition.warning")
        assert (warning is not None) == tool.for_older_children


@pytest.mark.slow
def test_open_data_files_are_published_and_linked(real_site):
    for lang_prefix, href_prefix in (("", ""), ("en/", "../../outils/")):
        links = {a["href"] for a in _page(real_site, f"{lang_prefix}outils").find_all("a")}
        assert {f"{href_prefix}catalogue.csv", f"{href_prefix}catalogue.json"} <= links
    published = json.loads((real_site / "outils" / "catalogue.json").read_text(encoding="utf-8"))
    assert published == json.loads(catalogue.to_json(DATA))
    assert (real_site / "outils" / "catalogue.csv").read_text(encoding="utf-8") == catalogue.to_csv(DATA)


@pytest.mark.slow
def test_cps_and_territory_pages_list_their_tools(fixture_site):
    site = fixture_site
    carene = _page(site, "territoires/carene").get_text()
    assert "Jeu des émotions (fictif)" in carene
    assert "Fictional emotions game" in _page(site, "en/territoires/carene").get_text()
    emotions = _page(site, "cps/reguler-emotions")
    names = {a.get_text() for a in emotions.select("article li a")}
    assert "Jeu des émotions (fictif)" in names
    # The real tools for that competence are listed with the fixture's, not replaced by it.
    fiches = {a["href"].rstrip("/").rsplit("/", 1)[-1] for a in emotions.select("article li a")}
    real = {tool_id for tool_id, _ in render.tools_for_cps(DATA, "reguler-emotions")}
    assert real and real | {"jeu-emotions"} <= fiches
    data = json.loads((site / "outils" / "catalogue.json").read_text(encoding="utf-8"))
    assert "jeu-emotions" in [t["id"] for t in data["tools"]]  # generated, not hand-kept


def _expected(cps="", age="", setting="", kind="", duration="", group="", cost="", where="",
              age_unknown=False, setting_unknown=False, duration_unknown=False, group_unknown=False):
    """The tools the filters should show, computed from the data (not from the page)."""
    out = set()
    for tool_id, tool in DATA.tools.items():
        low, high = tool.ages  # a tool with school levels counts by its derived ages
        if cps and cps not in catalogue.cps_lineage(DATA, tool):
            continue
        if kind and tool.type.value != kind:
            continue
        if cost == "free" and not (tool.cost and tool.cost.kind.value in ("gratuit", "pret")):
            continue
        if where == "pdl" and not (tool.availability and
                                   tool.availability.status.value in ("partout", "pays-de-la-loire")):
            continue
        if setting:
            if not tool.settings:
                if not setting_unknown:
                    continue
            elif setting not in [s.value for s in tool.settings]:
                continue
        if age:
            if low is None and high is None:
                if not age_unknown:
                    continue
            elif (low is not None and int(age) < low) or (high is not None and int(age) > high):
                continue
        if duration:
            if tool.session_minutes is None:
                if not duration_unknown:
                    continue
            elif tool.session_minutes > int(duration):
                continue
        if group:
            if tool.group_min is None and tool.group_max is None:
                if not group_unknown:
                    continue
            elif (tool.group_min is not None and int(group) < tool.group_min) or \
                    (tool.group_max is not None and int(group) > tool.group_max):
                continue
        out.add(tool_id)
    return out


def _visible(page):
    return _slugs(page.locator(".psds-tool:not([hidden]) h2 a:not(.headerlink)").evaluate_all(
        "as => as.map(a => a.href)"))


def _slugs(hrefs):
    return {re.sub(r"(/index)?(\.html)?/?$", "", h).split("/")[-1] for h in hrefs}


def _check_filters(page, url):
    page.goto(url)
    page.locator("form.psds-filters").wait_for(state="visible")
    assert _visible(page) == set(DATA.tools)
    # Keyboard: focus the competence list and choose with the keyboard API.
    page.locator("select[name=cps]").focus()
    page.locator("select[name=cps]").select_option("emotionnelles")
    page.locator("select[name=age]").select_option("9")
    expected = _expected(cps="emotionnelles", age="9")
    assert expected and expected != set(DATA.tools)
    assert _visible(page) == expected
    assert page.locator(".psds-count").inner_text().startswith(f"{len(expected)} ")
    assert "cps=emotionnelles" in page.url and "age=9" in page.url
    # The address restores the selection (a shared link).
    shared = page.url
    page.goto("about:blank")
    page.goto(shared)
    assert page.locator("select[name=cps]").input_value() == "emotionnelles"
    assert _visible(page) == expected
    page.locator("select[name=setting]").select_option("ecole")
    page.locator("select[name=type]").select_option("programme")
    assert _visible(page) == _expected(cps="emotionnelles", age="9", setting="ecole", kind="programme")
    page.locator("form.psds-filters button[type=reset]").click()
    page.wait_for_function("() => !location.hash")
    assert _visible(page) == set(DATA.tools)


@pytest.mark.slow
@pytest.mark.browser
def test_filters_online(chromium, real_site, real_site_url):
    base = real_site_url
    page = chromium.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    _check_filters(page, f"{base}/outils/")
    page.close()
    assert [u for u in requests if not u.startswith(base)] == []


@pytest.mark.slow
@pytest.mark.browser
def test_filters_offline(chromium, unzipped):
    page = chromium.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    _check_filters(page, (unzipped / "outils.html").as_uri())
    page.close()
    assert [u for u in requests if not u.startswith("file://")] == []


@pytest.mark.slow
@pytest.mark.browser
def test_without_javascript_the_whole_list_is_readable(chromium, real_site, real_site_url):
    base = real_site_url
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base}/outils/")
    assert not page.locator("form.psds-filters").is_visible()
    assert _visible(page) == set(DATA.tools)
    context.close()


@pytest.mark.slow
@pytest.mark.browser
def test_a_fiche_prints_on_one_page(chromium, real_site, real_site_url):
    base = real_site_url
    page = chromium.new_page()
    for prefix in ("", "en/"):
        for tool_id in DATA.tools:
            page.goto(f"{base}/{prefix}outils/{tool_id}/")
            pdf = page.pdf(format="A4")
            pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
            assert pages == 1, f"{prefix}{tool_id}: {pages} pages"
    page.close()


@pytest.mark.slow
def test_search_index_finds_tools_by_title_publisher_and_competence(real_site):
    # One index per language (macros/engine/search.py): French in search/, English in en/search/.
    for prefix, competence in (("", "Écoute empathique"), ("en/", "Empathic listening")):
        index = json.loads((real_site / prefix / "search" / "search_index.json").read_text(encoding="utf-8"))
        text = " ".join(d["title"] + " " + d["text"] for d in index["docs"]
                        if d["location"].startswith("outils/feelings/"))
        assert "Feelings" in text and "Act in Games" in text and competence in text


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("prefix, query", [("", "Act in Games"), ("en/", "Empathic listening")])
def test_site_search_returns_the_tool(chromium, real_site, real_site_url, prefix, query):
    base = real_site_url
    page = chromium.new_page()
    page.goto(f"{base}/{prefix}")
    page.locator(".md-search__input").click()
    page.wait_for_function(
        "() => !document.querySelector('.md-search-result__meta').textContent.includes('nitiali')")
    page.keyboard.type(query, delay=20)
    # Results change with every key typed: wait for those of the whole query.
    page.locator(f".md-search-result__item a[href*='/{prefix}outils/feelings/']").first.wait_for(timeout=15000)
    page.close()


def test_the_sources_page_lists_every_page_a_fiche_relies_on():
    listed = render.sources_list(DATA, "fr", "")
    missing = [url for tool in DATA.tools.values() for url in tool.all_sources if md_url(url) not in listed]
    assert missing == []
    assert any(tool.fact_sources for tool in DATA.tools.values())  # so the test covers them


# ---- Catalogue without dead ends, fiches for practitioners (issue 14) ----

FILTERS = {"cps": "cps", "age": "age", "setting": "setting", "type": "kind", "duration": "duration",
           "group": "group", "cost": "cost", "where": "where"}


def test_catalogue_cards_show_type_icon_and_the_practical_facts():
    for lang, ages, duration, settings in (("fr", "Âges", "Durée", "Milieux"),
                                           ("en", "Ages", "Duration", "Settings")):
        soup = BeautifulSoup(render.tool_catalogue(DATA, lang, ""), "html.parser")
        cards = soup.select(".psds-tool")
        assert len(cards) == len(DATA.tools)
        text = render.tool_catalogue(DATA, lang, "")
        for tool_id, tool in DATA.tools.items():
            card = text.split(f"](outils/{tool_id}.md)", 1)[1].split('<div class="psds-tool"', 1)[0]
            assert '<svg class="psds-icon" aria-hidden="true"' in card, tool_id
            assert f"**{ages}" in card and f"**{settings}" in card, tool_id
            assert (f"**{duration}" in card) == (tool.duration is not None), tool_id
            for cps_id in tool.cps:
                assert DATA.cps_item(cps_id).name.get(lang)[0].split(" ")[0] in card, (tool_id, cps_id)
        # The open data stays out of the cards: its own section of the hand-written page.
        assert "catalogue.csv" not in text


def test_a_fiche_opens_with_the_practical_facts(fixed):
    page = render.tool_page(fixed, "fr", "outils", "feelings", site_url="https://example.org/psds/")
    essentials = page.split('<div class="psds-essentials" markdown>', 1)[1].split("</div>", 1)[0]
    for name in ("Âges", "Durée", "Taille du groupe", "Depuis la Loire-Atlantique", "Coût"):
        assert f"| **{name}** |" in essentials, name
    # Before the summary and the detailed table.
    assert page.index("psds-essentials") < page.index(fixed.tools["feelings"].summary.fr[:20])
    assert page.index("psds-essentials") < page.index("| **Matériel** |")
    head = page.split("\n# ", 1)[0]
    assert "psds-print-head" in head and "Prendre soin de soi" in head
    assert page.rstrip().endswith(
        "Prendre soin de soi · https://example.org/psds/outils/feelings/</p>")
    en = render.tool_page(fixed, "en", "outils", "feelings", site_url="https://example.org/psds/")
    assert "| At a glance | What the sources say |" in en and "https://example.org/psds/en/outils/feelings/" in en


@pytest.fixture
def catalogue_page(chromium, real_site, real_site_url):
    """A page with the CSP violation listener, recording errors and off-site requests."""
    from conftest import VIOLATIONS

    contexts = []

    def open_page(**options):
        context = chromium.new_context(**options)
        context.add_init_script(VIOLATIONS)
        contexts.append(context)
        page = context.new_page()
        page.requests, page.errors = [], []
        page.on("request", lambda r: page.requests.append(r.url))
        page.on("console", lambda msg: page.errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda err: page.errors.append(str(err)))
        return page

    yield real_site_url, open_page
    for context in contexts:
        context.close()


def _options(page, name):
    return page.locator(f"select[name={name}] option").evaluate_all(
        "os => os.map(o => ({value: o.value, text: o.textContent, disabled: o.disabled}))")


def _shown_count(page):
    return int(page.locator(".psds-count").inner_text().split(" ", 1)[0])


def _try_every_option(page, fixed):
    """Each option of each select, with the filters of `fixed` set: a disabled option gives no
    tool; an enabled one gives the tools the data says, as many as its count says."""
    tried = 0
    for name in FILTERS:
        if name in fixed:
            continue
        for option in _options(page, name):
            if not option["value"]:
                continue
            wanted = _expected(**{FILTERS[k]: v for k, v in {**fixed, name: option["value"]}.items()})
            shown_n = int(re.search(r"\((\d+)\)$", option["text"]).group(1))
            assert shown_n == len(wanted), (fixed, name, option)
            if option["disabled"]:
                assert wanted == set(), (fixed, name, option)
                continue
            assert wanted, (fixed, name, option)  # an enabled option is never a dead end
            shown = page.evaluate(_PICK, [name, option["value"]])
            assert _slugs(shown["tools"]) == wanted, (fixed, name, option)
            assert int(shown["count"].split(" ", 1)[0]) == shown_n
            assert not shown["empty"]
            tried += 1
        page.locator(f"select[name={name}]").select_option("")
    return tried


# What a pick in a list does (Playwright's select_option too: the value, then input and change
# events), and what the page shows then, in one call: some 130 picks per language.
_PICK = """([name, value]) => {
  const select = document.querySelector(`select[name=${name}]`);
  select.value = value;
  for (const type of ["input", "change"]) select.dispatchEvent(new Event(type, {bubbles: true}));
  return {
    tools: [...document.querySelectorAll(".psds-tool:not([hidden]) h2 a:not(.headerlink)")].map(a => a.href),
    count: document.querySelector(".psds-count").innerText,
    empty: document.querySelector(".psds-empty").checkVisibility(),
  };
}"""


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("prefix", ["", "en/"])
def test_every_filter_option_yields_tools_or_is_disabled(catalogue_page, prefix):
    base, open_page = catalogue_page
    page = open_page()
    page.goto(f"{base}/{prefix}outils/")
    page.locator("form.psds-filters").wait_for(state="visible")
    assert _try_every_option(page, {}) > 40
    # With no other filter set, no option is a dead end: what no tool matches is not offered.
    for name in FILTERS:
        assert not [o for o in _options(page, name) if o["disabled"]], name
    # With another filter set, the counts follow it.
    for fixed in ({"cps": "emotionnelles"}, {"age": "9"}, {"setting": "famille"}):
        for name, value in fixed.items():
            page.locator(f"select[name={name}]").select_option(value)
        assert _try_every_option(page, fixed) > 5
        page.locator("form.psds-filters button[type=reset]").click()
        page.wait_for_function("() => !location.hash")
    assert page.errors == []
    assert [u for u in page.requests if not u.startswith(base)] == []


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("prefix, word", [("", "sans milieu renseigné"), ("en/", "with no setting reported")])
def test_tools_with_unknown_setting_or_age_can_be_included(catalogue_page, prefix, word):
    base, open_page = catalogue_page
    page = open_page()
    page.goto(f"{base}/{prefix}outils/")
    include = page.locator(".psds-check").filter(has_text=word)
    assert not include.is_visible()  # no setting chosen: nothing to include
    page.locator("select[name=setting]").select_option("ecole")
    unknown = {t for t, tool in DATA.tools.items() if not tool.settings}
    assert len(unknown) > 1
    assert include.is_visible() and f"{len(unknown)} " in include.inner_text()
    assert _visible(page) == _expected(setting="ecole")
    include.locator("input").check()
    assert _visible(page) == _expected(setting="ecole", setting_unknown=True) == _expected(setting="ecole") | unknown
    assert "setting_unknown=1" in page.url
    # Counts of the other filters now include those tools too.
    age_options = {o["value"]: o for o in _options(page, "age")}
    assert age_options["9"]["text"].endswith(f"({len(_expected(setting='ecole', setting_unknown=True, age='9'))})")
    # Ages: the same, counted with the setting filter as set.
    page.locator("select[name=age]").select_option("9")
    no_age = [t for t in _expected(setting="ecole", setting_unknown=True)
              if DATA.tools[t].ages == (None, None)]  # ages derived from school levels count as known
    age_box = page.locator(".psds-check").nth(0)
    assert age_box.is_visible() and f"{len(no_age)} " in age_box.inner_text()
    age_box.locator("input").check()
    assert _visible(page) == _expected(setting="ecole", setting_unknown=True, age="9", age_unknown=True)
    # Clearing the setting filter clears its "include" choice with it.
    page.locator("select[name=setting]").select_option("")
    assert not include.is_visible() and not include.locator("input").is_checked()
    assert page.errors == []


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("prefix, remove", [("", "Retirer « "), ("en/", "Remove “")])
def test_no_result_explains_and_widens_the_search(catalogue_page, prefix, remove):
    base, open_page = catalogue_page
    page = open_page()
    page.goto(f"{base}/{prefix}outils/")
    page.locator("form.psds-filters").wait_for(state="visible")
    # A shared link can ask for what gives nothing: a setting and a type, each offered, that no
    # tool has together (found in the data, not pinned).
    settings = [o["value"] for o in _options(page, "setting") if o["value"]]
    kinds = [o["value"] for o in _options(page, "type") if o["value"]]
    setting, kind = next((s, k) for s in settings for k in kinds if not _expected(setting=s, kind=k))
    page.goto(f"{base}/{prefix}outils/#setting={setting}&type={kind}")
    empty = page.locator(".psds-empty")
    empty.wait_for(state="visible")
    assert _visible(page) == set() and _shown_count(page) == 0
    buttons = empty.locator("button")
    texts = buttons.all_inner_texts()
    # Every button leads somewhere: its count is never 0.
    assert texts and all(not re.search(r"\(0 ", t) for t in texts), texts
    n = len(_expected(kind=kind))
    name = next(re.sub(r" \(\d+\)$", "", o["text"]) for o in _options(page, "setting") if o["value"] == setting)
    button = buttons.filter(has_text=remove + name)
    assert button.count() == 1 and f"({n} " in button.inner_text()
    button.click()
    assert _visible(page) == _expected(kind=kind) and len(_visible(page)) == n
    assert not empty.is_visible()
    assert "setting=" not in page.url and f"type={kind}" in page.url
    assert page.errors == []


def test_filter_choices_no_tool_matches_are_not_offered():
    def tool(ages=(None, None), minutes=None, group=(None, None), settings=()):
        return types.SimpleNamespace(ages=ages, session_minutes=minutes, group_min=group[0],
                                     group_max=group[1], settings=list(settings))
    tools = [tool(ages=(6, 8), minutes=40, group=(3, 12), settings=["ecole"]), tool(ages=(None, 4)), tool()]
    assert catalogue.offered_ages(tools, range(3, 15)) == [3, 4, 6, 7, 8]
    assert catalogue.offered_durations(tools, (30, 45, 60)) == [45, 60]
    assert catalogue.offered_groups(tools, (5, 10, 15, 20)) == [5, 10]
    assert catalogue.offered_settings(tools, ["ecole", "famille"]) == ["ecole"]
    # A catalogue with no known group size offers no group size at all.
    assert catalogue.offered_groups([tool(), tool(ages=(6, 8))], (5, 10)) == []
    # The rendered catalogue offers only what its tools can match.
    html = BeautifulSoup(render.tool_catalogue(DATA, "fr", ""), "html.parser")
    tools = list(DATA.tools.values())
    offered = [int(o["value"]) for o in html.select("select[name=group] option") if o["value"]]
    assert offered == catalogue.offered_groups(tools, (5, 10, 15, 20, 25, 30))
    offered = {o["value"] for o in html.select("select[name=setting] option") if o["value"]}
    assert offered == {s.value for t in tools for s in t.settings}


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("prefix", ["", "en/"])
def test_filter_touch_targets_are_44_px_on_a_phone(catalogue_page, prefix):
    base, open_page = catalogue_page
    page = open_page(viewport={"width": 390, "height": 844})
    # Two states: the "include unknown" boxes shown, then the no-result buttons shown.
    assert _expected(setting="ecole", age="9") and _expected(setting="accueil-loisirs", kind="jeu") == set()
    checked = 0
    for state, shown in (("setting=ecole&age=9", ".psds-check"), ("setting=accueil-loisirs&type=jeu", ".psds-empty")):
        page.goto(f"{base}/{prefix}outils/#{state}")
        page.locator(shown).first.wait_for(state="visible")
        targets = page.locator("form.psds-filters select, form.psds-filters button, "
                               ".psds-check:visible, .psds-empty button")
        assert targets.count() >= 4 + 1 + 1
        for i in range(targets.count()):
            box = targets.nth(i).bounding_box()
            assert box["width"] >= 44 and box["height"] >= 44, (state, targets.nth(i).inner_text(), box)
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
            checked += 1
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert checked >= 14
    assert page.errors == []


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("prefix", ["", "en/"])
def test_on_a_phone_the_results_come_first_once_a_filter_is_set(catalogue_page, prefix):
    """No fold to open again: once a filter is set, a phone brings the filters to the top of
    the screen with the first results right below them; every filter stays one tap away and
    the focus stays where the reader left it. A wide screen never moves."""
    base, open_page = catalogue_page

    def on_screen(page, locator, height):
        header = page.locator(".md-header").bounding_box()
        box = locator.bounding_box()
        return box is not None and header["y"] + header["height"] <= box["y"] and box["y"] + box["height"] <= height

    page = open_page(viewport={"width": 390, "height": 844})
    page.goto(f"{base}/{prefix}outils/")
    page.locator("form.psds-filters").wait_for(state="visible")
    first = page.locator(".psds-tool:not([hidden]) h2").first
    assert not on_screen(page, first, 844)  # before any choice the filters come first
    for name, value in (("age", "9"), ("setting", "ecole")):
        page.locator(f"select[name={name}]").focus()
        page.locator(f"select[name={name}]").select_option(value)
        assert page.evaluate("document.activeElement.name") == name
        assert on_screen(page, first, 844), first.bounding_box()
        selects = page.locator("form.psds-filters select")
        assert selects.count() == 8
        for i in range(selects.count()):
            assert on_screen(page, selects.nth(i), 844), (name, i, selects.nth(i).bounding_box())
    assert page.evaluate("window.scrollY") > 0
    # A shared link with filters opens the same way.
    page.goto("about:blank")
    page.goto(f"{base}/{prefix}outils/#age=9")
    assert on_screen(page, page.locator(".psds-tool:not([hidden]) h2").first, 844)
    # On a wide screen nothing scrolls.
    wide = open_page(viewport={"width": 1366, "height": 900})
    wide.goto(f"{base}/{prefix}outils/#age=9")
    wide.locator("form.psds-filters").wait_for(state="visible")
    wide.locator("select[name=setting]").select_option("ecole")
    assert wide.evaluate("window.scrollY") == 0
    assert page.errors == [] and wide.errors == []


@pytest.mark.slow
@pytest.mark.browser
def test_a_printed_fiche_names_the_programme_its_address_and_date(catalogue_page, real_site):
    """Printed on one A4 page: the longest fiche of each language (whatever the data), the one
    most likely to spill over."""
    import io as _io

    from pypdf import PdfReader

    def longest(prefix: str) -> str:
        pages = [p for p in (real_site / prefix / "outils").glob("*/index.html")]
        assert len(pages) > 1
        size = {p.parent.name: len(BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
                                   .select_one("article").get_text()) for p in pages}
        return max(size, key=size.get)

    base, open_page = catalogue_page
    page = open_page()
    for prefix, printed in (("", "Imprimée le"), ("en/", "Printed on")):
        url = f"{base}/{prefix}outils/{longest(prefix)}/"
        page.emulate_media(media="screen")
        page.goto(url)
        assert not page.locator(".psds-print-head").is_visible()  # print only
        page.emulate_media(media="print")
        assert page.locator(".psds-print-head").is_visible()
        reader = PdfReader(_io.BytesIO(page.pdf(format="A4")))
        assert len(reader.pages) == 1, url
        text = " ".join(p.extract_text() for p in reader.pages)
        flat = re.sub(r"\s+", "", text)
        assert "Prendre soin de soi" in text
        assert re.sub(r"\s+", "", url) in flat, text[-400:]
        assert printed in text and re.search(r"20\d\d", text.split(printed, 1)[1][:40])
    assert page.errors == []


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("prefix", ["", "en/"])
def test_catalogue_states_and_a_fiche_pass_axe(catalogue_page, prefix):
    from conftest import axe_violations

    base, open_page = catalogue_page
    page = open_page(viewport={"width": 390, "height": 844})
    violations = []
    for state, shown in (("setting=ecole&age=9", ".psds-check"),
                         ("setting=accueil-loisirs&type=jeu", ".psds-empty")):
        page.goto("about:blank")
        page.goto(f"{base}/{prefix}outils/#{state}")
        page.locator(shown).first.wait_for(state="visible")
        violations += axe_violations(page)
    page.goto(f"{base}/{prefix}outils/kiva/")
    violations += axe_violations(page)
    assert violations == [], "\n".join(violations)
    assert page.errors == []


@pytest.mark.slow
def test_french_tool_titles_on_english_pages_are_marked_french(fixture_site):
    """A tool with no English title (a fixture's) shows its French title on /en/ pages, each
    time inside lang="fr": cards, fiche heading, table of contents, CPS lists, selection."""
    titles = {"Cartes d'écoute (fictif)"}
    seen, unmarked = set(), []
    for page in (fixture_site / "en").rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for node in soup.find_all(string=lambda s: any(t in s for t in titles)):
            if node.parent.name in ("script", "style", "title"):
                continue
            where = str(page.relative_to(fixture_site))
            seen.add(where)
            owner = node.parent
            while owner is not None and not owner.get("lang"):
                owner = owner.parent
            if owner is None or owner.get("lang") != "fr":
                unmarked.append((where, str(node.parent)[:160]))
    assert {"en/outils/index.html", "en/outils/cartes-ecoute/index.html", "en/selection/index.html"} <= seen, seen
    assert any(p.startswith("en/cps/") for p in seen), seen
    assert unmarked == [], unmarked


def test_table_of_contents_entries_keep_their_heading_language():
    from types import SimpleNamespace

    from macros.engine.toc_lang import heading_languages, mark_toc

    html = ('<h2 id="a"><a href="x/"><span lang="fr" class="psds-untranslated">Cartes d&#39;écoute</span></a></h2>'
            '<h2 id="b"><a href="y/">Listening cards</a></h2>')
    child = SimpleNamespace(id="a", title="Cartes d&#39;écoute", children=[])
    toc = [SimpleNamespace(id="top", title="Tools", children=[child]),
           SimpleNamespace(id="b", title="Listening cards", children=[])]
    mark_toc(toc, heading_languages(html))
    assert str(child.title) == '<span lang="fr">Cartes d&#39;écoute</span>'
    assert toc[0].title == "Tools" and toc[1].title == "Listening cards"
    from macros.engine.toc_lang import mark_header_title

    page = ('<div class="md-header__topic" data-md-component="header-topic">\n<span class="md-ellipsis">\n'
            "Cartes d&#39;écoute\n</span>\n</div><h1 id=\"c\"><span lang=\"fr\">Cartes d&#39;écoute</span></h1>")
    assert '<span class="md-ellipsis"><span lang="fr">Cartes d&#39;écoute</span>' in mark_header_title(page)
    assert mark_header_title(page.replace('<span lang="fr">', "<span>")) == page.replace('<span lang="fr">', "<span>")
