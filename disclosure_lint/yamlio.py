"""YAML loading with line numbers for error messages and an ``!include`` tag for shared fragments."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class ConfigError(Exception):
    """A rule, template or configuration file is malformed.  Carries file and line for the user."""

    def __init__(self, path: str | Path, line: int | None, message: str, hint: str | None = None):
        self.path, self.line, self.message, self.hint = str(path), line, message, hint
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}" + (f" (hint: {hint})" if hint else ""))


# libyaml's loader when PyYAML has it (it does on the usual wheels): rule files load several times faster.
_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BASE):  # type: ignore[misc, valid-type]
    """Safe loader that resolves ``!include other.yaml`` relative to the including file."""


def _include(loader: _Loader, node: yaml.Node) -> Any:
    base = Path(getattr(loader, "source_path", ".")).parent
    target = base / loader.construct_scalar(node)
    return load_yaml(target)


_Loader.add_constructor("!include", _include)


def load_yaml(path: str | Path) -> Any:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(path, None, f"cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(path, None, "not UTF-8 text") from exc
    try:
        loader = _Loader(text)
        loader.source_path = str(path)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise ConfigError(path, mark.line + 1 if mark else None, f"YAML error: {exc.problem}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(path, None, f"YAML error: {exc}") from exc
