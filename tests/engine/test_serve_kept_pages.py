"""serve keeps a page's HTML by a digest of what the theme's templates read
(macros/engine/serve.py, `_page_key`): any input that changes must change the digest, and a
page whose inputs cannot be described is rendered every time, never keyed wrongly."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from macros.engine import serve


class _Config(dict):
    def __init__(self, root, **values):
        super().__init__(values)
        self.plugins = {"search": None, "i18n": None}
        self.theme = SimpleNamespace(dirs=[str(root / "overrides")])
        self.config_file_path = str(root / "mkdocs.yml")


def _item(title, url, children=None):
    return SimpleNamespace(title=title, url=url, children=children)


def _context(root, *, content="<p>Bonjour</p>", nav_title="La Carène", meta=None, site_name="Site",
             template_name=None):
    (root / "overrides").mkdir(exist_ok=True)
    nav = SimpleNamespace(items=[_item("Accueil", "/"), _item("Territoires", None, [_item(nav_title, "t/carene/")])])
    page = SimpleNamespace(url="t/carene/", canonical_url="https://x.org/t/carene/", edit_url=None,
                           title="La Carène", is_homepage=False, content=content, toc=[], meta=meta or {},
                           previous_page=None, next_page=None, ancestors=[])
    return {"nav": nav, "config": _Config(root, site_name=site_name, site_dir="/tmp/a"), "page": page,
            "base_url": "../..", "extra_css": [], "extra_javascript": [], "mkdocs_version": "1.6.1"}


@pytest.fixture(autouse=True)
def _fresh_pass():
    serve._pass_signature.update(nav=None, config=None, digest=b"")
    yield
    serve._pass_signature.update(nav=None, config=None, digest=b"")


def _key(context, template="main.html"):
    serve._pass_signature.update(nav=None, config=None, digest=b"")  # each context is its own pass
    return serve._page_key(template, context)


def test_the_same_inputs_give_the_same_key(tmp_path):
    assert _key(_context(tmp_path)) == _key(_context(tmp_path)) is not None


@pytest.mark.parametrize("change", [{"content": "<p>Bonsoir</p>"}, {"nav_title": "Saint-Nazaire"},
                                    {"meta": {"description": "autre"}}, {"site_name": "Autre site"}])
def test_each_input_the_templates_read_changes_the_key(tmp_path, change):
    assert _key(_context(tmp_path, **change)) != _key(_context(tmp_path))


def test_the_output_folder_does_not_change_the_key(tmp_path):
    other = _context(tmp_path)
    other["config"]["site_dir"] = "/tmp/b"  # a rebuild writes beside the served site
    assert _key(other) == _key(_context(tmp_path))


def test_an_edited_override_template_changes_the_key(tmp_path):
    before = _key(_context(tmp_path))
    (tmp_path / "overrides" / "main.html").write_text("{% extends 'base.html' %}", encoding="utf-8")
    assert _key(_context(tmp_path)) != before


def test_what_cannot_be_described_is_rendered_every_time(tmp_path):
    assert _key(_context(tmp_path, meta={1: "un", "b": "deux"})) is None  # keys json cannot sort
    sitemap = _context(tmp_path)
    sitemap["page"] = None
    assert _key(sitemap, "sitemap.xml") is None  # reads every page's date
    assert _key(sitemap, "404.html") is not None
