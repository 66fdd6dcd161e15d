"""The form's local backend (macros/content/cms_proxy.py), over HTTP on a copy of resources/:
confined to the data files and the media folder, answering the preview's pages only, and
refusing what would destroy or break a record (the file stays as it was)."""

from __future__ import annotations

import base64
import http.client
import json
import shutil
import threading
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, ROOT, _free_port
from macros.content import cms_proxy

PREVIEW = 8123  # the preview's port the server is told about (nothing listens there)


@pytest.fixture
def proxy(tmp_path):
    project = tmp_path / "projet"
    shutil.copytree(ROOT / "resources", project / "resources")
    for name in ("macros/engine/hooks.py", "docs/assets/images/logo.svg", ".git/config"):
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text("original\n", encoding="utf-8")
    port = _free_port()
    server = cms_proxy.serve(project, port, PREVIEW)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield project, port, server
    server.shutdown()
    server.server_close()


def _post(port, body, host=None, origin=f"http://127.0.0.1:{PREVIEW}", raw=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    data = raw if raw is not None else json.dumps(body).encode()
    headers = {"Content-Type": "application/json", "Host": host or f"127.0.0.1:{port}"}
    if origin:
        headers["Origin"] = origin
    connection.request("POST", "/api/v1", body=data, headers=headers)
    response = connection.getresponse()
    status, text = response.status, response.read().decode("utf-8")
    allow = response.getheader("Access-Control-Allow-Origin")
    connection.close()
    return status, (json.loads(text) if text else None), allow


def _persist(port, path, raw, new=False, **kw):
    return _post(port, {"action": "persistEntry", "params": {
        "branch": "main", "entry": {"slug": Path(path).stem, "path": path, "raw": raw},
        "assets": [], "options": {"newEntry": new, "commitMessage": "x"}}}, **kw)


def _tree(project: Path) -> dict[str, bytes]:
    return {str(p.relative_to(project)): p.read_bytes() for p in sorted(project.rglob("*")) if p.is_file()}


def test_binds_the_loopback_address_only(proxy):
    _, _, server = proxy
    assert server.server_address[0] == "127.0.0.1"


@pytest.mark.parametrize("path", [
    "macros/engine/hooks.py", ".git/hooks/pre-commit", ".git/config", "resources/../macros/engine/hooks.py",
    "resources/tools/../../macros/engine/hooks.py", "/etc/passwd", "resources/tools/sub/x.yml",
    "resources/tools/kiva.py", "resources/README.md", "docs/index.md", "mkdocs.yml",
    "resources\\..\\macros\\engine\\hooks.py", "resources/tools/.git/x.yml", "resources/autre.yml",
])
def test_a_write_outside_the_data_files_is_refused_and_nothing_changes(proxy, path):
    project, port, _ = proxy
    before = _tree(project)
    status, body, _ = _persist(port, path, "print('pwned')\n")
    assert status in (400, 403) and "error" in body
    assert _tree(project) == before


@pytest.mark.parametrize("path", ["docs/assets/images/pwned.png", "docs/index.md", "macros/x.png",
                                  "docs/assets/televersements/../images/logo.png"])
def test_media_outside_the_media_folder_is_refused(proxy, path):
    project, port, _ = proxy
    before = _tree(project)
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"0" * 100).decode()
    status, body, _ = _post(port, {"action": "persistMedia", "params": {
        "branch": "main", "asset": {"path": path, "content": png, "encoding": "base64"}}})
    assert status in (400, 403), body
    assert _tree(project) == before


@pytest.mark.parametrize("host", ["evil.example", f"evil.example:{PREVIEW}", "127.0.0.1:1",
                                  "192.168.1.10:{port}", "localhost.evil.example:{port}", "",
                                  # a Codespaces forwarded port: refused (the guide sends editors
                                  # there to the published form)
                                  "ideal-space-disco-g4x7-8081.app.github.dev"])
def test_a_foreign_host_is_refused_and_the_file_unchanged(proxy, host):
    """DNS rebinding: a page of another site reaches 127.0.0.1 under its own name."""
    project, port, _ = proxy
    path = project / "resources" / "tools" / "kiva.yml"
    before = path.read_bytes()
    status, body, allow = _persist(port, "resources/tools/kiva.yml", before.decode() + "\n",
                                   host=host.format(port=port) or "-")
    assert status == 403 and "Hôte refusé" in body["error"] and allow is None
    assert path.read_bytes() == before


@pytest.mark.parametrize("origin", ["https://evil.example", "http://127.0.0.1:9", "null",
                                    f"http://localhost.evil.example:{PREVIEW}", None])
