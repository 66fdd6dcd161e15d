"""Results kept by what they read of the site data, under `mkdocs serve`.

An edit changes one file, and the loader hands back the very same object for every file
whose text did not change (loader._kept). A render that read only unchanged objects would
make the same text again: `kept` keeps its result with what it read, and reuses it while each
of those is still the same object (an edited tool re-renders its fiche and the pages that
list tools, not the territories'). Off outside serve: a build renders everything once.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Mapping
from datetime import date
from typing import Any

_MISSING = object()
_ALL = object()  # a read of a whole mapping (iterated, counted)

# key -> (reads, result): those of the current data, and those of the previous one (checked).
_now: dict[Hashable, tuple[dict, Any]] = {}
_before: dict[Hashable, tuple[dict, Any]] = {}
_state: dict[str, Any] = {"on": False, "data": None, "day": None}


def keep_between_loads(on: bool = True) -> None:
    _state.update(on=on, data=None, day=None)
    forget()


def forget() -> None:
    """Render everything again at the next call (a template changed: the data did not)."""
    _now.clear()
    _before.clear()


def kept(key: Hashable, data: Any, function: Callable[[Any], Any]) -> Any:
    """`function(data)`, or its result for the same `key` while what it read of `data` is unchanged.

    `key` names everything else the result depends on (language, page, arguments). Pages that
    show today's date in their text (upcoming events) are made again each day."""
    if not _state["on"]:
        return function(data)
    today = date.today()
    if _state["data"] is not data or _state["day"] != today:
        _before.clear()
        if _state["day"] == today:
            _before.update(_now)
        _now.clear()
        _state.update(data=data, day=today)
    found = _now.get(key) or _before.get(key)
    if found is not None and _unchanged(found[0], data):
        _now[key] = found
        return found[1]
    reads: dict = {}
    result = function(_Reader(data, reads))
    _now[key] = (reads, result)
    return result


def _unchanged(reads: dict, data: Any) -> bool:
    for (name, key), seen in reads.items():
        value = getattr(data, name)
        if key is None:
            if value is not seen:
                return False
        elif key is _ALL:
            keys, values = seen
            if tuple(value) != keys or any(a is not b for a, b in zip(value.values(), values, strict=True)):
                return False
        elif value.get(key, _MISSING) is not seen:
            return False
    return True


class _Reader:
    """Stands for the data in a render and notes what it reads: each section it takes whole
    (by the object's identity), each entry of a mapping it looks up, each mapping it goes over."""

    def __init__(self, data: Any, reads: dict):
        self._data = data
        self._reads = reads

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._data, name)
        if callable(value) and not isinstance(value, Mapping):
            # A method of the data (cps_item) reads through the reader too.
            return getattr(type(self._data), name).__get__(self)
        if isinstance(value, Mapping):
            return _MappingReader(name, value, self._reads)
        self._reads[(name, None)] = value
        return value


class _MappingReader(Mapping):
    def __init__(self, name: str, mapping: Mapping, reads: dict):
        self._name = name
        self._mapping = mapping
        self._reads = reads

    def _whole(self) -> None:
        if (self._name, _ALL) not in self._reads:
            self._reads[(self._name, _ALL)] = (tuple(self._mapping), tuple(self._mapping.values()))

    def __getitem__(self, key):
        value = self._mapping.get(key, _MISSING)
        self._reads.setdefault((self._name, key), value)
        if value is _MISSING:
            raise KeyError(key)
        return value

    def get(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key) -> bool:
        return self.get(key, _MISSING) is not _MISSING

    def __iter__(self) -> Iterator:
        self._whole()
        return iter(self._mapping)

    def __len__(self) -> int:
        self._whole()
        return len(self._mapping)

    def keys(self):
        self._whole()
        return self._mapping.keys()

    def values(self):
        self._whole()
        return self._mapping.values()

    def items(self):
        self._whole()
        return self._mapping.items()
