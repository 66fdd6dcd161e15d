"""Content checks on the built site, in both languages.

- No internal note (« à vérifier », « TODO », « XXX », « À COMPLÉTER ») reaches a page.
- A page never shows text of the other language unmarked: on an English page, French text
  must sit inside an element with lang="fr"; on a French page, English text inside lang="en".
  Two detections: (1) every text of the data that differs between its French and English
  versions is looked for, in the other language, outside marked elements; (2) hand-written
  text is checked block by block with the function words of each language.

The detectors are tested on small HTML snippets, on the real site (which must pass) and on a
deliberately broken copy of the project (which must fail).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pydantic import BaseModel

from conftest import build_ok, copy_project
from macros.data import models as m
from macros.content.labels import LABELS
from macros.data.loader import load_site_data

NOTES = re.compile(r"à vérifier|à compléter|\bTODO\b|\bXXX\b", re.IGNORECASE)
BLOCKS = ("p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "figcaption",
          "caption", "summary")
WORD = re.compile(r"[a-zà-ÿœæ]+", re.IGNORECASE)
URL = re.compile(r"\b(?:https?://|www\.)\S+")
# Function words that (almost) never occur in a text of the other language.
FUNCTION_WORDS = {
    "fr": {"le", "la", "les", "des", "du", "et", "est", "une", "pour", "dans", "qui", "que", "sur",
           "avec", "aux", "ses", "sont", "pas", "ont", "été", "leur", "leurs", "cette", "nous",
           "vous", "il", "elle", "au", "ne", "plus", "son", "sa"},
    "en": {"the", "and", "of", "to", "is", "with", "for", "this", "that", "which", "are", "was",
           "were", "on", "by", "from", "it", "be", "have", "has", "their", "its", "an", "as",
           "at", "or", "who", "what"},
}
MIN_DATA_TEXT = 12  # shorter data texts ("Famille", "Kit") are too common to look for
MIN_FUNCTION_WORDS = 6


def other(lang: str) -> str:
    return "en" if lang == "fr" else "fr"


def normalise(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


# ------------------------------------------------------------------ known strings


def _texts(value):
    """Every bilingual Text in a value of the data (models, mappings, tuples)."""
    if isinstance(value, m.Text):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name))
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _texts(item)


def bilingual_pairs(data) -> list[tuple[str, str]]:
    """(French, English) of every data text and interface word whose two versions differ."""
    pairs = []
    for field in dataclasses.fields(data):
        for text in _texts(getattr(data, field.name)):
            if text.en and normalise(text.en) != normalise(text.fr):
                pairs.append((normalise(text.fr), normalise(text.en)))
    for entry in LABELS.values():
        fr, en = entry.get("fr", ""), entry.get("en", "")
        if fr and en and fr != en and "{" not in fr + en:
            pairs.append((normalise(fr), normalise(en)))
    return pairs


def foreign_strings(pairs: list[tuple[str, str]], lang: str) -> set[str]:
    """Texts of the other language to look for on a page in `lang`. A text that also occurs
    inside a text of `lang` (a name such as « Prendre soin de soi ») is left out."""
    own = [fr if lang == "fr" else en for fr, en in pairs]
    wanted = {en if lang == "fr" else fr for fr, en in pairs}
    return {text for text in wanted
            if len(text) >= MIN_DATA_TEXT and not any(text in mine for mine in own)}


# ------------------------------------------------------------------ detectors


def _soup(html: str | BeautifulSoup) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser") if isinstance(html, str) else html


def unmarked_content(html: str | BeautifulSoup, lang: str) -> BeautifulSoup:
    """The page's main content, without the parts marked in another language (and code).
    A parsed page is changed in place (parsing is most of the cost: `problems` parses once)."""
    soup = _soup(html)
    article = soup.select_one("article") or soup.body or soup
    for element in article.select("[lang]"):
        if element.get("lang", "").split("-")[0] != lang:
            element.decompose()
    for element in article.select("code, pre, script, style"):
        element.decompose()
    return article


def internal_notes(html: str | BeautifulSoup) -> list[str]:
    """Internal notes in a page's text, title, description or attributes."""
    soup = _soup(html)
    for element in soup.select("script, style"):
        element.decompose()
    found = [match.group(0) for match in NOTES.finditer(soup.get_text(" "))]
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            if name in ("title", "alt", "content", "aria-label", "placeholder"):
                found += [match.group(0) for match in NOTES.finditer(str(value))]
    return found


def unmarked_data_texts(html: str | BeautifulSoup, lang: str, foreign: set[str]) -> list[str]:
    text = normalise(unmarked_content(html, lang).get_text(" "))
    return sorted(s for s in foreign if s in text)


def unmarked_foreign_blocks(html: str | BeautifulSoup, lang: str) -> list[str]:
    """Blocks of text that read as the other language and are not marked as such."""
    article = unmarked_content(html, lang)
    found = []
    for block in article.find_all(BLOCKS):
        if block.find(BLOCKS):  # counted in its inner blocks
            continue
        words = [w.lower() for w in WORD.findall(URL.sub(" ", block.get_text(" ")))]
        theirs = sum(w in FUNCTION_WORDS[other(lang)] for w in words)
        mine = sum(w in FUNCTION_WORDS[lang] for w in words)
        if theirs >= MIN_FUNCTION_WORDS and theirs > 2 * mine:
            found.append(normalise(block.get_text(" "))[:120])
    return found


def page_language(path: Path, site: Path) -> str:
    return "en" if path.relative_to(site).parts[0] == "en" else "fr"


