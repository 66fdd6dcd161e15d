"""Typed models of the files in resources/ (one model per kind of file).

Every model is frozen and forbids unknown fields, so a typo in a YAML key is an
error instead of a silently ignored value.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import Enum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    BaseModel,
    GetJsonSchemaHandler,
    ConfigDict,
    Field,
    HttpUrl,
    ValidationInfo,
    field_validator,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import core_schema as cs

from .declare import SLUG_PATTERN, Column, Info, Ref

LANGUAGES = ("fr", "en")
# What `make new` writes where a value must be filled in; refused by the loader if left.
PLACEHOLDER = "À COMPLÉTER"
DEFAULT_LANGUAGE = "fr"

# Every text of the data is at most MAX_TEXT characters: the longest in the data is 557 (a
# lesson), and Python-Markdown's time grows with the square of a run of escaped signs.
MAX_TEXT = 2000
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT)]
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=60)]

# The kinds of ids a field may hold (`Info(refs=…)`): the loader checks them, the schemas
# and the form list them (the options: references.OPTIONS).
PARTNER = Ref("partner", "partenaire inconnu")
MODALITY = Ref("modality", "modalité inconnue")
TERRITORY = Ref("territory", "territoire inconnu")
CPS = Ref("cps", "compétence (CPS) inconnue")
CPS_CATEGORY = Ref("cps_category", "catégorie inconnue")
GENERAL_CPS = Ref("general_cps", "CPS générale inconnue")
INDICATOR = Ref("indicator", "indicateur inconnu")
SCHOOL_YEAR = Ref("school_year", "année scolaire hors du programme",
                  message="année scolaire « {value} » hors du programme (années possibles : {known})")


def _check_school_year(value: str) -> str:
    start, end = (int(part) for part in value.split("-"))
    if end != start + 1:
        raise ValueError(
            f"une année scolaire s'écrit « AAAA-AAAA » avec deux années qui se suivent "
            f"(par ex. 2022-2023), pas « {value} »"
        )
    return value


SchoolYear = Annotated[
    str,
    StringConstraints(pattern=r"^\d{4}-\d{4}$"),
    AfterValidator(_check_school_year),
]


# Editors' notes: where a fact comes from, what no source confirms, how a file is kept. A field
# rather than a YAML comment, which the form's whole-file rewrite and its new files would drop;
# shown in the form, never published (readers get the `sources` the fiche links).
EditorNotes = Annotated[NonEmpty | None, Info("Notes pour les éditeurs", "Editors' notes", multi_line=True), Field(
    description="Notes pour les personnes qui tiennent le site (d'où vient une information, ce "
                "qu'aucune source ne confirme, comment le fichier est tenu) : jamais publiées sur le "
                "site ; les sources lues par le public vont dans « sources » ou « source ».")]


class Model(BaseModel):
    # Field docstrings become descriptions in the JSON Schemas that editors' YAML
    # extension shows, and comments in the skeletons of `make new`.
    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


# A web address; the pattern lets the JSON Schema reject "www.example.org" as the model does.
WebUrl = Annotated[HttpUrl, WithJsonSchema({"type": "string", "pattern": "^https?://[^\\s]+$"})]
# What the schema tells an editor's tools: the forms the site accepts (YAML reads an
# unquoted 2025-10-21 as a date; `2025-10-21 09:30` stays text, which the model reads too).
EventTime = Annotated[date | datetime, WithJsonSchema(
    {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?$"})]


# `fr "Titre"`, `en «Title»`, `fr= Titre`: what a forgotten colon after `fr`/`en` leaves.
_BROKEN_KEY = re.compile(r"^(fr|en)\s*(?:[\"“«']|=)")


class Text(Model):
    """A bilingual text: French is required, English falls back to French."""

    fr: Annotated[NonEmpty, Info("Français")]
    """Texte en français (obligatoire)."""
    en: Annotated[NonEmpty | None, Info("Anglais")] = None
    """Traduction anglaise ; sans elle, le site anglais affiche le français."""

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: cs.CoreSchema, handler: GetJsonSchemaHandler):
        # A plain string is accepted too (French only), as by the validator below.
        return {"anyOf": [{"type": "string", "minLength": 1}, handler(schema)]}

    @model_validator(mode="before")
    @classmethod
    def _plain_string_is_french(cls, value):
        # Editors may write `name: Texte` for a text that has no English version yet.
        if isinstance(value, str):
            broken = _BROKEN_KEY.match(value)
            if broken:  # `  fr "Titre"`: a key whose colon was forgotten, read as the text
                raise ValueError(f"« {value[:40]} » ressemble à une clé « {broken[1]} » sans deux-points : "
                                 f"écrivez « {broken[1]}: » puis le texte (par ex. {broken[1]}: \"Titre\")")
            return {"fr": value}
        return value

    def get(self, lang: str) -> tuple[str, str]:
        """The text in `lang` and the language it is really in (fallback: French)."""
        if lang == "en" and self.en:
            return self.en, "en"
        return self.fr, DEFAULT_LANGUAGE


class Source(Model):
    """A public page a fact comes from."""

    title: Annotated[Text, Info("Titre", one_line=True)]
    """Titre de la page ou du document cité."""
    url: Annotated[WebUrl, Info("Adresse")]
    """Adresse complète de la page publique (https://…)."""


class Quote(Model):
    text: Annotated[Text, Info("Texte")]
    """La citation, mot pour mot ; en anglais, une traduction signalée comme telle."""
    author: Annotated[NonEmpty, Info("Auteur·e")]
    """Prénom et nom de la personne citée."""
    role: Annotated[Text, Info("Fonction", one_line=True)]
    """Sa fonction, telle que la source la donne."""




class Carrier(Model):
    name: Annotated[Text, Info("Nom", one_line=True)]
    former_name: Annotated[Text | None, Info("Ancien nom", one_line=True)] = None
    description: Annotated[Text, Info("Description")]
    website: Annotated[WebUrl | None, Info("Site web")] = None


class ProgrammeStatus(str, Enum):
    en_cours = "en-cours"
    clos = "clos"


class Programme(Model):
    name: Annotated[Text, Info("Nom", one_line=True)]
    full_name: Annotated[Text, Info("Nom complet", one_line=True)]
    summary: Annotated[Text, Info("Résumé")]
    theme: Annotated[Text, Info("Thème", one_line=True)]
    carrier: Annotated[Carrier, Info("Porteur")]
    start_year: Annotated[Annotated[int, Field(ge=2000, le=2100)], Info("Année de début")]
    end_year: Annotated[Annotated[int, Field(ge=2000, le=2100)], Info("Année de fin")]
    status: Annotated[ProgrammeStatus, Info("Statut")]
    """en-cours : le programme se déroule ; clos : il est terminé (closing_date obligatoire)."""
    closing_date: Annotated[date | None, Info("Date de clôture")] = None
    """Date de clôture (AAAA-MM-JJ), par exemple celle de l'événement de clôture."""
    closing_place: Annotated[Text | None, Info("Lieu de clôture", one_line=True)] = None
    """Lieu de l'événement de clôture."""
    status_source: Annotated[WebUrl | None, Info("Source du statut")] = None
    """Page publique qui annonce la clôture (obligatoire si le programme est clos)."""
    school_years: Annotated[tuple[SchoolYear, ...], Info("Années scolaires")] = Field(min_length=1)
    area: Annotated[Text, Info("Zone d'intervention", one_line=True)]
    geography: Annotated[Text, Info("Géographie")]
    target: Annotated[Text, Info("Cible", one_line=True)]
    audiences: Annotated[tuple[Text, ...], Info("Publics")] = Field(min_length=1)
    settings: Annotated[tuple[Text, ...], Info("Milieux")] = Field(min_length=1)
    general_objective: Annotated[Text, Info("Objectif général")]
    specific_objectives: Annotated[tuple[Text, ...], Info("Objectifs spécifiques")] = Field(min_length=1)
    funders: Annotated[tuple[Slug, ...], Info("Financeurs", refs=PARTNER)] = ()
    website: Annotated[WebUrl | None, Info("Site web")] = None
    sources: Annotated[tuple[Source, ...], Info("Sources")] = Field(min_length=1)
    editor_notes: EditorNotes = None

    @model_validator(mode="after")
    def _years_consistent(self):
        if self.end_year < self.start_year:
            raise ValueError(
                f"end_year ({self.end_year}) est avant start_year ({self.start_year})"
            )
        for year in self.school_years:
            first, last = (int(p) for p in year.split("-"))
            if first < self.start_year or last > self.end_year:
                raise ValueError(
                    f"l'année scolaire {year} sort des dates du programme "
                    f"({self.start_year}–{self.end_year})"
                )
        if self.status is ProgrammeStatus.clos:
            if self.closing_date is None or self.status_source is None:
                raise ValueError(
                    "un programme « clos » a une date de clôture (closing_date, AAAA-MM-JJ) "
                    "et la source qui l'annonce (status_source)"
                )
            if not self.start_year <= self.closing_date.year <= self.end_year:
                raise ValueError(
                    f"closing_date ({self.closing_date.isoformat()}) sort des dates du programme "
                    f"({self.start_year}–{self.end_year})"
                )
        elif self.closing_date is not None:
            raise ValueError("closing_date est donnée alors que le statut n'est pas « clos »")
        return self


class Modality(Model):
    id: Annotated[Slug, Info("Identifiant")]
    name: Annotated[Text, Info("Nom", one_line=True)]
    summary: Annotated[Text, Info("Résumé")]
    audience: Annotated[Text, Info("Public", one_line=True)]


class PartnerKind(str, Enum):
    institution = "institution"
    collectivite = "collectivite"
    education = "education"
    association = "association"
    sante = "sante"
    recherche = "recherche"
    independant = "independant"


class PartnerRole(str, Enum):
    """How the partner takes part, in the words of the capitalisation sheet."""

    pilotage = "pilotage"  # member of the regional steering committee (COPIL)
    reseau = "reseau"  # regional or departmental network partner
    operationnel = "operationnel"  # runs trainings, co-interventions
    territorial = "territorial"  # local partner of one territory


class Partner(Model):
    id: Annotated[Slug, Info("Identifiant")]
    name: Annotated[Text, Info("Nom", one_line=True)]
    acronym: Annotated[NonEmpty | None, Info("Sigle")] = None
    kind: Annotated[PartnerKind, Info("Type")]
    roles: Annotated[tuple[PartnerRole, ...], Info("Rôles")] = Field(min_length=1)
    contribution: Annotated[Text, Info("Contribution")]
    website: Annotated[WebUrl | None, Info("Site web")] = None


class CollectivityKind(str, Enum):
    communaute_agglomeration = "communaute-agglomeration"
    communaute_communes = "communaute-communes"
    commune = "commune"


class TerritoryStatus(str, Enum):
    deploiement = "deploiement"
    plaidoyer = "plaidoyer"


class ModalityRun(Model):
    """A modality offered on a territory; empty `school_years` means « not reported »."""

    modality: Annotated[Slug, Info("Modalité", refs=MODALITY)]
    """Identifiant d'une modalité de resources/modalities.yml."""
    school_years: Annotated[tuple[SchoolYear, ...], Info("Années scolaires", refs=SCHOOL_YEAR)] = ()
    """Années scolaires (AAAA-AAAA) où elle est proposée ; vide = année non renseignée."""
    note: Annotated[Text | None, Info("Précision")] = None
    """Précision sur cette modalité."""


class Territory(Model):
    """One file in resources/territories/; its id is the file name."""

    name: Annotated[Text, Info("Nom", one_line=True)]
    """Nom complet du territoire."""
    short_name: Annotated[Text, Info("Nom court", one_line=True)]
    """Nom court, pour les tableaux."""
    kind: Annotated[CollectivityKind | None, Info("Type")] = None
    """Type de collectivité ; absent = « non renseigné »."""
    status: Annotated[TerritoryStatus, Info("Statut")]
    """deploiement : le programme s'y est déployé ; plaidoyer : accompagnement sans modalités."""
    status_note: Annotated[Text, Info("Statut (précision)")]
    """Ce que recouvre ce statut sur ce territoire."""
    summary: Annotated[Text, Info("Résumé")]
    """Résumé en une ou deux phrases (aussi la description de la page)."""
    why_chosen: Annotated[tuple[Text, ...], Info("Pourquoi ce territoire")] = Field(min_length=1)
    """Pourquoi ce territoire a été choisi (une raison par élément)."""
    observations: Annotated[tuple[Text, ...], Info("Observations")] = ()
    """Ce que la capitalisation relève sur ce territoire."""
    partners: Annotated[tuple[Slug, ...], Info("Partenaires", refs=PARTNER)] = ()
    """Identifiants de resources/partners.yml propres au territoire."""
    modalities: Annotated[tuple[ModalityRun, ...], Info("Modalités")] = ()
    """Modalités proposées sur le territoire, avec leurs années scolaires."""
    quotes: Annotated[tuple[Quote, ...], Info("Citations")] = ()
    """Paroles d'acteurs du territoire, avec leur source."""
    sources: Annotated[tuple[Source, ...], Info("Sources")] = Field(min_length=1)
    """Pages publiques d'où viennent ces informations."""
    order: Annotated[Annotated[int, Field(ge=0)], Info("Ordre d'affichage")] = 100
    """Ordre d'affichage (les plus petits d'abord)."""
    editor_notes: EditorNotes = None

    @model_validator(mode="after")
    def _advocacy_has_no_modalities(self):
        if self.status is TerritoryStatus.plaidoyer and self.modalities:
            raise ValueError(
                "un territoire au statut « plaidoyer » ne déploie pas de modalités : "
                "videz « modalities » ou passez le statut à « deploiement »"
            )
        return self


# ------------------------------------------------------------------------- CPS


class Framework(Model):
    """The CPS framework the site presents (name and year, so another can sit beside it)."""

    id: Annotated[Slug, Info("Identifiant")]
    name: Annotated[Text, Info("Nom", one_line=True)]
    publisher: Annotated[NonEmpty, Info("Édition")]
    year: Annotated[Annotated[int, Field(ge=1990, le=2100)], Info("Année")]
    note: Annotated[Text, Info("Précision")]
    update: Annotated[Text, Info("Mise à jour")]
    sources: Annotated[tuple[Source, ...], Info("Sources")] = Field(min_length=1)


class CpsCategory(Model):
    id: Annotated[Slug, Info("Identifiant")]
    name: Annotated[Text, Info("Nom", one_line=True)]
    summary: Annotated[Text, Info("Résumé")]


class GeneralCps(Model):
    id: Annotated[Slug, Info("Identifiant")]
    category: Annotated[Slug, Info("Catégorie", refs=CPS_CATEGORY)]
    name: Annotated[Text, Info("Nom", one_line=True)]
    summary: Annotated[Text, Info("Résumé")]
    child_example: Annotated[Text, Info("Exemple chez l'enfant")]


class SpecificCps(Model):
    id: Annotated[Slug, Info("Identifiant")]
    general: Annotated[Slug, Info("CPS générales", refs=GENERAL_CPS)]
    name: Annotated[Text, Info("Nom", one_line=True)]
    summary: Annotated[Text, Info("Résumé")]


class LifeSkill(Model):
    """One of the WHO's ten life skills (1993), mapped to CPS of the framework."""

    id: Annotated[Slug, Info("Identifiant")]
    pair: Annotated[Annotated[int, Field(ge=1, le=5)], Info("Paire")]
    name: Annotated[Text, Info("Nom", one_line=True)]
    maps_to: Annotated[tuple[Slug, ...], Info("CPS correspondantes", refs=CPS)] = Field(min_length=1)


class CpsFile(Model):
    framework: Annotated[Framework, Info("Référentiel")]
    categories: Annotated[tuple[CpsCategory, ...], Info("Catégories")] = Field(min_length=1)
    general: Annotated[tuple[GeneralCps, ...], Info("CPS générales")] = Field(min_length=1)
    specific: Annotated[tuple[SpecificCps, ...], Info("CPS spécifiques")] = Field(min_length=1)
    who_life_skills: Annotated[tuple[LifeSkill, ...], Info("Compétences de vie (OMS)")] = ()
    who_source: Annotated[Source, Info("Source (OMS)")]
    editor_notes: EditorNotes = None


# -------------------------------------------------------------------- glossary


Spelling = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                            pattern=r"^[^\[\]\n]+$")]


