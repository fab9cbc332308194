from __future__ import annotations

import os
from pathlib import Path

import pytest

# Messages follow the environment's language (LANG=en_US… means English): the tests expect the default,
# Chinese, whatever the machine that runs them says.
for _name in ("LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_name, None)
os.environ["LANG"] = "C.UTF-8"
# Every test sees fresh results (some replace the linter's internals); tests/test_cache.py turns it on.
os.environ["DISCLOSURE_LINT_NO_CACHE"] = "1"

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden"


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES
