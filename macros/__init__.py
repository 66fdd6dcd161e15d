"""The site generator, in three packages:

- `macros.data`: reading editors' files safely, the models, validation (no engine);
- `macros.content`: everything generated from the data — pages, renderers and their
  templates, glossary, indicators, charts, calendar, catalogue, brochure, the form editor's
  configuration, the Python-Markdown page transforms (no engine);
- `macros.engine`: the MkDocs adapter — hooks, serve, messages, the site pass after the
  build (markup fixes, CSP, search per language, sitemaps), the offline zip.

mkdocs-macros-plugin imports this package (`module_name: macros`) for `define_env`; the
adapter is imported only then, so the core imports without any engine installed.
"""


def define_env(env):
    from .engine.entry import define_env as define

    define(env)
