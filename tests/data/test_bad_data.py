"""The corpus of bad data files: each is rejected with its file, line and field named."""

from __future__ import annotations

import shutil

import pytest

from conftest import FIXTURES, copy_project, run_build, with_case
from macros.data.loader import DataError, load_site_data

CASES = sorted(p.name for p in (FIXTURES / "bad").iterdir() if p.is_dir())


def matching(problems, expect):
    return [
        p
        for p in problems
        if p.file == expect["file"]
        and ("line" not in expect or p.line == expect["line"])
        and ("field" not in expect or p.field == expect["field"])
        and all(text in p.message for text in expect["contains"])
    ]


def test_corpus_is_large_enough():
    assert len(CASES) >= 15


def assert_message_names(message: str, expect: dict) -> None:
    """The French message an editor reads names the file, line, field and what is wrong."""
    assert expect["file"] in message
    if "field" in expect:
        assert f"champ « {expect['field']} »" in message
    if "line" in expect:
        assert f"ligne {expect['line']}" in message
    for text in expect["contains"]:
        assert text in message


@pytest.mark.parametrize("case", CASES)
def test_bad_file_is_rejected_by_the_loader(tmp_path, case):
    resources, expect = with_case(tmp_path, case)
    with pytest.raises(DataError) as raised:
        load_site_data(resources)
    problems = raised.value.problems
    assert matching(problems, expect), "\n".join(map(str, problems))
    # What the build prints is this message (the hook path, below, for a few cases).
    assert_message_names(str(raised.value), expect)


# The build stops on the loader's DataError in its first hook, whatever the case: a few cases
# from each stage (reading bytes, parsing YAML, files and names, models, cross-references)
# check that path; every case's message is checked through the loader above.
BUILD_CASES = ["not-utf8", "yaml-syntax", "wrong-extension", "unknown-modality"]


def test_the_build_cases_are_in_the_corpus():
    assert set(BUILD_CASES) <= set(CASES)


@pytest.mark.slow
@pytest.mark.parametrize("case", BUILD_CASES)
def test_bad_file_stops_the_strict_build_without_traceback(tmp_path, case):
    project = copy_project(tmp_path / "project")
    shutil.rmtree(project / "resources")
    resources, expect = with_case(project, case)
    with pytest.raises(DataError) as raised:
        load_site_data(resources)
    result = run_build(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    assert_message_names(output, expect)
    for line in str(raised.value).splitlines():
        assert line.strip() in output
    assert not (project / "site" / "index.html").exists()


def test_message_text_names_file_line_field_and_expected_values(tmp_path):
    resources, _ = with_case(tmp_path, "unknown-modality")
    with pytest.raises(DataError) as raised:
        load_site_data(resources)
    assert str(raised.value) == (
        "1 erreur dans les données (resources/) :\n"
        "  - resources/territories/pays-fictif.yml, ligne 13, champ « modalities[0].modality » : "
        "modalité inconnue « co-interventions ». Valeurs possibles : co-intervention, "
        "accompagnement-equipes, formation-3-jours, ateliers-parents, journee-echanges-pratiques. "
        "Vouliez-vous écrire « co-intervention » ?"
    )


def test_every_problem_of_several_files_is_reported_at_once(tmp_path):
    resources, _ = with_case(tmp_path, "unknown-partner")
    (resources / "territories" / "autre.yml").write_text("name: [\n", encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_site_data(resources)
    files = {p.file for p in raised.value.problems}
    assert files == {"resources/territories/pays-fictif.yml", "resources/territories/autre.yml"}