def test_a_foreign_or_missing_origin_is_refused(proxy, origin):
    project, port, _ = proxy
    path = project / "resources" / "tools" / "kiva.yml"
    before = path.read_bytes()
    status, body, allow = _persist(port, "resources/tools/kiva.yml", before.decode() + "\n", origin=origin)
    assert status == 403 and "Origine refusée" in body["error"] and allow is None
    assert path.read_bytes() == before
    status, body, _ = _post(port, {"action": "getEntry", "params": {"branch": "main",
                                                                    "path": "resources/tools/kiva.yml"}},
                            origin=origin)
    assert status == 403 and "data" not in body


def test_the_preview_reads_and_saves_a_data_file(proxy):
    project, port, _ = proxy
    for host in (f"127.0.0.1:{port}", f"localhost:{port}"):
        status, body, allow = _post(port, {"action": "info"}, host=host, origin=f"http://localhost:{PREVIEW}")
        assert status == 200 and body["type"] == "local_fs" and allow == f"http://localhost:{PREVIEW}"
    status, entries, _ = _post(port, {"action": "entriesByFolder", "params": {
        "branch": "main", "folder": "resources/tools", "extension": "yml", "depth": 1}})
    assert status == 200
    assert {e["file"]["path"] for e in entries} == {
        f"resources/tools/{p.name}" for p in (project / "resources" / "tools").glob("*.yml")}
    path = project / "resources" / "territories" / "pontchateau.yml"
    text = path.read_text(encoding="utf-8")
    status, entry, _ = _post(port, {"action": "getEntry", "params": {
        "branch": "main", "path": "resources/territories/pontchateau.yml"}})
    assert status == 200 and entry["data"] == text
    edited = text.replace("fr: Pays de Pontchâteau", "fr: Pays de Pontchâteau (modifié)", 1)
    assert edited != text
    status, body, _ = _persist(port, "resources/territories/pontchateau.yml", edited)
    assert status == 200, body
    assert path.read_text(encoding="utf-8") == edited


def test_a_file_that_cannot_be_read_is_neither_opened_nor_saved_over(proxy):
    project, port, _ = proxy
    path = project / "resources" / "tools" / "kiva.yml"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[3] = "\t" + lines[3]
    path.write_text("\n".join(lines), encoding="utf-8")
    before = path.read_bytes()
    status, body, _ = _post(port, {"action": "getEntry", "params": {"branch": "main",
                                                                    "path": "resources/tools/kiva.yml"}})
    assert status == 422 and "data" not in body
    assert "resources/tools/kiva.yml, ligne 4" in body["error"] and "éditeur de texte" in body["error"]
    # In the list, under a title that says so (not silently left out).
    _, entries, _ = _post(port, {"action": "entriesByFolder", "params": {
        "branch": "main", "folder": "resources/tools", "extension": "yml", "depth": 1}})
    listed = next(e for e in entries if e["file"]["path"] == "resources/tools/kiva.yml")
    assert "illisible" in yaml.safe_load(listed["data"])["title"]["fr"]
    # What the form would send after showing it empty: refused, the file unchanged.
    empty = "# yaml-language-server: $schema=../../schemas/tools.schema.json\ntitle:\n  fr: KiVa\n"
    status, body, _ = _persist(port, "resources/tools/kiva.yml", empty)
    assert status == 422 and "ne peut pas être ouvert" in body["error"]
    assert path.read_bytes() == before


def test_a_save_that_makes_the_data_invalid_is_refused(proxy):
    project, port, _ = proxy
    path = project / "resources" / "tools" / "kiva.yml"
    before = path.read_text(encoding="utf-8")
    broken = before.replace("  - ecoute-empathique\n", "  - competence-inconnue\n", 1)
    assert broken != before
    status, body, _ = _persist(port, "resources/tools/kiva.yml", broken)
    assert status == 422 and "resources/tools/kiva.yml" in body["error"] and "competence-inconnue" in body["error"]
    assert "n'a pas été modifié" in body["error"]
    assert path.read_text(encoding="utf-8") == before


def test_a_new_entry_whose_id_would_take_an_address_of_the_site_is_refused(proxy):
    """Valid data that would still stop the build (the id gives the address of the programme's
    calendar feed): refused before it is written, as `make check` would say it."""
    project, port, _ = proxy
    territory = (FIXTURES / "territory-4" / "pays-fictif.yml").read_text(encoding="utf-8")
    path = "resources/territories/prendre-soin-de-soi.yml"
    status, body, _ = _persist(port, path, territory, new=True)
    assert status == 422 and "identifiant réservé" in body["error"] and path in body["error"], body
    assert not (project / path).exists()
    status, _, _ = _persist(port, "resources/territories/pays-fictif.yml", territory, new=True)
    assert status == 200 and (project / "resources" / "territories" / "pays-fictif.yml").is_file()


