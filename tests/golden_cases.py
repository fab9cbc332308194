"""The reports that have golden files, and how a golden file is made.

Regenerate after an intended change with ``python tests/golden_cases.py`` and review the diff.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))

from disclosure_lint.api import lint  # noqa: E402

CASES = sorted(
    [*(HERE / "fixtures" / "seeds").glob("*.txt"), *(HERE / "fixtures" / "reports").glob("*.txt"),
     *(HERE / "fixtures" / "corpus").glob("*.txt")]
)


def golden_path(report: Path) -> Path:
    return HERE / "golden" / f"{report.parent.name}__{report.stem}.json"


def snapshot(report: Path) -> dict:
    result = lint(report.read_text(encoding="utf-8"), path=report.name)
    return {
        "report": f"{report.parent.name}/{report.name}",
        "era": result.report.era.id if result.report.era else None,
        "report_year": result.report.year,
        "diagnostics": [d.as_dict() for d in result.diagnostics],
    }


def main() -> None:
    for case in CASES:
        data = snapshot(case)
        golden_path(case).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{golden_path(case).name}: {len(data['diagnostics'])} diagnostics")


if __name__ == "__main__":
    main()
