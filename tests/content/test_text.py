"""Text from data reaches pages as literal text: never markup, links or attributes."""

from __future__ import annotations

import html
import re
import unicodedata

import markdown
import yaml
from bs4 import BeautifulSoup
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from macros.content.text import md_text, md_url


def _site_markdown() -> markdown.Markdown:
    """Python-Markdown with the extensions (and settings) of mkdocs.yml."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    names, configs = [], {}
    for entry in config["markdown_extensions"]:
        if isinstance(entry, dict):
            (name, options), = entry.items()
            names.append(name)
            configs[name] = options if isinstance(options, dict) else {}
        else:
            names.append(entry)
    configs.get("toc", {}).pop("permalink", None)
    return markdown.Markdown(extensions=names, extension_configs=configs)


MD = _site_markdown()


def rendered(text: str) -> BeautifulSoup:
    MD.reset()
    return BeautifulSoup(MD.convert(str(md_text(text))), "html.parser")


HOSTILE = [
    "<script>alert(1)</script>",
    "[clic](javascript:alert(1))",
    "![image](https://tracker.example/x.png)",
    "Titre {: onclick=\"alert(1)\" }",
    "<img src=x onerror=alert(1)>",
    "{{ 7 * 7 }} {% if x %}",
    "*gras* _souligné_ `code` ~~barré~~",
    "# Pas un titre",
    "- pas une liste",
    "1. pas une liste",
    "2022. Une année",
    "> pas une citation",
    "| a | b |",
    "&amp; &lt;b&gt;",
    "*[CPS]: Abréviation injectée",
    "<https://example.org>",
    "Texte\n\n---\n\nsuite",
]


def test_hostile_text_comes_out_as_literal_text():
    for text in HOSTILE:
        soup = rendered(text)
        tags = {tag.name for tag in soup.find_all(True)}
        assert tags <= {"p"}, (text, str(soup))
        expected = re.sub(r"\s+", " ", text).strip()
        assert soup.get_text() == expected, (text, str(soup))


@settings(max_examples=300, deadline=None)
@example("\x00 a\x85b")
@given(st.text(min_size=1, max_size=80))
def test_any_text_round_trips(text):
    soup = rendered(text)
    kept = "".join(c for c in text if c.isspace() or unicodedata.category(c) not in ("Cc", "Cs"))
    # White space is folded, except the no-break spaces of French typography.
    expected = re.sub(r"[^\S\u00a0\u202f]+", " ", kept).strip(" ")
    assert {tag.name for tag in soup.find_all(True)} <= {"p"}
    assert soup.get_text() == expected


def test_glossary_terms_stay_matchable():
    # Abbreviations (tooltips) match words in the text: keep letters, hyphens, apostrophes.
    assert str(md_text("La co-intervention et la Charte d'Ottawa")) == (
        "La co-intervention et la Charte d'Ottawa"
    )


def test_url_cannot_close_a_markdown_link():
    url = 'https://example.org/a (b)"<c>'
    safe = str(md_url(url))
    assert not set(safe) & set(' ()"<>')
    MD.reset()
    soup = BeautifulSoup(MD.convert(f"[lien]({safe})"), "html.parser")
    assert html.unescape(soup.a["href"]) == safe


def test_french_spacing_binds_punctuation_to_its_word():
    from macros.content.text import french_spacing, typeset

    assert french_spacing("Durée : 1 h ; « oui » ? non !") == (
        "Durée\u00a0: 1 h\u202f; «\u202foui\u202f»\u202f? non\u202f!")
    # Only spaces already there change: addresses and English text are left alone.
    assert french_spacing("https://x.fr/a?b=1:2") == "https://x.fr/a?b=1:2"
    assert typeset("Note : yes", "en") == "Note : yes"


def test_french_pages_carry_no_breakable_space_before_high_punctuation():
    from macros.content import render
    from macros.data.loader import load_site_data

    data = load_site_data(ROOT / "resources")
    french = render.territory_page(data, "fr", "territoires", "carene")
    assert re.search(r" (&#58;|;|\?|&#33;|»)", french) is None
    assert "&#160;&#58;" in french or "\u00a0:" in french
    # English text keeps its spaces (French quotes on English pages are French, typeset so).
    english = render.territory_page(data, "en", "territoires", "carene").split("\n\n")[1]
    assert english.startswith("In 2021") and "&#8239;" not in english and "&#160;" not in english
