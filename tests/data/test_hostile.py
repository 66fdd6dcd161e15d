"""Issue 23, « Any input II »: what a page, a file in docs/ or resources/, or a name can do
is bounded — checked here at the loader's level, without a build (the browser-level corpus,
one shared build, is in tests/engine/test_hostile_site.py)."""

from __future__ import annotations


import pytest

from conftest import ROOT
from macros.data import inputs
from macros.engine import csp

# ------------------------------------------------------------------ CSP: known scripts only

THEME_SCRIPT = ('__md_scope=new URL("../..",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+'
                '_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem('
                't.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem('
                'a.pathname+"."+e,JSON.stringify(_))}catch(e){}}')


def test_the_policy_allows_the_theme_scripts_and_none_from_the_page():
    page = (f"<html><head><meta charset=\"utf-8\"><script>{THEME_SCRIPT}</script></head><body>"
            "<article><p>x</p></article><script>window.__pwned=1</script>"   # after </article>
            "<nav><script>window.__pwned=2</script></nav>"                    # in a title's place
            f"<script>{THEME_SCRIPT.replace('../..', 'https://evil.example/')}</script>"
            '<script>document.documentElement.classList.add("psds-js")</script></body></html>')
    allowed = csp.theme_scripts(page)
    assert allowed == [THEME_SCRIPT, 'document.documentElement.classList.add("psds-js")']
    policy = csp.policy(page)
    assert policy.count("'sha256-") == 2


def test_a_template_value_stands_only_for_a_relative_address():
    known = csp.known_scripts()
    assert known.fullmatch(THEME_SCRIPT)
    for value in ("/", ".", "../../..", "/prendre-soin/"):
        assert known.fullmatch(THEME_SCRIPT.replace("../..", value)), value
    for value in ('",alert(1),"', "javascript:alert(1)", "</script>"):
        assert not known.fullmatch(THEME_SCRIPT.replace("../..", value)), value
    # Material's redirect template acts on a page's own value: never allowed.
    assert not known.fullmatch('window.location.replace(["..",window.location.search,'
                               'window.location.hash].join(""))')


# ------------------------------------------------------------------ pages' front matter

HOSTILE_FRONT = {
    "title-script": ("---\ntitle: <script>window.__pwned=1</script>\n---\n# x\n", 2, "title"),
    "title-entity": ("---\ntitle: \"&lt;img src=x&gt;\"\n---\n# x\n", 2, "title"),
    "title-type": ("---\ntitle: [1, 2]\n---\n# x\n", 2, "title"),
    "title-long": ("---\ntitle: " + "a" * 200 + "\n---\n# x\n", 2, "title"),
    "unknown-key": ("---\ndescription: ok\ntemplate: redirect.html\n---\n# x\n", 3, "template"),
    "hide-value": ("---\nhide:\n  - everything\n---\n# x\n", 2, "hide.0"),
    "crlf-alias": ("---\r\na: &a [1, 2]\r\nb: [*a, *a]\r\n---\r\n# x\r\n", 2, None),
    "cr-title": ("---\rtitle: <b>x</b>\r---\r# x\r", 2, "title"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_FRONT))
def test_a_page_front_matter_is_validated_like_data_whatever_its_line_ends(tmp_path, case):
    text, line, field = HOSTILE_FRONT[case]
    page = tmp_path / "page.md"
    page.write_bytes(text.encode("utf-8"))
    problems = inputs.check_page(page, "docs/page.md")
    assert problems, case
    assert problems[0].file == "docs/page.md" and problems[0].line == line, problems
    assert problems[0].field == field, problems
    assert "en-tête de la page" in problems[0].message


def test_every_real_page_front_matter_passes():
    for path in sorted((ROOT / "docs").rglob("*.md")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.split("/")[1] in ("outils", "cps", "territoires"):
            continue
        assert inputs.check_page(path, rel) == [], rel
