"""MkDocs hooks (`hooks:` in mkdocs.yml): check the data, write generated pages.

Loaded by MkDocs from its path, so the project root is put on sys.path to share the
`macros` package (and its data cache) with mkdocs-macros-plugin.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import jinja2  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402

from macros.a11y import fix_material_markup, label_permalinks, label_search_dialog  # noqa: E402
from macros.brochure import BrochureError, render_in_background, render_pending, write_brochures  # noqa: E402
from macros.cms import write_admin  # noqa: E402
from macros.csp import add_policy  # noqa: E402
from macros.glossary import abbreviation_definitions, focusable_abbreviations  # noqa: E402
from macros.inputs import check_pages  # noqa: E402
from macros.loader import DataError, current_site_data, load_site_data  # noqa: E402
from macros.messages import configure as configure_messages, in_french_abort  # noqa: E402
from macros.messages import install as install_messages  # noqa: E402
from macros.pages import SECTIONS, GeneratedFileConflict, expand_nav, write_pages  # noqa: E402
from macros.serve import (build_aside, keep_between_rebuilds, keep_serving_after_failures,  # noqa: E402
                          show_status_in_pages, started, unexpected, watch_without_generated)
from macros.search import language_search_base, write_language_indexes  # noqa: E402
from macros.sitemaps import write_language_sitemaps  # noqa: E402


OFFLINE_SHIM = "assets/javascripts/iframe-worker/shim.js"
# Rendered brochure PDFs, by a hash of their input (macros/brochure.py); git-ignored.
# BROCHURE_CACHE may name another folder (the tests share the project's between copies).
BROCHURE_CACHE = ".cache/plaquette"
log = logging.getLogger("mkdocs.hooks.prendre_soin_de_soi")


def _page_language(page, config) -> str:
    return getattr(page.file, "locale", None) or config.theme["language"]


def _default_language(config) -> str:
    return next(lang.locale for lang in config.plugins["i18n"].config.languages if lang.default)


@event_priority(100)  # before Material's offline plugin, which would add the shim from a CDN
def on_config(config):
    offline = config.plugins.get("material/offline")
    if offline and offline.config.enabled:
        polyfills = config.extra.setdefault("polyfills", [])
        if OFFLINE_SHIM not in polyfills:
            polyfills.append(OFFLINE_SHIM)
    # MkDocs' and the macros' messages about a page, in French (macros/messages.py).
    configure_messages(config)
    # Under serve, a rebuild replaces the served site only once it succeeded.
    build_aside(config)
    return config


def on_startup(command, dirty=False, **_):
    # French messages; under serve, MkDocs' progress lines only with --verbose.
    install_messages(command)
    # Under `mkdocs serve`, a changed brochure PDF is rendered in the background. (Kept in
    # macros.brochure: serve loads this file anew for every rebuild.)
    render_in_background(command == "serve")
    if command == "serve":
        started(dirty)
        keep_between_rebuilds()


def on_build_error(error, **_):
    in_french_abort(error)


def on_env(env, config, files):
    # Both language builds, and every rebuild under `mkdocs serve`, make a fresh theme
    # environment that would compile Material's ~100 templates again: keep their bytecode
    # (in the system's temporary folder, keyed by each template's source checksum).
    if env.bytecode_cache is None:
        env.bytecode_cache = jinja2.FileSystemBytecodeCache()
    return env


def on_pre_build(config):
    # A PluginError makes `mkdocs build` stop with this message and no traceback, and
    # makes `mkdocs serve` print it and keep serving the last good site.
    root = Path(config.config_file_path).parent
    with french_errors("la préparation des pages"):
        check_pages(Path(config.docs_dir), SECTIONS)
        data = load_site_data(root / "resources")
        generated = write_pages(data, Path(config.docs_dir), config.site_url or "")
        cache = Path(os.environ.get("BROCHURE_CACHE") or root / BROCHURE_CACHE)
        write_brochures(data, Path(config.docs_dir), config.site_url, cache)
    config.nav = expand_nav(config.nav, generated)


def in_french(step: str):
    """Hook decorator: `french_errors` around the whole hook."""

    def decorate(hook):
        @functools.wraps(hook)
        def run(*args, **kwargs):
            with french_errors(step):
                return hook(*args, **kwargs)

        return run

    return decorate


@contextlib.contextmanager
def french_errors(step: str):
    """Our errors stop the build with their French message; anything else too, with its
    one-line summary instead of a Python trace (the trace only with `--verbose`)."""
    try:
        yield
    except PluginError:
        raise
    except (DataError, GeneratedFileConflict, BrochureError) as err:
        raise PluginError(str(err)) from None
    except Exception as err:  # noqa: BLE001 - any fault must end in a message, not a trace
        log.debug("Erreur inattendue", exc_info=True)
        raise PluginError(unexpected(err, step)) from None


@event_priority(-50)  # after the macros plugin has rendered the page
@in_french("la préparation d'une page")
def on_page_markdown(markdown, page, config, **_):
    # Glossary tooltips on every page, in the page's language.
    data = current_site_data(Path(config.config_file_path).parent / "resources")
    lang = _page_language(page, config)
    return f"{markdown}\n\n{abbreviation_definitions(data, lang, markdown)}\n"


@in_french("la préparation d'une page")
def on_page_content(html, page, config, **_):
    lang = _page_language(page, config)
    return label_permalinks(focusable_abbreviations(html), lang)


def _offline_shim(config) -> str | None:
    if OFFLINE_SHIM not in config.extra.get("polyfills", ()):
        return None
    return _read_once(Path(config.docs_dir) / OFFLINE_SHIM)


@functools.lru_cache(maxsize=2)
def _read_once(path: Path) -> str:  # a vendored file, read once per build, not once per page
    return path.read_text(encoding="utf-8")


def _finish(html: str, config) -> str:
    lang = config.theme["language"]
    html = fix_material_markup(label_search_dialog(html, lang))
    html = language_search_base(html, lang, _default_language(config))
    return add_policy(html, _offline_shim(config))


@in_french("l'écriture d'une page")
def on_post_page(output, config, **_):
    return _finish(output, config)


@in_french("l'écriture de la page 404")
def on_post_template(output_content, template_name, config, **_):
    if template_name != "404.html":
        return output_content
    lang = config.theme["language"]
    output = _finish(output_content, config)
    if lang == _default_language(config):
        return output
    # static-i18n writes every language's 404 page to the same site/404.html: put the
    # other languages' in their own folder, and return nothing so MkDocs writes nothing.
    target = Path(config.site_dir) / lang / "404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(output, encoding="utf-8")
    return ""


@event_priority(100)  # first: before any plugin watches paths of its own
def on_serve(server, config, builder, **_):
    watch_without_generated(server, config.docs_dir,
                            [config.docs_dir, config.config_file_path, *config.theme.dirs])
    keep_serving_after_failures(server)
    show_status_in_pages(server)
    return server


@event_priority(-200)  # after static-i18n has built every language
@in_french("la finition du site")
def on_post_build(config):
    languages = [
        lang.locale for lang in config.plugins["i18n"].config.languages if not lang.default and lang.build
    ]
    write_language_sitemaps(Path(config.site_dir), languages)
    write_language_indexes(Path(config.site_dir), [_default_language(config), *languages],
                           _default_language(config))
    render_pending()
    write_admin(Path(config.site_dir), Path(config.config_file_path).parent)  # /admin/ (Decap CMS)
    if config.site_url:
        (Path(config.site_dir) / "robots.txt").write_text(
            f"User-agent: *\nAllow: /\nSitemap: {config.site_url}sitemap.xml\n", encoding="utf-8"
        )
