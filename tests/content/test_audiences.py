"""Every audience on the built site (issue 25): a closed programme everywhere, English without
« carrier », and an easy-read page for parents that keeps the easy-read rules it claims.

The checks read the built pages and the data (glossary, programme status); none pins today's
wording. The detectors are tried on small snippets too, so a detector that finds nothing
cannot pass for a clean site.
"""

from __future__ import annotations

import re
import statistics
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from macros.data.loader import load_site_data

# An offer of something to attend, in the present or future tense: a closed programme makes
# none. Each pattern names the phrasing it catches.
OFFERS = {
    "ouvert·e à": re.compile(r"\b(?:est|sont|reste|restent) ouverte?s? (?:à|aux)\b", re.I),
    "inscrivez-vous": re.compile(r"\binscrivez[- ]vous\b|\bvous inscrire\b", re.I),
    "rejoignez": re.compile(r"\brejoignez\b|\bparticipez\b", re.I),
    "aura lieu": re.compile(r"\b(?:aura|auront) lieu\b|\bse tiendr(?:a|ont)\b", re.I),
    "à venir": re.compile(r"\bà venir\b|\bprochaine?s? (?:atelier|formation|session|journée|"
                          r"rencontre|date|événement)s?\b", re.I),
    "propose / organise (présent, futur)": re.compile(
        r"\b(?:propos|organis)(?:e|ent|era|eront|ons)\b[^.!?]{0,60}\b(?:atelier|formation|"
        r"journée|événement|rencontre)s?\b", re.I),
    "vous pouvez participer": re.compile(
        r"\bvous pouvez (?:participer|suivre|assister|venir)\b", re.I),
}
# Legitimate phrasings, by name: (pattern name, the exact sentence fragment that is allowed,
# why). Keep this list short; every entry is a decision.
ALLOWED: list[tuple[str, str, str]] = []
# « encore » about the territories reads as if the programme were still running.
STILL = re.compile(r"[^.!?]*\bencore\b[^.!?]*\bterritoire|[^.!?]*\bterritoire[^.!?]*\bencore\b", re.I)
CARRIER = re.compile(r"\bcarriers?\b", re.I)


