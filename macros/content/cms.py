"""The form editor at /admin/ (Decap CMS): its configuration, generated from the models.

    python -m macros.cli cms [--check]     write (or check) cms/config.yml

Each field of the models becomes a form field: French label, the field's docstring as its
help text, required when the model requires it, a `select` for an enumeration or an id of
the data (the ids read from resources/, so the build's copy lists a new territory at once),
a date picker in the form the site reads. `write_admin` copies the admin page and the Decap
bundle into the built site (called by the MkDocs hook after each build). No MkDocs here.
"""

from __future__ import annotations

import enum
import html
import json
import types
import typing
from datetime import date, datetime
from pathlib import Path

import yaml
from pydantic import BaseModel

from ..data import models as m
from ..data.declare import SLUG_PATTERN as SLUG, field_label, info, unwrap
from ..data.files import write_if_changed
from ..data.loader import FOLDERS, TOP_LEVEL, SiteData, load_site_data, once_per_data
from ..data.references import REFERENCES
from ..data.schemas import header_line
from .cms_proxy import MEDIA_FOLDER, MEDIA_PUBLIC
from .labels import LABELS

ROOT = Path(__file__).resolve().parents[2]
CMS = "cms"
# The local backend's default port (`make serve CMS_PORT=…`). Under serve only, the Makefile
# gives it to the build as CMS_LOCAL_PORT: only then do the configuration and the admin
# page's policy name a local address.
DEFAULT_PORT = 8081
LOCAL_PORT = "CMS_LOCAL_PORT"
# The GitHub repository the published site's editor writes to: GITHUB_REPOSITORY, which
# GitHub Actions sets, at build time; this placeholder in the committed file.
REPO_PLACEHOLDER = "PROPRIETAIRE/DEPOT"
FORMAT = "yaml-psds"  # the custom format of cms/admin.js
HEADER_KEY = "_header"  # the file's first line, carried by the custom format
SOURCE_KEY = "_source"  # the file as read, into which the custom format splices the changes
LIST_KEY = "_list"  # a file whose root is a list (modalities.yml…), wrapped for the form
DATE_FORMAT = "YYYY-MM-DD"
DATETIME_FORMAT = "YYYY-MM-DD HH:mm"  # « 2027-03-12 09:30 », what the models read

# labels.py keys of some enumerations' values, for readable options.
ENUM_LABELS = {m.ToolType: "type", m.Setting: "setting", m.AccessKind: "access",
               m.EventKind: "event", m.Level: "level", m.CostKind: "cost",
               m.AvailabilityStatus: "availability", m.EvidenceLevel: "evidence"}

URL_PATTERN = ["^https?://\\S+$", "une adresse web complète, commençant par https://"]
SLUG_PATTERN = [SLUG,
                "minuscules sans accent, chiffres et tirets (par ex. ateliers-parents)"]
YEAR_PATTERN = ["^\\d{4}-\\d{4}$", "une année scolaire AAAA-AAAA (par ex. 2022-2023)"]
PARTIAL_PATTERN = [m.PARTIAL_DATE, "AAAA, AAAA-MM ou AAAA-MM-JJ (par ex. 2022-05)"]
LANGUAGE_PATTERN = ["^[a-z]{2}$", "un code de langue en deux lettres (fr, en…)"]


# ------------------------------------------------------------------ fields


def _pattern(metadata) -> str | None:
    return next((getattr(x, "pattern", None) for x in metadata if getattr(x, "pattern", None)), None)


def _bounds(metadata) -> dict:
    out = {}
    for item in metadata:
        for bound in getattr(item, "metadata", [item]):
            if getattr(bound, "ge", None) is not None:
                out["min"] = bound.ge
            if getattr(bound, "le", None) is not None:
                out["max"] = bound.le
    return out


def _hint(field) -> str | None:
    return " ".join(field.description.split()) if field.description else None


def _enum_options(kind: type[enum.Enum]) -> list:
    prefix = ENUM_LABELS.get(kind)
    out = []
    for item in kind:
        label = LABELS.get(f"{prefix}.{item.value}", {}).get("fr") if prefix else None
        out.append({"label": f"{label} ({item.value})", "value": item.value} if label else item.value)
    return out


def _text(one_line: bool, required: bool) -> dict:
    widget = "string" if one_line else "text"
    return {"widget": "object", "collapsed": False, "fields": [
        {"label": "Français", "name": "fr", "widget": widget, "required": required,
         "hint": m.Text.model_fields["fr"].description if required else
         "Texte en français (obligatoire si ce champ est rempli)."},
        {"label": "Anglais", "name": "en", "widget": widget, "required": False,
         "hint": m.Text.model_fields["en"].description},
    ]}


