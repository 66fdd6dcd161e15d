"""The theme's compiled templates kept for the process (macros/engine/bytecode.py)."""

import jinja2

from macros.engine.bytecode import KeptBytecode


class CountingDisk(jinja2.FileSystemBytecodeCache):
    def __init__(self, folder):
        super().__init__(str(folder))
        self.loads = 0

    def load_bytecode(self, bucket):
        self.loads += 1
        super().load_bytecode(bucket)


def test_a_new_environment_takes_the_kept_code_and_an_edited_template_is_compiled_anew(tmp_path):
    (tmp_path / "t").mkdir()
    page = tmp_path / "t" / "page.html"
    page.write_text("Bonjour {{ name }}", encoding="utf-8")
    (tmp_path / "cache").mkdir()
    disk = CountingDisk(tmp_path / "cache")
    kept = KeptBytecode(disk)

    def render(**values):  # a fresh environment, as each build makes
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path / "t")), bytecode_cache=kept)
        return env.get_template("page.html").render(**values)

    assert render(name="Anne") == "Bonjour Anne"
    assert render(name="Paul") == "Bonjour Paul"
    assert disk.loads == 1  # the second environment did not read the disk
    assert list((tmp_path / "cache").iterdir())  # and the disk holds it for the next process

    page.write_text("Au revoir {{ name }}", encoding="utf-8")
    assert render(name="Anne") == "Au revoir Anne"
    # Another process (a new memory) reads the code compiled from the disk.
    other = KeptBytecode(CountingDisk(tmp_path / "cache"))
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path / "t")), bytecode_cache=other)
    assert env.get_template("page.html").render(name="Léa") == "Au revoir Léa"
    assert other.disk.loads == 1 and len(other.codes) == 1
