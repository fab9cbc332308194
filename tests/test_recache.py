"""The package's ``re`` (disclosure_lint.recache): patterns rebuilt from stored code are the very patterns
``re.compile`` makes, a bad or foreign file is ignored, and no module compiles through ``re`` directly."""

from __future__ import annotations

import atexit
import re as stdlib_re
from pathlib import Path

import pytest

from disclosure_lint import recache
from disclosure_lint.resources import MarshalStore

PACKAGE = Path(recache.__file__).parent
PATTERNS = [
    (r"[\u4e00-\u9fff]{2,8}(?:局|委员会)", 0),
    (r"(?P<year>(?:19|20)\d{2})\s*年", 0),
    (r"(?<![0-9])([0-9０-９]+)\s*(件|条|次)(?!以上)", 0),
    (r"email|电子邮箱", stdlib_re.IGNORECASE),
    (r"^\s*[一二三四五六七八九十]+、", stdlib_re.MULTILINE),
    (r" a \s+ b  # comment", stdlib_re.VERBOSE),
    (r"(a)(b)?\2|.", stdlib_re.DOTALL),
]
TEXT = "二〇二一年度\n一、某某市人民政府办公室\n2021年 共受理12件，EMAIL a  b，x"


@pytest.fixture
def fresh(tmp_path, monkeypatch) -> Path:
    """A process that has compiled nothing yet, with its cache directory in tmp_path."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(atexit, "register", lambda *args: None)  # saved by the tests, not at pytest's exit
    _forget(monkeypatch)
    return tmp_path / "disclosure-lint"


def _forget(monkeypatch) -> None:
    """A new process: nothing compiled, the file not read yet."""
    recache._compiled.cache_clear()
    monkeypatch.setattr(recache, "_STORE", MarshalStore("regex", recache._key))


def test_patterns_rebuilt_from_the_stored_file_equal_those_of_re(fresh, monkeypatch):
    first = [recache.compile(p, f) for p, f in PATTERNS]
    recache._STORE.save()
    assert len(list(fresh.glob("regex-*.marshal"))) == 1
    _forget(monkeypatch)
    monkeypatch.setattr(recache._re, "compile", _refuse)  # every pattern must now come from the file
    again = [recache.compile(p, f) for p, f in PATTERNS]
    monkeypatch.undo()
    for (pattern, flags), old, new in zip(PATTERNS, first, again):
        assert new == stdlib_re.compile(pattern, flags) == old
        assert new.groupindex == old.groupindex and new.groups == old.groups
        assert [m.span() for m in new.finditer(TEXT)] == [m.span() for m in stdlib_re.finditer(pattern, TEXT, flags)]


def _refuse(*args, **kwargs):
    raise AssertionError(f"compiled again: {args}")


@pytest.mark.parametrize("content", [b"", b"\x00garbage", None])
def test_a_corrupt_or_foreign_file_is_ignored(fresh, content, monkeypatch):
    recache.compile(PATTERNS[0][0])
    recache._STORE.save()
    (path,) = fresh.glob("regex-*.marshal")
    if content is None:  # a file of another interpreter build
        monkeypatch.setattr(recache, "_key", lambda: ("another python",))
    else:
        path.write_bytes(content)
    _forget(monkeypatch)
    assert recache.compile(PATTERNS[0][0]).findall("某某市委员会") == stdlib_re.findall(PATTERNS[0][0], "某某市委员会")
    assert recache._STORE._added  # compiled the ordinary way, and to be stored again


def test_code_that_sre_rejects_falls_back_to_compiling(fresh, monkeypatch):
    recache.compile("abc")
    recache._STORE.save()
    _forget(monkeypatch)
    recache._STORE.get(("abc", 0))
    recache._STORE._entries[("abc", 0)] = (32, b"\x01\x02", 0, {}, (None,))
    assert recache.compile("abc") == stdlib_re.compile("abc")


def test_the_functions_behave_as_those_of_re():
    pattern, text = r"(\d+)(件|次)", "受理12件，答复3次"
    assert recache.search(pattern, text).group(0) == stdlib_re.search(pattern, text).group(0)
    assert recache.match(r"受理", text) and not recache.fullmatch(r"受理", text)
    assert recache.sub(pattern, r"<\1>", text, count=1) == stdlib_re.sub(pattern, r"<\1>", text, count=1)
    assert recache.subn(pattern, "", text) == stdlib_re.subn(pattern, "", text)
    assert recache.split(r"[，,]", text) == ["受理12件", "答复3次"]
    assert recache.findall(pattern, text) == [("12", "件"), ("3", "次")]
    assert [m.span() for m in recache.finditer(pattern, text)] == [(2, 5), (8, 10)]
    compiled = recache.compile(pattern)
    assert recache.compile(compiled) is compiled and recache.compile(b"\\d").match(b"1")
    assert recache.escape("a.b") == r"a\.b" and recache.error is stdlib_re.error and recache.NOFLAG == 0


def test_the_package_compiles_no_pattern_through_the_standard_re():
    """Every module uses the cached ``re``: one compiling through the standard module would pay the full
    compile on every run again (and a class of Chinese characters costs up to a millisecond)."""
    generated = ("recache.py", "report_parser.py")  # the cache itself, and Lark's generated parser (no patterns)
    offenders = [str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py") if path.name not in generated
                 and stdlib_re.search(r"^\s*(?:import re\b|from re import)", path.read_text(encoding="utf-8"),
                                      stdlib_re.MULTILINE)]
    assert offenders == []


def test_a_python_whose_compiler_internals_differ_compiles_as_re_and_stores_nothing(fresh, monkeypatch):
    monkeypatch.setattr(recache, "_internals", lambda: (None, None))  # _code and parse are not where expected
    pattern, flags = PATTERNS[1]
    assert recache.compile(pattern, flags) == stdlib_re.compile(pattern, flags)
    assert not recache._STORE._added
