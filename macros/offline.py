"""The trainers' offline zip: the whole site, both languages, opened from file://.

    python -m macros.offline      (or `make offline`)

Builds with Material's offline plugin (OFFLINE=true) into a temporary folder, so the
online build in site/ is left as it is, adds a « Lisez-moi », and writes
dist/prendre-soin-de-soi-offline-<version>.zip.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from pathlib import Path

from .files import TEMPORARY

ROOT = Path(__file__).resolve().parent.parent

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


def build_offline(root: Path, site_dir: Path) -> None:
    env = {**os.environ, "OFFLINE": "true", "SITE_URL": "", "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(site_dir)],
        cwd=root, env=env, check=True,
    )


def make_zip(root: Path = ROOT, dist: Path | None = None) -> Path:
    dist = dist or root / "dist"
    dist.mkdir(parents=True, exist_ok=True)
    number = version(root)
    target = dist / f"prendre-soin-de-soi-offline-{number}.zip"
    with tempfile.TemporaryDirectory() as temp:
        site = Path(temp) / "site"
        build_offline(root, site)
        (site / "LISEZ-MOI.txt").write_text(README.format(version=number), encoding="utf-8")
        # Zipped beside the target, then renamed: a build killed meanwhile leaves no
        # half-written zip under the published name.
        partial = dist / f"{TEMPORARY}{target.name}"
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(site.rglob("*")):
                # A "not found" page is never shown from file://, and its links are
                # root-absolute (for a web server), so it stays out of the zip.
                # Nor does a zip the Pages workflow put in docs/ for the online site.
                if path.is_file() and path.name != "404.html" and path.suffix != ".zip":
                    archive.write(path, path.relative_to(site).as_posix())
        os.replace(partial, target)
    return target


if __name__ == "__main__":
    try:
        print(make_zip())
    except subprocess.CalledProcessError as err:
        sys.exit(err.returncode)
