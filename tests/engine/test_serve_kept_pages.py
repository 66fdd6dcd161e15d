"""serve keeps a page's HTML by a digest of what the theme's templates read
(macros/engine/serve.py, `_page_keys`): any input that changes must change the digest, and a
page whose inputs cannot be described is rendered every time, never keyed wrongly. The page
around its navigation is kept by a second digest that only the navigation's entries leave unchanged."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import os
import pytest

from macros.data.files import write_anew
from macros.engine import serve, site_pass


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
    serve._pass_signature.update(nav=None, config=None, digest=b"", settings=b"")
    yield
    serve._pass_signature.update(nav=None, config=None, digest=b"", settings=b"")


def _keys(context, template="main.html"):
    serve._pass_signature.update(nav=None, config=None, digest=b"", settings=b"")  # each context is its own pass
    return serve._page_keys(template, context)


def _key(context, template="main.html"):
    keys = _keys(context, template)
    return keys and keys[0]


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


@pytest.mark.parametrize("change", [{"content": "<p>Bonsoir</p>"}, {"meta": {"description": "autre"}},
                                    {"site_name": "Autre site"}])
def test_the_page_around_its_navigation_changes_with_all_but_the_navigation(tmp_path, change):
    around = _keys(_context(tmp_path))[1]
    assert _keys(_context(tmp_path, nav_title="Saint-Nazaire"))[1] == around
    assert _keys(_context(tmp_path, **change))[1] != around
    homepage = _context(tmp_path)
    homepage["nav"].homepage = SimpleNamespace(url="accueil/")  # the header's logo links to it
    assert _keys(homepage)[1] != around


# Under serve, a page is finished around its navigation (macros/engine/site_pass.py,
# PageFinisher.page with `nav`): the result must be the page finished whole.
_PAGE = """<!doctype html>
<html lang="fr"><head>
    <meta charset="utf-8">
    <script>var theme = 1</script>
  </head>
  <body>
    <div class="md-search" data-md-component="search" role="dialog">{search}</div>
    {before}
    <div class="md-sidebar">
      {nav}
    </div>
    <label class="md-nav__title" for="__toc">Sommaire</label>
    <p>Texte</p>
    <script id="__config" type="application/json">{{"base": "..", "search": "x"}}</script>
  </body>
