"""YAML loading for rule, template and configuration files: safe, bounded, with line numbers.

Rule and configuration files are input too: they may come from anywhere.  So the loader is PyYAML's
safe loader (no Python tags), alias expansion is bounded (a "billion laughs" file is refused before
anything walks it), ``!include other.yaml`` reads only files inside the including file's own
directory tree (or the bundled rules), and every mapping remembers the line of each of its keys so
that errors can point at it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import yaml


class ConfigError(Exception):
    """A rule, template or configuration file is malformed.  Carries file and line for the user."""

    def __init__(self, path: str | Path, line: int | None, message: str, hint: str | None = None):
        self.path, self.line, self.message, self.hint = str(path), line, message, hint
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}" + (f" (hint: {hint})" if hint else ""))


class LineDict(dict):
    """A YAML mapping that knows its own line and each key's line (1-based)."""

    line: int | None = None
    lines: dict[Any, int]

    def line_of(self, key: Any) -> int | None:
        return getattr(self, "lines", {}).get(key, self.line)


# Past this many nodes after alias expansion a file is refused: real rule files have a few thousand.
MAX_EXPANDED_NODES = 200_000
MAX_INCLUDE_DEPTH = 8
MAX_BYTES = 4 * 1024 * 1024

@lru_cache(maxsize=1)
def _loader_class() -> type:
    """The safe loader class: mappings with lines, ``!include`` confined to the allowed directories.
    Built on first use: a run whose rules and templates come from the data cache never imports yaml."""
    import yaml

    # libyaml's loader when PyYAML has it (it does on the usual wheels): rule files load several times faster.
    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = type("_Loader", (base,), {"roots": (), "stack": ()})
    loader.add_constructor("tag:yaml.org,2002:map", _mapping)
    loader.add_constructor("!include", _include)
    return loader


def _mapping(loader: Any, node: yaml.MappingNode) -> Any:
    data = LineDict()
    data.line = node.start_mark.line + 1
    data.lines = {}
    yield data
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError as exc:
            raise _Problem(key_node, "a mapping key must be a plain value") from exc
        data[key] = loader.construct_object(value_node, deep=True)
        data.lines[key] = key_node.start_mark.line + 1


class _Problem(Exception):
    def __init__(self, node: yaml.Node, message: str):
        super().__init__(message)
        self.line = node.start_mark.line + 1
        self.message = message


def _include(loader: Any, node: yaml.Node) -> Any:
    name = loader.construct_scalar(node)
    target = (loader.source_path.parent / str(name)).resolve()
    if not any(target.is_relative_to(root) for root in loader.roots):
        raise _Problem(node, f"!include {name!r} is outside the directory of the file that includes it")
    if target in loader.stack or len(loader.stack) >= MAX_INCLUDE_DEPTH:
        raise _Problem(node, f"!include {name!r} includes itself (directly or through other files)")
    return load_yaml(target, roots=loader.roots, _stack=loader.stack)


def _expanded_size(node: yaml.Node, memo: dict[int, int], active: set[int]) -> int:
    """How many nodes the document has once every alias is expanded (shared nodes counted each time)."""
    import yaml

    key = id(node)
    if key in memo:
        return memo[key]
    if key in active:
        raise _Problem(node, "an alias refers to the node that contains it (a recursive structure)")
    active.add(key)
    if isinstance(node, yaml.MappingNode):
        children = [n for pair in node.value for n in pair]
    elif isinstance(node, yaml.SequenceNode):
        children = list(node.value)
    else:
        children = []
    total = 1
    for child in children:
        total += _expanded_size(child, memo, active)
        if total > MAX_EXPANDED_NODES:
            raise _Problem(node, f"more than {MAX_EXPANDED_NODES} values once aliases are expanded")
    active.discard(key)
    memo[key] = total
    return total


def read_text(path: Path, limit: int = MAX_BYTES) -> str:
    try:
        if not path.is_file():
            raise ConfigError(path, None, "not a regular file" if path.exists() else "no such file")
        if path.stat().st_size > limit:
            raise ConfigError(path, None, f"larger than {limit // (1024 * 1024)} MB: not a file of this kind")
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(path, None, f"cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise ConfigError(path, line, "not UTF-8 text") from exc


def _bundled_rules() -> Path:
    from disclosure_lint.resources import data_dir

    return data_dir("rules").resolve()


def load_yaml(path: str | Path, roots: tuple[Path, ...] | None = None, _stack: tuple[Path, ...] = ()) -> Any:
    """The data of one YAML file.  ``!include`` may read files under ``roots`` only (default: the
    file's own directory)."""
    path = Path(path).resolve()
    import yaml

    text = read_text(path)
    loader = _loader_class()(text)
    loader.source_path = path
    loader.roots = roots if roots is not None else (path.parent, _bundled_rules())
    loader.stack = (*_stack, path)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _expanded_size(node, {}, set())
        return loader.construct_document(node)
    except _Problem as exc:
        raise ConfigError(path, exc.line, exc.message) from None
    except yaml.reader.ReaderError as exc:
        line = text[: max(0, exc.position)].count("\n") + 1
        raise ConfigError(path, line, f"YAML error: a character YAML does not allow ({exc.reason})",
                          hint="remove control characters") from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise ConfigError(path, mark.line + 1 if mark else None, f"YAML error: {exc.problem}") from exc
    except (yaml.YAMLError, RecursionError) as exc:
        raise ConfigError(path, None, f"YAML error: {type(exc).__name__}") from exc
    finally:
        loader.dispose()


def line_of(data: Any, *keys: Any) -> int | None:
    """The line of the deepest of ``keys`` found in ``data`` (a path into nested mappings and lists)."""
    line = data.line if isinstance(data, LineDict) else None
    for key in keys:
        if isinstance(data, LineDict) and key in data:
            line = data.line_of(key)
            data = data[key]
        elif isinstance(data, list) and isinstance(key, int) and 0 <= key < len(data):
            data = data[key]
            line = data.line if isinstance(data, LineDict) else line
        else:
            break
    return line
