"""The form editor at /admin/ (Decap CMS): its generated configuration, how the build ships
it, and a round trip through the form on a copy of the project (never resources/ itself)."""

from __future__ import annotations

import difflib
import json
import os
import shutil
import subprocess
import threading
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest
import yaml

from conftest import (VIOLATIONS, _free_port, add_fixture_territory, axe_violations, copy_project, guide_screenshot,
                      mkdocs_serve)
from macros.content import cms, cms_proxy
from macros.data import models as m
from macros.data.loader import load_site_data

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "cms" / "node_modules"


@pytest.fixture(scope="module")
def config():
    return yaml.safe_load(cms.config_text(load_site_data(ROOT / "resources")))


def _collection(config, name):
    return next(c for c in config["collections"] if c["name"] == name)


def _field(fields, name):
    return next(f for f in fields if f["name"] == name)


def test_the_config_is_built_from_the_data_never_committed(tmp_path):
    """No committed copy an editor cannot regenerate: the build writes /admin/config.yml from
    the models and the data of that build (a new territory is offered at once)."""
    assert not (ROOT / "cms" / "config.yml").exists() or "cms/config.yml" in (ROOT / ".gitignore").read_text()
    tracked = subprocess.run(["git", "ls-files", "cms"], cwd=ROOT, capture_output=True, text=True).stdout
    assert "config.yml" not in tracked
    resources = tmp_path / "resources"
    shutil.copytree(ROOT / "resources", resources)
    add_fixture_territory(resources, "territory-4")
    built = yaml.safe_load(cms.config_text(load_site_data(resources)))
    tools = _collection(built, "tools")["fields"]
    assert "pays-fictif" in {o["value"] for o in _field(tools, "territories")["options"]}


def test_config_points_at_github_and_only_the_preview_at_the_local_backend(config):
    assert config["locale"] == "fr"
    # The published form never calls a local address; the preview's names the confined proxy.
    assert "local_backend" not in config and "127.0.0.1" not in json.dumps(config)
    data = load_site_data(ROOT / "resources")
    assert cms.config(data, 8555)["local_backend"] == {"url": "http://127.0.0.1:8555/api/v1"}
    assert config["media_folder"] == cms_proxy.MEDIA_FOLDER and "images" not in config["media_folder"]
    assert config["backend"]["name"] == "github" and config["backend"]["branch"] == "main"
    assert config["publish_mode"] == "editorial_workflow"


def test_one_collection_per_kind_of_file(config):
    folders = {c["name"]: c for c in config["collections"] if "folder" in c}
    assert {n: c["folder"] for n, c in folders.items()} == {
        "tools": "resources/tools", "territories": "resources/territories", "events": "resources/events"}
    for collection in folders.values():  # the file name is the id, from the French title
        assert collection["slug"] == "{{slug}}" and collection["identifier_field"].endswith(".fr")
        assert collection["extension"] == "yml" and collection["format"] == cms.FORMAT
    files = _collection(config, "donnees")["files"]
    assert sorted(f["file"] for f in files) == sorted(f"resources/{name}" for name in
                                                      ("programme.yml", "cps.yml", "modalities.yml",
                                                       "partners.yml", "glossary.yml", "indicators.yml",
                                                       "timeline.yml", "lessons.yml"))
    for entry in files:  # each file keeps its own first line
        header = _field(entry["fields"], cms.HEADER_KEY)
        first = (ROOT / entry["file"]).read_text(encoding="utf-8").split("\n", 1)[0]
        assert header["widget"] == "hidden" and header["default"] == first
    tools = _collection(config, "tools")
    first = (ROOT / "resources" / "tools" / "kiva.yml").read_text(encoding="utf-8").split("\n", 1)[0]
    assert _field(tools["fields"], cms.HEADER_KEY)["default"] == first


