"""The stored code of the package's dataclasses (disclosure_lint.codecache) and the marshal store under it
and the regex cache: a class made from stored code is the class the builtin exec makes, other packages'
classes are left alone, a bad file is ignored, and the file stays bounded."""

from __future__ import annotations

import atexit
import dataclasses
import sys
import types

import pytest

import disclosure_lint
from disclosure_lint import codecache
from disclosure_lint.resources import MarshalStore

CLASS = '''
from __future__ import annotations
from dataclasses import dataclass, field

@dataclass(frozen=True)
class Cell:
    """A probe."""
    text: str
    row: int = 0
    tags: tuple[str, ...] = field(default_factory=tuple)
'''


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """A new process's store, its file in tmp_path."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(atexit, "register", lambda *args: None)  # saved by the tests, not at pytest's exit
    monkeypatch.setattr(codecache, "_STORE", MarshalStore("dataclass-code", codecache._key))
    return codecache._STORE


def _make(module_name: str, monkeypatch) -> type:
    module = types.ModuleType(module_name)
    monkeypatch.setitem(sys.modules, module_name, module)
    exec(compile(CLASS, module_name, "exec"), module.__dict__)  # noqa: S102
    return module.Cell


def _refuse(*args, **kwargs):
    raise AssertionError("compiled again")


def test_importing_the_package_installs_it():
    assert disclosure_lint and dataclasses.exec is codecache._exec  # type: ignore[attr-defined]


def test_a_class_made_from_stored_code_is_the_class_exec_makes(fresh, monkeypatch):
    first = _make("disclosure_lint._probe", monkeypatch)
    assert len(fresh._added) == 6  # __init__, __repr__, __eq__, __hash__, __setattr__, __delattr__
    fresh.save()
    monkeypatch.setattr(codecache, "_STORE", MarshalStore("dataclass-code", codecache._key))
    monkeypatch.setattr(codecache, "compile", _refuse, raising=False)  # every method must come from the file
    again = _make("disclosure_lint._probe", monkeypatch)
    monkeypatch.delattr(codecache, "compile")
    for cls in (first, again):
        cell = cls("合计", 3)
        assert repr(cell) == "Cell(text='合计', row=3, tags=())" and cell == cls("合计", 3) != cls("合计", 4)
        assert hash(cell) == hash(cls("合计", 3)) and cell.tags == () and cls.__doc__ == "A probe."
        with pytest.raises(dataclasses.FrozenInstanceError):
            cell.row = 4  # type: ignore[misc]
    assert [f.name for f in dataclasses.fields(again)] == ["text", "row", "tags"]


def test_other_packages_classes_are_left_to_the_builtin(fresh, monkeypatch):
    cls = _make("someone_else", monkeypatch)
    assert cls("a").text == "a" and not fresh._added


def test_a_corrupt_file_or_a_stored_value_that_is_not_code_is_ignored(fresh, monkeypatch):
    fresh.path().parent.mkdir(parents=True)
    fresh.path().write_bytes(b"\x00not marshal")
    assert _make("disclosure_lint._probe", monkeypatch)("x").row == 0
    source = next(iter(fresh._added))
    fresh._entries[source] = 42  # a file of the right key whose entry is not a code object
    assert _make("disclosure_lint._probe", monkeypatch)("y").text == "y"


def test_the_store_keeps_what_it_was_given_and_stays_bounded(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(atexit, "register", lambda *args: None)
    store = MarshalStore("probe", lambda: ("k",), limit=3)
    for n in range(5):
        store.add(n, str(n))
    store.save()
    assert sorted(MarshalStore("probe", lambda: ("k",)).get(n) for n in range(3)) == ["0", "1", "2"]
    assert MarshalStore("probe", lambda: ("another build",)).get(0) is None
    later = MarshalStore("probe", lambda: ("k",), limit=3)
    assert later.get(1) == "1"
    later.add("new", "n")
    later.save()  # over the limit: only what this process used or added is kept
    kept = MarshalStore("probe", lambda: ("k",))
    assert [kept.get(k) for k in (0, 1, 2, "new")] == [None, "1", None, "n"]


def test_exec_called_with_keywords_as_the_builtin_allows(fresh, monkeypatch):
    module = types.ModuleType("disclosure_lint._probe")
    namespace: dict = {}
    codecache._exec("def f():\n    return 42\n", globals=module.__dict__, locals=namespace)
    assert namespace["f"]() == 42 and fresh._added