def problems(site: Path, pages: tuple[str, ...] | None = None) -> list[str]:
    """What the detectors find in every page of `site` (or in `pages`, paths in it)."""
    pairs = bilingual_pairs(load_site_data(site.parent / "resources"))
    foreign = {lang: foreign_strings(pairs, lang) for lang in ("fr", "en")}
    report = []
    for path in [site / page for page in pages] if pages else sorted(site.rglob("*.html")):
        if path.name != "index.html" and path.name != "404.html":
            continue  # redirect stubs and assets
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        lang = page_language(path, site)
        where = path.relative_to(site).as_posix()
        report += [f"{where}: internal note « {note} »" for note in internal_notes(soup)]
        article = unmarked_content(soup, lang)  # after the notes: this drops parts of the page
        report += [f"{where}: {other(lang)} data text without lang=\"{other(lang)}\": « {text} »"
                   for text in unmarked_data_texts(article, lang, foreign[lang])]
        report += [f"{where}: {other(lang)} text without lang=\"{other(lang)}\": « {text} »"
                   for text in unmarked_foreign_blocks(article, lang)]
    return report


# ------------------------------------------------------------------ the detectors themselves


def _page(body: str, lang: str = "en") -> str:
    return f'<html lang="{lang}"><body><article>{body}</article></body></html>'


@pytest.mark.parametrize("note", ["À vérifier dans le document", "TODO: translate", "XXX",
                                  "À COMPLÉTER"])
def test_internal_notes_are_found(note):
    assert internal_notes(_page(f"<p>Texte. {note}</p>"))
    assert internal_notes(_page(f'<p><abbr title="{note}">CPS</abbr></p>'))


def test_ordinary_text_has_no_internal_note():
    assert internal_notes(_page("<p>Vérifié par des tests ; six toddlers ; la Carène.</p>")) == []


FRENCH = ("Le programme a été déployé sur deux territoires avec les acteur·rices de l'enfance, "
          "les parents et les bénévoles, pour la santé et le bien-être dans tous les milieux.")
ENGLISH = ("The programme was run on two territories with the people who work with children, "
           "parents and volunteers, for health and well-being in every setting of their lives.")


def test_french_block_on_an_english_page_must_be_marked():
    assert unmarked_foreign_blocks(_page(f"<p>{FRENCH}</p>"), "en")
    assert unmarked_foreign_blocks(_page(f'<p lang="fr">{FRENCH}</p>'), "en") == []
    assert unmarked_foreign_blocks(_page(f'<blockquote lang="fr"><p>{FRENCH}</p></blockquote>'), "en") == []
    assert unmarked_foreign_blocks(_page(f"<p>{ENGLISH}</p>"), "en") == []
    url = "https://example.org/les-outils-pour-la-sante-et-le-bien-etre-des-enfants-dans-la-classe-avec-les-parents"
    assert unmarked_foreign_blocks(_page(f"<li>{url} — source for: a tool</li>"), "en") == []


def test_english_block_on_a_french_page_must_be_marked():
    assert unmarked_foreign_blocks(_page(f"<p>{ENGLISH}</p>", "fr"), "fr")
    assert unmarked_foreign_blocks(_page(f'<p><span lang="en">{ENGLISH}</span></p>', "fr"), "fr") == []
    assert unmarked_foreign_blocks(_page(f"<p>{FRENCH}</p>", "fr"), "fr") == []


def test_names_shared_by_both_languages_are_not_foreign():
    pairs = [("Prendre soin de soi", "Prendre soin de soi (“Taking care of oneself”)"),
             ("Ateliers parents organisés", "Parent workshops held")]
    assert foreign_strings(pairs, "en") == {"Ateliers parents organisés"}
    assert foreign_strings(pairs, "fr") == {"Prendre soin de soi (“Taking care of oneself”)",
                                            "Parent workshops held"}


def test_a_data_text_in_the_other_language_must_be_marked():
    foreign = {"Ateliers parents organisés"}
    assert unmarked_data_texts(_page("<td>Ateliers parents organisés</td>"), "en", foreign)
    marked = _page('<td><span lang="fr" class="psds-untranslated">Ateliers parents organisés</span></td>')
    assert unmarked_data_texts(marked, "en", foreign) == []


# ------------------------------------------------------------------ the real and a broken site


@pytest.mark.slow
def test_the_real_site_has_no_internal_note_and_no_unmarked_foreign_text(real_site):
    found = problems(real_site)
    assert not found, "\n".join(found)


def _break(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.slow
def test_a_broken_copy_fails(tmp_path):
    """The checks can fail: a note, a French paragraph in English and a data text in the
    other language, put into a copy of the project, are each reported."""
    project = copy_project(tmp_path / "broken")
    data = load_site_data(project / "resources")
    english_objective = data.programme.general_objective.en
    french_summary = normalise(data.territories["pontchateau"].summary.fr)
    _break(project / "resources" / "cps.yml", "Le référentiel de 2022 compte",
           "À vérifier : le référentiel de 2022 compte")
    _break(project / "docs" / "index.en.md", "## The territories",
           f"{FRENCH}\n\n{french_summary}\n\n## The territories")
    _break(project / "docs" / "index.md", "## Les territoires",
           f"{normalise(english_objective)}\n\n## Les territoires")
    site = build_ok(project)
    # Every page is checked on the real site (above); here, the three pages broken.
    found = "\n".join(problems(site, ("cps/index.html", "en/index.html", "index.html")))
    assert "cps/index.html: internal note « À vérifier »" in found
    assert "en/index.html: fr text without lang=\"fr\"" in found
    assert f"en/index.html: fr data text without lang=\"fr\": « {french_summary} »" in found
    assert f"index.html: en data text without lang=\"en\": « {normalise(english_objective)} »" in found