class GlossaryTerm(Model):
    id: Annotated[Slug, Info("Identifiant")]
    """Identifiant unique (ancre de la page glossaire)."""
    term: Annotated[NonEmpty, Info("Terme")]
    """Le sigle ou le terme, tel qu'il apparaît dans les textes en français."""
    term_en: Annotated[NonEmpty | None, Info("Terme en anglais")] = None
    """Le terme en anglais, s'il diffère (par ex. Ottawa Charter)."""
    expansion: Annotated[Text | None, Info("Signification du sigle", one_line=True)] = None
    """Pour un sigle : ce qu'il veut dire."""
    definition: Annotated[Text, Info("Définition")]
    """Définition pour les professionnel·les."""
    plain: Annotated[Text, Info("En une phrase simple")]
    """Une phrase simple pour les parents (aussi le texte de l'infobulle)."""
    matches: Annotated[tuple[Spelling, ...], Info("Graphies")] = ()
    """Graphies qui reçoivent une infobulle ; par défaut le terme en français et en anglais."""
    source: Annotated[WebUrl | None, Info("Source")] = None
    """Page publique d'où vient la définition."""

    @property
    def spellings(self) -> tuple[str, ...]:
        if self.matches:
            return self.matches
        return tuple(dict.fromkeys(t for t in (self.term, self.term_en) if t))

    def name(self, lang: str) -> str:
        return self.term_en if lang == "en" and self.term_en else self.term


# ----------------------------------------------------------------------- tools


class ToolType(str, Enum):
    jeu = "jeu"
    cartes = "cartes"
    mallette = "mallette"
    kit = "kit"
    livre = "livre"
    programme = "programme"
    fiche_activite = "fiche-activite"
    video = "video"
    application = "application"
    seances = "seances"


class Setting(str, Enum):
    ecole = "ecole"
    periscolaire = "periscolaire"
    accueil_loisirs = "accueil-loisirs"
    club_sportif = "club-sportif"
    famille = "famille"


class AccessKind(str, Enum):
    pret = "pret"
    achat = "achat"
    telechargement = "telechargement"
    gratuit = "gratuit"
    porteur = "porteur"


class Access(Model):
    kind: Annotated[AccessKind, Info("Type")]
    """Prêt (centre de documentation), achat, téléchargement, gratuit, ou porteur (programme
    mis en place avec l'organisme qui le porte, souvent après une formation)."""
    note: Annotated[Text | None, Info("Précision")] = None
    """Où et comment, tel que la source le dit (par ex. le centre qui le prête)."""
    url: Annotated[WebUrl | None, Info("Adresse")] = None
    """Page où l'obtenir (boutique, téléchargement, organisme qui le porte)."""
    source: Annotated[WebUrl | None, Info("Source")] = None
    """Page publique qui le dit, si ce n'est ni `url` ni la source de l'outil."""


class ToolFact(str, Enum):
    """The facts of a tool that can have their own source (`fact_sources`)."""

    authors = "authors"
    adapted_by = "adapted_by"
    publisher = "publisher"
    distributors = "distributors"
    year = "year"
    ages = "ages"
    settings = "settings"
    group_size = "group_size"
    duration = "duration"
    contents = "contents"
    price = "price"
    summary = "summary"


class FactSource(Model):
    """The public page that gives some facts of a tool, when it is not its main `source`."""

    facts: Annotated[tuple[ToolFact, ...], Info("Informations")] = Field(min_length=1)
    """Les informations que donne cette page (authors, publisher, year, price…)."""
    url: Annotated[WebUrl, Info("Adresse")]
    """Adresse de la page publique (https://…)."""


class Level(str, Enum):
    """French school levels, from nursery (ps) to the last year of collège (3e)."""

    ps = "ps"
    ms = "ms"
    gs = "gs"
    cp = "cp"
    ce1 = "ce1"
    ce2 = "ce2"
    cm1 = "cm1"
    cm2 = "cm2"
    sixieme = "6e"
    cinquieme = "5e"
    quatrieme = "4e"
    troisieme = "3e"


# A child's age at the start of the school year of each level (CP = 6 ans … 3e = 14 ans).
LEVEL_AGE = {level: 3 + index for index, level in enumerate(Level)}


def ages_from_levels(levels) -> tuple[int, int] | None:
    """The age range of school levels: [age of the first, age of the last + 1], or None."""
    ages = [LEVEL_AGE[Level(level)] for level in levels]
    return (min(ages), max(ages) + 1) if ages else None


class CostKind(str, Enum):
    gratuit = "gratuit"
    payant = "payant"
    pret = "pret"
    sur_demande = "sur-demande"


class Cost(Model):
    """What the tool costs, as a public page gives it."""

    kind: Annotated[CostKind, Info("Type")]
    """gratuit, payant (avec amount_eur), pret (prêt gratuit) ou sur-demande (prix sur devis)."""
    amount_eur: Annotated[Annotated[float, Field(ge=0, le=100000)] | None, Info("Montant (euros)")] = None
    """Prix en euros (un nombre), seulement avec kind: payant."""
    seen: Annotated[date | None, Info("Prix vu le")] = None
    """Date à laquelle le prix a été vu sur la page publique (AAAA-MM-JJ)."""
    conditions: Annotated[Text | None, Info("Conditions")] = None
    """Conditions (par ex. « réservé aux établissements formés », « prix public TTC »)."""
    source: Annotated[WebUrl | None, Info("Source")] = None
    """Page publique qui donne le prix ou la gratuité."""

    @model_validator(mode="after")
    def _amount_only_when_paid(self):
        if self.amount_eur is not None and self.kind is not CostKind.payant:
            raise ValueError(f"cost.amount_eur n'a de sens qu'avec kind: payant "
                             f"(ici kind: {self.kind.value}) : retirez le montant ou mettez kind: payant")
        return self


class AvailabilityStatus(str, Enum):
    partout = "partout"
    pays_de_la_loire = "pays-de-la-loire"
    autre_region = "autre-region"
    autre_pays = "autre-pays"
    formation = "formation"
    epuise = "epuise"


class Availability(Model):
    """Where a reader in Loire-Atlantique can get the tool, or why not."""

    status: Annotated[AvailabilityStatus, Info("Statut")]
    """partout (acheté ou téléchargé en ligne), pays-de-la-loire (un lieu de la région confirmé
    par une source), autre-region, autre-pays, formation (réservé aux personnes formées) ou epuise."""
    note: Annotated[Text | None, Info("Précision")] = None
    """Ce que peut faire un lecteur de Loire-Atlantique, en une phrase, tel que la source le permet."""
    source: Annotated[WebUrl | None, Info("Source")] = None
    """Page publique qui le dit."""


class EvidenceLevel(str, Enum):
    probant = "probant"
    prometteur = "prometteur"
    experientiel = "experientiel"
    non_evalue = "non-evalue"


class Evidence(Model):
    """The kind of evidence behind the tool."""

    level: Annotated[EvidenceLevel, Info("Niveau")]
    """probant ou prometteur (registre des interventions de Santé publique France),
    experientiel (décrit par un porteur à partir de l'expérience) ou non-evalue."""
    note: Annotated[Text | None, Info("Précision")] = None
    """Précision (par ex. l'évaluation citée)."""
    source: Annotated[WebUrl | None, Info("Source")] = None
    """Page publique qui le dit."""