def _pages(site: Path, lang: str):
    for path in sorted(site.rglob("index.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith("admin/") or (rel.startswith("en/") != (lang == "en")):
            continue
        yield rel, path


def _text(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    article = soup.select_one("article") or soup.body or soup
    for element in article.select("script, style, code, pre"):
        element.decompose()
    return " ".join(article.get_text(" ").replace("\u00a0", " ").replace("\u202f", " ").split())


def offers(text: str) -> list[str]:
    found = []
    for name, pattern in OFFERS.items():
        for match in pattern.finditer(text):
            around = text[max(0, match.start() - 60):match.end() + 60]
            if not any(name == allowed and fragment in around for allowed, fragment, _ in ALLOWED):
                found.append(f"{name}: « …{around}… »")
    return found


def still_running(text: str) -> list[str]:
    return [match.group(0).strip() for match in STILL.finditer(text)]


# ------------------------------------------------------------------ the detectors themselves


@pytest.mark.parametrize("sentence", [
    "La formation de 3 jours est ouverte à toute une équipe éducative.",
    "Le prochain atelier parents aura lieu en mars.",
    "L'association propose des ateliers parents chaque mois.",
    "Inscrivez-vous auprès de votre mairie.",
    "Vous pouvez participer aux journées d'échanges.",
    "Aucun événement à venir n'est annoncé.",
])
def test_an_offer_is_found(sentence):
    assert offers(sentence)


@pytest.mark.parametrize("sentence", [
    "Des ateliers parents ont été proposés sur les territoires du programme.",
    "La formation de 3 jours s'adressait à toute une équipe éducative.",
    "Le programme est terminé depuis octobre 2025.",
])
def test_a_past_fact_is_not_an_offer(sentence):
    assert offers(sentence) == []


def test_encore_about_a_territory_is_found():
    assert still_running("Aucun outil n'est encore associé à ce territoire.")
    assert still_running("Ce territoire n'a encore aucune action.")
    assert still_running("J'ai encore du mal. Un territoire prioritaire.") == []


# ------------------------------------------------------------------ the real site


def test_no_french_page_offers_anything_of_a_closed_programme(real_site):
    data = load_site_data(ROOT / "resources")
    if data.programme.status.value != "clos":
        pytest.fail("this check is written for a closed programme: resources/programme.yml says "
                    f"« {data.programme.status.value} »")
    report = []
    for rel, path in _pages(real_site, "fr"):
        text = _text(path.read_text(encoding="utf-8"))
        report += [f"{rel}: {item}" for item in offers(text)]
        report += [f"{rel}: « encore » : « {item} »" for item in still_running(text)]
    assert report == []


def test_english_pages_say_lead_organisation_not_carrier(real_site):
    report = []
    for rel, path in _pages(real_site, "en"):
        html = path.read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        for element in soup.select("script, style"):
            element.decompose()
        text = soup.get_text(" ")
        report += [f"{rel}: « {m.group(0)} »" for m in CARRIER.finditer(text)]
    assert report == []


def test_the_agenda_is_an_archive_with_its_feeds_kept(real_site):
    """A closed programme: no « upcoming » section, the closing date said, the .ics kept."""
    from macros.content.labels import label

    for lang, prefix in (("fr", ""), ("en", "en/")):
        page = real_site / prefix / "calendrier" / "index.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        headings = [h.get_text(" ").strip("¶ ").strip() for h in soup.select("article h2, article h3")]
        assert label("upcoming", lang) not in headings
        text = _text(str(soup))
        assert label("agenda_archive", lang).split("{date}")[0].strip() in text
        feeds = [a["href"] for a in soup.select("article a[href$='.ics']")]
        assert feeds and all((page.parent / href).resolve().is_file() for href in feeds)


# ------------------------------------------------------------------ the easy-read page

EASY_READ = {"fr": "facile-a-lire/index.html", "en": "en/facile-a-lire/index.html"}
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n")
WORDS = re.compile(r"[\wÀ-ÿ'’-]+")


def easy_read_sentences(html: str) -> list[str]:
    """The sentences a reader reads: headings, paragraphs and list items of the article,
    without the source lines (references, not sentences: `.psds-falc-source`)."""
    soup = BeautifulSoup(html, "html.parser")
    article = soup.select_one("article")
    for element in article.select(".psds-falc-source, .headerlink, script, style"):
        element.decompose()
    for br in article.select("br"):
        br.replace_with("\n")
    sentences = []
    for block in article.find_all(["h1", "h2", "p", "li"]):
        if block.find(["p", "li"]):
            continue
        for sentence in SENTENCE_END.split(block.get_text("")):
            if WORDS.search(sentence):
                sentences.append(" ".join(sentence.split()))
    return sentences


def test_sentence_measure_counts_words():
    html = ("<article><h1>Titre court</h1><p>Une phrase.<br>Deux phrases ici.</p>"
            "<ul><li>Un élément de liste.</li></ul><p class='psds-falc-source'>Source longue</p></article>")
    assert easy_read_sentences(html) == ["Titre court", "Une phrase.", "Deux phrases ici.",
                                         "Un élément de liste."]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_easy_read_leads_on_to_the_parents_page(real_site, lang):
    """A parent who finishes the easy-read page goes on to the fuller parents' page."""
    page = real_site / EASY_READ[lang]
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    following = soup.select_one("a.md-footer__link--next")
    assert following is not None
    assert (page.parent / following["href"]).resolve() == (page.parent.parent / "parents").resolve()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_easy_read_sentences_are_short(real_site, lang):
    sentences = easy_read_sentences((real_site / EASY_READ[lang]).read_text(encoding="utf-8"))
    counts = [len(WORDS.findall(s)) for s in sentences]
    assert len(sentences) >= 10
    assert statistics.mean(counts) <= 12, statistics.mean(counts)
    assert [s for s, n in zip(sentences, counts, strict=True) if n > 20] == []


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_easy_read_explains_every_glossary_word_it_uses(real_site, lang):
    """Every glossary term the page uses is defined on the page (a <dfn> in a sentence that
    says more than the term), not only in a tooltip."""
    data = load_site_data(ROOT / "resources")
    soup = BeautifulSoup((real_site / EASY_READ[lang]).read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article")
    for element in article.select(".psds-falc-source, script, style"):
        element.decompose()
    text = " ".join(article.get_text(" ").split())
    defined = {" ".join(d.get_text(" ").split()): " ".join(d.parent.get_text(" ").split())
               for d in article.select("dfn")}
    used, missing = [], []
    for entry in data.glossary.values():
        for spelling in entry.spellings:
            if re.search(rf"(?<![\w-]){re.escape(spelling)}(?![\w-])", text):
                used.append(spelling)
                context = defined.get(spelling, "")
                if len(WORDS.findall(context)) < len(WORDS.findall(spelling)) + 3:
                    missing.append(spelling)
    assert used, "the page uses no glossary word: the check would prove nothing"
    assert missing == []


def test_easy_read_says_how_it_was_written_without_the_logo(real_site):
    for lang in ("fr", "en"):
        soup = BeautifulSoup((real_site / EASY_READ[lang]).read_text(encoding="utf-8"), "html.parser")
        assert soup.select_one("article .psds-falc-how") is not None
        # Pictures carry meaning: each has a text alternative.
        images = soup.select("article .psds-falc img")
        assert images and all(len(img.get("alt", "").split()) >= 2 for img in images)
        # Every idea for home comes with a source: each block of ideas is followed by one.
        for block in soup.select("article .psds-falc"):
            if block.find("a"):
                continue  # the « find out more » links are the sources themselves
            follower = block.find_next_sibling()
            assert follower is not None and "psds-falc-source" in follower.get("class", []), block
            assert follower.select_one("a[href^='https://']") is not None


# ------------------------------------------------------------------ sources a reader can check


def test_the_sirena_record_is_linked_from_the_programme_and_capitalisation_pages(real_site):
    data = load_site_data(ROOT / "resources")
    records = [str(s.url) for s in data.programme.sources if "sirena-cps.fr" in str(s.url)]
    assert len(records) == 1, "the programme's SIRENA-CPS record is one of its sources"
    for prefix in ("", "en/"):
        for page in ("programme", "capitalisation"):
            soup = BeautifulSoup((real_site / prefix / page / "index.html").read_text(encoding="utf-8"),
                                 "html.parser")
            assert records[0] in {a["href"] for a in soup.select("article a[href]")}, prefix + page


def test_the_examples_written_for_this_site_say_so(real_site):
    from macros.content.labels import label

    data = load_site_data(ROOT / "resources")
    for lang, prefix in (("fr", ""), ("en", "en/")):
        for cps_id in (g.id for g in data.cps.general):
            html = (real_site / prefix / "cps" / cps_id / "index.html").read_text(encoding="utf-8")
            titles = [t.get_text(" ").strip() for t in
                      BeautifulSoup(html, "html.parser").select("article .admonition-title")]
            assert label("child_example", lang) in titles, (lang, cps_id)


NESTED = {"en": re.compile(r"“[^”]{0,200}“"), "fr": re.compile(r"«[^»]{0,200}«")}


def test_nested_quotes_are_found():
    assert NESTED["en"].search("from the “Prendre soin de soi (“Taking care of oneself”)” website")
    assert NESTED["fr"].search("« Implantation CPS 44 « Prendre soin de soi » »")
    assert not NESTED["fr"].search("« Implantation CPS 44 “Prendre soin de soi” »")


def test_no_page_nests_its_quotation_marks(real_site):
    report = []
    for lang in ("fr", "en"):
        for rel, path in _pages(real_site, lang):
            text = _text(path.read_text(encoding="utf-8"))
            report += [f"{rel}: « {m.group(0)[:90]} »" for m in NESTED[lang].finditer(text)]
    assert report == []
