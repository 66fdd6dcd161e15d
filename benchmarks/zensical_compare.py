"""Experimental: compare the article text of two built sites, page by page (not a test).

    python benchmarks/zensical_compare.py SITE_A SITE_B [--label-a mkdocs --label-b zensical] [--skip-class md-tags]

For every HTML page of either folder, the text of its article (Material's and Zensical's
`<article class="md-content__inner …">`: what the page's Markdown and macros produced, without
the permalink marks, scripts and styles), whitespace collapsed, then compared. Prints one row
per page (identical, different with a similarity ratio and the first difference, or only in
one site) and a summary. Standard library only: runs in any environment. Used to measure
Zensical against MkDocs (benchmarks/README.md, « Zensical (experimental) »).
"""

from __future__ import annotations

import argparse
import difflib
import html.parser
import re
import sys
from pathlib import Path

SKIPPED = {"script", "style", "template"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _ArticleText(html.parser.HTMLParser):
    """The text of the first <article> of a page, without permalinks, scripts and styles."""

    def __init__(self, skipped_classes: frozenset[str] = frozenset()) -> None:
        super().__init__(convert_charrefs=True)
        self.skipped_classes = {"headerlink", *skipped_classes}
        self.depth = 0  # inside the article: depth of open elements, 0 = outside
        self.skip = 0  # depth at which a skipped element opened (0 = not skipping)
        self.done = False
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if self.done:
            return
        if not self.depth:
            if tag == "article":
                self.depth = 1
            return
        if tag in VOID:
            return
        self.depth += 1
        classes = (dict(attrs).get("class") or "").split()
        if not self.skip and (tag in SKIPPED or self.skipped_classes.intersection(classes)):
            self.skip = self.depth

    def handle_endtag(self, tag):
        if not self.depth or self.done or tag in VOID:
            return
        if self.skip == self.depth:
            self.skip = 0
        self.depth -= 1
        if not self.depth:
            self.done = True

    def handle_data(self, data):
        if self.depth and not self.skip and not self.done:
            self.parts.append(data)


def article_text(page: Path, skipped_classes: frozenset[str] = frozenset()) -> str | None:
    parser = _ArticleText(skipped_classes)
    parser.feed(page.read_text(encoding="utf-8", errors="replace"))
    if not parser.depth and not parser.done:
        return None  # no article (a redirect, or a page written outside the theme)
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


def pages(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("*.html"))}


def first_difference(a: str, b: str, width: int = 60) -> str:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal":
            return f"«{a[max(0, i1 - 15):i2 + 15][:width]}» ≠ «{b[max(0, j1 - 15):j2 + 15][:width]}»"
    return ""


def compare(site_a: Path, site_b: Path, skipped_classes: frozenset[str] = frozenset()) -> list[dict]:
    a, b = pages(site_a), pages(site_b)
    rows = []
    for name in sorted(a.keys() | b.keys()):
        text_a = article_text(a[name], skipped_classes) if name in a else None
        text_b = article_text(b[name], skipped_classes) if name in b else None
        if name not in b or name not in a:
            status = "only A" if name in a else "only B"
        elif text_a is None or text_b is None:
            status = "no article" if text_a is None and text_b is None else "article in one only"
        elif text_a == text_b:
            status = "identical"
        else:
            status = "different"
        row = {"page": name, "status": status,
               "chars_a": len(text_a) if text_a is not None else None,
               "chars_b": len(text_b) if text_b is not None else None}
        if status == "different":
            row["ratio"] = round(difflib.SequenceMatcher(None, text_a, text_b, autojunk=False).ratio(), 3)
            row["first"] = first_difference(text_a, text_b)
        rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site_a", type=Path)
    parser.add_argument("site_b", type=Path)
    parser.add_argument("--label-a", default="A")
    parser.add_argument("--label-b", default="B")
    parser.add_argument("--skip-class", action="append", default=[],
                        help="also leave out elements of this class (repeatable), e.g. md-tags: "
                             "Zensical shows front-matter tags, which Material shows only with its tags plugin")
    args = parser.parse_args()
    rows = compare(args.site_a, args.site_b, frozenset(args.skip_class))
    width = max((len(r["page"]) for r in rows), default=4)
    print(f"{'page':<{width}}  {'status':<19} {args.label_a:>8} {args.label_b:>8}  ratio  first difference")
    for r in rows:
        ratio = f"{r['ratio']:.3f}" if "ratio" in r else ""
        print(f"{r['page']:<{width}}  {r['status']:<19} {r['chars_a'] if r['chars_a'] is not None else '–':>8} "
              f"{r['chars_b'] if r['chars_b'] is not None else '–':>8}  {ratio:>5}  {r.get('first', '')}")
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    both = sum(1 for r in rows if r["status"] in ("identical", "different"))
    print(f"\n{len(rows)} pages; with an article in both: {both}; "
          + ", ".join(f"{status}: {n}" for status, n in sorted(counts.items())))


if __name__ == "__main__":
    sys.exit(main())
