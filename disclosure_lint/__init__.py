"""disclosure-lint: a compliance linter for 政府信息公开工作年度报告."""

__version__ = "0.1.0"

# Before any module of the package defines a class: their dataclasses' generated code is compiled once
# per machine, not on every start (a third of a one-report run).  Reads nothing until the first class.
from disclosure_lint import codecache as _codecache  # noqa: E402

_codecache.install()