class Tool(Model):
    """A CPS tool of the catalogue; one file in resources/tools/, its id is the file name."""

    title: Annotated[Text, Info(
        "Titre", "Title", one_line=True,
        columns=(Column("title_fr", "titre en français", "title in French", lang="fr"),
                 Column("title_en", "titre en anglais (vide : pas de traduction)",
                        "title in English (empty: no translation)", lang="en")))]
    """Titre de l'outil."""
    type: Annotated[ToolType, Info(
        "Nature", "Type",
        columns=(Column("type", "nature : jeu, cartes, mallette, kit, livre, programme, fiche-activite, video, application, seances",
                        "kind: jeu, cartes, mallette, kit, livre, programme, fiche-activite, video, application, seances"),))]
    """Nature de l'outil."""
    authors: Annotated[tuple[NonEmpty, ...], Info(
        "Conçu par", "Designed by",
        columns=(Column("authors", "conception : personnes ou organismes qui l'ont conçu, séparés par « ; »",
                        "designed by: people or organisations, separated by “;”"),))] = ()
    """Conception : personnes ou organismes qui l'ont conçu (pas ceux qui le diffusent)."""
    adapted_by: Annotated[tuple[NonEmpty, ...], Info(
        "Adapté par", "Adapted by",
        columns=(Column("adapted_by", "adaptation (par ex. française), séparés par « ; »",
                        "adapted by (e.g. the French adaptation), separated by “;”"),))] = ()
    """Adaptation (par ex. française) : qui l'a adapté, si la source le dit."""
    publisher: Annotated[NonEmpty | None, Info(
        "Édité par", "Published by",
        columns=(Column("publisher", "édition : l'éditeur", "publisher"),))] = None
    """Édition : l'éditeur (la maison d'édition, l'organisme qui le publie)."""
    distributors: Annotated[tuple[NonEmpty, ...], Info(
        "Diffusé par", "Distributed by",
        columns=(Column("distributors", "diffusion : qui le distribue ou le déploie, séparés par « ; »",
                        "distributed or run by, separated by “;”"),))] = ()
    """Diffusion : qui le distribue ou le déploie, si ce n'est pas l'éditeur."""
    year: Annotated[Annotated[int, Field(ge=1950, le=2100)] | None, Info(
        "Année", "Year",
        columns=(Column("year", "année donnée par la source", "year given by the source"),))] = None
    """Année, telle que la source la donne ; dites dans `year_note` ce qu'elle date."""
    year_note: Annotated[Text | None, Info(
        "Ce que date l'année", "What the year refers to",
        columns=(Column("year_note_fr", "ce que date l'année (création, parution, édition française…)",
                        "what the year refers to (creation, publication, French edition…)", lang="fr"),))] = None
    """Ce que date l'année (création du programme d'origine, parution, édition française…)."""
    age_min: Annotated[Annotated[int, Field(ge=0, le=99)] | None, Info(
        "Âge minimal", "Minimum age",
        columns=(Column("age_min", "âge minimal (vide : non renseigné)",
                        "minimum age (empty: not reported)"),))] = None
    """Âge minimal des enfants, si la source le donne."""
    age_max: Annotated[Annotated[int, Field(ge=0, le=99)] | None, Info(
        "Âge maximal", "Maximum age",
        columns=(Column("age_max", "âge maximal (vide : non renseigné)",
                        "maximum age (empty: not reported)"),))] = None
    """Âge maximal, si la source le donne (absent : pas de limite donnée)."""
    age_note: Annotated[Text | None, Info(
        "Public (précision)", "Audience (details)",
        columns=(Column("public_fr", "public tel que la source le décrit",
                        "audience as the source describes it", lang="fr"),))] = None
    """Public tel que la source le décrit (niveaux scolaires, professionnels…)."""
    cps: Annotated[tuple[Slug, ...], Info(
        "Compétences travaillées", "Competences worked on", refs=CPS,
        columns=(Column("cps", "identifiants des compétences travaillées (référentiel SPF 2022), séparés par « ; »",
                        "identifiers of the competences worked on (SPF 2022 framework), separated by “;”"),))] = Field(min_length=1)
    """Identifiants de resources/cps.yml : les compétences travaillées."""
    settings: Annotated[tuple[Setting, ...], Info(
        "Milieux", "Settings",
        columns=(Column("settings", "milieux : ecole, periscolaire, accueil-loisirs, club-sportif, famille",
                        "settings: ecole, periscolaire, accueil-loisirs, club-sportif, famille"),))] = ()
    """Milieux où il s'utilise, si la source le dit ; vide = non renseigné."""
    settings_note: Annotated[Text | None, Info(
        "Milieux (précision)", "Settings (details)",
        columns=(Column("settings_note_fr", "milieux tels que la source les nomme",
                        "settings as the source names them", lang="fr"),))] = None
    """Milieux tels que la source les nomme (par ex. « accueil extrascolaire »)."""
    group_size: Annotated[Text | None, Info(
        "Taille du groupe", "Group size", one_line=True,
        columns=(Column("group_size_fr", "taille du groupe", "group size", lang="fr"),))] = None
    """Taille du groupe."""
    duration: Annotated[Text | None, Info(
        "Durée", "Duration", one_line=True,
        columns=(Column("duration_fr", "durée", "duration", lang="fr"),))] = None
    """Durée (séance, programme)."""
    contents: Annotated[Text | None, Info(
        "Matériel", "Contents",
        columns=(Column("contents_fr", "matériel (contenu de la boîte, du kit)",
                        "materials (contents of the box or kit)", lang="fr"),))] = None
    """Matériel (contenu de la boîte, du kit), tel que la source le décrit."""
    price: Annotated[Text | None, Info(
        "Prix", "Price", one_line=True,
        columns=(Column("price_fr", "prix tel que publié (vide : non renseigné)",
                        "price as published (empty: not reported)", lang="fr"),))] = None
    """Prix tel que publié, avec sa date si la source la donne ; absent = non renseigné."""
    languages: Annotated[tuple[Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")], ...], Info(
        "Langues", "Languages",
        columns=(Column("languages", "langues de l'outil (codes), séparées par « ; »",
                        "languages of the tool (codes), separated by “;”"),))] = ()
    """Langues de l'outil (codes : fr, en…)."""
    access: Annotated[tuple[Access, ...], Info(
        "Se le procurer", "How to get it",
        columns=(Column("access", "comment se le procurer : pret, achat, telechargement, gratuit, porteur",
                        "how to get it: pret (loan), achat (purchase), telechargement (download), gratuit (free), porteur (from the organisation that runs it)",
                        value=lambda tool: [a.kind.value for a in tool.access]),
                 Column("access_urls", "pages où se le procurer, séparées par « ; »",
                        "pages where to get it, separated by “;”",
                        value=lambda tool: [str(a.url) for a in tool.access if a.url is not None])))] = ()
    """Comment se le procurer ; vide = non renseigné."""
    summary: Annotated[Text, Info(
        "Résumé", "Summary",
        columns=(Column("summary_fr", "résumé en français", "summary in French", lang="fr"),
                 Column("summary_en", "résumé en anglais", "summary in English", lang="en")))]
    """Résumé en quelques phrases."""
    notes: Annotated[Text | None, Info("Conseils", "Tips")] = None
    """Conseils ou précisions utiles, avec leur source."""
    territories: Annotated[tuple[Slug, ...], Info(
        "Territoires", "Territories", refs=TERRITORY,
        columns=(Column("territories", "territoires du programme où il est utilisé",
                        "territories of the programme where it was used"),))] = ()
    """Territoires du programme où il est utilisé (identifiants de resources/territories/)."""
    source: Annotated[WebUrl, Info(
        "Source", "Source",
        columns=(Column("source", "page publique d'où viennent les informations",
                        "public page the information comes from"),))]
    """Page publique d'où viennent les informations sur l'outil."""
    other_sources: Annotated[tuple[WebUrl, ...], Info(
        "Autres sources", "Other sources",
        columns=(Column("other_sources", "autres pages publiques utilisées (par information, pour se le procurer), séparées par « ; »",
                        "other public pages used (for one fact, for where to get it), separated by “;”",
                        value=lambda tool: [u for u in tool.all_sources if u != str(tool.source)]),))] = ()
    """Autres pages publiques utilisées."""
    fact_sources: Annotated[tuple[FactSource, ...], Info("Sources par information", "Sources by fact")] = ()
    """Pour les informations qui ne viennent pas de `source` : la page qui donne chacune."""
    levels: Annotated[tuple[Level, ...], Info(
        "Niveaux scolaires", "School levels",
        columns=(Column("levels", "niveaux scolaires (ps ms gs cp ce1 ce2 cm1 cm2 6e 5e 4e 3e), séparés par « ; »",
                        "French school levels (ps ms gs cp ce1 ce2 cm1 cm2 6e 5e 4e 3e), separated by “;”"),
                 Column("ages_derived", "âges déduits des niveaux à la rentrée scolaire (CP = 6 ans), « min-max », si age_min et age_max sont vides",
                        "ages derived from the levels at the start of the school year (CP = age 6), “min-max”, when age_min and age_max are empty",
                        value=lambda tool: "-".join(map(str, tool.ages)) if tool.ages_from_levels else "")))] = ()
    """Niveaux scolaires que donne la source (ps ms gs cp ce1 ce2 cm1 cm2 6e 5e 4e 3e ; cycle 3 =
    cm1, cm2, 6e). Sans age_min/age_max, les âges en sont déduits (CP = 6 ans … CM2 = 10 ans)."""
    session_minutes: Annotated[Annotated[int, Field(ge=1, le=1440)] | None, Info(
        "Durée d'une séance (minutes)", "Session length (minutes)",
        columns=(Column("session_minutes", "durée d'une séance en minutes (vide : non renseignée)",
                        "length of one session in minutes (empty: not reported)"),))] = None
    """Durée d'une séance ou d'une partie, en minutes, telle que la source la donne."""
    session_minutes_max: Annotated[Annotated[int, Field(ge=1, le=1440)] | None, Info(
        "Durée maximale d'une séance (minutes)", "Longest session (minutes)",
        columns=(Column("session_minutes_max", "durée maximale d'une séance en minutes, quand la source donne une fourchette",
                        "longest session in minutes, when the source gives a range"),))] = None
    """Durée maximale d'une séance en minutes, quand la source donne une fourchette."""
    session_count: Annotated[Annotated[int, Field(ge=1, le=500)] | None, Info(
        "Nombre de séances", "Number of sessions",
        columns=(Column("session_count", "nombre de séances", "number of sessions"),))] = None
    """Nombre de séances d'un programme, si la source le donne."""
    group_min: Annotated[Annotated[int, Field(ge=1, le=1000)] | None, Info(
        "Groupe : minimum", "Group: minimum",
        columns=(Column("group_min", "taille minimale du groupe (personnes)", "smallest group (people)"),))] = None
    """Taille minimale du groupe (personnes), si la source la donne."""
    group_max: Annotated[Annotated[int, Field(ge=1, le=1000)] | None, Info(
        "Groupe : maximum", "Group: maximum",
        columns=(Column("group_max", "taille maximale du groupe (personnes)", "largest group (people)"),))] = None
    """Taille maximale du groupe (personnes), si la source la donne."""
    cost: Annotated[Cost | None, Info(
        "Coût", "Cost",
        columns=(Column("cost", "coût : gratuit, payant, pret (prêt gratuit), sur-demande",
                        "cost: gratuit (free), payant (paid), pret (free loan), sur-demande (on request)",
                        value=lambda tool: tool.cost.kind.value if tool.cost else ""),
                 Column("cost_eur", "prix en euros (avec cost = payant)", "price in euros (with cost = payant)",
                        value=lambda tool: (None if not tool.cost or tool.cost.amount_eur is None else
                                           int(tool.cost.amount_eur) if tool.cost.amount_eur % 1 == 0
                                           else tool.cost.amount_eur)),
                 Column("cost_seen", "date à laquelle le prix a été vu (AAAA-MM-JJ)", "date the price was seen (YYYY-MM-DD)",
                        value=lambda tool: tool.cost.seen.isoformat() if tool.cost and tool.cost.seen else ""),
                 Column("cost_conditions_fr", "conditions du prix", "price conditions (in French)",
                        value=lambda tool: tool.cost.conditions.fr if tool.cost and tool.cost.conditions else "")))] = None
    """Coût structuré : gratuit, payant (montant, date vue), prêt ou sur demande."""
    availability: Annotated[Availability | None, Info(
        "Disponibilité", "Availability",
        columns=(Column("availability", "pour un lecteur de Loire-Atlantique : partout, pays-de-la-loire, autre-region, autre-pays, formation, epuise",
                        "for a reader in Loire-Atlantique: partout (anywhere, online), pays-de-la-loire, autre-region (another region), autre-pays (another country), formation (trained facilitators only), epuise (out of print)",
                        value=lambda tool: tool.availability.status.value if tool.availability else ""),
                 Column("availability_fr", "ce que peut faire un lecteur de Loire-Atlantique",
                        "what a reader in Loire-Atlantique can do (in French)",
                        value=lambda tool: tool.availability.note.fr if tool.availability and tool.availability.note else "")))] = None
    """Pour un lecteur de Loire-Atlantique : où l'obtenir, ou pourquoi ce n'est pas possible."""
    evidence: Annotated[Evidence | None, Info(
        "Niveau de preuve", "Evidence",
        columns=(Column("evidence", "niveau de preuve : probant, prometteur, experientiel, non-evalue",
                        "evidence: probant (evaluated), prometteur (promising), experientiel (experience-based), non-evalue (not evaluated)",
                        value=lambda tool: tool.evidence.level.value if tool.evidence else ""),))] = None
    """Niveau de preuve : probant, prometteur, experientiel ou non-evalue, avec sa source."""
    checked: Annotated[date | None, Info(
        "Fiche vérifiée le", "Sheet checked on",
        columns=(Column("checked", "date de la dernière vérification de la fiche (AAAA-MM-JJ)",
                        "date the sheet was last checked against its sources (YYYY-MM-DD)",
                        value=lambda tool: tool.checked.isoformat() if tool.checked else ""),))] = None
    """Date de la dernière vérification de la fiche auprès de ses sources (AAAA-MM-JJ)."""

    @model_validator(mode="after")
    def _age_range(self):
        if self.age_min is not None and self.age_max is not None and self.age_max < self.age_min:
            raise ValueError(f"age_max ({self.age_max}) est plus petit que age_min ({self.age_min})")
        return self

    @model_validator(mode="after")
    def _ranges(self):
        if self.group_min is not None and self.group_max is not None and self.group_max < self.group_min:
            raise ValueError(f"group_max ({self.group_max}) est plus petit que group_min ({self.group_min})")
        if self.session_minutes_max is not None:
            if self.session_minutes is None:
                raise ValueError("session_minutes_max est donné sans session_minutes : "
                                 "écrivez la durée minimale dans session_minutes")
            if self.session_minutes_max < self.session_minutes:
                raise ValueError(f"session_minutes_max ({self.session_minutes_max}) est plus petit "
                                 f"que session_minutes ({self.session_minutes})")
        return self

    @property
    def ages(self) -> tuple[int | None, int | None]:
        """(min, max) age: the source's ages, else those derived from `levels`."""
        if self.age_min is not None or self.age_max is not None:
            return self.age_min, self.age_max
        derived = ages_from_levels(self.levels)
        return derived if derived else (None, None)

    @property
    def says_how_to_get_it(self) -> bool:
        """A way to get the tool (`access`) or the statement of why a reader in
        Loire-Atlantique cannot (`availability`): every published fiche needs one."""
        return bool(self.access) or self.availability is not None

    @property
    def ages_from_levels(self) -> bool:
        """True when the ages shown are derived from the school levels."""
        return self.age_min is None and self.age_max is None and bool(self.levels)

    @model_validator(mode="after")
    def _one_source_per_fact(self):
        seen: set[ToolFact] = set()
        for entry in self.fact_sources:
            twice = seen & set(entry.facts)
            if twice:
                names = ", ".join(sorted(f.value for f in twice))
                raise ValueError(f"fact_sources : une seule page par information ({names} en a deux)")
            seen |= set(entry.facts)
        return self

    @property
    def for_older_children(self) -> bool:
        """Made for children older than the programme's 8–11."""
        return self.ages[0] is not None and self.ages[0] >= 12

    def source_of(self, fact: str) -> str:
        """The page a fact comes from: its own in `fact_sources`, else the tool's `source`."""
        for entry in self.fact_sources:
            if any(f.value == fact for f in entry.facts):
                return str(entry.url)
        return str(self.source)

    @property
    def all_sources(self) -> list[str]:
        """Every page this tool's fiche relies on, each once, the main source first."""
        urls = [str(self.source), *map(str, self.other_sources),
                *(str(e.url) for e in self.fact_sources)]
        for access in self.access:
            urls += [str(u) for u in (access.url, access.source) if u is not None]
        for part in (self.cost, self.availability, self.evidence):
            if part is not None and part.source is not None:
                urls.append(str(part.source))
        return list(dict.fromkeys(urls))


