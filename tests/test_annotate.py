"""annotate: a Word report comes back with one comment per finding, where the finding points."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from disclosure_lint import api
from disclosure_lint.cli import main
from disclosure_lint.output.annotate_docx import AUTHOR

FORMATS = Path(__file__).parent / "fixtures" / "formats"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REPORTS = ["seeds__001_65a8da51980a352c.docx", "seeds__002_edfb146d8257d242.docx", "seeds__004_5e2003fe5991136c.docx"]


def _run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def annotated(tmp_path_factory) -> dict[str, tuple[Path, Path, list[dict]]]:
    """Each report copied (mtime set in the past), annotated by the CLI, and its findings as JSON."""
    out = {}
    base = tmp_path_factory.mktemp("annotate")
    for name in REPORTS:
        report = base / name
        shutil.copyfile(FORMATS / name, report)
        os.utime(report, (1_500_000_000, 1_500_000_000))
        target = base / f"{report.stem}.checked.docx"
        result = _run("annotate", str(report), "-o", str(target), "--no-config")
        assert result.exit_code == 0, result.output
        findings = json.loads(_run("check", "--format", "json", "--no-config", str(report)).output)
        out[name] = (report, target, findings["files"][0]["diagnostics"])
    return out


def _anchor(doc, comment_id: int) -> str:
    """Where a comment's range starts, in the reader's words: “第N段” or “表T 第R行 第C格”."""
    body = doc.element.body
    start = next(e for e in body.iter(f"{W}commentRangeStart") if e.get(f"{W}id") == str(comment_id))
    tc = next((a for a in start.iterancestors(f"{W}tc")), None)
    if tc is None:
        paragraph = next(start.iterancestors(f"{W}p"))
        texts = [p for p in body.iterchildren(f"{W}p") if "".join(t.text or "" for t in p.iter(f"{W}t")).strip()]
        return f"第{texts.index(paragraph) + 1}段"
    tr = tc.getparent()
    tbl = tr.getparent()
    col = sum(int(c.find(f"{W}tcPr/{W}gridSpan").get(f"{W}val")) if c.find(f"{W}tcPr/{W}gridSpan") is not None
              else 1 for c in tr.iterchildren(f"{W}tc") if c is not tc and tr.index(c) < tr.index(tc))
    return f"表{list(body.iterchildren(f'{W}tbl')).index(tbl) + 1} 第{tbl.index(tr) - _non_rows(tbl) + 1}行 第{col + 1}格"


def _non_rows(tbl) -> int:
    return sum(1 for child in tbl if child.tag != f"{W}tr")


@pytest.mark.parametrize("name", REPORTS)
def test_one_comment_per_finding_at_its_place(annotated, name):
    report, target, findings = annotated[name]
    doc = docx.Document(str(target))
    comments = list(doc.comments)
    assert findings and len(comments) == len(findings)
    source = api.read_input(str(report), report).source
    expected = sorted((source.location(d["line"], d["column"]) or "", d["message"]) for d in findings)
    found = sorted((_anchor(doc, c.comment_id), c.text.split("\n")[0].split("】", 1)[1]) for c in comments)
    assert found == expected
    assert {c.author for c in comments} == {AUTHOR}
    assert all(any(d["name"] in c.text for d in findings) for c in comments)


def test_original_never_touched(annotated):
    for name, (report, _, _) in annotated.items():
        assert report.read_bytes() == (FORMATS / name).read_bytes()
        assert report.stat().st_mtime == 1_500_000_000


def test_sentence_anchor_covers_the_sentence_only(annotated):
    report, target, findings = annotated["seeds__001_65a8da51980a352c.docx"]
    doc = docx.Document(str(target))
    pct = next(c for c in doc.comments if "percentage-mismatch" in c.text)
    start = next(e for e in doc.element.body.iter(f"{W}commentRangeStart") if e.get(f"{W}id") == str(pct.comment_id))
    paragraph = next(start.iterancestors(f"{W}p"))
    inside, text = False, ""
    for e in paragraph.iter():
        if e.tag in (f"{W}commentRangeStart", f"{W}commentRangeEnd") and e.get(f"{W}id") == str(pct.comment_id):
            inside = e.tag.endswith("Start")
        elif inside and e.tag == f"{W}t":
            text += e.text or ""
    assert "8.1%" in text and text.endswith("；") and "6.6%" not in text
    para_text = "".join(t.text or "" for t in paragraph.iter(f"{W}t"))
    assert para_text == docx.Document(str(report)).paragraphs[_index_of(report, para_text)].text


def _index_of(report: Path, text: str) -> int:
    return next(i for i, p in enumerate(docx.Document(str(report)).paragraphs) if p.text == text)


def test_annotate_refuses_to_overwrite_the_report(tmp_path):
    report = tmp_path / "r.docx"
    shutil.copyfile(FORMATS / REPORTS[0], report)
    before = report.read_bytes()
    result = _run("annotate", str(report), "-o", str(report), "--no-config")
    assert result.exit_code == 2 and report.read_bytes() == before


def test_bad_input_is_a_message_not_a_crash(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    result = _run("annotate", str(bad), "--no-config")
    assert result.exit_code == 2 and "bad.docx" in result.output
    assert not list(tmp_path.glob("*.checked.*"))


@pytest.fixture(scope="module")
def rendered(annotated, tmp_path_factory, request) -> Path:
    """LibreOffice renders one annotated copy to PDF, once per test run, comments exported as notes."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (Debian libreoffice-writer-nogui) is needed: .ci/run installs it"
    _, target, _ = annotated[REPORTS[0]]
    out = tmp_path_factory.mktemp("pdf")
    export = 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}'
    cache = getattr(request.config, "cache", None)  # absent with -p no:cacheprovider
    profile = cache.mkdir("libreoffice-profile") if cache else out / "profile"  # made once (slow), then reused
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", export,
                    "--outdir", str(out), str(target)], check=True, capture_output=True, timeout=180)
    return out / f"{target.stem}.pdf"