</html>
"""
_NAV = """<nav class="md-nav md-nav--primary" aria-label="Navigation">
        <label class="md-nav__link" tabindex="">  {title}
        </label>
        {extra}
      </nav>"""


def _page(title="La Carène", extra="", before="", search=""):
    nav = _NAV.format(title=title, extra=extra)
    return _PAGE.format(nav=nav, before=before, search=search), nav


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("case", [
    {},
    {"extra": '<input class="md-toggle" type="checkbox" id="__toc">'},  # the page's own contents
    {"extra": "<pre>  gardé\n    tel quel</pre>"},  # text kept as written inside the navigation
    {"before": "<pre>ouvert"},  # the navigation inside an element left open
    {"before": "<SCRIPT>var a = 1"},
])
def test_a_page_finished_around_its_navigation_is_the_page_finished_whole(case, lang):
    html, nav = _page(**case)
    whole = site_pass.finish_page(html, lang, "fr")
    finisher = site_pass.PageFinisher("fr", kept={})
    assert finisher.page(html, lang, nav) == whole
    renamed_html, renamed_nav = _page(title="Saint-Nazaire", **case)
    assert finisher.page(renamed_html, lang, renamed_nav) == site_pass.finish_page(renamed_html, lang, "fr")


def test_only_the_navigation_is_finished_again_when_it_alone_changed():
    finisher = site_pass.PageFinisher("fr", kept={})
    for title in ("La Carène", "Saint-Nazaire", "Carène"):
        html, nav = _page(title=title)
        finisher.page(html, "fr", nav)
    assert len(finisher.used) == 1  # one page around three navigations
    html, nav = _page(extra="<pre>x</pre>")
    finisher.page(html, "fr", nav)
    assert len(finisher.used) == 2  # finished whole: its navigation holds a <pre>


def test_kept_pages_read_back_as_they_were_packed_or_not():
    text = "<p>Café « Carène » \u2028</p>" * 50
    small, large = site_pass.pack(text, 0), site_pass.pack(text, site_pass.UNPACKED)
    assert small is text and isinstance(large, bytes) and len(large) < len(text)
    assert site_pass.unpack(small) == site_pass.unpack(large) == text


def test_a_finisher_keeps_at_most_its_share_of_pages_uncompressed(monkeypatch):
    monkeypatch.setattr(site_pass, "UNPACKED", 2)
    kept: dict = {}
    pages: list = []
    for build in range(3):  # each build: two new pages first, then the last build's
        pages = [_page(title=f"Page {build}-{n}") for n in range(2)] + pages
        finisher = site_pass.PageFinisher("fr", kept=kept)
        for html, _ in pages:
            assert finisher.page(html, "fr") == site_pass.finish_page(html, "fr", "fr")
        finisher.done()
        assert sum(isinstance(value, str) for value in kept.values()) <= 2


def test_a_rebuild_links_a_page_the_served_site_holds_and_never_writes_through_a_link(tmp_path, monkeypatch):
    import mkdocs.utils

    root = tmp_path / "site"
    aside = Path(serve._aside(str(root)))
    (root / "a").mkdir(parents=True)
    (root / "a" / "index.html").write_bytes(b"<p>same</p>")
    (root / "b.html").write_bytes(b"<p>old</p>")
    (root / "search_index.json").write_bytes(b"{}")
    monkeypatch.setitem(serve._served, "root", str(root))
    monkeypatch.setitem(serve._served, "aside", True)
    monkeypatch.setitem(serve._originals, "write_file", mkdocs.utils.write_file)

    serve._write_file(b"<p>same</p>", str(aside / "a" / "index.html"))
    serve._write_file(b"<p>new</p>", str(aside / "b.html"))
    serve._write_file(b"{}", str(aside / "search_index.json"))  # not a page: written
    serve._write_file(b"<p>first</p>", str(aside / "c.html"))  # not served yet
    assert (aside / "a" / "index.html").stat().st_ino == (root / "a" / "index.html").stat().st_ino
    assert (aside / "b.html").read_bytes() == b"<p>new</p>"
    assert (aside / "b.html").stat().st_ino != (root / "b.html").stat().st_ino
    assert (aside / "search_index.json").stat().st_nlink == 1
    assert (aside / "c.html").read_bytes() == b"<p>first</p>"
    # The same page written again in the same build (a link there now): the served site's
    # file is left as it was, the rebuild's holds the new bytes.
    serve._write_file(b"<p>changed</p>", str(aside / "a" / "index.html"))
    assert (root / "a" / "index.html").read_bytes() == b"<p>same</p>"
    assert (aside / "a" / "index.html").read_bytes() == b"<p>changed</p>"
    assert (root / "b.html").read_bytes() == b"<p>old</p>"
    # Outside a rebuild beside the served site (--dirty, a plain build): MkDocs' own write.
    monkeypatch.setitem(serve._served, "aside", False)
    serve._write_file(b"<p>same</p>", str(tmp_path / "other" / "a.html"))
    assert (tmp_path / "other" / "a.html").stat().st_nlink == 1


def test_a_static_file_is_linked_from_the_served_site_only_while_neither_copy_changed(tmp_path, monkeypatch):
    from mkdocs.structure.files import File

    docs, root = tmp_path / "docs", tmp_path / "site"
    aside = Path(serve._aside(str(root)))
    (docs / "assets").mkdir(parents=True)
    source = docs / "assets" / "x.css"
    source.write_text("a { }")
    monkeypatch.setitem(serve._served, "root", None)
    monkeypatch.setitem(serve._served, "building", str(root))
    monkeypatch.setitem(serve._served, "aside", True)
    monkeypatch.setitem(serve._originals, "copy_file", File.copy_file)
    monkeypatch.setattr(serve, "_copied", {})
    # The first build, before anything is served, copies into the site's folder, and notes it.
    serve._copy_file(File("assets/x.css", str(docs), str(root), True))
    first = root / "assets" / "x.css"
    assert first.read_text() == "a { }" and first.stat().st_nlink == 1
    monkeypatch.setitem(serve._served, "root", str(root))
    monkeypatch.setitem(serve._served, "building", str(aside))

    def rebuild(site_pass: bool = False) -> Path:
        """Copy the file into the rebuild's folder (the site's pass may rewrite it there),
        then serve that folder, as the swap does."""
        serve._copy_file(File("assets/x.css", str(docs), str(aside), True))
        if site_pass:
            write_anew(aside / "assets" / "x.css", "a{}")
        if root.exists():
            (tmp_path / "old").mkdir(exist_ok=True)
            root.rename(tmp_path / "old" / str(len(list((tmp_path / "old").iterdir()))))
        aside.rename(root)
        return root / "assets" / "x.css"

    old_inode = first.stat().st_ino
    assert rebuild().stat().st_ino == old_inode  # unchanged: linked, from the first rebuild on
    # The site's pass rewrites it (made lighter): never through the link; the next rebuild
    # copies it fresh from the source, not the served, rewritten, one.
    assert rebuild(site_pass=True).read_text() == "a{}"
    fourth = rebuild()
    assert fourth.read_text() == "a { }" and fourth.stat().st_ino != old_inode
    # The source edited (same size, saved later): copied again.
    source.write_text("b { }")
    later = source.stat().st_mtime_ns + 10_000_000
    os.utime(source, ns=(later, later))
    assert rebuild().read_text() == "b { }"
    assert [(tmp_path / "old" / str(n) / "assets" / "x.css").read_text() for n in range(4)] == \
        ["a { }", "a { }", "a{}", "a { }"]


def test_a_page_stripped_of_its_search_attributes_once_is_not_stripped_again(monkeypatch):
    calls, entries = [], []

    def material(plugin, context, *, page, config, nav):  # what Material's on_page_context does
        calls.append(page.content)
        plugin.search_index.add_entry_from_context(page)
        page.content = page.content.replace(' data-search-exclude="x"', "")

    monkeypatch.setitem(serve._originals, "on_page_context", material)
    monkeypatch.setattr(serve, "stripped_contents", serve.OrderedDict())
    plugin = SimpleNamespace(config=SimpleNamespace(enabled=True),
                             search_index=SimpleNamespace(add_entry_from_context=entries.append))
    html = '<p data-search-exclude="x">Hors recherche</p>'
    for _ in range(2):  # the same page in two rebuilds
        page = SimpleNamespace(content=html)
        serve._search_page_context(plugin, {}, page=page, config=None, nav=None)
        assert page.content == "<p>Hors recherche</p>"
    assert calls == [html] and len(entries) == 2
    page = SimpleNamespace(content="<p>Texte</p>")  # nothing to strip
    serve._search_page_context(plugin, {}, page=page, config=None, nav=None)
    assert page.content == "<p>Texte</p>" and calls == [html] and len(entries) == 3


def test_a_kept_table_of_contents_is_handed_out_as_a_copy_the_build_may_change():
    from mkdocs.structure.toc import get_toc

    toc = get_toc([{"level": 2, "id": f"a{n}", "name": f"Partie {n}",
                    "children": [{"level": 3, "id": f"a{n}-1", "name": "Détail", "children": []}]} for n in range(2)])
    copied = serve._copy_toc(toc)
    assert str(copied) == str(toc) and getattr(copied.items[0], "active", False)
    copied.items[0].title = "<span lang=\"en\">Part</span>"
    copied.items[1].children[0].title = "Autre"
    copied.items.append(copied.items[0])
    assert [item.title for item in toc] == ["Partie 0", "Partie 1"] and toc.items[1].children[0].title == "Détail"


def test_garbage_is_collected_once_a_build_is_over_and_not_during_the_next(monkeypatch):
    import threading

    collected = threading.Event()
    monkeypatch.setattr(serve.gc, "collect", collected.set)
    monkeypatch.setattr(serve, "IDLE_COLLECT_AFTER", 0.2)
    serve.collect_when_idle()  # a build ended
    serve.collect_when_idle(False)  # the next began before the delay: not in its way
    assert not collected.wait(0.5)
    serve.collect_when_idle()
    assert collected.wait(10)
    serve._idle["timer"].join(10)


def test_a_page_front_matter_is_parsed_once_and_handed_out_as_a_copy(monkeypatch):
    from mkdocs.utils import meta

    parsed = []
    original = meta.get_data if meta.get_data is not serve._get_data else serve._originals["get_data"]
    monkeypatch.setitem(serve._originals, "get_data", lambda source: parsed.append(source) or original(source))
    monkeypatch.setattr(serve, "front_matters", serve.OrderedDict())
    source = "---\ntitle: Outils\ntags: [cps]\n---\n# Outils\n"
    text, front = serve._get_data(source)
    assert (text, front) == ("# Outils\n", {"title": "Outils", "tags": ["cps"]})
    front["tags"].append("changé par un plugin")
    assert serve._get_data(source) == ("# Outils\n", {"title": "Outils", "tags": ["cps"]})
    assert serve._get_data(source.replace("Outils", "Tools")) == ("# Tools\n", {"title": "Tools", "tags": ["cps"]})
    assert len(parsed) == 2