def test_fields_follow_the_models(config):
    tools = _collection(config, "tools")["fields"]
    data = load_site_data(ROOT / "resources")
    # Required flags, French labels and hints from the models' docstrings.
    title = _field(tools, "title")
    assert title["required"] is True and title["label"] == "Titre" and title["hint"] == "Titre de l'outil."
    assert [f["name"] for f in title["fields"]] == ["fr", "en"]
    assert _field(title["fields"], "fr")["required"] is True
    assert _field(tools, "publisher")["required"] is False
    # An enumeration is a select of its values; a list of them, a multiple select.
    kind = _field(tools, "type")
    assert kind["widget"] == "select" and {o["value"] for o in kind["options"]} == {t.value for t in m.ToolType}
    settings = _field(tools, "settings")
    assert settings["widget"] == "select" and settings["multiple"] is True
    assert {"label": "École (ecole)", "value": "ecole"} in settings["options"]
    # References: the ids of the data.
    cps_ids = {c.id for group in (data.cps.categories, data.cps.general, data.cps.specific) for c in group}
    cps_field = _field(tools, "cps")
    assert cps_field["widget"] == "select" and cps_field["min"] == 1
    assert {o["value"] for o in cps_field["options"]} == cps_ids
    assert {o["value"] for o in _field(tools, "territories")["options"]} == set(data.territories)
    territory = _collection(config, "territories")["fields"]
    run = _field(_field(territory, "modalities")["fields"], "modality")
    assert {o["value"] for o in run["options"]} == set(data.modalities)
    assert {o["value"] for o in _field(territory, "partners")["options"]} == set(data.partners)
    # Numbers with the models' bounds; addresses checked as the models do.
    age = _field(tools, "age_min")
    assert (age["widget"], age["value_type"], age["min"], age["max"]) == ("number", "int", 0, 99)
    assert _field(tools, "source")["pattern"][0] == "^https?://\\S+$"


def test_editors_notes_are_a_multi_line_field_of_every_model_that_had_comments(config):
    """Provenance notes are a field the form shows (a multi-line box with its help), not YAML
    comments a whole-file rewrite would drop; declared once (models.EditorNotes)."""
    holders = [m.Programme, m.Territory, m.CpsFile, m.IndicatorsFile, m.LessonsFile, m.Event]
    for model in holders:
        assert "editor_notes" in model.model_fields, model.__name__
    forms = [_collection(config, "territories")["fields"], _collection(config, "events")["fields"],
             *[f["fields"] for f in _collection(config, "donnees")["files"]
               if f["name"] in ("programme", "cps", "indicators", "lessons")]]
    for fields in forms:
        note = _field(fields, "editor_notes")
        assert note["widget"] == "text" and note["required"] is False
        assert note["label"] == "Notes pour les éditeurs" and "jamais publiées" in note["hint"]


def test_editors_notes_are_never_published(real_site):
    data = load_site_data(ROOT / "resources")
    notes = [line.strip() for item in (data.programme, *data.territories.values())
             for line in (item.editor_notes or "").splitlines() if len(line.strip()) > 30]
    assert notes  # the real data carries some: else this test would prove nothing
    pages = "\n".join(p.read_text(encoding="utf-8") for p in real_site.rglob("*.html"))
    assert not [line for line in notes if line in pages]


def test_dates_in_the_forms_the_site_reads(config):
    events = _collection(config, "events")["fields"]
    for name in ("start", "end"):
        field = _field(events, name)
        assert field["widget"] == "datetime" and field["format"] == "YYYY-MM-DD HH:mm"
        assert field["date_format"] == "YYYY-MM-DD" and field["picker_utc"] is False
    assert _field(events, "start")["required"] is True and _field(events, "end")["required"] is False
    programme = next(f for f in _collection(config, "donnees")["files"] if f["name"] == "programme")
    closing = _field(programme["fields"], "closing_date")
    assert closing["widget"] == "datetime" and closing["format"] == "YYYY-MM-DD"
    assert closing["time_format"] is False


def test_every_reference_to_an_id_is_a_list_of_ids(config):
    """Every Slug field that is not the item's own `id` is offered from the data."""
    for model in (m.Programme, m.Territory, m.ModalityRun, m.Tool, m.Event, m.Figure,
                  m.GeneralCps, m.SpecificCps, m.LifeSkill, m.Partner, m.Modality, m.Lesson):
        for name, field in model.model_fields.items():
            text = str(field.annotation)
            if "pattern='^[a-z0-9]+(?:-[a-z0-9]+)*$'" in text and name != "id":
                assert (model, name) in cms.REFERENCES, f"{model.__name__}.{name}"


