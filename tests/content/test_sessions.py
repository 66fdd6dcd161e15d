"""Ready-to-run sessions (issue 24 item 3): their own type, listed on every general CPS page."""

from __future__ import annotations

import dataclasses
import html
import re

from pydantic import TypeAdapter

from conftest import ROOT
from macros.content import render
from macros.data import models as m
from macros.data.loader import load_site_data

DATA = load_site_data(ROOT / "resources")
URL = re.compile(r"\]\((https?://[^\s)]+)\)")


def _with(**tools) -> object:
    return dataclasses.replace(DATA, tools={tid: t for tid, t in DATA.tools.items()
                                            if t.type is not m.ToolType.seances} | tools)


def _session(cps: list[str], **extra) -> m.Tool:
    return m.Tool.model_validate({
        "title": {"fr": "Séances d'essai", "en": "Test sessions"}, "type": "seances",
        "summary": "Résumé.", "cps": cps, "source": "https://example.org/seances",
        "levels": ["cm1", "cm2"], "session_minutes": 45, "cost": {"kind": "gratuit"},
        "access": [{"kind": "telechargement", "url": "https://example.org/guide.pdf"}], **extra})


def _section(page: str) -> str:
    return page.split("{ #seances }", 1)[1].split("\n## ", 1)[0]


def test_a_cps_page_lists_the_sessions_for_it_with_their_facts_and_link():
    general = DATA.cps.general[0]
    data = _with(**{"seances-essai": _session([general.id])})
    for lang, heading in (("fr", "## Séances prêtes à l'emploi"), ("en", "## Ready-to-run sessions")):
        page = render.cps_page(data, lang, "cps", general.id)
        assert heading in page
        section = _section(page)
        assert "seances-essai.md" in section and "https://example.org/guide.pdf" in section
        assert ("de 9 à 11 ans" if lang == "fr" else "ages 9 to 11") in section
        assert "45 min" in section
        # Sessions are not listed again among the tools.
        assert "seances-essai.md" not in page.split(heading, 1)[1].split("{ #seances }", 1)[1].split("\n## ", 2)[-1]
    other = next(g for g in DATA.cps.general if g.category != general.category)
    assert "seances-essai" not in _section(render.cps_page(data, "fr", "cps", other.id))


def test_a_session_with_no_ages_says_which_fact_is_unknown():
    general = DATA.cps.general[0]
    fields = _session([general.id]).model_dump(exclude_none=True, exclude={"levels"})
    data = _with(**{"seances-essai": m.Tool.model_validate(fields)})
    for lang, unknown in (("fr", "Âges\u00a0: non renseigné"), ("en", "Ages: not reported")):
        line = next(li for li in _section(render.cps_page(data, lang, "cps", general.id)).splitlines()
                    if "seances-essai.md" in li)
        assert unknown in html.unescape(line), line


def test_a_session_for_a_whole_category_or_a_specific_cps_serves_its_general_cps():
    general = DATA.cps.general[0]
    specific = next(s for s in DATA.cps.specific if s.general == general.id)
    data = _with(**{"par-categorie": _session([general.category]), "par-specifique": _session([specific.id])})
    section = _section(render.cps_page(data, "fr", "cps", general.id))
    assert "par-categorie.md" in section and "par-specifique.md" in section


def test_without_session_the_page_says_so_and_leads_to_the_catalogue():
    general = DATA.cps.general[0]
    section = _section(render.cps_page(_with(), "fr", "cps", general.id))
    assert "Aucune séance prête à l'emploi" in section and "outils.md#type=seances" in section


def test_every_general_cps_page_lists_a_session_with_a_link():
    # The data's promise (HELPERS contract): every general CPS is covered by a session file.
    for general in DATA.cps.general:
        section = _section(render.cps_page(DATA, "fr", "cps", general.id))
        assert render.sessions_for_cps(DATA, general.id), general.id
        links = URL.findall(section)
        assert links, general.id
        for url in links:  # a well-formed address (checked for format, not fetched)
            TypeAdapter(m.WebUrl).validate_python(url)
