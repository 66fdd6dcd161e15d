"""The trainers' offline zip: the whole site, both languages, opened from file://.

    python -m macros.engine.offline [--engine mkdocs|properdocs]   (or `make offline [ENGINE=…]`)

Builds with Material's offline plugin (OFFLINE=true) into a temporary folder, so the
online build in site/ is left as it is, adds a « Lisez-moi », and writes
dist/prendre-soin-de-soi-offline-<version>.zip. The engine is MkDocs unless told otherwise
(ProperDocs 1.6.7 builds the same files: tests/test_engines.py).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from pathlib import Path

from ..content.cms import ADMIN
from ..data.files import TEMPORARY

ROOT = Path(__file__).resolve().parents[2]

README = """Prendre soin de soi — site hors connexion
=========================================

Ouvrez le fichier index.html (double-clic) : le site s'affiche dans votre navigateur, sans
connexion internet. Tout y est : les pages en français et en anglais (bouton de langue en
haut de la page), la recherche et les documents.

Décompressez d'abord le dossier entier (clic droit > « Extraire tout ») : ouvert depuis
l'archive sans l'extraire, le site ne fonctionne pas.

Take care of yourself — offline site: unzip the whole folder, then open index.html.
English pages: use the language button at the top of any page.

Version {version}.
"""


def version(root: Path = ROOT) -> str:
    with (root / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["project"]["version"]


# The engines a build may run on: MkDocs 1.6.1, or ProperDocs 1.6.7 (a continuation of
# MkDocs 1.x), which looks for properdocs.yml first and is given mkdocs.yml by name.
ENGINES = {"mkdocs": (), "properdocs": ("-f", "mkdocs.yml")}


def engine_command(engine: str) -> list[str]:
    """`python -m <engine> build`, for an engine of ENGINES; a French error otherwise."""
    if engine not in ENGINES:
        raise ValueError(f"moteur « {engine} » inconnu : choisissez {' ou '.join(ENGINES)}")
    return [sys.executable, "-m", engine, "build", *ENGINES[engine]]


def build_offline(root: Path, site_dir: Path, engine: str = "mkdocs") -> None:
    env = {**os.environ, "OFFLINE": "true", "SITE_URL": "", "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(
        [*engine_command(engine), "--strict", "--quiet", "-d", str(site_dir)],
        cwd=root, env=env, check=True,
    )


def make_zip(root: Path = ROOT, dist: Path | None = None, engine: str = "mkdocs") -> Path:
    dist = dist or root / "dist"
    dist.mkdir(parents=True, exist_ok=True)
    number = version(root)
    target = dist / f"prendre-soin-de-soi-offline-{number}.zip"
    with tempfile.TemporaryDirectory() as temp:
        site = Path(temp) / "site"
        build_offline(root, site, engine)
        (site / "LISEZ-MOI.txt").write_text(README.format(version=number), encoding="utf-8")
        # Zipped beside the target, then renamed: a build killed meanwhile leaves no
        # half-written zip under the published name.
        partial = dist / f"{TEMPORARY}{target.name}"
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(site.rglob("*")):
                # A "not found" page is never shown from file://, and its links are
                # root-absolute (for a web server), so it stays out of the zip.
                # Nor does a zip the Pages workflow put in docs/ for the online site, nor
                # the form editor (admin/: it needs a server and Decap's 6 MB, not a trainer).
                rel = path.relative_to(site)
                if path.is_file() and path.name != "404.html" and path.suffix != ".zip" \
                        and rel.parts[0] != ADMIN:
                    archive.write(path, path.relative_to(site).as_posix())
        os.replace(partial, target)
    return target


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Le zip hors connexion des formateurs.")
    parser.add_argument("--engine", default="mkdocs",
                        help=f"moteur de construction : {' ou '.join(ENGINES)} (mkdocs par défaut)")
    engine = parser.parse_args().engine
    if engine not in ENGINES:
        sys.exit(f"Erreur : moteur « {engine} » inconnu. Choisissez {' ou '.join(ENGINES)} "
                 "(par exemple « make offline ENGINE=properdocs »).")
    try:
        print(make_zip(engine=engine))
    except subprocess.CalledProcessError as err:
        sys.exit(err.returncode)
