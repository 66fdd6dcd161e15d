"""Every place the adapter reaches into an engine's or a plugin's internals — not an event,
not a documented API — with the versions it was written for.

Everything else goes through public extension points: the hooks' events (on_config,
on_pre_build, on_pre_page, on_page_markdown, on_post_page, on_post_build, on_serve,
on_build_error…), `server.watch`, and a `logging.Filter` on the engine's own loggers
(`mkdocs.*` or `properdocs.*`, `messages.engine()`). What is listed here may break with
another version: tests/engine/test_internals.py fails when an installed version differs
from WRITTEN_FOR, or when one of these names or sentences is gone, so that whoever upgrades
re-checks each line below.
"""

from __future__ import annotations

from dataclasses import dataclass

# The distributions these reaches were written for (pinned in the lock files).
WRITTEN_FOR = {
    "mkdocs": "1.6.1",
    "properdocs": "1.6.7",
    "mkdocs-material": "9.8.2",
    "mkdocs-static-i18n": "1.3.1",
    "mkdocs-macros-plugin": "1.5.0",
    "watchdog": "7.1.0",
    "jinja2": "3.1.6",
}
# serve's caches and the theme listing (serve.keep_between_rebuilds, keep_theme_listing) are
# off on any other version (ProperDocs answers `mkdocs.__version__` with its own: off under it).
SERVE_CACHES_FOR = {"mkdocs": "1.6.1", "material": "9.8.2"}


@dataclass(frozen=True)
class Reach:
    target: str
    """Module and attribute reached (`module:Class.attribute`), or a module whose source must
    still hold `needle`."""
    where: str
    """Our code that reaches it."""
    why: str
    needle: str | None = None
    """For what no attribute shows (an instance attribute, an English sentence): a text the
    target module's source holds."""