def test_admin_page_has_its_own_policy_and_the_public_one_is_unchanged():
    from macros.engine.csp import DIRECTIVES

    policy = cms.admin_policy(9999)
    assert "connect-src 'self' blob: http://127.0.0.1:9999 https://api.github.com" in policy
    assert "connect-src 'self' blob: https://api.github.com;" in cms.admin_policy()  # published
    assert "object-src 'none'" in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert "script-src 'self'{hashes}" in DIRECTIVES and "connect-src 'self'" in DIRECTIVES


def test_without_node_the_admin_page_says_what_to_install(real_site):
    # The tests' copies have no cms/ folder: the build passes and /admin/ explains.
    page = (real_site / "admin" / "index.html").read_text(encoding="utf-8")
    assert "n'est pas installé" in page and "Node.js" in page and 'lang="fr"' in page
    assert "admin" not in (real_site / "sitemap.xml").read_text(encoding="utf-8")
    assert not any(d["location"].startswith("admin") for d in
                   json.loads((real_site / "search" / "search_index.json").read_text())["docs"])


def test_in_codespaces_the_preview_admin_sends_editors_to_the_published_form(tmp_path, monkeypatch):
    """Codespaces serves the preview at a forwarded address, which the local backend refuses:
    its /admin/ says so in French and links the published form, instead of a form that
    would sign in to GitHub or fail. Outside Codespaces, the form."""
    from macros.engine.admin import write_admin  # the build step, alone

    if not (NODE_MODULES / "decap-cms" / "dist" / "decap-cms.js").is_file():
        pytest.fail("cms/node_modules is missing: run `make test`, which runs npm ci --prefix cms")
    monkeypatch.setenv(cms.LOCAL_PORT, "8081")  # under `make serve`
    monkeypatch.setenv("GITHUB_REPOSITORY", "Association/site-psds")
    monkeypatch.setenv("GITHUB_CODESPACES_PORT_FORWARDING_DOMAIN", "app.github.dev")
    monkeypatch.delenv("CODESPACES", raising=False)
    write_admin(tmp_path / "local", ROOT)
    assert '<script src="decap-cms.js">' in (tmp_path / "local" / "admin" / "index.html").read_text(encoding="utf-8")
    monkeypatch.setenv("CODESPACES", "true")
    write_admin(tmp_path / "local", ROOT)  # the same folder, rebuilt: the form is replaced
    page = (tmp_path / "local" / "admin" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in page and "Dans Codespaces, utilisez le formulaire du site publié" in page
    assert '<a href="https://association.github.io/site-psds/admin/">' in page and "app.github.dev" in page
    assert "decap-cms.js" not in page and not (tmp_path / "local" / "admin" / "config.yml").exists()
    # A user or organisation site (owner.github.io) is published at the root.
    user_site = cms.codespaces_page({"CODESPACES": "true", "GITHUB_REPOSITORY": "asso/asso.github.io"})
    assert 'href="https://asso.github.io/admin/"' in user_site
    assert "<script" not in cms.codespaces_page({"CODESPACES": "true", "GITHUB_REPOSITORY": "<script>/x"})


@pytest.mark.slow
def test_admin_is_not_in_the_offline_zip(offline_zip):
    with zipfile.ZipFile(offline_zip) as archive:
        assert not [n for n in archive.namelist() if n.startswith("admin/")]


# ------------------------------------------------------------------ through the form


@pytest.fixture(scope="module")
def cms_preview(tmp_path_factory):
    """A copy of the project with cms/, the form's confined local backend on it and
    `mkdocs serve` of it (as `make serve` runs them)."""
    if not (NODE_MODULES / "decap-cms" / "dist" / "decap-cms.js").is_file():
        pytest.fail("cms/node_modules is missing: run `make test`, which runs npm ci --prefix cms")
    project = copy_project(tmp_path_factory.mktemp("cms"))
    (project / "cms").mkdir()
    for name in (*cms.PAGE_FILES, "index.html"):
        shutil.copy2(ROOT / "cms" / name, project / "cms" / name)
    (project / "cms" / "node_modules").symlink_to(NODE_MODULES)
    proxy_port = _free_port()
    old = os.environ.get(cms.LOCAL_PORT)
    os.environ[cms.LOCAL_PORT] = str(proxy_port)  # read by mkdocs_env(): the config's local_backend
    proxy = None
    try:
        with mkdocs_serve(project) as (process, base, log):
            proxy = cms_proxy.serve(project, proxy_port, int(base.rsplit(":", 1)[1].strip("/")))
            threading.Thread(target=proxy.serve_forever, daemon=True).start()
            deadline = time.monotonic() + 120
            while True:
                try:
                    urllib.request.urlopen(f"{base}/admin/config.yml", timeout=5)
                    break
                except OSError:
                    assert process.poll() is None and time.monotonic() < deadline, "".join(log)
                    time.sleep(0.5)
            yield project, base
    finally:
        if old is None:
            os.environ.pop(cms.LOCAL_PORT, None)
        else:
            os.environ[cms.LOCAL_PORT] = old
        if proxy:
            proxy.shutdown()
            proxy.server_close()


NO_LEAVE_PROMPT = """
window.addEventListener = (add => function (type, ...rest) {
  if (type !== "beforeunload") return add.call(this, type, ...rest);
})(window.addEventListener);
Object.defineProperty(window, "onbeforeunload", {set() {}, get() { return null; }});
"""


@pytest.fixture
def admin(cms_preview, chromium):
    project, base = cms_preview
    context = chromium.new_context(viewport={"width": 1280, "height": 1000}, locale="fr-FR")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.add_init_script(VIOLATIONS)
    # Decap asks before leaving a page with a draft (`beforeunload`); a browser closed on such
    # a prompt can wait forever. The tests save every entry, so the prompt is left out.
    page.add_init_script(NO_LEAVE_PROMPT)
    page.goto(f"{base}/admin/")
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_text("Outils du catalogue").first.wait_for()
    yield page, project, base, errors
    context.close()


def _control(page, name):
    """The form control of the top-level field `name` (Decap ids are `<name>-field-<n>`)."""
    return page.locator(f'div:has(> div > label[for^="{name}-field-"])').first


def _choose(page, name, typed):
    box = page.locator(f'input[id^="{name}-field-"]').first
    box.click()
    box.fill(typed)
    page.keyboard.press("Enter")


def _publish(page):
    page.get_by_role("button", name="Publier").first.click()
    page.get_by_text("Publier maintenant").click()


def _wait_for(predicate, timeout=60):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.5)