def _scalar(model, name, annotation, metadata, data: SiteData) -> dict:
    """The widget of one value (not a list)."""
    if (model, name) in REFERENCES:
        return {"widget": "select", "options": REFERENCES[(model, name)](data)}
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return {"widget": "select", "options": _enum_options(annotation)}
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):  # date | datetime
        return {"widget": "datetime", "format": DATETIME_FORMAT, "date_format": DATE_FORMAT,
                "time_format": "HH:mm", "picker_utc": False}
    if annotation is date:
        return {"widget": "datetime", "format": DATE_FORMAT, "date_format": DATE_FORMAT,
                "time_format": False, "picker_utc": False}
    if annotation is datetime:
        return {"widget": "datetime", "format": DATETIME_FORMAT, "date_format": DATE_FORMAT,
                "time_format": "HH:mm", "picker_utc": False}
    if annotation is bool:
        return {"widget": "boolean"}
    if annotation is int:
        return {"widget": "number", "value_type": "int", **_bounds(metadata)}
    if annotation is float:
        return {"widget": "number", "value_type": "float", **_bounds(metadata)}
    if annotation is m.HttpUrl or any(getattr(x, "json_schema", {}).get("pattern") == "^https?://[^\\s]+$"
                                      for x in metadata):
        return {"widget": "string", "pattern": URL_PATTERN}
    pattern = _pattern(metadata)
    if pattern == SLUG_PATTERN[0]:
        return {"widget": "string", "pattern": SLUG_PATTERN}
    if pattern == YEAR_PATTERN[0]:
        return {"widget": "string", "pattern": YEAR_PATTERN}
    if pattern == m.PARTIAL_DATE:
        return {"widget": "string", "pattern": PARTIAL_PATTERN}
    if pattern == LANGUAGE_PATTERN[0]:
        return {"widget": "string", "pattern": LANGUAGE_PATTERN}
    return {"widget": "string"}


def form_field(model: type[BaseModel], name: str, data: SiteData) -> dict:
    """The Decap field of `model.name`."""
    field = model.model_fields[name]
    annotation, metadata, _ = unwrap(field.annotation)
    required = field.is_required()
    declared = info(model, name)
    one_line = declared is not None and declared.one_line
    out: dict = {"label": field_label(model, name), "name": name, "required": required}
    if hint := _hint(field):
        out["hint"] = hint
    if typing.get_origin(annotation) is tuple:
        item, item_meta, _ = unwrap(typing.get_args(annotation)[0])
        if (model, name) in REFERENCES or (isinstance(item, type) and issubclass(item, enum.Enum)):
            out |= {**_scalar(model, name, item, item_meta, data), "multiple": True}
            if required:
                out["min"] = 1
        elif item is m.Text:
            out |= {"widget": "list", "fields": _text(one_line, True)["fields"]}
        elif isinstance(item, type) and issubclass(item, BaseModel):
            out |= {"widget": "list", "fields": model_fields(item, data)}
        else:
            out |= {"widget": "list", "field": {"label": out["label"], "name": name,
                                                **_scalar(model, name, item, item_meta, data)}}
        if required and out.get("widget") == "list":
            out["min"] = 1
        return out
    if annotation is m.Text:
        return out | _text(one_line, required)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        fields = model_fields(annotation, data)
        if not required:  # Decap would demand them even when the whole group is left empty;
            # the local backend and `make check` still refuse a half-filled group, in French.
            fields = [{**f, "required": False} for f in fields]
        return out | {"widget": "object", "collapsed": False, "fields": fields}
    out |= _scalar(model, name, annotation, metadata, data)
    if declared is not None and declared.multi_line:
        out["widget"] = "text"
    if field.default not in (None, (), typing.Any) and not required and out["widget"] != "list":
        value = field.default.value if isinstance(field.default, enum.Enum) else field.default
        out["default"] = value
    return out


def model_fields(model: type[BaseModel], data: SiteData) -> list[dict]:
    return [form_field(model, name, data) for name in model.model_fields]


# ------------------------------------------------------------------ collections

FOLDER_LABELS = {
    "tools": ("Outils du catalogue", "Outil", "title.fr"),
    "territories": ("Territoires", "Territoire", "short_name.fr"),
    "events": ("Événements de l'agenda", "Événement", "title.fr"),
}
FILE_LABELS = {
    "programme.yml": "Le programme", "modalities.yml": "Les modalités d'intervention",
    "partners.yml": "Les partenaires", "cps.yml": "Les compétences psychosociales (CPS)",
    "glossary.yml": "Le glossaire", "timeline.yml": "La frise du programme",
    "indicators.yml": "Les indicateurs et leurs chiffres", "lessons.yml": "Les enseignements",
}
LIST_ITEMS = {"modalities.yml": "Modalités", "partners.yml": "Partenaires",
              "glossary.yml": "Termes", "timeline.yml": "Jalons et périodes"}


