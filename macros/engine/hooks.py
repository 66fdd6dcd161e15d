"""The MkDocs adapter's hooks (`hooks:` in mkdocs.yml), each thin over the core:

- before each build, the generator (`macros.content.generate`, also `make generate`);
- per page, only what needs MkDocs' page: its language for the Markdown page transforms
  (`macros.content.page_transforms`), and which built file it is;
- after every language is built, the site pass over the built folder (`site_pass`), the
  brochure still rendering, the form editor's copy.

Loaded by MkDocs from its path, so the project root is put on sys.path to share the
`macros` package (and its data cache) with mkdocs-macros-plugin.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402

from macros.content.brochure import BrochureError  # noqa: E402
from macros.content import page_transforms  # noqa: E402
from macros.content.generate import generate  # noqa: E402
from macros.content.pages import GeneratedFileConflict, expand_nav  # noqa: E402
from macros.data.inputs import os_error_message  # noqa: E402
from macros.data import reads  # noqa: E402
from macros.data.loader import DataError  # noqa: E402
from macros.engine.messages import configure as configure_messages, stop_in_french, unexpected  # noqa: E402
from macros.engine.messages import install as install_messages  # noqa: E402
from macros.engine.serve import (build_aside, finish_removals, keep_between_rebuilds,  # noqa: E402
                                 keep_compiled_pages, keep_page_renders, keep_serving_after_failures,
                                 keep_theme_listing, kept_finished_pages, rendered_navigation,
                                 show_status_in_pages, started, watch_without_generated, working_on)
from macros.engine import brochure_worker, bytecode, site_swap  # noqa: E402
from macros.engine.admin import write_admin  # noqa: E402
from macros.engine.entry import skip_git_info, skip_unread_debug_payloads  # noqa: E402
from macros.engine.toc_lang import heading_languages, mark_header_title, mark_toc  # noqa: E402
from macros.engine.site_pass import PageFinisher, finish_site  # noqa: E402


OFFLINE_SHIM = "assets/javascripts/iframe-worker/shim.js"
TRANSFORMS = page_transforms.NAME  # the Markdown extension, added to the config by on_config
# What finishes this build's pages (every language) as they are written (site_pass.py).
_finishing: dict[str, PageFinisher] = {}
# The generated pages of this build, per navigation placeholder (generate's answer).
_generated: dict = {}
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
    # The page transforms, by name (a name keeps the converted-page cache of serve valid).
    if TRANSFORMS not in config.markdown_extensions:
        config.markdown_extensions.append(TRANSFORMS)
    root = Path(config.config_file_path).parent
    config.mdx_configs.setdefault(TRANSFORMS, {}).update(resources=str(root / "resources"),
                                                         lang=_default_language(config))
    # MkDocs' and the macros' messages about a page, in French (macros/engine/messages.py).
    configure_messages(config)
    # Under serve, a rebuild replaces the served site only once it succeeded; so does `build`.
    build_aside(config)
    site_swap.build_aside(config)
    return config


def on_startup(command, dirty=False, **_):
    # French messages; under serve, MkDocs' progress lines only with --verbose.
    install_messages(command)
    skip_git_info()
    skip_unread_debug_payloads()
    site_swap.start(command)
    # A changed brochure PDF renders in another process (in its own module: serve loads
    # this file anew for every rebuild): under serve after the rebuild, under build while
    # the pages are built.
    brochure_worker.start(command == "serve", alongside=command in ("build", "gh-deploy"))
    keep_theme_listing()
    if command == "serve":
        started(dirty)
        keep_between_rebuilds()
        reads.keep_between_loads()


@event_priority(-100)  # after every plugin's: it ends the build
def on_build_error(error, **_):
    site_swap.failed()
    brochure_worker.Alongside.stop()
    stop_in_french(error)


def on_shutdown():
    # `build`: the new site replaces the last good one only now, if every language succeeded.
    site_swap.finish()
    finish_removals()
    brochure_worker.Alongside.stop()
    brochure_worker.start(False)  # the process may build again without the engine (tests)


def on_env(env, config, files):
    if env.bytecode_cache is None:
        env.bytecode_cache = bytecode.THEME  # compiled once for the whole process
    env.globals["footer_pages"] = footer_pages
    keep_page_renders(env)  # under serve: a page whose inputs did not change is not rendered again
    return env


def footer_pages(nav) -> dict[str, str]:
    """The footer's (overrides/partials/copyright.html) pages: each navigation page's
    address by its file name without suffixes, the first one listed winning. Made once per
    navigation, not once per page (a loop over every territory's entry, at each page)."""
    found = getattr(nav, "_footer_pages", None)
    if found is None:
        found = {}
        for item in nav.pages:
            found.setdefault(item.file.src_uri.split(".")[0], item.url)
        nav._footer_pages = found
    return found


def _outer_build(config) -> bool:
    # static-i18n builds the other languages inside the default one's on_post_build.
    return not config.plugins["i18n"].building


def on_pre_build(config):
    # A PluginError makes `mkdocs build` stop with this message and no traceback, and
    # makes `mkdocs serve` print it and keep serving the last good site.
    root = Path(config.config_file_path).parent
    if _outer_build(config):
        _finishing.clear()
    # Another language of the same build: the default one's has just generated the pages.
    if _outer_build(config) or "pages" not in _generated:
        working_on("la lecture des fichiers de resources/ et l'écriture des pages qui en sont tirées")
        with french_errors("la préparation des pages"):
            _generated["pages"] = generate(root, Path(config.docs_dir), config.site_url or "")
    config.nav = expand_nav(config.nav, _generated["pages"])
    keep_compiled_pages(config.plugins.get("macros"))


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
    except OSError as err:  # a full or read-only disk, a name too long: said in French, with the file
        raise PluginError(os_error_message(err, step, ROOT)) from None
    except Exception as err:  # any fault must end in a message, not a trace
        log.debug("Erreur inattendue", exc_info=True)
        raise PluginError(unexpected(err, step)) from None


@event_priority(100)  # before any plugin works on the page
def on_pre_page(page, config, **_):
    # Under serve, the page a rebuild too slow was working on (macros/engine/serve.py).
    working_on(_source_name(page, config))
    return page


def _source_name(page, config) -> str:
    path = Path(page.file.abs_src_path or page.file.src_uri)
    try:
        return path.relative_to(Path(config.config_file_path).parent).as_posix()
    except ValueError:
        return path.as_posix()


def on_page_markdown(markdown, page, config, **_):
    # The page transforms work in the page's language (MkDocs makes one Markdown converter
    # per page, from these settings).
    config.mdx_configs[TRANSFORMS]["lang"] = _page_language(page, config)
    return markdown


def _offline_shim(config) -> str | None:
    if OFFLINE_SHIM not in config.extra.get("polyfills", ()):
        return None
    return _read_once(Path(config.docs_dir) / OFFLINE_SHIM)


@functools.lru_cache(maxsize=2)
def _read_once(path: Path) -> str:  # a vendored file, read once per build, not once per page
    return path.read_text(encoding="utf-8")


def on_page_content(html, page, config, **_):
    mark_toc(page.toc, heading_languages(html))  # French titles keep lang="fr" in the contents
    return html


def _finisher(config) -> PageFinisher:
    if "pages" not in _finishing:
        _finishing["pages"] = PageFinisher(_default_language(config), _offline_shim(config), config.theme.dirs,
                                           kept_finished_pages())
    return _finishing["pages"]


@in_french("la finition de la page")
def on_post_page(output, page, config, **_):
    return _finisher(config).page(mark_header_title(output), _page_language(page, config), rendered_navigation(page))


@in_french("l'écriture de la page 404")
def on_post_template(output_content, template_name, config, **_):
    if template_name != "404.html":
        return output_content
    lang = config.theme["language"]
    finished = _finisher(config).page(output_content, lang)
    if lang == _default_language(config):
        return finished
    # static-i18n writes every language's 404 page to the same site/404.html: put the
    # other languages' in their own folder, and return nothing so MkDocs writes nothing.
    target = Path(config.site_dir) / lang / "404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(finished, encoding="utf-8")
    return ""


@event_priority(100)  # first: before any plugin watches paths of its own
def on_serve(server, config, builder, **_):
    root = Path(config.config_file_path).parent
    watch_without_generated(server, config.docs_dir,
                            [config.docs_dir, config.config_file_path, *config.theme.dirs],
                            [str(root / folder) for folder in config.watch])
    keep_serving_after_failures(server)
    show_status_in_pages(server)
    return server


@event_priority(-200)  # after static-i18n has built every language
@in_french("la finition du site")
def on_post_build(config):
    if not _outer_build(config):
        return
    working_on("la finition du site (toutes les pages construites)")
    languages = [lang.locale for lang in config.plugins["i18n"].config.languages if lang.build]
    default = _default_language(config)
    _finisher(config).done()
    finish_site(Path(config.site_dir), [default, *(lang for lang in languages if lang != default)],
                default, config.site_url)
    brochure_worker.render_pending(Path(config.site_dir))
    write_admin(Path(config.site_dir), Path(config.config_file_path).parent)  # /admin/ (Decap CMS)