def _annotation_texts(page) -> list[str]:
    import ctypes

    import pypdfium2.raw as pdfium

    texts = []
    for index in range(pdfium.FPDFPage_GetAnnotCount(page.raw)):
        annot = pdfium.FPDFPage_GetAnnot(page.raw, index)
        size = pdfium.FPDFAnnot_GetStringValue(annot, b"Contents", None, 0)  # bytes of UTF-16LE, with the NUL
        if size > 2:
            buffer = ctypes.create_string_buffer(size)
            pdfium.FPDFAnnot_GetStringValue(annot, b"Contents", ctypes.cast(buffer, ctypes.POINTER(pdfium.FPDF_WCHAR)), size)
            texts.append(buffer.raw[:size - 2].decode("utf-16-le"))
        pdfium.FPDFPage_CloseAnnot(annot)
    return texts


def test_libreoffice_renders_every_comment(rendered, annotated):
    import pypdfium2

    pdf = pypdfium2.PdfDocument(rendered)
    assert "罗山街道" in pdf[0].get_textpage().get_text_range()
    notes = [text for page in pdf for text in _annotation_texts(page)]
    _, target, findings = annotated[REPORTS[0]]
    assert sorted(notes) == sorted(c.text for c in docx.Document(str(target)).comments)


def test_text_report_gives_the_html_report_of_the_file(tmp_path):
    from html import escape

    report = tmp_path / "report.txt"
    shutil.copyfile(Path(__file__).parent / "fixtures" / "seeds" / "002_edfb146d8257d242.txt", report)
    result = _run("annotate", str(report), "--no-config")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "report.checked.html").read_text(encoding="utf-8")
    findings = json.loads(_run("check", "--format", "json", "--no-config", str(report)).output)["files"][0]
    assert page.startswith("<!DOCTYPE html>") and findings["diagnostics"]
    assert all(escape(d["message"], quote=True) in page for d in findings["diagnostics"])