def _header_field(relative: str) -> dict:
    return {"label": "En-tête du fichier", "name": HEADER_KEY, "widget": "hidden",
            "default": header_line(relative)}


def _source_field() -> dict:
    return {"label": "Fichier tel que lu", "name": SOURCE_KEY, "widget": "hidden"}


def _file_fields(name: str, kind, data: SiteData) -> list[dict]:
    rel = f"resources/{name}"
    if typing.get_origin(kind) is tuple:  # a list at the root of the file
        item = typing.get_args(kind)[0]
        return [_header_field(rel), _source_field(), {"label": LIST_ITEMS[name], "name": LIST_KEY, "widget": "list",
                                     "required": True, "min": 1, "fields": model_fields(item, data)}]
    return [_header_field(rel), _source_field(), *model_fields(kind, data)]


def config(data: SiteData, port: int | None = None, repo: str = REPO_PLACEHOLDER) -> dict:
    """Decap's configuration; `port`: the local backend's, under `make serve` only (the
    published form never calls a local address)."""
    collections = []
    for folder, (model, _) in FOLDERS.items():
        label, singular, identifier = FOLDER_LABELS[folder]
        collections.append({
            "name": folder, "label": label, "label_singular": singular,
            "description": f"Un fichier par {singular.lower()} dans resources/{folder}/ ; son nom "
                           f"(l'identifiant) vient, à la création, de « {field_label(model, identifier.split('.')[0])} » "
                           "en français et ne change plus.",
            "folder": f"resources/{folder}", "extension": "yml", "format": FORMAT,
            "create": True, "delete": False, "identifier_field": identifier, "slug": "{{slug}}",
            "summary": "{{" + identifier + "}} ({{slug}})", "sortable_fields": [identifier],
            "editor": {"preview": False},
            "fields": [_header_field(f"resources/{folder}/x.yml"), _source_field(), *model_fields(model, data)],
        })
    collections.append({
        "name": "donnees", "label": "Données du programme", "format": FORMAT,
        "editor": {"preview": False},
        "files": [{"name": Path(name).stem, "label": FILE_LABELS[name], "file": f"resources/{name}",
                   "fields": _file_fields(name, kind, data)} for name, kind in TOP_LEVEL.items()],
    })
    out = {
        "locale": "fr",
        # The published site: each change is a pull request on GitHub (the editorial workflow:
        # Decap opens a branch `cms/…` and its pull request; CI's French `make check` runs on it
        # before anyone merges). Sign-in: admin/connexion.html of the site itself, which hands
        # Decap a fine-grained token (admin.js points `base_url` at the site): no OAuth server.
        "backend": {"name": "github", "repo": repo, "branch": "main",
                    "squash_merges": True, "auth_endpoint": "admin/connexion.html"},
        "publish_mode": "editorial_workflow",
        # Uploaded images in a folder of their own (the site's logo and marks are not listed),
        # of the kinds and size the local backend accepts (macros/content/cms_proxy.py).
        "media_folder": MEDIA_FOLDER,
        "public_folder": MEDIA_PUBLIC,
        # File names from titles: ASCII, no accents, « - » between words (an id of the site).
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": collections,
    }
    if port:
        # `make serve`: the confined local backend writes the files on this computer (no
        # account); Decap uses it only on localhost/127.0.0.1, in simple mode (no workflow).
        out["local_backend"] = {"url": f"http://127.0.0.1:{port}/api/v1"}
    return out


GENERATED_NOTE = ("# Généré depuis macros/data/models.py et resources/ par `make schemas` "
                  "(python -m macros.cli cms) : ne pas modifier à la main.\n")


@once_per_data
def config_text(data: SiteData, port: int | None = None, repo: str = REPO_PLACEHOLDER) -> str:
    settings = config(data, port, repo)
    # Most edits leave it as it was (it changes with the ids): dumped again only then, by
    # libyaml's dumper (the same text as PyYAML's, six times faster).
    key = json.dumps(settings, ensure_ascii=False)
    if key not in _dumped:
        if len(_dumped) >= 4:
            _dumped.clear()
        _dumped[key] = GENERATED_NOTE + yaml.dump(settings, Dumper=yaml.CSafeDumper, allow_unicode=True,
                                                  sort_keys=False, width=100)
    return _dumped[key]


_dumped: dict[str, str] = {}


