"""ProperDocs 1.6.7, the second engine (`make build ENGINE=properdocs`): it builds the same
site as MkDocs 1.6.1, byte for byte, but for the generator tag that names it.

ProperDocs is a continuation of MkDocs 1.x; started as `properdocs` it serves `mkdocs.*`
imports from itself, so Material, static-i18n, macros and our hooks run on it unchanged.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
import urllib.request
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import GENERATED, PROJECT_PARTS, build_ok, copy_project, mkdocs_env, mkdocs_serve

from macros.engine.offline import engine_command, make_zip

pytestmark = pytest.mark.slow

# The one line that must differ: "mkdocs-1.6.1, …" against "mkdocs-ProperDocs 1.6.7, …".
GENERATOR = re.compile(rb'<meta name="generator" content="([^"]*)">')
PROPERDOCS = b"ProperDocs 1.6.7"


def properdocs_build(project: Path) -> Path:
    """`properdocs build --strict`, in its own process, with the environment of run_build."""
    result = subprocess.run(
        [*engine_command("properdocs"), "--strict", "-d", str(project / "site")],
        cwd=project, env=mkdocs_env(), capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, f"properdocs build failed:\n{result.stdout}\n{result.stderr}"
    assert "WARNING" not in result.stderr, result.stderr
    return project / "site"


def folder_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def zip_files(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def differences(mkdocs: dict[str, bytes], properdocs: dict[str, bytes]) -> list[str]:
    """Every file that is not the same in both builds, once the generator tag (exactly one
    per HTML page, naming each engine) is set aside."""
    found = [f"seulement MkDocs : {name}" for name in sorted(mkdocs.keys() - properdocs.keys())]
    found += [f"seulement ProperDocs : {name}" for name in sorted(properdocs.keys() - mkdocs.keys())]
    for name in sorted(mkdocs.keys() & properdocs.keys()):
        ours, theirs = mkdocs[name], properdocs[name]
        if ours == theirs:
            continue
        if name.endswith(".html"):
            tags = GENERATOR.findall(ours), GENERATOR.findall(theirs)
            if (len(tags[0]) == len(tags[1]) == 1 and PROPERDOCS in tags[1][0]
                    and GENERATOR.sub(b"", ours) == GENERATOR.sub(b"", theirs)):
                continue
        found.append(f"différent : {name}")
    return found


def build_days(timestamp: float) -> set:
    """The days a build made at `timestamp` writes into its pages: the agenda's « today »
    (local time) and the sitemaps' dates (UTC)."""
    return {datetime.fromtimestamp(timestamp).date(), datetime.fromtimestamp(timestamp, UTC).date()}


def folder_days(site: Path) -> set:
    return build_days((site / "index.html").stat().st_mtime)


def zip_days(path: Path) -> set:
    with zipfile.ZipFile(path) as archive:
        stamp = time.mktime((*archive.getinfo("index.html").date_time, 0, 0, -1))
    return build_days(stamp)


def copy_sources(project: Path, dest: Path) -> Path:
    """A copy of the sources of an already built copy of the project (as copy_project makes
    them: without generated pages or build output), so that both engines build the very
    same files even while the working tree changes."""
    dest.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = project / part
        if source.is_dir():
            shutil.copytree(source, dest / part, ignore=shutil.ignore_patterns(
                "__pycache__", *(GENERATED if part == "docs" else ())))
        else:
            shutil.copy2(source, dest / part)
    return dest


def test_properdocs_builds_the_same_site(real_site, tmp_path):
    site = properdocs_build(copy_sources(real_site.parent, tmp_path / "properdocs"))
    reference = real_site
    if folder_days(reference) != folder_days(site):
        # The session's MkDocs build is from another day (its agenda and sitemaps say so):
        # a fresh one, made on ProperDocs' day.
        reference = build_ok(copy_sources(real_site.parent, tmp_path / "mkdocs"))
    mkdocs_files, properdocs_files = folder_files(reference), folder_files(site)
    assert differences(mkdocs_files, properdocs_files) == []
    # Not an empty comparison: both languages, generated pages, assets, search, data files.
    for name in ("index.html", "en/index.html", "territoires/carene/index.html", "search/search_index.json",
                 "outils/catalogue.json", "sitemap.xml.gz"):
        assert name in properdocs_files, name
    # Every page of the theme names its engine (pages written by a hook may carry no tag).
    tags = [GENERATOR.search(content) for name, content in properdocs_files.items() if name.endswith(".html")]
    assert len([tag for tag in tags if tag]) > 80
    assert all(PROPERDOCS in tag[1] for tag in tags if tag)


def test_properdocs_builds_the_same_offline_zip(offline_zip, tmp_path):
    # ProperDocs' zip from the very sources of the session's MkDocs zip (offline_zip is
    # <copy>/dist/<name>.zip), so that both engines zip the same files.
    project = copy_sources(offline_zip.parents[1], tmp_path / "project")
    reference = offline_zip
    archive = make_zip(project, tmp_path / "properdocs", engine="properdocs")
    if zip_days(reference) != zip_days(archive):
        # The session's zip is from another day: a fresh one, made on ProperDocs' day.
        reference = make_zip(project, tmp_path / "mkdocs-again")
    mkdocs_files, properdocs_files = zip_files(reference), zip_files(archive)
    assert differences(mkdocs_files, properdocs_files) == []
    assert {"index.html", "en/index.html", "LISEZ-MOI.txt"} <= properdocs_files.keys()


def test_unknown_engine_is_refused_in_french():
    with pytest.raises(ValueError, match="moteur « zensical » inconnu"):
        engine_command("zensical")


def test_properdocs_serve_answers_with_the_home_page(tmp_path):
    project = copy_project(tmp_path / "serve")
    with mkdocs_serve(project, engine="properdocs") as (process, base, log):
        deadline, page = time.monotonic() + 180, None
        while page is None and time.monotonic() < deadline and process.poll() is None:
            try:
                with urllib.request.urlopen(f"{base}/", timeout=10) as response:
                    page = response.read()
            except OSError:
                time.sleep(0.5)
        assert page is not None, "properdocs serve did not answer:\n" + "".join(log)
        assert PROPERDOCS in GENERATOR.search(page)[1]
        assert b"<title>Prendre soin de soi" in page
        with urllib.request.urlopen(f"{base}/en/", timeout=10) as response:
            assert b'<html lang="en"' in response.read()
        assert not [line for line in log if "Traceback" in line or line.startswith(("ERROR", "WARNING"))], "".join(log)
