"""The macros of mkdocs-macros-plugin (`module_name: macros`, see macros/__init__.py):
registration only.

Each macro renders Markdown from the validated data (macros/content/render.py) in the language
of the page that calls it, with links relative to that page.
"""

from __future__ import annotations

import functools
import logging
import posixpath
from pathlib import Path

from ..content import render
from ..data import reads
from ..data.loader import current_site_data


def define_env(env):
    resources = Path(env.project_dir) / "resources"

    def page_context():
        page = env.variables["page"]
        lang = getattr(page.file, "locale", None) or env.conf["theme"]["language"]
        return current_site_data(resources), lang, posixpath.dirname(page.file.src_uri)

    def bind(function):
        @functools.wraps(function)
        def macro(*args, **kwargs):
            data, lang, base = page_context()
            key = (function, lang, base, args, *sorted(kwargs.items()))
            try:
                hash(key)
            except TypeError:  # an argument that is a list: not kept
                return function(data, lang, base, *args, **kwargs)
            return reads.kept(key, data, lambda data: function(data, lang, base, *args, **kwargs))

        return macro

    for name, function in render.MACROS.items():
        env.macro(bind(function), name)


def skip_git_info() -> None:
    """mkdocs-macros runs git 13 times per build and language (its `git` variable, which no page
    uses): about 40 ms of every build and rebuild. Call before the plugin's on_config."""
    import mkdocs_macros.context

    mkdocs_macros.context.get_git_info = lambda: {"status": False, "date": None,
                                                  "diagnosis": "non lu : aucune page du site ne s'en sert"}


def skip_unread_debug_payloads() -> None:
    """mkdocs-macros' on_pre_build only logs; it turns its variables into JSON for a debug line
    even when debug lines are off (2 % of a serve rebuild, in each language pass). The same
    lines, that JSON made only when debug lines are shown (`mkdocs serve --verbose`)."""
    import mkdocs_macros.plugin
    from mkdocs_macros.util import LOG, trace

    original = mkdocs_macros.plugin.MacrosPlugin.on_pre_build
    if getattr(original, "skips_unread_payloads", False):
        return

    def on_pre_build(self, *, config):
        if LOG.isEnabledFor(logging.DEBUG):
            return original(self, config=config)
        trace("Config variables:", list(self.variables.keys()))
        if self.macros:
            trace("Config macros:", list(self.macros.keys()))
        if self.filters:
            trace("Config filters:", list(self.filters.keys()))

    on_pre_build.skips_unread_payloads = True  # type: ignore[attr-defined]
    mkdocs_macros.plugin.MacrosPlugin.on_pre_build = on_pre_build
