"""The form editor's local backend under `make serve`: decap-server's small file API, confined.

    python -m macros.content.cms_proxy --root . --port 8081 --preview-port 8000

Decap CMS, on a page served from 127.0.0.1/localhost, reads and writes files through a local
server (`local_backend` in the configuration the preview serves). decap-server, Decap's own,
takes the whole repository as its root and checks neither `Host` nor `Origin`: any local
client, or a web page through DNS rebinding, could write `macros/` or `.git/hooks/`, which
the next build runs. This server answers the same actions (`info`, `entriesByFolder`,
`getEntry`, `persistEntry`, `getMedia`, `persistMedia`, `deleteFile`…) with the standard
library only, and:

- binds 127.0.0.1; answers only requests whose `Host` is 127.0.0.1 or localhost on its own
  port and whose `Origin` is the preview's (127.0.0.1 or localhost on the preview's port);
- reads and writes only the data files of `resources/` (the kinds the form edits) and image
  files of the media folder, never through a symbolic link, never anything else;
- refuses to open a data file it cannot read (the form would show it empty) and to save over
  one; refuses a save that makes the data invalid, a new entry whose file or title already
  exists (Decap would write `kiva-1.yml`), and media of another kind or size. Each refusal is
  a French message naming the file, the line and what to do, which the form shows.

Nothing here runs on the published site: its form talks to GitHub.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import unicodedata
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from threading import Lock
from typing import Any

from ..data import inputs
from ..data.inputs import Problem
from ..data.loader import FOLDERS, TOP_LEVEL, DataError, load_site_data

RESOURCES = "resources"
# Uploaded images: a folder of their own, apart from the site's logo and marks.
MEDIA_FOLDER = "docs/assets/televersements"
MEDIA_PUBLIC = "/assets/televersements"
MEDIA_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp"}
MEDIA_MAX_BYTES = 1_000_000
MAX_REQUEST = 2 * MEDIA_MAX_BYTES  # base64 of the largest image, with room for JSON
SHOWN = 5  # problems listed in one refusal
# The identifier field of each folder: a second entry with the same one is refused.
IDENTIFIERS = {"tools": "title", "territories": "short_name", "events": "title"}


class Refused(Exception):
    """A request the server will not carry out: `status`, and a French message for the form."""

    def __init__(self, message: str, status: int = 422):
        super().__init__(message)
        self.status = status


def _sha(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def _problems_text(problems: list[Problem]) -> str:
    lines = [f"- {p}" for p in problems[:SHOWN]]
    if len(problems) > SHOWN:
        lines.append(f"- … et {len(problems) - SHOWN} autre(s) (voir « make check »)")
    return "\n".join(lines)


class Project:
    """The files the form may read and write, under `root`."""

    def __init__(self, root: Path):
        self.root = Path(root).resolve()
        self.lock = Lock()  # one save at a time: each validates against the others

    # ------------------------------------------------------------ paths

    def _relative(self, given: Any) -> PurePosixPath:
        if not isinstance(given, str) or not given or len(given) > 300 or "\\" in given or "\x00" in given:
            raise Refused("Chemin de fichier refusé.", 400)
        path = PurePosixPath(given)
        if path.is_absolute() or any(part in ("", ".", "..") for part in given.split("/")):
            raise Refused(f"Chemin de fichier refusé : « {given} » (le formulaire n'écrit que dans "
                          f"{RESOURCES}/ et {MEDIA_FOLDER}/).", 403)
        return path

    def _inside(self, rel: PurePosixPath) -> Path:
        """The real path of `rel`, refused when it or a folder on the way is a symbolic link."""
        path = self.root
        for part in rel.parts:
            path = path / part
            if path.is_symlink():
                raise Refused(f"{rel} : lien symbolique, le formulaire ne le suit pas.", 403)
        return path

    def data_file(self, given: Any) -> tuple[PurePosixPath, Path]:
        rel = self._relative(given)
        parts = rel.parts
        ok = rel.suffix == ".yml" and parts[0] == RESOURCES and (
            (len(parts) == 2 and parts[1] in TOP_LEVEL)
            or (len(parts) == 3 and parts[1] in FOLDERS and not parts[2].startswith(".")))
        if not ok:
            raise Refused(f"Le formulaire n'écrit pas « {given} » : seulement les fichiers de données de "
                          f"{RESOURCES}/ (et les images de {MEDIA_FOLDER}/).", 403)
        return rel, self._inside(rel)

    def data_folder(self, given: Any) -> tuple[str, Path]:
        rel = self._relative(given)
        if len(rel.parts) != 2 or rel.parts[0] != RESOURCES or rel.parts[1] not in FOLDERS:
            raise Refused(f"Dossier refusé : « {given} ».", 403)
        return rel.parts[1], self._inside(rel)

    def media_file(self, given: Any) -> tuple[PurePosixPath, Path]:
        rel = self._relative(given)
        folder = PurePosixPath(MEDIA_FOLDER)
        if rel.parent != folder or rel.name.startswith("."):
            raise Refused(f"Le formulaire n'écrit pas « {given} » : les images vont dans {MEDIA_FOLDER}/.", 403)
        if rel.suffix.lower() not in MEDIA_TYPES:
            raise Refused(f"{rel.name} : type de fichier refusé. Images acceptées : "
                          f"{', '.join(sorted(MEDIA_TYPES))} (pas de SVG ni de HTML, qui peuvent contenir "
                          "du code).")
        return rel, self._inside(rel)

    # ------------------------------------------------------------ reading

    def read_problems(self, rel: PurePosixPath, path: Path) -> tuple[bytes | None, list[Problem]]:
        """The file's bytes, and what keeps the form from showing it (unreadable, not YAML)."""
        if not path.is_file():
            return None, []
        raw = path.read_bytes()[: inputs.MAX_BYTES + 1]
        text, problems = inputs.decode(raw, str(rel))
        if text is not None:
            _, problems = inputs.parse(text, str(rel))
        return raw, problems

    def entry(self, given: Any, label: str | None = None, listing: str | None = None) -> dict:
        rel, path = self.data_file(given)
        raw, problems = self.read_problems(rel, path)
        file = {"path": str(rel), "id": _sha(raw) if raw is not None else None}
        if label:
            file["label"] = label
        if raw is None:
            return {"data": None, "file": file}
        if problems:
            if listing:  # in the list, under a title that says it, so it is not missed
                name = IDENTIFIERS.get(listing, "title")
                stub = {name: {"fr": f"⚠ {rel.name} : fichier illisible, à corriger"}}
                return {"data": json.dumps(stub, ensure_ascii=False), "file": file}
            raise Refused(self.unreadable(rel, problems))
        return {"data": raw.decode("utf-8-sig"), "file": file}

    @staticmethod
    def unreadable(rel: PurePosixPath, problems: list[Problem]) -> str:
        return (f"Le fichier {rel} ne peut pas être ouvert dans le formulaire, qui l'afficherait vide "
                f"et l'écraserait :\n{_problems_text(problems)}\nCorrigez-le dans un éditeur de texte "
                "(le message dit la ligne), enregistrez, puis rechargez cette page.")

    def entries_by_folder(self, params: dict) -> list[dict]:
        name, folder = self.data_folder(params.get("folder"))
        if not folder.is_dir():
            return []
        out = []
        for path in sorted(folder.iterdir()):
            if path.suffix == ".yml" and not path.name.startswith(".") and path.is_file() \
                    and not path.is_symlink():
                out.append(self.entry(f"{RESOURCES}/{name}/{path.name}", listing=name))
        return out

    # ------------------------------------------------------------ writing

    def persist_entry(self, params: dict) -> dict:
        entry = params.get("entry") or {}
        files = params.get("dataFiles") or [entry]
        options = params.get("options") or {}
        if params.get("assets"):
            raise Refused("Les images s'ajoutent par la fenêtre « Médias ».")
        if len(files) != 1 or not isinstance(files[0], dict) or files[0].get("newPath"):
            raise Refused("Enregistrement refusé : un fichier à la fois, sans le renommer.")
        raw = files[0].get("raw")
        if not isinstance(raw, str):
            raise Refused("Enregistrement refusé : contenu absent.", 400)
        rel, path = self.data_file(files[0].get("path"))
        with self.lock:
            self._check_save(rel, path, raw, bool(options.get("newEntry")))
            _atomic_write(path, raw.encode("utf-8"))
        return {"message": "entry persisted"}

    def _check_save(self, rel: PurePosixPath, path: Path, raw: str, new: bool) -> None:
        if new and path.exists():
            raise Refused(f"{rel} existe déjà : ouvrez cette entrée dans la liste pour la modifier.")
        if path.exists():
            _, problems = self.read_problems(rel, path)
            if problems:
                raise Refused(self.unreadable(rel, problems))
        if new and rel.parts[1] in FOLDERS:
            self._check_title(rel, raw)
        before = self._problems(None)
        after = self._problems((rel, raw))
        known = {str(p) for p in before}
        added = [p for p in after if p.file == str(rel) or str(p) not in known]
        if added:
            raise Refused(f"Enregistrement refusé, le fichier {rel} n'a pas été modifié :\n"
                          f"{_problems_text(added)}\nCorrigez le champ indiqué dans le formulaire, "
                          "puis enregistrez de nouveau.")

    def _check_title(self, rel: PurePosixPath, raw: str) -> None:
        folder = rel.parts[1]
        field = IDENTIFIERS[folder]
        value, _ = inputs.parse(raw, str(rel))
        title = ((value or {}).get(field) or {}).get("fr") if isinstance(value, dict) else None
        if not isinstance(title, str):
            return
        for other in sorted((self.root / RESOURCES / folder).glob("*.yml")):
            other_rel = PurePosixPath(RESOURCES, folder, other.name)
            raw_other, problems = self.read_problems(other_rel, other)
            if raw_other is None or problems:
                continue
            data, _ = inputs.parse(raw_other.decode("utf-8-sig"), str(other_rel))
            existing = ((data or {}).get(field) or {}).get("fr") if isinstance(data, dict) else None
            if isinstance(existing, str) and _slug(existing) == _slug(title):
                raise Refused(f"« {title} » existe déjà ({other_rel}) : ouvrez cette entrée pour la "
                              "modifier, ou donnez un autre titre à la nouvelle.")

    def _problems(self, replaced: tuple[PurePosixPath, str] | None) -> list[Problem]:
        """The data's problems, with one file replaced (in a copy of resources/)."""
        with tempfile.TemporaryDirectory(prefix="formulaire-") as tmp:
            copy = Path(tmp) / RESOURCES
            shutil.copytree(self.root / RESOURCES, copy, symlinks=True,
                            ignore=shutil.ignore_patterns("*.pdf", "*.png", "*.jpg"))
            if replaced:
                rel, raw = replaced
                target = Path(tmp) / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(raw, encoding="utf-8")
            try:
                data = load_site_data(copy)
            except DataError as err:
                return list(err.problems)
            from .pages import name_conflicts  # what else stops the build: an id taking a page's address

            return name_conflicts(data, self.root / "docs")

    def media_entry(self, rel: PurePosixPath, path: Path) -> dict:
        raw = path.read_bytes()
        return {"id": _sha(raw), "content": base64.b64encode(raw).decode(), "encoding": "base64",
                "path": str(rel), "name": rel.name}

    def get_media(self) -> list[dict]:
        folder = self.root / MEDIA_FOLDER
        if folder.is_symlink() or not folder.is_dir():
            return []
        return [self.media_entry(PurePosixPath(MEDIA_FOLDER, p.name), p) for p in sorted(folder.iterdir())
                if p.suffix.lower() in MEDIA_TYPES and p.is_file() and not p.is_symlink()]

    def persist_media(self, params: dict) -> dict:
        asset = params.get("asset") or {}
        rel, path = self.media_file(asset.get("path"))
        if asset.get("encoding") != "base64" or not isinstance(asset.get("content"), str):
            raise Refused("Image refusée : contenu absent.", 400)
        raw = base64.b64decode(asset["content"], validate=True)
        if len(raw) > MEDIA_MAX_BYTES:
            raise Refused(f"{rel.name} : image trop lourde ({len(raw) / 1e6:.1f} Mo ; au plus "
                          f"{MEDIA_MAX_BYTES / 1e6:.0f} Mo). Réduisez-la (par exemple à 1600 pixels de "
                          "large) avant de l'ajouter.")
        if not _is_image(raw, rel.suffix.lower()):
            raise Refused(f"{rel.name} : ce fichier n'est pas une image {rel.suffix.lower()}.")
        with self.lock:
            path.parent.mkdir(parents=True, exist_ok=True)
            _atomic_write(path, raw)
        return self.media_entry(rel, path)

    def delete(self, given: Any) -> None:
        _, path = self.media_file(given)  # data files are not deleted through the form
        with self.lock:
            if path.is_file():
                path.unlink()

    # ------------------------------------------------------------ dispatch

    def answer(self, body: dict) -> Any:
        action = body.get("action")
        params = body.get("params") or {}
        if not isinstance(params, dict):
            raise Refused("Requête invalide.", 400)
        if action == "info":
            return {"repo": self.root.name, "publish_modes": ["simple"], "type": "local_fs"}
        if action == "entriesByFolder":
            return self.entries_by_folder(params)
        if action == "entriesByFiles":
            files = params.get("files") or []
            return [self.entry(f.get("path"), f.get("label"), listing="files") for f in files
                    if isinstance(f, dict)]
        if action == "getEntry":
            return self.entry(params.get("path"))
        if action == "persistEntry":
            return self.persist_entry(params)
        if action == "getMedia":
            if params.get("mediaFolder") != MEDIA_FOLDER:
                raise Refused(f"Dossier d'images refusé : « {params.get('mediaFolder')} ».", 403)
            return self.get_media()
        if action == "getMediaFile":
            rel, path = self.media_file(params.get("path"))
            if not path.is_file():
                raise Refused(f"{rel} : image introuvable.", 404)
            return self.media_entry(rel, path)
        if action == "persistMedia":
            return self.persist_media(params)
        if action == "deleteFile":
            self.delete(params.get("path"))
            return {"message": "deleted"}
        if action == "deleteFiles":
            paths = params.get("paths") or []
            for given in paths:
                self.media_file(given)  # all refused before any is deleted
            for given in paths:
                self.delete(given)
            return {"message": "deleted"}
        if action == "getDeployPreview":
            return None
        raise Refused(f"Action inconnue : {action!r}.", 422)


