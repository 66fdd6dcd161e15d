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

LANGUAGES = ("fr", "en")
# What `make new` writes where a value must be filled in; refused by the loader if left.
PLACEHOLDER = "À COMPLÉTER"
DEFAULT_LANGUAGE = "fr"

# Every text of the data is at most MAX_TEXT characters: the longest in the data is 557 (a
# lesson), and Python-Markdown's time grows with the square of a run of escaped signs.
MAX_TEXT = 2000
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT)]
Slug = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=60)
]


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

    fr: NonEmpty
    """Texte en français (obligatoire)."""
    en: NonEmpty | None = None
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

    title: Text
    """Titre de la page ou du document cité."""
    url: WebUrl
    """Adresse complète de la page publique (https://…)."""


class Quote(Model):
    text: Text
    """La citation, mot pour mot ; en anglais, une traduction signalée comme telle."""
    author: NonEmpty
    """Prénom et nom de la personne citée."""
    role: Text
    """Sa fonction, telle que la source la donne."""




class Carrier(Model):
    name: Text
    former_name: Text | None = None
    description: Text
    website: WebUrl | None = None


class ProgrammeStatus(str, Enum):
    en_cours = "en-cours"
    clos = "clos"


class Programme(Model):
    name: Text
    full_name: Text
    summary: Text
    theme: Text
    carrier: Carrier
    start_year: Annotated[int, Field(ge=2000, le=2100)]
    end_year: Annotated[int, Field(ge=2000, le=2100)]
    status: ProgrammeStatus
    """en-cours : le programme se déroule ; clos : il est terminé (closing_date obligatoire)."""
    closing_date: date | None = None
    """Date de clôture (AAAA-MM-JJ), par exemple celle de l'événement de clôture."""
    closing_place: Text | None = None
    """Lieu de l'événement de clôture."""
    status_source: WebUrl | None = None
    """Page publique qui annonce la clôture (obligatoire si le programme est clos)."""
    school_years: tuple[SchoolYear, ...] = Field(min_length=1)
    area: Text
    geography: Text
    target: Text
    audiences: tuple[Text, ...] = Field(min_length=1)
    settings: tuple[Text, ...] = Field(min_length=1)
    general_objective: Text
    specific_objectives: tuple[Text, ...] = Field(min_length=1)
    funders: tuple[Slug, ...] = ()
    website: WebUrl | None = None
    sources: tuple[Source, ...] = Field(min_length=1)

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
    id: Slug
    name: Text
    summary: Text
    audience: Text


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
    id: Slug
    name: Text
    acronym: NonEmpty | None = None
    kind: PartnerKind
    roles: tuple[PartnerRole, ...] = Field(min_length=1)
    contribution: Text
    website: WebUrl | None = None


class CollectivityKind(str, Enum):
    communaute_agglomeration = "communaute-agglomeration"
    communaute_communes = "communaute-communes"
    commune = "commune"


class TerritoryStatus(str, Enum):
    deploiement = "deploiement"
    plaidoyer = "plaidoyer"


class ModalityRun(Model):
    """A modality offered on a territory; empty `school_years` means « not reported »."""

    modality: Slug
    """Identifiant d'une modalité de resources/modalities.yml."""
    school_years: tuple[SchoolYear, ...] = ()
    """Années scolaires (AAAA-AAAA) où elle est proposée ; vide = année non renseignée."""
    note: Text | None = None
    """Précision sur cette modalité."""


class Territory(Model):
    """One file in resources/territories/; its id is the file name."""

    name: Text
    """Nom complet du territoire."""
    short_name: Text
    """Nom court, pour les tableaux."""
    kind: CollectivityKind | None = None
    """Type de collectivité ; absent = « non renseigné »."""
    status: TerritoryStatus
    """deploiement : le programme s'y est déployé ; plaidoyer : accompagnement sans modalités."""
    status_note: Text
    """Ce que recouvre ce statut sur ce territoire."""
    summary: Text
    """Résumé en une ou deux phrases (aussi la description de la page)."""
    why_chosen: tuple[Text, ...] = Field(min_length=1)
    """Pourquoi ce territoire a été choisi (une raison par élément)."""
    observations: tuple[Text, ...] = ()
    """Ce que la capitalisation relève sur ce territoire."""
    partners: tuple[Slug, ...] = ()
    """Identifiants de resources/partners.yml propres au territoire."""
    modalities: tuple[ModalityRun, ...] = ()
    """Modalités proposées sur le territoire, avec leurs années scolaires."""
    quotes: tuple[Quote, ...] = ()
    """Paroles d'acteurs du territoire, avec leur source."""
    sources: tuple[Source, ...] = Field(min_length=1)
    """Pages publiques d'où viennent ces informations."""
    order: Annotated[int, Field(ge=0)] = 100
    """Ordre d'affichage (les plus petits d'abord)."""

    @model_validator(mode="after")
    def _advocacy_has_no_modalities(self):
        if self.status is TerritoryStatus.plaidoyer and self.modalities:
            raise ValueError(
                "un territoire au statut « plaidoyer » ne déploie pas de modalités : "
                "videz « modalities » ou passez le statut à « deploiement »"
            )
        return self


