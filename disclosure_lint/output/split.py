"""``--split-output DIR``: one small HTML page per report, named after its unit, to send back to it."""

from __future__ import annotations

from disclosure_lint import recache as re
from pathlib import Path

from disclosure_lint.checks.run_config import Config
from disclosure_lint.output import FileResult
from disclosure_lint.output.files import write_atomic
from disclosure_lint.output.html import render_report_html
from disclosure_lint.output.summary import BatchInfo

# Characters no file system (or a zip for e-mail) takes in a name, and runs of white space.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+|\s+')


def file_name(name: str, year: int | None, taken: set[str]) -> str:
    """A file name for a unit's page: its name and year, made safe, unique within ``taken``."""
    stem = _UNSAFE.sub("_", name).strip("._") or "report"
    stem = stem[:80] + (f"_{year}" if year else "")
    candidate, n = f"{stem}.html", 2
    while candidate.lower() in taken:
        candidate, n = f"{stem}_{n}.html", n + 1
    taken.add(candidate.lower())
    return candidate


def write_split(folder: Path, items: list[FileResult], config: Config, batch: BatchInfo) -> list[Path]:
    """Write each report's page into ``folder`` (made if missing); the paths written, in input order."""
    folder.mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    written = []
    for item, summary in zip(items, batch.summaries(items)):
        name = summary.unit or summary.issuer or Path(item.path).stem
        target = folder / file_name(name, summary.year, taken)
        write_atomic(target, render_report_html(item, config, lang=config.lang, rubric=batch.rubric, unit=summary.unit))
        written.append(target)
    return written
