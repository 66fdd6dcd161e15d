"""Synthetic data at scale (ILLUSTRATIVE: never published), for the benchmark and scale tests.

    generate(project, territories=100, tools=2000)

adds `territories` synthetic territory files (each with 3 events and indicator figures) and
`tools` synthetic tool files to a copy of the project's resources/ (the real data stays),
each valid and cross-referenced.
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml

from macros.data.loader import load_site_data

TYPES = ["jeu", "cartes", "mallette", "kit", "livre", "programme", "fiche-activite", "video", "application",
         "seances"]
COSTS = ["gratuit", "payant", "pret", "sur-demande"]
PLACES = ["partout", "pays-de-la-loire", "autre-region", "autre-pays", "formation", "epuise"]
SETTINGS = ["ecole", "periscolaire", "accueil-loisirs", "club-sportif", "famille"]


def generate(project: Path, territories: int, tools: int, seed: int = 2022) -> None:
    resources = project / "resources"
    data = load_site_data(resources)
    cps_ids = [c.id for c in (*data.cps.general, *data.cps.specific)]
    modalities = list(data.modalities)
    years = list(data.programme.school_years)
    rng = random.Random(seed)
    territory_ids = []
    for n in range(territories):
        tid = f"synthetique-{n:04d}"
        territory_ids.append(tid)
        document = {
            "name": {"fr": f"Territoire synthétique {n}", "en": f"Synthetic territory {n}"},
            "short_name": {"fr": f"Synthétique {n}", "en": f"Synthetic {n}"},
            "status": "deploiement",
            "status_note": {"fr": "Donnée de test.", "en": "Test data."},
            "summary": {"fr": f"Territoire de test numéro {n}.", "en": f"Test territory number {n}."},
            "why_chosen": [{"fr": "Mesure de performance.", "en": "Performance measurement."}],
            "modalities": [{"modality": m, "school_years": rng.sample(years, rng.randint(0, len(years)))}
                           for m in rng.sample(modalities, rng.randint(1, len(modalities)))],
            "sources": [{"title": {"fr": "Donnée de test", "en": "Test data"}, "url": "https://example.org/test"}],
            "order": 1000 + n,
        }
        (resources / "territories" / f"{tid}.yml").write_text(
            yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
        _events(resources, tid, n, rng)
    _figures(resources, territory_ids, years, data, rng)
    (resources / "tools").mkdir(exist_ok=True)
    for n in range(tools):
        age_min = rng.randint(3, 12)
        document = {
            "title": {"fr": f"Outil synthétique {n}", "en": f"Synthetic tool {n}"},
            "type": rng.choice(TYPES),
            "authors": [f"Auteur {n % 97}"],
            "age_min": age_min,
            "age_max": age_min + rng.randint(1, 6),
            "cps": rng.sample(cps_ids, rng.randint(1, 4)),
            "settings": rng.sample(SETTINGS, rng.randint(0, 3)),
            "summary": {"fr": f"Outil de test numéro {n} pour mesurer la construction du site.",
                        "en": f"Test tool number {n} to measure the site build."},
            "territories": rng.sample(territory_ids, min(len(territory_ids), rng.randint(0, 2))),
            "source": "https://example.org/test",
            "session_minutes": rng.choice([None, 20, 30, 45, 60, 90]),
            "group_min": rng.choice([None, 2, 3, 6]),
            "group_max": rng.choice([None, 8, 15, 30]),
            "cost": {"kind": rng.choice(COSTS)},
            "availability": {"status": rng.choice(PLACES)},
        }
        document = {k: v for k, v in document.items() if v is not None}
        (resources / "tools" / f"synthetique-{n:05d}.yml").write_text(
            yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")


KINDS = ["formation", "atelier-parents", "journee-echanges", "co-intervention", "comite-territorial"]


def _events(resources: Path, tid: str, n: int, rng: random.Random) -> None:
    (resources / "events").mkdir(exist_ok=True)
    for k in range(3):
        year, month, day = rng.randint(2022, 2031), rng.randint(1, 12), rng.randint(1, 28)
        document = {
            "title": {"fr": f"Événement synthétique {n}-{k}", "en": f"Synthetic event {n}-{k}"},
            "kind": rng.choice(KINDS),
            "territories": [tid],
            "start": f"{year}-{month:02d}-{day:02d} 09:30",
            "end": f"{year}-{month:02d}-{day:02d} 12:00",
            "place": f"Salle {n}",
        }
        (resources / "events" / f"{tid}-{k}.yml").write_text(
            yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _figures(resources: Path, territory_ids: list[str], years: list[str], data, rng) -> None:
    indicators = [i.id for i in data.indicators.indicators if i.scope.value == "territoire"][:2]
    figures = [
        {"indicator": indicator, "territories": [tid], "school_year": year,
         "value": rng.randint(0, 60), "source": "https://example.org/test"}
        for tid in territory_ids for indicator in indicators for year in years
        if rng.random() < 0.7
    ]
    path = resources / "indicators.yml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    document["figures"] = [*document.get("figures", []), *figures]
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