_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def is_slug(value: str) -> bool:
    return bool(_ID_RE.match(value))


# ------------------------------------------------------------------------- CPS


class Framework(Model):
    """The CPS framework the site presents (name and year, so another can sit beside it)."""

    id: Slug
    name: Text
    publisher: NonEmpty
    year: Annotated[int, Field(ge=1990, le=2100)]
    note: Text
    update: Text
    sources: tuple[Source, ...] = Field(min_length=1)


class CpsCategory(Model):
    id: Slug
    name: Text
    summary: Text


class GeneralCps(Model):
    id: Slug
    category: Slug
    name: Text
    summary: Text
    child_example: Text


class SpecificCps(Model):
    id: Slug
    general: Slug
    name: Text
    summary: Text


class LifeSkill(Model):
    """One of the WHO's ten life skills (1993), mapped to CPS of the framework."""

    id: Slug
    pair: Annotated[int, Field(ge=1, le=5)]
    name: Text
    maps_to: tuple[Slug, ...] = Field(min_length=1)


class CpsFile(Model):
    framework: Framework
    categories: tuple[CpsCategory, ...] = Field(min_length=1)
    general: tuple[GeneralCps, ...] = Field(min_length=1)
    specific: tuple[SpecificCps, ...] = Field(min_length=1)
    who_life_skills: tuple[LifeSkill, ...] = ()
    who_source: Source


# -------------------------------------------------------------------- glossary


Spelling = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                            pattern=r"^[^\[\]\n]+$")]


class GlossaryTerm(Model):
    id: Slug
    """Identifiant unique (ancre de la page glossaire)."""
    term: NonEmpty
    """Le sigle ou le terme, tel qu'il apparaît dans les textes en français."""
    term_en: NonEmpty | None = None
    """Le terme en anglais, s'il diffère (par ex. Ottawa Charter)."""
    expansion: Text | None = None
    """Pour un sigle : ce qu'il veut dire."""
    definition: Text
    """Définition pour les professionnel·les."""
    plain: Text
    """Une phrase simple pour les parents (aussi le texte de l'infobulle)."""
    matches: tuple[Spelling, ...] = ()
    """Graphies qui reçoivent une infobulle ; par défaut le terme en français et en anglais."""
    source: WebUrl | None = None
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
    kind: AccessKind
    """Prêt (centre de documentation), achat, téléchargement, gratuit, ou porteur (programme
    mis en place avec l'organisme qui le porte, souvent après une formation)."""
    note: Text | None = None
    """Où et comment, tel que la source le dit (par ex. le centre qui le prête)."""
    url: WebUrl | None = None
    """Page où l'obtenir (boutique, téléchargement, organisme qui le porte)."""
    source: WebUrl | None = None
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

    facts: tuple[ToolFact, ...] = Field(min_length=1)
    """Les informations que donne cette page (authors, publisher, year, price…)."""
    url: WebUrl
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

    kind: CostKind
    """gratuit, payant (avec amount_eur), pret (prêt gratuit) ou sur-demande (prix sur devis)."""
    amount_eur: Annotated[float, Field(ge=0, le=100000)] | None = None
    """Prix en euros (un nombre), seulement avec kind: payant."""
    seen: date | None = None
    """Date à laquelle le prix a été vu sur la page publique (AAAA-MM-JJ)."""
    conditions: Text | None = None
    """Conditions (par ex. « réservé aux établissements formés », « prix public TTC »)."""
    source: WebUrl | None = None
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

    status: AvailabilityStatus
    """partout (acheté ou téléchargé en ligne), pays-de-la-loire (un lieu de la région confirmé
    par une source), autre-region, autre-pays, formation (réservé aux personnes formées) ou epuise."""
    note: Text | None = None
    """Ce que peut faire un lecteur de Loire-Atlantique, en une phrase, tel que la source le permet."""
    source: WebUrl | None = None
    """Page publique qui le dit."""


class EvidenceLevel(str, Enum):
    probant = "probant"
    prometteur = "prometteur"
    experientiel = "experientiel"
    non_evalue = "non-evalue"


class Evidence(Model):
    """The kind of evidence behind the tool."""

    level: EvidenceLevel
    """probant ou prometteur (registre des interventions de Santé publique France),
    experientiel (décrit par un porteur à partir de l'expérience) ou non-evalue."""
    note: Text | None = None
    """Précision (par ex. l'évaluation citée)."""
    source: WebUrl | None = None
    """Page publique qui le dit."""