# ---------------------------------------------------------------------- events


class EventKind(str, Enum):
    formation = "formation"
    atelier_parents = "atelier-parents"
    journee_echanges = "journee-echanges"
    co_intervention = "co-intervention"
    accompagnement = "accompagnement"
    comite_pilotage = "comite-pilotage"
    comite_territorial = "comite-territorial"
    evenement = "evenement"


EVENT_YEARS = (2000, 2100)


class Event(Model):
    """One dated event; one file in resources/events/, its id (the file name) is its UID."""

    title: Annotated[Text, Info("Titre", one_line=True)]
    """Intitulé de l'événement."""
    kind: Annotated[EventKind, Info("Type")]
    """Type d'événement (evenement : tout autre type)."""
    modality: Annotated[Slug | None, Info("Modalité", refs=MODALITY)] = None
    """Identifiant de la modalité de resources/modalities.yml, s'il y en a une."""
    territories: Annotated[tuple[Slug, ...], Info("Territoires", refs=TERRITORY)] = ()
    """Territoires concernés (resources/territories/) ; vide = tout le programme."""
    start: Annotated[EventTime, Info("Début")]
    """Début : une date (2025-10-21) ou une date et une heure de Paris (2025-10-21 09:30)."""
    end: Annotated[EventTime | None, Info("Fin")] = None
    """Fin, de même forme que le début (une date pour plusieurs jours entiers)."""
    audience: Annotated[Text | None, Info("Public", one_line=True)] = None
    """À qui il s'adresse."""
    place: Annotated[Text | None, Info("Lieu", one_line=True)] = None
    """Lieu (ville, salle)."""
    registration: Annotated[Text | None, Info("Inscription")] = None
    """Comment s'inscrire ; absent = « non renseigné »."""
    registration_url: Annotated[WebUrl | None, Info("Page d'inscription")] = None
    """Page d'inscription."""
    summary: Annotated[Text | None, Info("Résumé")] = None
    """Ce qui s'y passe, en une ou deux phrases."""
    source: Annotated[WebUrl | None, Info("Source")] = None
    """Page publique qui annonce ou relate l'événement."""
    editor_notes: EditorNotes = None

    @field_validator("start", "end")
    @classmethod
    def _paris_time(cls, value):
        if isinstance(value, datetime) and value.tzinfo is not None:
            raise ValueError("écrivez l'heure de Paris sans fuseau horaire (par ex. 2025-10-21 09:30)")
        # The calendar feeds add time zones and days to it: a year like 9999 overflows them.
        if value is not None and not EVENT_YEARS[0] <= value.year <= EVENT_YEARS[1]:
            raise ValueError(f"année {value.year} hors limites : un événement du programme a lieu "
                             f"entre {EVENT_YEARS[0]} et {EVENT_YEARS[1]}")
        return value

    @field_validator("end")
    @classmethod
    def _after_start(cls, end, info: ValidationInfo):
        start = info.data.get("start")
        if end is None or start is None:
            return end
        if isinstance(end, datetime) != isinstance(start, datetime):
            raise ValueError(
                "start et end doivent avoir la même forme : deux dates, ou deux dates avec heure"
            )
        if end < start:
            raise ValueError(f"la fin ({end}) est avant le début ({start})")
        return end

    @property
    def first_day(self) -> date:
        return self.start.date() if isinstance(self.start, datetime) else self.start

    @property
    def last_day(self) -> date:
        end = self.end or self.start
        return end.date() if isinstance(end, datetime) else end


