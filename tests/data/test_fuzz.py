"""Fuzzing: real data files and pages, mutated (bytes flipped, cut, YAML syntax inserted,
other encodings, huge values). Each ends in a valid load or a `DataError`, within a time
bound — never another exception. FUZZ_EXAMPLES sets the number of examples (the
benchmark runs many more than the test suite)."""

from __future__ import annotations

import os
import resource
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from macros.data import inputs, loader
from macros.content import pages
from macros.data.inputs import DataError

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
SECONDS = 10.0  # per example; a clean load of the real data takes well under a second
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize="FUZZ_SEED" not in os.environ,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

SYNTAX = ["&a ", "*a", "!!python/object:os.system ", "!include ", "<<: ", "? ", "---\n", "...\n",
          "[", "]", "{", "}", ": ", "- ", "\t", "%YAML 1.1\n", "'", '"', "|\n", ">-\n", "#", "@",
          "\x00", "\ufeff", "\x1b", "2025-13-21", "21/10/2025", "1" + "0" * 5000, "\\u12", "\r",
          "\u2028", "~", "null", "yes", ".inf", "0x1F", "{{ x }}", "{% if %}", "<script>"]


def _data_files() -> list[str]:
    resources = ROOT / "resources"
    files = sorted(p.relative_to(resources).as_posix() for p in resources.rglob("*.yml"))
    return files


@st.composite
def mutations(draw, size: int):
    kind = draw(st.sampled_from(["flip", "cut", "insert", "encode", "repeat", "huge"]))
    at = draw(st.integers(0, max(size - 1, 0)))
    if kind == "flip":
        return kind, at, draw(st.integers(1, 255))
    if kind == "insert":
        return kind, at, draw(st.sampled_from(SYNTAX) | st.text(max_size=20))
    if kind == "encode":
        return kind, at, draw(st.sampled_from(["latin-1", "utf-16", "cp1252", "utf-32"]))
    if kind == "repeat":
        return kind, at, draw(st.integers(2, 20_000))
    if kind == "huge":
        return kind, at, draw(st.sampled_from([2 * inputs.MAX_BYTES, inputs.MAX_BYTES // 2]))
    return kind, at, None


def mutate(raw: bytes, mutation) -> bytes:
    kind, at, value = mutation
    if kind == "flip":
        return raw[:at] + bytes([raw[at] ^ value]) + raw[at + 1:] if raw else raw
    if kind == "cut":
        return raw[:at]
    if kind == "insert":
        return raw[:at] + value.encode("utf-8", errors="surrogatepass") + raw[at:]
    if kind == "encode":
        return raw.decode("utf-8").encode(value, errors="replace")
    if kind == "repeat":  # one line copied many times
        start = raw.rfind(b"\n", 0, at) + 1
        end = raw.find(b"\n", at)
        line = raw[start:end + 1 if end >= 0 else len(raw)]
        return raw[:start] + line * value + raw[start:]
    return raw[:at] + b"x" * value + raw[at:]  # a huge value


@pytest.fixture(scope="module")
def resources(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz") / "resources"
    shutil.copytree(ROOT / "resources", folder)
    return folder


def _load_or_data_error(folder: Path) -> None:
    loader._cache.clear()  # a same-size edit within one clock tick must be read again
    try:
        data = loader.load_site_data(folder)
    except DataError as err:
        assert err.problems and all(p.file and p.message for p in err.problems)
        return
    pages.planned_texts(data)  # what loads must also render


@pytest.mark.slow
@FUZZ
@given(st.data())
def test_a_mutated_data_file_loads_or_is_reported(resources, data):
    name = data.draw(st.sampled_from(_data_files()), label="file")
    path = resources / name
    original = path.read_bytes()
    mutation = data.draw(mutations(len(original)), label="mutation")
    path.write_bytes(mutate(original, mutation))
    memory = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    try:
        _load_or_data_error(resources)
    finally:
        path.write_bytes(original)
    assert time.monotonic() - started < SECONDS, (name, mutation[:2])
    # ru_maxrss is in KiB on Linux: the peak grows by less than 1 GiB.
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - memory < 1024 * 1024, (name, mutation[:2])


@FUZZ
@given(st.data())
def test_a_mutated_page_is_read_or_reported(tmp_path_factory, data):
    pages_dir = sorted((ROOT / "docs").glob("*.md"))
    source = data.draw(st.sampled_from(pages_dir), label="page")
    original = source.read_bytes()
    mutation = data.draw(mutations(len(original)), label="mutation")
    folder = tmp_path_factory.mktemp("page")
    target = folder / source.name
    target.write_bytes(mutate(original, mutation))
    started = time.monotonic()
    problems = inputs.check_page(target, f"docs/{source.name}")
    assert time.monotonic() - started < SECONDS
    assert all(p.file == f"docs/{source.name}" and p.message for p in problems)
    if not problems:  # what passes the check is text MkDocs reads
        target.read_bytes().decode("utf-8-sig")