REACHES = (
    Reach("mkdocs.structure.pages:Page.render", "serve.keep_between_rebuilds",
          "replaced under serve: a page's Markdown conversion is kept between rebuilds"),
    Reach("mkdocs.structure.pages:Page", "serve._render",
          "page._title_from_render set again with a kept conversion (the title read from its "
          "first heading)", needle="self._title_from_render"),
    Reach("mkdocs.structure.files:Files.add_files_from_theme", "serve.keep_theme_listing",
          "replaced (build and serve): the theme's ~14,000 files listed once, not once per language pass"),
    Reach("material.plugins.search.plugin:SearchIndex.add_entry_from_context", "serve.keep_between_rebuilds",
          "replaced under serve: a page's search entries kept between rebuilds"),
    Reach("material.plugins.search.plugin:SearchPlugin._translate", "serve.keep_between_rebuilds",
          "replaced under serve: the search settings read from the theme's language template kept"),
    Reach("material.plugins.search.plugin:SearchPlugin.on_page_context", "serve._search_page_context",
          "replaced under serve: the data-search-* attributes stripped only from a page that has one",
          needle="data-search-"),
    Reach("mkdocs.structure.files:File.copy_file", "serve.keep_between_rebuilds",
          "replaced under serve: a static file unchanged since it was copied into the served site "
          "is linked from there"),
    Reach("mkdocs.structure.files:File", "serve._copy_file",
          "a file's own content (set by a plugin) read from File._content", needle="self._content"),
    Reach("mkdocs_static_i18n.suffix:create_i18n_file", "serve.keep_between_rebuilds",
          "replaced under serve (static-i18n 1.3.1 only): each language's file made once, a copy "
          "handed out at each rebuild"),
    Reach("mkdocs_static_i18n.reconfigure", "serve._create_i18n_file",
          "files made through the suffix module's attribute (so that replacing it reaches them)",
          needle="create_i18n_file = suffix.create_i18n_file"),
    Reach("mkdocs.utils:clean_directory", "serve.keep_between_rebuilds",
          "replaced under serve: the rebuild's folder, emptied of files when it was recycled, keeps its folders"),
    Reach("mkdocs.commands.build", "serve._clean_directory",
          "the site's folder cleaned through the utils module's attribute (so that replacing it reaches it)",
          needle="utils.clean_directory(config.site_dir)"),
    Reach("mkdocs.utils.meta:get_data", "serve.keep_between_rebuilds",
          "replaced under serve: a page's front matter parsed once for each text of the page"),
    Reach("mkdocs.structure.pages", "serve._get_data",
          "front matter read through the meta module's attribute (so that replacing it reaches it)",
          needle="meta.get_data(source)"),
    Reach("mkdocs.utils:write_file", "serve._write_file",
          "replaced under serve: a page the served site holds byte for byte is linked into the "
          "rebuild's folder instead of written"),
    Reach("mkdocs.commands.build", "serve._write_file",
          "pages written through the utils module's attribute (so that replacing it reaches them)",
          needle="utils.write_file(output.encode('utf-8'), file.abs_dest_path)"),
    Reach("mkdocs.livereload:LiveReloadServer._inject_js_into_html", "serve.show_status_in_pages",
          "replaced: the preview's own script instead of MkDocs' inline one (refused by the CSP)"),
    Reach("mkdocs.livereload:LiveReloadServer.serve_request", "serve.show_status_in_pages",
          "wrapped: the preview's status and script answered by the server"),
    Reach("mkdocs.livereload", "serve.keep_serving_after_failures",
          "server.builder wrapped: a failed rebuild reported, the last good site served, a time bound",
          needle="self.builder = builder"),
    Reach("mkdocs.livereload", "serve.watch_without_generated",
          "server.observer replaced: docs/'s generated folders not watched, a folder moved away "
          "and back watched again", needle="self.observer = "),
    Reach("mkdocs.livereload", "serve.watch_without_generated",
          "server.build_delay shortened: the wait for more changes after one, before rebuilding",
          needle="self.build_delay = "),
    Reach("mkdocs.commands.build", "serve.keep_page_renders",
          "the page template's context (page, nav, config…) read to key each page's kept HTML",
          needle="template.render(context)"),
    Reach("jinja2.environment:Template._from_namespace", "serve._KeptRender",
          "extended: Material's navigation template (partials/nav.html) renders between two marks, so "
          "that a page is kept around its navigation"),
    Reach("jinja2.environment:Template.render", "serve._KeptRender._navigation_alone",
          "a template's root_render_func called as Template.render does: the navigation rendered "
          "alone, with the variables Material's base.html gives it",
          needle="self.root_render_func(ctx)"),
    Reach("jinja2.environment:Template.make_module", "serve._KeptRender",
          "extended: the `render` macro of Material's partials/nav-item.html wrapped, its top-level "
          "entries that do not hold the page kept"),
    Reach("mkdocs.utils", "messages.new_build",
          "DuplicateFilter.msgs emptied at each rebuild: serve says a repeated mistake again",
          needle="self.msgs"),
    Reach("mkdocs.structure.pages", "messages.translate",
          "MkDocs' English warnings about links parsed to be said in French",
          needle="contains a link '"),
    Reach("mkdocs.structure.nav", "messages.translate",
          "MkDocs' English line about pages missing from the nav parsed to be said in French",
          needle="included in the \"nav\" configuration"),
    Reach("mkdocs_macros.plugin:format_error", "messages.install",
          "replaced: our French message instead of mkdocs-macros' Jinja trace"),
    Reach("mkdocs_macros.context:get_git_info", "entry.skip_git_info",
          "replaced: the `git` variable no page uses, 13 git commands per build and language"),
    Reach("mkdocs_macros.context", "entry.skip_git_info",
          "looked up at each call by the plugin's default variables", needle="= get_git_info()"),
    Reach("mkdocs_macros.plugin", "entry.skip_unread_debug_payloads",
          "MacrosPlugin.on_pre_build replaced: the same trace lines, its variables as JSON only when debug lines are shown",
          needle='debug("Config variables:", payload=SuperDict(self.variables).to_json())'),
    Reach("mkdocs_macros.plugin:MacrosPlugin.env", "serve.keep_compiled_pages",
          "its Jinja environment's compile wrapped under serve: a page's compiled code kept between rebuilds"),
    Reach("mkdocs_macros.plugin:MacrosPlugin.render", "messages.configure",
          "wrapped: a page whose macro fails is shown as written"),
    Reach("mkdocs_static_i18n.plugin", "hooks._outer_build",
          "the i18n plugin's `building` flag: true while it builds the other languages",
          needle="self.building"),
)
