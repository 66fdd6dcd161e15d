"""Interface words used by the generated pages, in both languages."""

LABELS: dict[str, dict[str, str]] = {
    "status": {"fr": "Statut", "en": "Status"},
    "status.deploiement": {"fr": "Déploiement du programme", "en": "Programme roll-out"},
    "status.plaidoyer": {"fr": "Plaidoyer et mise en réseau", "en": "Advocacy and networking"},
    "kind": {"fr": "Type de collectivité", "en": "Type of local authority"},
    "kind.communaute-agglomeration": {"fr": "Communauté d'agglomération", "en": "Conurbation community (communauté d'agglomération)"},
    "kind.communaute-communes": {"fr": "Communauté de communes", "en": "Community of communes"},
    "kind.commune": {"fr": "Commune", "en": "Municipality"},
    "not_reported": {"fr": "non renseigné", "en": "not reported"},
    "why_chosen": {"fr": "Pourquoi ce territoire ?", "en": "Why this territory?"},
    "modalities": {"fr": "Modalités d'intervention", "en": "Intervention modalities"},
    "modality": {"fr": "Modalité", "en": "Modality"},
    "school_years": {"fr": "Années scolaires", "en": "School years"},
    "offered_year_unknown": {"fr": "proposée, année non renseignée", "en": "offered, year not reported"},
    "not_offered": {"fr": "non proposée", "en": "not offered"},
    "no_modality": {
        "fr": "Aucune des cinq modalités n'est déployée sur ce territoire.",
        "en": "None of the five modalities is run on this territory.",
    },
    "partners": {"fr": "Partenaires sur le territoire", "en": "Partners on the territory"},
    "no_partner": {
        "fr": "Aucun partenaire propre au territoire n'est renseigné.",
        "en": "No partner specific to this territory is reported.",
    },
    "observations": {"fr": "Ce que la capitalisation relève", "en": "What the capitalisation notes"},
    "quotes": {"fr": "Paroles d'acteurs", "en": "In their words"},
    "sources": {"fr": "Sources", "en": "Sources"},
    "territory": {"fr": "Territoire", "en": "Territory"},
    "all_territories": {"fr": "Voir tous les territoires côte à côte", "en": "See all territories side by side"},
    "untranslated": {
        "fr": "",
        "en": "Some text on this page has not been translated yet and is shown in French.",
    },
    "matrix_caption": {
        "fr": "Modalités d'intervention proposées par territoire et année scolaire",
        "en": "Intervention modalities offered by territory and school year",
    },
    "item": {"fr": "Rubrique", "en": "Item"},
    "details": {"fr": "Information", "en": "Details"},
    "carrier": {"fr": "Porteur", "en": "Carried by"},
    "formerly": {"fr": "anciennement", "en": "formerly"},
    "theme": {"fr": "Thématique", "en": "Theme"},
    "dates": {"fr": "Dates du projet", "en": "Project dates"},
    "target": {"fr": "Public visé", "en": "Target group"},
    "audiences": {"fr": "Publics", "en": "Audiences"},
    "settings": {"fr": "Milieux d'intervention", "en": "Settings"},
    "area": {"fr": "Département", "en": "Département"},
    "geography": {"fr": "Territoires", "en": "Territories"},
    "funders": {"fr": "Financement", "en": "Funding"},
    "general_objective": {"fr": "Objectif général", "en": "General objective"},
    "specific_objectives": {"fr": "Objectifs spécifiques", "en": "Specific objectives"},
    "audience": {"fr": "Pour qui", "en": "For whom"},
    "website": {"fr": "Site web", "en": "Website"},
    "role.pilotage": {"fr": "Comité de pilotage régional", "en": "Regional steering committee"},
    "role.reseau": {"fr": "Partenaires du réseau régional et départemental", "en": "Regional and departmental network"},
    "role.operationnel": {"fr": "Partenaires opérationnels", "en": "Operational partners"},
    "role.territorial": {"fr": "Partenaires des territoires", "en": "Territory partners"},
}


def label(key: str, lang: str) -> str:
    entry = LABELS[key]
    return entry.get(lang) or entry["fr"]
