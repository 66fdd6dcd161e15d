"""The theme's compiled templates, kept for the whole process.

MkDocs makes a fresh Jinja environment for each language build and for every rebuild under
`mkdocs serve`, which would compile Material's ~100 templates again. Their bytecode is kept on
disk (the system's temporary folder, by each template's source checksum, as Jinja's
FileSystemBytecodeCache does) and, once read, in memory: the next environment takes the
code object as it is, not read and unmarshalled again (2 % of a rebuild under serve).
"""

from __future__ import annotations

from types import CodeType

import jinja2
from jinja2.bccache import Bucket


class KeptBytecode(jinja2.BytecodeCache):
    def __init__(self, disk: jinja2.BytecodeCache):
        self.disk = disk
        self.codes: dict[tuple[str, str], CodeType] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.codes.get((bucket.key, bucket.checksum))
        if code is None:
            self.disk.load_bytecode(bucket)
            if bucket.code is not None:
                self.codes[bucket.key, bucket.checksum] = bucket.code
        else:
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.disk.dump_bytecode(bucket)
        if bucket.code is not None:
            self.codes[bucket.key, bucket.checksum] = bucket.code


THEME = KeptBytecode(jinja2.FileSystemBytecodeCache())