def _fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


@pytest.mark.browser
@pytest.mark.slow
def test_a_new_tool_through_the_form_is_valid_and_published(admin):
    page, project, base, errors = admin
    page.goto(f"{base}/admin/#/collections/tools")
    page.get_by_text("KiVa").first.wait_for()  # a collection's list
    assert not axe_violations(page)
    page.goto(f"{base}/admin/#/collections/tools/new")
    title = _control(page, "title")
    title.locator('[id^="fr-field-"]').fill("Boîte à émotions du test")
    title.locator('[id^="en-field-"]').fill("Test emotions box")
    _choose(page, "type", "Jeu")
    _choose(page, "cps", "ecoute-empathique")
    _choose(page, "settings", "École")
    _control(page, "summary").locator('[id^="fr-field-"]').fill("Un outil créé par le test du formulaire.")
    page.locator('input[id^="source-field-"]').first.fill("https://example.org/outil")
    title.scroll_into_view_if_needed()
    assert guide_screenshot(page, "formulaire-nouvel-outil").stat().st_size > 10_000
    assert not axe_violations(page)  # an entry being edited: lists with their controls
    _publish(page)
    path = project / "resources" / "tools" / "boite-a-emotions-du-test.yml"
    _wait_for(path.is_file)
    # After the save: Decap's notification and the preview's build status.
    page.locator("#psds-etat-apercu[role=status]").wait_for(timeout=120_000)
    assert not axe_violations(page)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/tools.schema.json\n"), text
    tool = load_site_data(project / "resources").tools["boite-a-emotions-du-test"]
    assert tool.title == m.Text(fr="Boîte à émotions du test", en="Test emotions box")
    assert tool.type is m.ToolType.jeu and tool.cps == ("ecoute-empathique",)
    assert tool.settings == (m.Setting.ecole,) and tool.publisher is None
    assert '""' not in text and "[]" not in text  # empty optional fields are left out
    _wait_for(lambda: "Boîte à émotions du test" in (_fetch(f"{base}/outils/boite-a-emotions-du-test/") or ""))
    assert not [e for e in errors if "CSP violation" in e or "Content Security Policy" in e], errors
    # The preview's reload script stays out of the editor (a reload would drop its place).
    assert "__apercu__" not in _fetch(f"{base}/admin/") and "__apercu__" in _fetch(f"{base}/outils/")
    # Not a page of the site: neither searched nor in the sitemap.
    assert "admin" not in (_fetch(f"{base}/sitemap.xml") or "")
    index = json.loads(_fetch(f"{base}/search/search_index.json"))
    assert not [d for d in index["docs"] if d["location"].startswith("admin")]


