"""A build killed at any moment (SIGKILL while pages are generated or the brochure is
rendered) leaves no half-written generated file and `site/` as the last good build left it,
and the next build makes the same site as a clean one; a failed build leaves `site/` too."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import GENERATED, copy_project, mkdocs_env, run_build

pytestmark = pytest.mark.slow

# Seconds after the start of `mkdocs build`: MkDocs starts, then the hook writes the
# generated pages and renders the brochure (a few seconds), then the pages are built.
KILL_AFTER = (0.4, 1.0, 1.6, 2.2, 3.0, 4.0, 5.5)


def _generated(project: Path) -> dict[str, bytes]:
    docs = project / "docs"
    return {path.relative_to(docs).as_posix(): path.read_bytes()
            for folder in GENERATED for path in sorted((docs / folder).rglob("*"))
            if path.is_file() and not path.name.startswith(".")}


def _site(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*"))
            if path.is_file() and path.suffix != ".pdf"}


def _kill_build_after(project: Path, seconds: float, env: dict) -> bool:
    """Start a build, SIGKILL it after `seconds`: whether it was still running then."""
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict", "-d",
                                str(project / "site")], cwd=project, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(seconds)
    running = process.poll() is None
    if running:
        os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=60)
    return running


def _built_today(site: Path) -> bool:
    """Whether `site` was built on today's date, local and UTC (the agenda and the sitemaps
    write the build's day into pages)."""
    stamp = (site / "index.html").stat().st_mtime
    return all(datetime.fromtimestamp(stamp, zone).date() == datetime.now(zone).date()
               for zone in (None, UTC))


def test_a_killed_build_leaves_no_half_file_and_the_next_build_recovers(real_site, tmp_path):
    # The reference: the session's real site and its sources (read only), unless it was
    # built on another day than the builds below.
    reference = real_site.parent
    if not _built_today(real_site):
        reference = copy_project(tmp_path / "reference")
        assert run_build(reference).returncode == 0
    expected_files = _generated(reference)
    expected_site = _site(reference / "site")

    # The same sources as the reference, without what its build wrote.
    project = tmp_path / "killed"
    shutil.copytree(reference, project, ignore=lambda folder, names: [
        name for name in names if name == "site" or (Path(folder).name == "docs" and name in GENERATED)])
    # An empty brochure cache: each build renders the PDFs, so kills also land there.
    # Their own temporary folder: a killed build cannot remove what WeasyPrint put there.
    (tmp_path / "tmp").mkdir()
    env = {**mkdocs_env(), "BROCHURE_CACHE": str(tmp_path / "empty-cache"), "TMPDIR": str(tmp_path / "tmp")}
    interrupted = []
    for seconds in KILL_AFTER:
        (tmp_path / "empty-cache").mkdir(exist_ok=True)
        for path in (tmp_path / "empty-cache").iterdir():
            path.unlink()
        if _kill_build_after(project, seconds, env):
            interrupted.append(seconds)
        for name, content in _generated(project).items():
            if name.endswith(".pdf"):
                assert content.startswith(b"%PDF-") and b"%%EOF" in content[-64:], (seconds, name)
            else:
                assert content == expected_files.get(name), f"{name} half-written after a kill at {seconds} s"
        # The site is the last good build (the same sources as the reference) or none yet.
        if (project / "site").exists():
            assert _site(project / "site") == expected_site, f"site/ changed by a build killed at {seconds} s"

    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert _generated(project).keys() == expected_files.keys()
    assert not any(p.name.startswith(".partial-") for p in (project / "docs").rglob("*"))
    site = _site(project / "site")
    assert site.keys() == expected_site.keys()
    for name, content in expected_site.items():
        assert site[name] == content, f"{name} differs from a clean build's"
    assert [p.name for p in project.iterdir() if p.name.startswith(".site")] == []
    # A build that fails (here: a page MkDocs would refuse) leaves the last good site whole.
    (project / "docs" / "casse.md").write_text("---\ntitle: <b>x</b>\n---\n# x\n", encoding="utf-8")
    failed = run_build(project)
    assert failed.returncode == 1 and "docs/casse.md" in failed.stdout + failed.stderr
    assert _site(project / "site") == expected_site
    assert [p.name for p in project.iterdir() if p.name.startswith(".site")] == []
    # The kills landed in builds still running, at several moments (a build takes seconds:
    # starting, generating, rendering the brochure, building pages), not after they ended.
    # A kill between a file's bytes and its name: test_a_write_interrupted_midway…, below.
    assert len(interrupted) >= 3, f"builds still running when killed: at {interrupted} s"


def test_a_write_interrupted_midway_keeps_the_previous_file_whole(tmp_path, monkeypatch):
    from macros.data import files

    target = tmp_path / "outils" / "catalogue.csv"
    files.atomic_write(target, b"ancien contenu complet\n")

    class Killed(BaseException):
        pass

    def die(*_):
        raise Killed

    # The process dies once the new bytes are written, before they take the file's name.
    monkeypatch.setattr(files.os, "replace", die)
    with pytest.raises(Killed):
        files.atomic_write(target, b"nouveau contenu\n")
    assert target.read_bytes() == b"ancien contenu complet\n"
    # A real SIGKILL leaves the dot-named temporary file: MkDocs skips it, the next build removes it.
    (target.parent / f"{files.TEMPORARY}catalogue.csv.x").write_bytes(b"nouv")
    files.remove_partial(tmp_path)
    assert [p.name for p in target.parent.iterdir()] == ["catalogue.csv"]
