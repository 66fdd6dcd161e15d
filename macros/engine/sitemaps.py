"""Per-language sitemaps.

static-i18n writes a single sitemap.xml at the root (French pages, each with its
hreflang alternates). Material's language switcher also fetches `<lang>/sitemap.xml`
to find a page's translation; without it every page logs a 404. This writes, for each
other language, the same entries with that language's URL as `<loc>`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def language_sitemap(root_sitemap: str, lang: str) -> str:
    for prefix, uri in NS.items():
        ET.register_namespace("" if prefix == "sm" else prefix, uri)
    tree = ET.ElementTree(ET.fromstring(root_sitemap))
    urlset = tree.getroot()
    for url in list(urlset.findall("sm:url", NS)):
        alternate = url.find(f"xhtml:link[@hreflang='{lang}']", NS)
        if alternate is None:
            urlset.remove(url)
        else:
            url.find("sm:loc", NS).text = alternate.get("href")
    return ET.tostring(urlset, encoding="unicode", xml_declaration=True)


def write_language_sitemaps(site_dir: Path, languages: list[str]) -> None:
    root = site_dir / "sitemap.xml"
    if not root.is_file():
        return
    text = root.read_text(encoding="utf-8")
    for lang in languages:
        if (site_dir / lang).is_dir():
            (site_dir / lang / "sitemap.xml").write_text(language_sitemap(text, lang), encoding="utf-8")