# -------------------------------------------------------------------- timeline

PARTIAL_DATE = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"


def _partial_date_text(value):
    # YAML reads 2022 as a number and 2022-08-19 as a date: both are meant as text here.
    if isinstance(value, (int, date)) and not isinstance(value, bool):
        return value.isoformat() if isinstance(value, date) else str(value)
    return value


PartialDate = Annotated[
    str,
    StringConstraints(pattern=PARTIAL_DATE),
    BeforeValidator(_partial_date_text),
    WithJsonSchema({"anyOf": [{"type": "string", "pattern": PARTIAL_DATE},
                              {"type": "integer", "minimum": 1900, "maximum": 2100}]}),
]


class TimelineEntry(Model):
    """A milestone (`start` only) or a period (`start` and `end`) of the programme."""

    id: Annotated[Slug, Info("Identifiant")]
    label: Annotated[Text, Info("Libellé", one_line=True)]
    """Libellé court, affiché dans la frise (40 caractères environ)."""
    description: Annotated[Text, Info("Description")]
    """Ce qui s'est passé, en une ou deux phrases (liste sous la frise)."""
    start: Annotated[PartialDate, Info("Début")]
    """AAAA, AAAA-MM ou AAAA-MM-JJ, aussi précis que la source."""
    end: Annotated[PartialDate | None, Info("Fin")] = None
    """Fin d'une période, même forme ; absent = un jalon."""
    recurring: Annotated[Text | None, Info("Ce qui se répète")] = None
    """Pour une période : ce qui se répète (par ex. « deux fois par an »)."""
    source: Annotated[WebUrl, Info("Source")]
    """Page publique d'où vient l'information."""

    @field_validator("end")
    @classmethod
    def _after_start(cls, end, info: ValidationInfo):
        start = info.data.get("start")
        if end is not None and start is not None and padded_date(end, last=True) < padded_date(start):
            raise ValueError(f"la fin ({end}) est avant le début ({start})")
        return end


def padded_date(value: str, last: bool = False) -> str:
    """A partial date as a full ISO date (first or last day it can mean)."""
    parts = value.split("-")
    if len(parts) == 1:
        return f"{value}-12-31" if last else f"{value}-01-01"
    if len(parts) == 2:
        return f"{value}-31" if last else f"{value}-01"
    return value


# ------------------------------------------------------------------ indicators


class Unit(str, Enum):
    nombre = "nombre"
    pourcentage = "pourcentage"
    etp = "etp"  # share of a full-time post, in %


class IndicatorScope(str, Enum):
    territoire = "territoire"
    programme = "programme"


class Indicator(Model):
    id: Annotated[Slug, Info("Identifiant")]
    name: Annotated[Text, Info("Nom", one_line=True)]
    """Ce qui est compté (par ex. « Professionnel·les formé·es »)."""
    definition: Annotated[Text, Info("Définition")]
    """Ce que recouvre le chiffre, tel que le protocole d'évaluation le définit."""
    unit: Annotated[Unit, Info("Unité")] = Unit.nombre
    """nombre, pourcentage, ou etp (part d'un équivalent temps plein, en %)."""
    scope: Annotated[IndicatorScope, Info("Portée")] = IndicatorScope.territoire
    """territoire : comparé entre territoires ; programme : un chiffre pour tout le programme."""


