"""Page-level transforms as a Python-Markdown extension, for any engine built on
Python-Markdown (MkDocs, ProperDocs, Zensical): `markdown_extensions: - macros.content.page_transforms`.

- glossary tooltips: the glossary's abbreviation definitions that the page uses, in its
  language, appended to its Markdown (the `abbr` extension turns them into `<abbr>`);
- each term's first tooltip outside a link reachable from the keyboard;
- each heading's « ¶ » link named in the page's language.

Options: `lang` (the page's language; an engine that builds one language per pass sets it
once, the MkDocs adapter sets it per page) and `resources` (the data folder).
"""

from __future__ import annotations

import re
from pathlib import Path

from markdown import Markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markupsafe import escape

from ..data.loader import current_site_data
from .glossary import abbreviation_definitions, focusable_abbreviations

NAME = "macros.content.page_transforms"  # as engines load it (`markdown_extensions:`)


PERMALINK = re.compile(r'(<a class="headerlink" href="[^"]*") title="[^"]*"')
PERMALINK_LABEL = {"fr": "Lien vers cette section", "en": "Link to this section"}


def label_permalinks(html: str, lang: str) -> str:
    """Name each heading's « ¶ » link in the page's language, by aria-label instead of the
    title that Markdown's toc gives it (one language for all; a screen reader reads the
    link's text, « ¶ », rather than its title; and Material gives every titled element a
    tooltip, scripted work on each page load)."""
    label = escape(PERMALINK_LABEL.get(lang, PERMALINK_LABEL["fr"]))
    return PERMALINK.sub(rf'\1 aria-label="{label}"', html)


class _GlossaryDefinitions(Preprocessor):
    def __init__(self, md: Markdown, extension: PageTransforms):
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        data = current_site_data(Path(self.extension.getConfig("resources")))
        definitions = abbreviation_definitions(data, self.extension.getConfig("lang"), "\n".join(lines))
        return [*lines, "", *definitions.splitlines(), ""] if definitions else lines


class _Labels(Postprocessor):
    def __init__(self, md: Markdown, extension: PageTransforms):
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        return label_permalinks(focusable_abbreviations(text), self.extension.getConfig("lang"))


class PageTransforms(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "lang": ["fr", "the page's language (fr or en)"],
            "resources": ["resources", "the data folder, whose glossary gives the tooltips"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # Python-Markdown's name
        # Before raw HTML blocks are set aside (html_block, 20): terms inside them count too.
        # Last of the postprocessors, on the final HTML.
        md.preprocessors.register(_GlossaryDefinitions(md, self), "glossary_definitions", 25)
        md.postprocessors.register(_Labels(md, self), "page_labels", 0)


def signature(lang: str, resources: str | Path) -> str:
    """What these transforms add to a page besides its own Markdown depends on: the glossary,
    in that language (a cache of converted pages keys on it)."""
    return abbreviation_definitions(current_site_data(Path(resources)), lang)


def makeExtension(**kwargs) -> PageTransforms:  # Python-Markdown's entry point
    return PageTransforms(**kwargs)