class Tool(Model):
    """A CPS tool of the catalogue; one file in resources/tools/, its id is the file name."""

    title: Text
    """Titre de l'outil."""
    type: ToolType
    """Nature de l'outil."""
    authors: tuple[NonEmpty, ...] = ()
    """Conception : personnes ou organismes qui l'ont conçu (pas ceux qui le diffusent)."""
    adapted_by: tuple[NonEmpty, ...] = ()
    """Adaptation (par ex. française) : qui l'a adapté, si la source le dit."""
    publisher: NonEmpty | None = None
    """Édition : l'éditeur (la maison d'édition, l'organisme qui le publie)."""
    distributors: tuple[NonEmpty, ...] = ()
    """Diffusion : qui le distribue ou le déploie, si ce n'est pas l'éditeur."""
    year: Annotated[int, Field(ge=1950, le=2100)] | None = None
    """Année, telle que la source la donne ; dites dans `year_note` ce qu'elle date."""
    year_note: Text | None = None
    """Ce que date l'année (création du programme d'origine, parution, édition française…)."""
    age_min: Annotated[int, Field(ge=0, le=99)] | None = None
    """Âge minimal des enfants, si la source le donne."""
    age_max: Annotated[int, Field(ge=0, le=99)] | None = None
    """Âge maximal, si la source le donne (absent : pas de limite donnée)."""
    age_note: Text | None = None
    """Public tel que la source le décrit (niveaux scolaires, professionnels…)."""
    cps: tuple[Slug, ...] = Field(min_length=1)
    """Identifiants de resources/cps.yml : les compétences travaillées."""
    settings: tuple[Setting, ...] = ()
    """Milieux où il s'utilise, si la source le dit ; vide = non renseigné."""
    settings_note: Text | None = None
    """Milieux tels que la source les nomme (par ex. « accueil extrascolaire »)."""
    group_size: Text | None = None
    """Taille du groupe."""
    duration: Text | None = None
    """Durée (séance, programme)."""
    contents: Text | None = None
    """Matériel (contenu de la boîte, du kit), tel que la source le décrit."""
    price: Text | None = None
    """Prix tel que publié, avec sa date si la source la donne ; absent = non renseigné."""
    languages: tuple[Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")], ...] = ()
    """Langues de l'outil (codes : fr, en…)."""
    access: tuple[Access, ...] = ()
    """Comment se le procurer ; vide = non renseigné."""
    summary: Text
    """Résumé en quelques phrases."""
    notes: Text | None = None
    """Conseils ou précisions utiles, avec leur source."""
    territories: tuple[Slug, ...] = ()
    """Territoires du programme où il est utilisé (identifiants de resources/territories/)."""
    source: WebUrl
    """Page publique d'où viennent les informations sur l'outil."""
    other_sources: tuple[WebUrl, ...] = ()
    """Autres pages publiques utilisées."""
    fact_sources: tuple[FactSource, ...] = ()
    """Pour les informations qui ne viennent pas de `source` : la page qui donne chacune."""
    levels: tuple[Level, ...] = ()
    """Niveaux scolaires que donne la source (ps ms gs cp ce1 ce2 cm1 cm2 6e 5e 4e 3e ; cycle 3 =
    cm1, cm2, 6e). Sans age_min/age_max, les âges en sont déduits (CP = 6 ans … CM2 = 10 ans)."""
    session_minutes: Annotated[int, Field(ge=1, le=1440)] | None = None
    """Durée d'une séance ou d'une partie, en minutes, telle que la source la donne."""
    session_minutes_max: Annotated[int, Field(ge=1, le=1440)] | None = None
    """Durée maximale d'une séance en minutes, quand la source donne une fourchette."""
    session_count: Annotated[int, Field(ge=1, le=500)] | None = None
    """Nombre de séances d'un programme, si la source le donne."""
    group_min: Annotated[int, Field(ge=1, le=1000)] | None = None
    """Taille minimale du groupe (personnes), si la source la donne."""
    group_max: Annotated[int, Field(ge=1, le=1000)] | None = None
    """Taille maximale du groupe (personnes), si la source la donne."""
    cost: Cost | None = None
    """Coût structuré : gratuit, payant (montant, date vue), prêt ou sur demande."""
    availability: Availability | None = None
    """Pour un lecteur de Loire-Atlantique : où l'obtenir, ou pourquoi ce n'est pas possible."""
    evidence: Evidence | None = None
    """Niveau de preuve : probant, prometteur, experientiel ou non-evalue, avec sa source."""
    checked: date | None = None
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


class Event(Model):
    """One dated event; one file in resources/events/, its id (the file name) is its UID."""

    title: Text
    """Intitulé de l'événement."""
    kind: EventKind
    """Type d'événement (evenement : tout autre type)."""
    modality: Slug | None = None
    """Identifiant de la modalité de resources/modalities.yml, s'il y en a une."""
    territories: tuple[Slug, ...] = ()
    """Territoires concernés (resources/territories/) ; vide = tout le programme."""
    start: EventTime
    """Début : une date (2025-10-21) ou une date et une heure de Paris (2025-10-21 09:30)."""
    end: EventTime | None = None
    """Fin, de même forme que le début (une date pour plusieurs jours entiers)."""
    audience: Text | None = None
    """À qui il s'adresse."""
    place: Text | None = None
    """Lieu (ville, salle)."""
    registration: Text | None = None
    """Comment s'inscrire ; absent = « non renseigné »."""
    registration_url: WebUrl | None = None
    """Page d'inscription."""
    summary: Text | None = None
    """Ce qui s'y passe, en une ou deux phrases."""
    source: WebUrl | None = None
    """Page publique qui annonce ou relate l'événement."""

    @field_validator("start", "end")
    @classmethod
    def _paris_time(cls, value):
        if isinstance(value, datetime) and value.tzinfo is not None:
            raise ValueError("écrivez l'heure de Paris sans fuseau horaire (par ex. 2025-10-21 09:30)")
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

    id: Slug
    label: Text
    """Libellé court, affiché dans la frise (40 caractères environ)."""
    description: Text
    """Ce qui s'est passé, en une ou deux phrases (liste sous la frise)."""
    start: PartialDate
    """AAAA, AAAA-MM ou AAAA-MM-JJ, aussi précis que la source."""
    end: PartialDate | None = None
    """Fin d'une période, même forme ; absent = un jalon."""
    recurring: Text | None = None
    """Pour une période : ce qui se répète (par ex. « deux fois par an »)."""
    source: WebUrl
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
    id: Slug
    name: Text
    """Ce qui est compté (par ex. « Professionnel·les formé·es »)."""
    definition: Text
    """Ce que recouvre le chiffre, tel que le protocole d'évaluation le définit."""
    unit: Unit = Unit.nombre
    """nombre, pourcentage, ou etp (part d'un équivalent temps plein, en %)."""
    scope: IndicatorScope = IndicatorScope.territoire
    """territoire : comparé entre territoires ; programme : un chiffre pour tout le programme."""


class Figure(Model):
    """One sourced figure. No figure for a territory and year = « non renseigné », never 0."""

    indicator: Slug
    """Identifiant d'un indicateur de ce fichier."""
    territories: tuple[Slug, ...] = ()
    """Le territoire du chiffre ; plusieurs = un chiffre commun à ces territoires ; vide = tout le programme."""
    school_year: SchoolYear | None = None
    """Année scolaire (AAAA-AAAA) ; absente = la source ne la précise pas."""
    value: Annotated[float, Field(ge=0)]
    """Le chiffre publié, tel quel."""
    note: Text | None = None
    """Précision indispensable (ce qui est compté, limites, absence d'échantillon…)."""
    source: WebUrl
    """Page publique où le chiffre est publié (obligatoire)."""


class IndicatorsFile(Model):
    indicators: tuple[Indicator, ...] = Field(min_length=1)
    """Ce que l'évaluation compte."""
    figures: tuple[Figure, ...] = ()
    """Les chiffres publiés, chacun avec sa source."""


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

    id: Slug
    """Identifiant unique dans le fichier."""
    kind: LessonKind
    """Partie de la fiche : condition, lecon, force, faiblesse, piste, opportunite."""
    scope: LessonScope | None = None
    """Pour une faiblesse : territoire, ensemble ou coordination (les trois rubriques de la fiche)."""
    text: Text
    """Le point, tel que la page Capitalisation le présente (fidèle à la fiche)."""
    quote: Text
    """L'extrait de la fiche, mot pour mot en français ; en anglais, sa traduction."""
    section: Text
    """La rubrique de la fiche d'où vient l'extrait (par ex. « Stratégies de mise en œuvre »)."""
    action: Text | None = None
    """Le point à vérifier, dans la liste « Démarrer sur votre territoire » ; absent = pas dans la liste."""
    topic: LessonTopic | None = None
    """La rubrique de cette liste (obligatoire avec `action`)."""
    other_sources: tuple[Source, ...] = ()
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

    source: Source
    """La fiche de capitalisation : source de chaque enseignement."""
    # Not `min_length`: pydantic would also call a list with one wrong item « empty ».
    lessons: tuple[Lesson, ...] = Field(json_schema_extra={"minItems": 1})
    """Les enseignements, dans l'ordre d'affichage."""

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
