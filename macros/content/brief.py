"""The brief for elected officials and funders (« L'essentiel pour les élu·es et les
financeurs »): what the programme was, what it took, its results with what they measure and
their limits, its lessons, the conditions to start elsewhere, the policy levers and where to
learn more — a web page (docs/note-elus.md, `{{ brief() }}`) and a two-page A4 PDF made by
the brochure's machinery (macros/content/brochure.py, templates/brochure/brief.html).

Everything comes from resources/: the points are lessons of lessons.yml chosen by id below
(an unknown id stops the build with a French message), the figures are indicators.yml's.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..data import models as m
from ..data.loader import SiteData
from . import indicators as ind

# The points of the capitalisation sheet the brief gathers, by part, in this order.
TOOK = ("coordination-globale", "referent-par-territoire", "recrutement-problematique",
        "temps-de-recrutement", "dsden-remplacements", "comites")
TRAINING = "formation-3-jours"  # the modality whose name says how long the training was
LEVERS = ("instruction-2022", "cls-et-ctg", "politiques-publiques")
# Headline figures of « what it took »: indicators of programme or shared scope, in this order.
TOOK_FIGURES = ("temps-coordination", "enseignants-remplaces")
SIRENA = "sirena-cps.fr"  # the programme's record on Santé publique France's platform


class BriefError(ValueError):
    """The data lacks something the brief names (a lesson, an indicator, a modality)."""


@dataclass(frozen=True)
class KeyFigure:
    indicator: m.Indicator
    figures: tuple[m.Figure, ...]  # in file order: 50 then 70 for the coordination time


@dataclass(frozen=True)
class Brief:
    territories: tuple[m.Territory, ...]
    took_figures: tuple[KeyFigure, ...]
    took: tuple[m.Lesson, ...]
    training: m.Modality
    results: tuple[tuple[m.Indicator, m.Figure], ...]
    lessons: tuple[m.Lesson, ...]  # the sheet's « Leçons apprises »
    start: tuple[m.Lesson, ...]  # its « Pistes à améliorer »: conditions to start elsewhere
    levers: tuple[m.Lesson, ...]
    sheet: m.Source
    more: tuple[m.Source, ...]  # the SIRENA-CPS record and the lead organisation's pages


def _lessons(data: SiteData, ids: tuple[str, ...]) -> tuple[m.Lesson, ...]:
    by_id = {lesson.id: lesson for lesson in data.lessons.lessons}
    missing = [i for i in ids if i not in by_id]
    if missing:
        raise BriefError(f"la note aux élu·es cite des enseignements absents de resources/lessons.yml : "
                         f"{', '.join(missing)} (macros/content/brief.py)")
    return tuple(by_id[i] for i in ids)


def brief_content(data: SiteData) -> Brief:
    indicators = {i.id: i for i in data.indicators.indicators}
    took_figures = []
    for iid in TOOK_FIGURES:
        figures = tuple(f for f in data.indicators.figures if f.indicator == iid)
        if iid not in indicators or not figures:
            raise BriefError(f"la note aux élu·es cite l'indicateur « {iid} », sans chiffre publié "
                             "dans resources/indicators.yml")
        took_figures.append(KeyFigure(indicators[iid], figures))
    if TRAINING not in data.modalities:
        raise BriefError(f"la note aux élu·es cite la modalité « {TRAINING} », absente de "
                         "resources/modalities.yml")
    kind = m.LessonKind
    p = data.programme
    more = [s for s in p.sources if SIRENA in str(s.url)]
    more += [s for s in p.sources if str(s.url) in {str(p.website), str(p.status_source)}]
    return Brief(
        territories=tuple(data.territories.values()),
        took_figures=tuple(took_figures),
        took=_lessons(data, TOOK),
        training=data.modalities[TRAINING],
        results=tuple(ind.headline_results(data)),
        lessons=tuple(x for x in data.lessons.lessons if x.kind is kind.lecon),
        start=tuple(x for x in data.lessons.lessons if x.kind is kind.piste),
        levers=_lessons(data, LEVERS),
        sheet=data.lessons.source,
        more=tuple({str(s.url): s for s in more}.values()),
    )


def result_notes(brief: Brief) -> list[m.Text]:
    """The results' caveats, each once, in order."""
    notes: dict[str, m.Text] = {}
    for _, figure in brief.results:
        if figure.note is not None:
            notes.setdefault(figure.note.fr, figure.note)
    return list(notes.values())


def result_sources(data: SiteData, brief: Brief) -> list[m.Source]:
    """The results' sources, each once, titled as programme.yml titles them."""
    sources: dict[str, m.Source] = {}
    for _, figure in brief.results:
        url = str(figure.source)
        title = next((s.title for s in data.programme.sources if str(s.url) == url), None)
        sources.setdefault(url, m.Source(title=title or m.Text(fr=url), url=url))
    return list(sources.values())


BROCHURE_LESSONS = 5  # what the brochure's page can hold


def brochure_lessons(data: SiteData) -> list[m.Lesson]:
    """The lessons the brochure carries: the sheet's « Leçons apprises », then its « Pistes à
    améliorer », five in all."""
    kind = m.LessonKind
    ordered = [x for x in data.lessons.lessons if x.kind is kind.lecon]
    ordered += [x for x in data.lessons.lessons if x.kind is kind.piste]
    return ordered[:BROCHURE_LESSONS]
