"""English pages follow English punctuation: no space before « ; » or « : » (French rule)."""

import re

import pytest
from bs4 import BeautifulSoup, NavigableString

from conftest import ROOT
from macros.data.loader import load_site_data

DATA = load_site_data(ROOT / "resources")
# A French work's title, cited as published (e.g. « Les compétences psychosociales : … »).
FRENCH_TITLES = sorted({t.title.get("fr")[0] for t in DATA.tools.values()}, key=len, reverse=True)

SPACE_BEFORE = re.compile(r"[ \u00a0\u202f][;:](?!\w)")


def _lang(node) -> str | None:
    parent = node.find_parent(attrs={"lang": True})
    return parent["lang"] if parent else None


@pytest.mark.slow
def test_english_text_has_no_space_before_semicolon_or_colon(real_site):
    checked = 0
    for path in sorted((real_site / "en").rglob("index.html")):
        if "admin" in path.relative_to(real_site).parts:
            continue
        article = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("article")
        if article is None:
            continue
        for node in article.find_all(string=True):
            if not isinstance(node, NavigableString) or node.find_parent(["code", "script", "style"]):
                continue
            if not (_lang(node) or "en").startswith("en"):
                continue  # French quoted or untranslated, marked lang="fr": French rules apply
            text = str(node)
            for title in FRENCH_TITLES:
                text = text.replace(title, "")
            assert not SPACE_BEFORE.search(text), f"{path.relative_to(real_site)}: {text!r}"
            checked += 1
    assert checked