def write_config(root: Path, check: bool) -> int:
    """cms/config.yml from the models and the data (check: say if it is stale)."""
    path = root / CMS / "config.yml"
    text = config_text(load_site_data(root / "resources"))
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return 0
    if check:
        print(f"Configuration du formulaire périmée (lancez `make schemas`) : {CMS}/config.yml")
        return 1
    write_if_changed(path, text.encode("utf-8"))
    print(f"écrit : {CMS}/config.yml")
    return 0


# ------------------------------------------------------------------ the built site

ADMIN = "admin"
DIST = Path("node_modules") / "decap-cms" / "dist"
YAML_DIST = Path("node_modules") / "yaml" / "browser" / "dist"
PAGE_FILES = ("admin.js", "admin.css", "format.js", "setup.js", "LICENSES.md", "connexion.html",
              "connexion.js", "connexion.css")

ADMIN_DIRECTIVES = (
    "default-src 'self'",
    "script-src 'self' 'unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https://avatars.githubusercontent.com",
    "font-src 'self'",
    "connect-src 'self' blob:{local} https://api.github.com",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)

def _notice_page(title: str, body: str) -> str:
    """A French page of its own at /admin/ when the form cannot run there (no script)."""
    return f"""<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
<meta name="robots" content="noindex">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} — Prendre soin de soi</title>
<style>body{{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5}}</style>
</head>
<body>
<main>
{body}
</main>
</body>
</html>
"""


MISSING = _notice_page("Formulaire d'édition non installé", """<h1>Le formulaire d'édition n'est pas installé</h1>
<p>Le formulaire (Decap CMS) a besoin de Node.js et de npm sur cet ordinateur.
Installez Node.js (version 20 ou plus), puis relancez <code>make serve</code> :
la commande installe le formulaire (<code>npm ci --prefix cms</code>) et l'ouvre sur
cette page.</p>
<p>En attendant, les fichiers de <code>resources/</code> se modifient dans un éditeur de texte
(voir le guide des éditeurs, CONTRIBUTING.md).</p>""")


CODESPACES_TITLE = "Dans Codespaces, utilisez le formulaire du site publié"
CODESPACES_BODY = """<h1>Dans Codespaces, utilisez le formulaire du site publié</h1>
<p>Le formulaire de l'aperçu enregistre les fichiers par un petit serveur qui ne répond qu'aux
adresses 127.0.0.1 et localhost de votre propre ordinateur ; Codespaces passe par une adresse
{domain}, qu'il refuse (c'est voulu : une autre page ne peut pas écrire dans le dépôt).</p>
<p><strong>{link}</strong> : chaque enregistrement y devient une demande de publication (pull
request), vérifiée puis relue ; voir « Commencer ici » dans le guide des éditeurs
(CONTRIBUTING.md).</p>
<p>Dans ce codespace, modifiez les fichiers de <code>resources/</code> dans le panneau de gauche :
l'aperçu se met à jour à chaque enregistrement.</p>"""


def codespaces_page(env: typing.Mapping[str, str]) -> str | None:
    """The preview's /admin/ under GitHub Codespaces, which serves it at a forwarded address:
    the local backend answers 127.0.0.1/localhost only, so the page sends editors to the
    published form (GITHUB_REPOSITORY, which Codespaces sets, gives its default address)."""
    if env.get("CODESPACES") != "true":
        return None
    domain = env.get("GITHUB_CODESPACES_PORT_FORWARDING_DOMAIN") or "app.github.dev"
    owner, _, name = (env.get("GITHUB_REPOSITORY") or "").partition("/")
    if owner and name:
        site = f"https://{owner.lower()}.github.io/" + ("" if name.lower() == f"{owner.lower()}.github.io"
                                                       else f"{name}/")
        link = (f'Ouvrez le formulaire du site publié : <a href="{html.escape(site)}admin/">'
                f"{html.escape(site)}admin/</a> (si le site a une autre adresse, ajoutez /admin/ à la fin)")
    else:
        link = "Ouvrez le formulaire du site publié : son adresse, suivie de /admin/"
    return _notice_page(CODESPACES_TITLE, CODESPACES_BODY.format(domain=f"« …{html.escape(domain)} »", link=link))


def admin_policy(port: int | None = None) -> str:
    """The admin page's Content-Security-Policy: the site's own files, the local proxy and
    GitHub's API only. Decap checks its configuration with ajv, which compiles validators
    with `new Function` ('unsafe-eval': no script from elsewhere, no inline script), and
    inserts its styles inline (emotion: 'unsafe-inline' for styles)."""
    return "; ".join(ADMIN_DIRECTIVES).format(local=f" http://127.0.0.1:{port}" if port else "")