def test_a_new_entry_with_an_existing_title_or_file_is_refused(proxy):
    project, port, _ = proxy
    header = "# yaml-language-server: $schema=../../schemas/tools.schema.json\n"
    kiva = yaml.safe_load((project / "resources" / "tools" / "kiva.yml").read_text(encoding="utf-8"))
    copy = yaml.safe_dump({**kiva, "title": {"fr": "Kiva"}}, allow_unicode=True, sort_keys=False)
    status, body, _ = _persist(port, "resources/tools/kiva-1.yml", header + copy, new=True)
    assert status == 422 and "existe déjà" in body["error"] and "resources/tools/kiva.yml" in body["error"]
    assert not (project / "resources" / "tools" / "kiva-1.yml").exists()
    status, body, _ = _persist(port, "resources/tools/kiva.yml", header + copy, new=True)
    assert status == 422 and "existe déjà" in body["error"]


def test_media_only_images_of_bounded_size_in_their_own_folder(proxy):
    project, port, _ = proxy

    def upload(name, raw):
        return _post(port, {"action": "persistMedia", "params": {"branch": "main", "asset": {
            "path": f"{cms_proxy.MEDIA_FOLDER}/{name}", "content": base64.b64encode(raw).decode(),
            "encoding": "base64"}}})

    png = b"\x89PNG\r\n\x1a\n" + b"0" * 1000
    status, body, _ = upload("photo.png", png)
    assert status == 200 and body["path"] == f"{cms_proxy.MEDIA_FOLDER}/photo.png"
    assert (project / cms_proxy.MEDIA_FOLDER / "photo.png").read_bytes() == png
    status, body, _ = upload("grosse.jpg", b"\xff\xd8\xff" + b"0" * (cms_proxy.MEDIA_MAX_BYTES + 1))
    assert status in (413, 422) and "Mo" in body["error"]
    for name, raw in (("dessin.svg", b"<svg onload='x()'/>"), ("page.html", b"<script>"),
                      ("faux.png", b"<svg/>")):
        status, body, _ = upload(name, raw)
        assert status == 422, name
        assert not (project / cms_proxy.MEDIA_FOLDER / name).exists()
    # The site's own images are neither listed nor deletable.
    status, media, _ = _post(port, {"action": "getMedia", "params": {
        "branch": "main", "mediaFolder": cms_proxy.MEDIA_FOLDER}})
    assert status == 200 and [m["name"] for m in media] == ["photo.png"]
    for action, params in (("deleteFile", {"path": "docs/assets/images/logo.svg"}),
                           ("deleteFiles", {"paths": [f"{cms_proxy.MEDIA_FOLDER}/photo.png",
                                                      "docs/assets/images/logo.svg"]})):
        status, _, _ = _post(port, {"action": action, "params": {"branch": "main", **params}})
        assert status == 403
    assert (project / "docs" / "assets" / "images" / "logo.svg").is_file()
    assert (project / cms_proxy.MEDIA_FOLDER / "photo.png").is_file()
    # Data files are not deleted through the form either.
    status, _, _ = _post(port, {"action": "deleteFile", "params": {"branch": "main",
                                                                   "path": "resources/tools/kiva.yml"}})
    assert status == 403 and (project / "resources" / "tools" / "kiva.yml").is_file()


def test_a_symbolic_link_is_not_followed(proxy, tmp_path):
    project, port, _ = proxy
    outside = tmp_path / "dehors.yml"
    outside.write_text("secret: 1\n", encoding="utf-8")
    (project / "resources" / "tools" / "lien.yml").symlink_to(outside)
    status, body, _ = _post(port, {"action": "getEntry", "params": {"branch": "main",
                                                                    "path": "resources/tools/lien.yml"}})
    assert status == 403 and "secret" not in json.dumps(body)
    status, _, _ = _persist(port, "resources/tools/lien.yml", "title: {fr: x}\n")
    assert status == 403 and outside.read_text(encoding="utf-8") == "secret: 1\n"


def test_oversized_or_malformed_requests_are_refused(proxy):
    _, port, _ = proxy
    assert _post(port, None, raw=b"x" * (cms_proxy.MAX_REQUEST + 1))[0] == 413
    assert _post(port, None, raw=b"{not json")[0] == 400
    assert _post(port, {"action": "unpublishedEntries", "params": {}})[0] == 422