@pytest.mark.browser
@pytest.mark.slow
def test_editing_one_field_of_a_territory_changes_only_that_field(admin):
    page, project, base, errors = admin
    path = project / "resources" / "territories" / "pontchateau.yml"
    source = path.read_text(encoding="utf-8")
    header = source.split("\n", 1)[0]
    before = load_site_data(project / "resources").territories["pontchateau"]
    page.goto(f"{base}/admin/#/collections/territories/entries/pontchateau")
    english = _control(page, "short_name").locator('[id^="en-field-"]')
    english.wait_for()
    english.fill(f"{before.short_name.en} (edited)")
    _publish(page)
    _wait_for(lambda: "(edited)" in path.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    assert text.split("\n", 1)[0] == header
    after = load_site_data(project / "resources").territories["pontchateau"]
    assert after.short_name.en == f"{before.short_name.en} (edited)"
    assert after.model_copy(update={"short_name": before.short_name}) == before
    # One changed line, as `git diff --numstat` would count it; comments and the rest kept.
    diff = [d for d in difflib.unified_diff(source.splitlines(), text.splitlines(), lineterm="", n=0)
            if d[:1] in "+-" and d[:3] not in ("+++", "---")]
    assert diff == [f"-  en: {before.short_name.en}", f"+  en: {before.short_name.en} (edited)"], diff
    assert not [e for e in errors if "CSP violation" in e or "Content Security Policy" in e], errors


@pytest.mark.browser
@pytest.mark.slow
def test_editing_an_editors_note_through_the_form_changes_one_line(admin, tmp_path):
    """A provenance note, now a field: edited in its multi-line box, one line of the file
    changes (`git diff --numstat`), and the note stays a note."""
    page, project, base, errors = admin
    path = project / "resources" / "territories" / "carene.yml"
    source = path.read_text(encoding="utf-8")
    before = load_site_data(project / "resources").territories["carene"]
    assert before.editor_notes and "\n" in before.editor_notes
    lines = before.editor_notes.split("\n")
    edited = "\n".join([lines[0] + " Vérifié par le test.", *lines[1:]])
    page.goto(f"{base}/admin/#/collections/territories/entries/carene")
    box = page.locator('textarea[id^="editor_notes-field-"]').first
    box.wait_for()
    assert box.input_value() == before.editor_notes
    assert not axe_violations(page)
    box.fill(edited)
    _publish(page)
    _wait_for(lambda: "Vérifié par le test." in path.read_text(encoding="utf-8"))
    after = load_site_data(project / "resources").territories["carene"]
    assert after.editor_notes == edited
    assert after.model_copy(update={"editor_notes": before.editor_notes}) == before
    old = tmp_path / "carene.yml"
    old.write_text(source, encoding="utf-8")
    numstat = subprocess.run(["git", "diff", "--no-index", "--numstat", str(old), str(path)],
                             capture_output=True, text=True).stdout
    assert numstat.split("\t")[:2] == ["1", "1"], numstat


def _restore(path, text, base):
    """Put a file back and wait until the preview is rebuilt without error."""
    path.write_text(text, encoding="utf-8")
    _wait_for(lambda: json.loads(_fetch(f"{base}/__apercu__/etat.json") or "{}").get("ok") is True, 120)


@pytest.mark.browser
@pytest.mark.slow
def test_a_tool_file_with_a_yaml_error_cannot_be_opened_empty_nor_overwritten(admin):
    page, project, base, errors = admin
    path = project / "resources" / "tools" / "kiva.yml"
    good = path.read_text(encoding="utf-8")
    lines = good.split("\n")
    lines[4] = "\t" + lines[4]
    path.write_text("\n".join(lines), encoding="utf-8")
    broken = path.read_bytes()
    try:
        # Opened from a bookmark: the French message (file, line, what to do), no empty form.
        page.goto(f"{base}/admin/#/collections/tools/entries/kiva")
        message = page.get_by_text("ne peut pas être ouvert dans le formulaire").first
        message.wait_for()
        text = page.locator("body").inner_text()
        assert "resources/tools/kiva.yml, ligne 5" in text and "éditeur de texte" in text
        assert page.locator('[id^="fr-field-"]').count() == 0  # no form to fill and save
        assert not axe_violations(page)
        assert guide_screenshot(page, "formulaire-fichier-illisible").stat().st_size > 10_000
        # The list says it too, instead of leaving KiVa out; the preview's error is shown here.
        page.goto(f"{base}/admin/#/collections/tools")
        page.get_by_text("kiva.yml : fichier illisible").first.wait_for()
        banner = page.locator("#psds-etat-apercu[role=alert]")
        banner.wait_for(timeout=120_000)
        assert "Le site n'a pas pu être reconstruit" in banner.inner_text()
        assert "resources/tools/kiva.yml" in banner.inner_text()
        assert not axe_violations(page)
        assert path.read_bytes() == broken
    finally:
        _restore(path, good, base)
    # Once the file is fixed, the banner says the preview is rebuilt.
    page.locator("#psds-etat-apercu[role=status]").wait_for(timeout=60_000)
    assert "Site reconstruit sans erreur" in page.locator("#psds-etat-apercu").inner_text()
    assert not axe_violations(page)


@pytest.mark.browser
@pytest.mark.slow
def test_a_save_that_would_break_the_data_is_refused_with_the_french_message(admin):
    page, project, base, errors = admin
    path = project / "resources" / "tools" / "kiva.yml"
    before = path.read_bytes()
    page.goto(f"{base}/admin/#/collections/tools/entries/kiva")
    age = page.locator('input[id^="age_max-field-"]').first
    age.wait_for()
    age.fill("3")  # below age_min: valid for the form, refused by the models
    _publish(page)
    page.get_by_text("Enregistrement refusé").first.wait_for()
    text = page.locator("body").inner_text()
    assert "resources/tools/kiva.yml" in text and "age_max" in text
    assert not axe_violations(page)  # the French refusal, as Decap's notification
    assert path.read_bytes() == before


@pytest.mark.browser
@pytest.mark.slow
def test_a_duplicate_title_is_refused_not_suffixed(admin):
    page, project, base, errors = admin
    page.goto(f"{base}/admin/#/collections/tools/new")
    title = _control(page, "title")
    title.locator('[id^="fr-field-"]').fill("KiVa")
    _choose(page, "type", "Jeu")
    _choose(page, "cps", "ecoute-empathique")
    _choose(page, "settings", "École")
    _control(page, "summary").locator('[id^="fr-field-"]').fill("Un doublon.")
    page.locator('input[id^="source-field-"]').first.fill("https://example.org/doublon")
    _publish(page)
    page.get_by_text("existe déjà").first.wait_for()
    assert "resources/tools/kiva.yml" in page.locator("body").inner_text()
    assert not list((project / "resources" / "tools").glob("kiva-*.yml"))


@pytest.mark.browser
@pytest.mark.slow
def test_the_media_window_lists_uploads_only_never_the_logo(admin):
    page, project, base, errors = admin
    uploads = project / cms_proxy.MEDIA_FOLDER
    uploads.mkdir(parents=True, exist_ok=True)
    (uploads / "photo-atelier.png").write_bytes((ROOT / "contributing" / "formulaire-nouvel-outil.png").read_bytes())
    page.goto(f"{base}/admin/#/collections/tools")
    page.reload()  # Decap reads the media list once, when it starts
    page.get_by_text("Outils du catalogue").first.wait_for()
    page.get_by_role("button", name="Media").first.click()
    page.get_by_text("photo-atelier.png").first.wait_for()
    dialog = page.locator("body").inner_text()
    assert "logo" not in dialog and "marque-couleur" not in dialog and "favicon" not in dialog
    assert (project / "docs" / "assets" / "images" / "logo.svg").is_file()


# ------------------------------------------------------------------ the published form

FAKE_TOKEN = "github_pat_test_0123456789"


@pytest.fixture
def published_admin(tmp_path, serve_folder, monkeypatch):
    """/admin/ as the Pages build writes it (no local backend), under a project path."""
    if not (NODE_MODULES / "decap-cms" / "dist" / "decap-cms.js").is_file():
        pytest.fail("cms/node_modules is missing: run `make test`, which runs npm ci --prefix cms")
    monkeypatch.delenv(cms.LOCAL_PORT, raising=False)
    monkeypatch.setenv("GITHUB_REPOSITORY", "association/site-psds")
    from macros.engine.admin import write_admin  # the build step, alone

    write_admin(tmp_path / "depot", ROOT)
    return serve_folder(tmp_path) + "/depot/admin/"


def _fake_github(route, calls):
    """GitHub's API as it answers a fine-grained token limited to the one repository."""
    request = route.request
    calls.append((request.method, request.url, request.headers.get("authorization")))
    cors = {"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Headers": "*",
            "Access-Control-Expose-Headers": "*"}
    if request.method == "OPTIONS":
        return route.fulfill(status=204, headers=cors)
    fulfill = route.fulfill
    route = type("Route", (), {"fulfill": staticmethod(lambda **kw: fulfill(headers=cors, **kw))})()
    url = request.url.split("?")[0]
    if request.headers.get("authorization") not in (f"Bearer {FAKE_TOKEN}", f"token {FAKE_TOKEN}"):
        return route.fulfill(status=401, json={"message": "Bad credentials"})
    if url.endswith("/user"):
        return route.fulfill(json={"login": "documentaliste", "name": "Documentaliste", "avatar_url": ""})
    if url.endswith("/repos/association/site-psds"):
        return route.fulfill(json={"full_name": "association/site-psds", "default_branch": "main",
                                   "owner": {"login": "association"},
                                   "permissions": {"admin": False, "push": True, "pull": True}})
    if url.endswith("/pulls"):
        return route.fulfill(json=[])
    return route.fulfill(status=404, json={"message": "Not Found"})


@pytest.mark.browser
def test_the_published_form_signs_in_with_a_token_through_the_site_itself(published_admin, chromium):
    """No OAuth server, no Netlify: Decap's GitHub login opens the site's own connexion page,
    which checks the token with GitHub's API and hands it back; nothing else leaves the site."""
    config = yaml.safe_load(_fetch(published_admin + "config.yml"))
    assert config["backend"]["name"] == "github" and config["backend"]["repo"] == "association/site-psds"
    assert config["publish_mode"] == "editorial_workflow"  # every change is a pull request
    assert "local_backend" not in config and "netlify" not in json.dumps(config).lower()
    page_html = _fetch(published_admin)
    assert '<script src="decap-cms.js">' in page_html and "127.0.0.1" not in page_html
    context = chromium.new_context(locale="fr-FR")
    calls, requests = [], []
    context.route("https://api.github.com/**", lambda route: _fake_github(route, calls))
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    page.goto(published_admin)
    page.get_by_role("button", name="GitHub").wait_for()
    assert not axe_violations(page)
    with page.expect_popup() as popup_info:
        page.get_by_role("button", name="GitHub").click()
    popup = popup_info.value
    popup.wait_for_load_state()
    assert popup.url.startswith(published_admin + "connexion.html")
    popup.get_by_text("association/site-psds").first.wait_for()
    assert not axe_violations(popup)
    popup.set_viewport_size({"width": 900, "height": 900})
    assert guide_screenshot(popup, "formulaire-connexion").stat().st_size > 10_000
    popup.get_by_label("Jeton d'accès GitHub").fill("github_pat_faux")
    popup.get_by_role("button", name="Se connecter").click()
    popup.get_by_text("GitHub refuse ce jeton").wait_for()
    popup.get_by_label("Jeton d'accès GitHub").fill(FAKE_TOKEN)
    popup.get_by_role("button", name="Se connecter").click()
    page.get_by_text("Outils du catalogue").first.wait_for()
    assert popup.is_closed()
    assert not axe_violations(page)  # the form's own pages too, with Decap's styles corrected
    # Decap itself now talks to GitHub with the editor's token.
    assert ("GET", "https://api.github.com/repos/association/site-psds", f"token {FAKE_TOKEN}") in calls
    origin = published_admin.split("/depot/")[0]
    elsewhere = {u.split("/")[2] for u in requests if not u.startswith(origin) and not u.startswith("data:")
                 and not u.startswith("blob:")}
    assert elsewhere <= {"api.github.com"}, elsewhere
    context.close()


@pytest.mark.slow
def test_the_pages_build_from_the_workflows_steps_ships_the_form(tmp_path):
    """The build job of .github/workflows/site.yml, its shell steps in order on a clean clone
    of HEAD (the installed dependencies shared, as a runner's caches would be): /admin/ is the
    form, loading Decap from the site itself, on the GitHub backend, with no local address."""
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    job = next(j for j in workflow["jobs"].values()
               if any("upload-pages-artifact" in str(s.get("uses", "")) for s in j["steps"]))
    assert any("setup-node" in str(s.get("uses", "")) for s in job["steps"]), "the build job installs no Node"
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True, timeout=120)
    for link in (".venv", "node_modules", "cms/node_modules"):
        (clone / link).symlink_to((ROOT / link).resolve())
    for lock in ("requirements.lock", "requirements-test.lock", "requirements-uv.lock", "package-lock.json",
                 "cms/package-lock.json"):
        os.utime(clone / lock, (0, 0))  # older than the shared installs: make does not reinstall
    artifact = "site"
    env = {**os.environ, "CI": "true", "GITHUB_REPOSITORY": "association/site-psds"}
    env.pop(cms.LOCAL_PORT, None)
    for step in job["steps"]:
        if "upload-pages-artifact" in str(step.get("uses", "")):
            artifact = step["with"]["path"]
        if "run" not in step:
            continue
        step_env = {k: str(v).replace("${{ steps.pages.outputs.base_url }}", "http://127.0.0.1:8000")
                    for k, v in (step.get("env") or {}).items()}
        run = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=clone, capture_output=True, text=True,
                             timeout=900, env={**env, **step_env})
        assert run.returncode == 0, f"{step.get('name')}: {(run.stdout + run.stderr)[-2000:]}"
    admin = clone / artifact / "admin"
    page = (admin / "index.html").read_text(encoding="utf-8")
    assert '<script src="decap-cms.js"></script>' in page and "n'est pas installé" not in page
    assert (admin / "decap-cms.js").stat().st_size > 1_000_000
    assert (admin / "connexion.html").is_file() and (admin / "format.js").is_file()
    config = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"]["name"] == "github" and config["backend"]["repo"] == "association/site-psds"
    assert config["backend"]["auth_endpoint"].endswith("connexion.html") and "base_url" not in config["backend"]
    assert "local_backend" not in config and "127.0.0.1" not in page + json.dumps(config)
    assert "netlify" not in (page + json.dumps(config)).lower()