def _is_image(raw: bytes, suffix: str) -> bool:
    if suffix == ".png":
        return raw.startswith(b"\x89PNG\r\n\x1a\n")
    if suffix in (".jpg", ".jpeg"):
        return raw.startswith(b"\xff\xd8\xff")
    return raw[:4] == b"RIFF" and raw[8:12] == b"WEBP"


def _atomic_write(path: Path, raw: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".formulaire-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def allowed_hosts(port: int) -> set[str]:
    return {f"127.0.0.1:{port}", f"localhost:{port}"}


def allowed_origins(preview_port: int) -> set[str]:
    return {f"http://127.0.0.1:{preview_port}", f"http://localhost:{preview_port}"}


def make_handler(project: Project, port: int, preview_port: int):
    hosts, origins = allowed_hosts(port), allowed_origins(preview_port)

    class Handler(BaseHTTPRequestHandler):
        server_version = "formulaire-local"
        sys_version = ""

        def log_message(self, *_):  # the preview's terminal stays for the site's messages
            pass

        def _send(self, status: int, body: Any, origin: str | None) -> None:
            data = json.dumps(body, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            if origin:
                self.send_header("Access-Control-Allow-Origin", origin)
                self.send_header("Vary", "Origin")
            self.end_headers()
            self.wfile.write(data)

        def _origin(self) -> str | None:
            """The request's origin when it may be answered; None (and a 403 sent) otherwise."""
            if self.headers.get("Host", "") not in hosts:
                self._send(403, {"error": "Hôte refusé : le formulaire local ne répond qu'à "
                                          "127.0.0.1 et localhost."}, None)
                return None
            origin = self.headers.get("Origin", "")
            if origin not in origins:
                self._send(403, {"error": "Origine refusée : seul l'aperçu de « make serve » "
                                          "utilise ce serveur."}, None)
                return None
            return origin

        def do_OPTIONS(self):
            origin = self._origin()
            if origin is None:
                return
            self.send_response(204)
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Access-Control-Allow-Methods", "POST")
            self.send_header("Access-Control-Allow-Headers", "Content-Type")
            self.send_header("Access-Control-Max-Age", "600")
            self.send_header("Vary", "Origin")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self):
            origin = self._origin()
            if origin is not None:
                self._send(405, {"error": "POST seulement."}, origin)

        def do_POST(self):
            origin = self._origin()
            if origin is None:
                return
            if self.path != "/api/v1":
                self._send(404, {"error": "Adresse inconnue."}, origin)
                return
            if not self.headers.get("Content-Type", "").startswith("application/json"):
                self._send(415, {"error": "JSON attendu."}, origin)
                return
            try:
                length = int(self.headers.get("Content-Length", "0"))
            except ValueError:
                length = -1
            if not 0 < length <= MAX_REQUEST:
                self.close_connection = True
                remaining = min(max(length, 0), 8 * MAX_REQUEST)  # read, so the client sees the answer
                while remaining > 0:
                    chunk = self.rfile.read(min(remaining, 65536))
                    if not chunk:
                        break
                    remaining -= len(chunk)
                self._send(413, {"error": "Requête trop grosse (une image fait au plus "
                                          f"{MEDIA_MAX_BYTES / 1e6:.0f} Mo)."}, origin)
                return
            try:
                body = json.loads(self.rfile.read(length))
                result = project.answer(body) if isinstance(body, dict) else None
                if not isinstance(body, dict):
                    self._send(400, {"error": "Requête invalide."}, origin)
                    return
            except Refused as err:
                print(f"Formulaire : {err}", file=sys.stderr, flush=True)  # also in serve's terminal
                self._send(err.status, {"error": str(err)}, origin)
            except (ValueError, UnicodeDecodeError):
                self._send(400, {"error": "Requête invalide."}, origin)
            except OSError as err:
                self._send(500, {"error": f"Écriture impossible ({err.strerror or err})."}, origin)
            else:
                self._send(200, result, origin)

    return Handler


def serve(root: Path, port: int, preview_port: int) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", port), make_handler(Project(root), port, preview_port))
    server.daemon_threads = True
    return server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serveur local du formulaire /admin/ (make serve).")
    parser.add_argument("--root", default=".")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--preview-port", type=int, default=8000)
    args = parser.parse_args(argv)
    try:
        server = serve(Path(args.root), args.port, args.preview_port)
    except OSError as err:
        print(f"Formulaire : le port {args.port} est pris ({err.strerror}) ; relancez avec "
              "« make serve CMS_PORT=8082 ».", file=sys.stderr)
        return 1
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