class Figure(Model):
    """One sourced figure. No figure for a territory and year = « non renseigné », never 0."""

    indicator: Annotated[Slug, Info("Indicateur", refs=INDICATOR)]
    """Identifiant d'un indicateur de ce fichier."""
    territories: Annotated[tuple[Slug, ...], Info("Territoires", refs=TERRITORY)] = ()
    """Le territoire du chiffre ; plusieurs = un chiffre commun à ces territoires ; vide = tout le programme."""
    school_year: Annotated[SchoolYear | None, Info("Année scolaire", refs=SCHOOL_YEAR)] = None
    """Année scolaire (AAAA-AAAA) ; absente = la source ne la précise pas."""
    value: Annotated[Annotated[float, Field(ge=0)], Info("Valeur")]
    """Le chiffre publié, tel quel."""
    note: Annotated[Text | None, Info("Précision")] = None
    """Précision indispensable (ce qui est compté, limites, absence d'échantillon…)."""
    source: Annotated[WebUrl, Info("Source")]
    """Page publique où le chiffre est publié (obligatoire)."""


class IndicatorsFile(Model):
    indicators: Annotated[tuple[Indicator, ...], Info("Indicateurs")] = Field(min_length=1)
    """Ce que l'évaluation compte."""
    figures: Annotated[tuple[Figure, ...], Info("Chiffres")] = ()
    """Les chiffres publiés, chacun avec sa source."""
    editor_notes: EditorNotes = None


# --------------------------------------------------------------------- lessons


class LessonKind(str, Enum):
    """The part of the capitalisation sheet a lesson comes from."""

    condition = "condition"  # « Stratégies de mise en œuvre », « Partenariats »: what it took
    lecon = "lecon"  # « Leçons apprises »
    force = "force"  # « Forces »
    faiblesse = "faiblesse"  # « Faiblesses »
    piste = "piste"  # « Pistes à améliorer »
    opportunite = "opportunite"  # « Opportunités »


class LessonScope(str, Enum):
    """Where a weakness was seen (the sheet's three headings)."""

    territoire = "territoire"  # « Sur chaque territoire »
    ensemble = "ensemble"  # « Sur l'ensemble du territoire »
    coordination = "coordination"  # « Sur la coordination »


class LessonTopic(str, Enum):
    """The heading of the « Démarrer sur votre territoire » checklist it goes under."""

    coordination = "coordination"
    referents = "referents"
    partenaires = "partenaires"
    comites = "comites"
    leviers = "leviers"
    faiblesses = "faiblesses"
    pistes = "pistes"


class Lesson(Model):
    """One point of what the experience teaches, as the capitalisation sheet states it."""

    id: Annotated[Slug, Info("Identifiant")]
    """Identifiant unique dans le fichier."""
    kind: Annotated[LessonKind, Info("Type")]
    """Partie de la fiche : condition, lecon, force, faiblesse, piste, opportunite."""
    scope: Annotated[LessonScope | None, Info("Portée")] = None
    """Pour une faiblesse : territoire, ensemble ou coordination (les trois rubriques de la fiche)."""
    text: Annotated[Text, Info("Texte")]
    """Le point, tel que la page Capitalisation le présente (fidèle à la fiche)."""
    quote: Annotated[Text, Info("Extrait")]
    """L'extrait de la fiche, mot pour mot en français ; en anglais, sa traduction."""
    section: Annotated[Text, Info("Rubrique de la fiche", one_line=True)]
    """La rubrique de la fiche d'où vient l'extrait (par ex. « Stratégies de mise en œuvre »)."""
    action: Annotated[Text | None, Info("Point à vérifier")] = None
    """Le point à vérifier, dans la liste « Démarrer sur votre territoire » ; absent = pas dans la liste."""
    topic: Annotated[LessonTopic | None, Info("Rubrique de la liste")] = None
    """La rubrique de cette liste (obligatoire avec `action`)."""
    other_sources: Annotated[tuple[Source, ...], Info("Autres sources")] = ()
    """Autres pages publiques, en plus de la fiche (par ex. un texte que la fiche cite)."""

    @model_validator(mode="after")
    def _scope_and_topic(self):
        if self.scope is not None and self.kind is not LessonKind.faiblesse:
            raise ValueError("« scope » ne s'emploie que pour une faiblesse (kind: faiblesse)")
        if self.kind is LessonKind.faiblesse and self.scope is None:
            raise ValueError("une faiblesse dit où elle a été constatée : ajoutez "
                             "« scope » (territoire, ensemble ou coordination)")
        if (self.action is None) != (self.topic is None):
            raise ValueError("« action » et « topic » vont ensemble : le point à vérifier et "
                             "la rubrique de la liste où il se range")
        return self


class LessonsFile(Model):
    """resources/lessons.yml: what the « Prendre soin de soi » experience teaches."""

    source: Annotated[Source, Info("Source")]
    """La fiche de capitalisation : source de chaque enseignement."""
    # Not `min_length`: pydantic would also call a list with one wrong item « empty ».
    lessons: Annotated[tuple[Lesson, ...], Info("Enseignements")] = Field(json_schema_extra={"minItems": 1})
    """Les enseignements, dans l'ordre d'affichage."""
    editor_notes: EditorNotes = None

    @field_validator("lessons")
    @classmethod
    def _not_empty(cls, lessons):
        if not lessons:
            raise ValueError("liste vide : il faut au moins un enseignement")
        return lessons


# ------------------------------------------------------------- pages' front matter

# Material prints a page's `title` outside its article, as HTML: no markup, no entity.
_MARKUP = re.compile(r"[<>]|&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]\w*);")


def _plain_title(value: str) -> str:
    if _MARKUP.search(value):
        raise ValueError("pas de balise HTML ni d'entité (« < », « > », « &…; ») dans un titre : "
                         "écrivez le texte tel qu'il doit s'afficher")
    return value


class PageSearch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    exclude: bool = False
    boost: Annotated[float, Field(ge=0, le=10)] = 1


class PageMeta(BaseModel):
    """The front matter (the `---` block) of a hand-written page in docs/: what Material and
    the macros read, and nothing else."""

    model_config = ConfigDict(extra="forbid")
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120),
                     AfterValidator(_plain_title)] | None = None
    description: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                                  max_length=300)] | None = None
    hide: tuple[Literal["navigation", "toc", "footer", "feedback", "path", "tags"], ...] = ()
    render_macros: bool = True
    tags: tuple[Annotated[str, StringConstraints(min_length=1, max_length=60),
                          AfterValidator(_plain_title)], ...] = Field(default=(), max_length=20)
    search: PageSearch | None = None
