"""The HTML report in a real headless browser (Debian's ``chromium``, installed by .ci/run).

One page of the corpus reports is loaded with a probe script appended: it sorts and filters the overview
through the page's own controls, opens every report, and writes what it saw (row orders, every finding's
highlighted text and whether it is laid out on screen) into the DOM, which the browser dumps.  A second
run takes a screenshot, which must not be blank.
"""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from disclosure_lint import api
from disclosure_lint.checks.run_config import Config
from disclosure_lint.output import FileResult
from disclosure_lint.output.html import INLINE_LIMIT, render_html

FIXTURES = Path(__file__).parent / "fixtures"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome")

PROBE = r"""
<script>
(function(){
  var out={}, dl=window.disclosureLint, table=document.getElementById('overview');
  function column(n){return [].map.call(table.tBodies[0].rows,function(r){return r.cells[n].getAttribute('data-sort');});}
  function head(n){return table.tHead.rows[0].cells[n];}
  out.rows=table.tBodies[0].rows.length;
  var scoreCol=table.tHead.rows[0].cells.length-2;
  head(scoreCol).querySelector('button').click(); out.scoreAsc=column(scoreCol);
  head(scoreCol).querySelector('button').click(); out.scoreDesc=column(scoreCol);
  head(1).querySelector('button').click(); out.yearAsc=column(1);
  var f=document.getElementById('filter'); f.value=__QUERY__; f.dispatchEvent(new Event('input'));
  out.filtered=[].filter.call(table.tBodies[0].rows,function(r){return r.style.display!=='none';}).length;
  f.value=''; f.dispatchEvent(new Event('input'));
  out.findings=[];
  [].forEach.call(document.querySelectorAll('section.report'),function(s){
    s.querySelector('button.open') && s.querySelector('button.open').click();
    [].forEach.call(s.querySelectorAll('li.finding'),function(li){
      var i=li.getAttribute('data-f'), text='', width=0, where=null;
      [].forEach.call(s.querySelectorAll('mark'),function(m){
        if(m.getAttribute('data-f').split(' ').indexOf(i)<0)return;
        text+=m.textContent; width+=m.getBoundingClientRect().width;
        var ln=m.closest('.ln'); if(where===null)where=ln?'line '+ln.getAttribute('data-line'):(m.closest('td')?'cell':'?');
      });
      out.findings.push({report:+s.getAttribute('data-index'),index:+i,text:text,width:width,where:where,
        anchor:!!document.getElementById('r'+s.getAttribute('data-index')+'-m'+i)});
    });
  });
  var pre=document.createElement('pre'); pre.id='probe'; pre.textContent=JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>
"""


def _browser() -> str | None:
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


BROWSER = _browser()
pytestmark = pytest.mark.skipif(BROWSER is None, reason="no chromium found (.ci/run installs Debian's chromium)")


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    command = [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
               "--hide-scrollbars", f"--user-data-dir={tmp_path / 'profile'}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=180)


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """The corpus web reports and table rules' failing fixtures (more than INLINE_LIMIT, so details are
    built on demand) and their page."""
    tables = ("table-unbalanced", "sum-mismatch", "blank-cell", "unreadable-cell", "negative-count")
    paths = [*sorted((FIXTURES / "corpus" / "web").iterdir()),
             *(p for rule in tables for p in sorted((FIXTURES / "rules" / rule).glob("fail_*.txt")))]
    assert len(paths) > INLINE_LIMIT
    docs = [(api.document_of(api.read_input(str(p), p)), Config()) for p in paths]
    items = [FileResult(p.name, r) for p, r in zip(paths, api.lint_many(docs))]
    folder = tmp_path_factory.mktemp("html")
    page = folder / "report.html"
    page.write_text(render_html(items, Config()), encoding="utf-8")
    return items, page, folder


@pytest.fixture(scope="module")
def probed(batch):
    items, page, folder = batch
    query = items[3].result.report.issuer or items[3].path
    probe = folder / "probe.html"
    html = page.read_text(encoding="utf-8")
    probe.write_text(html.replace("</body>", PROBE.replace("__QUERY__", json.dumps(query)) + "</body>"), encoding="utf-8")
    done = _run(folder, "--virtual-time-budget=20000", "--dump-dom", probe.as_uri())
    found = re.search(r'<pre id="probe">(.*?)</pre>', done.stdout, re.S)
    assert found, done.stderr[-2000:]
    from html import unescape

    return json.loads(unescape(found.group(1)))


def test_one_overview_row_per_report_and_sorting_works(batch, probed):
    items = batch[0]
    assert probed["rows"] == len(items)
    asc = [float(v) for v in probed["scoreAsc"]]
    assert asc == sorted(asc) and [float(v) for v in probed["scoreDesc"]] == sorted(asc, reverse=True)
    years = [int(v) for v in probed["yearAsc"]]
    assert years == sorted(years) and years[0] < years[-1]
    assert 1 <= probed["filtered"] < len(items)


def test_every_finding_is_highlighted_at_its_text_on_screen(batch, probed):
    items = batch[0]
    seen = {(f["report"], f["index"]): f for f in probed["findings"]}
    assert len(seen) == sum(len(i.result.diagnostics) for i in items) > 50
    for n, item in enumerate(items):
        lines = item.result.report.document.source.raw_lines
        for i, diag in enumerate(item.result.diagnostics):
            shown = seen[(n, i)]
            assert shown["anchor"] and shown["width"] > 0, (item.path, diag)
            line = lines[diag.span.line - 1]
            end = diag.span.end_column - 1 if diag.span.end_line == diag.span.line else len(line)
            expected = line[diag.span.column - 1:end]
            assert shown["text"] and (expected in shown["text"] or shown["text"] in expected), (item.path, diag, shown)
            if shown["where"].startswith("line"):
                assert shown["where"] == f"line {diag.span.line}"
    assert sum(f["where"] == "cell" for f in probed["findings"]) > 10  # wrong table cells marked in tables


def _png_is_not_blank(data: bytes) -> tuple[int, int, float]:
    """Width, height and the share of non-white bytes of a PNG (decoded with zlib, no imaging library)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    chunks, pos = [], 8
    while pos < len(data):
        length = struct.unpack(">I", data[pos:pos + 4])[0]
        if data[pos + 4:pos + 8] == b"IDAT":
            chunks.append(data[pos + 8:pos + 8 + length])
        pos += 12 + length
    raw = zlib.decompress(b"".join(chunks))
    return width, height, sum(1 for b in raw[::7] if b < 200) / max(len(raw[::7]), 1)


def test_screenshot_shows_the_overview(batch):
    _, page, folder = batch
    shot = folder / "shot.png"
    _run(folder, "--window-size=1280,900", f"--screenshot={shot}", page.as_uri())
    width, height, ink = _png_is_not_blank(shot.read_bytes())
    assert (width, height) == (1280, 900)
    assert ink > 0.01  # text and table rules, not an empty page


def test_printing_builds_and_prints_every_report(batch):
    """Printed (to PDF), the page holds every report's text, each from a new page, and no buttons."""
    import pypdfium2

    items, page, folder = batch
    printed = folder / "printed.pdf"
    _run(folder, f"--print-to-pdf={printed}", "--no-pdf-header-footer", page.as_uri())
    pdf = pypdfium2.PdfDocument(str(printed))
    texts = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    assert sum("报告原文" in t for t in texts) == len(items)
    assert not any("展开检查详情" in t or "筛选" in t for t in texts)


# --- a hostile report: what a report quotes cannot run in the page that shows it --------------------------

PAYLOADS = (
    "<script>document.documentElement.setAttribute('data-pwned','script')</script>",
    "<img src=x onerror=\"document.documentElement.setAttribute('data-pwned','img')\">",
    "\"><svg onload=\"document.documentElement.setAttribute('data-pwned','svg')\">",
    "</textarea></pre></code><script>document.documentElement.setAttribute('data-pwned','close')</script>",
    "javascript:document.documentElement.setAttribute('data-pwned','href')",
)


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory):
    """A real report with the payloads in its title, prose, a table cell, a placeholder and its file name,
    rendered by ``check --output html:``."""
    from click.testing import CliRunner

    from disclosure_lint.cli import main

    folder = tmp_path_factory.mktemp("hostile-html")
    seed = next((FIXTURES / "seeds").glob("001_*.txt")).read_text(encoding="utf-8").splitlines()
    seed[0] = seed[0] + PAYLOADS[0]
    body = next(i for i, line in enumerate(seed) if line.startswith("一、"))
    seed.insert(body + 1, f"我局共收到申请{PAYLOADS[1]}3件，其中予以公开2件、不予公开2件。XX局{PAYLOADS[4]}")
    seed.insert(body + 2, f"联系人：{PAYLOADS[2]}　地址：{PAYLOADS[3]}")
    report = folder / "report<img src=x onerror=alert(1)>.txt"
    report.write_text("\n".join(seed) + "\n", encoding="utf-8")
    page = folder / "page.html"
    result = CliRunner().invoke(main, ["check", "--no-color", f"--output=html:{page}", str(report)])
    assert result.exit_code == 1 and page.exists(), result.output
    return folder, page


def test_hostile_report_runs_nothing_and_shows_its_text(hostile_page):
    folder, page = hostile_page
    done = _run(folder, "--virtual-time-budget=5000", "--dump-dom", page.as_uri())
    dom = done.stdout
    assert "<html" in dom, done.stderr[-2000:]
    assert "data-pwned" not in dom.split(">", 2)[1] and 'data-pwned="' not in dom  # no payload ran
    # The payloads are there as text the reader can see, escaped, not as elements.
    assert "&lt;script&gt;document.documentElement" in dom
    assert "&lt;img src=x onerror=" in dom
    from lxml import html

    live = html.document_fromstring(dom)
    written = html.document_fromstring(page.read_text(encoding="utf-8"))
    assert not list(live.iter("svg", "img", "iframe", "object", "embed"))
    assert not [t for t in live.iter() if isinstance(t.tag, str) and any(a.startswith("on") for a in t.attrib)]
    assert not [a for a in live.iter("a") if a.get("href", "").strip().lower().startswith("javascript:")]
    assert len(list(live.iter("script"))) == len(list(written.iter("script")))  # only the page's own


def test_hostile_report_screenshot_shows_the_page(hostile_page):
    folder, page = hostile_page
    shot = folder / "hostile.png"
    _run(folder, "--window-size=1280,900", f"--screenshot={shot}", page.as_uri())
    width, height, ink = _png_is_not_blank(shot.read_bytes())
    assert (width, height) == (1280, 900) and ink > 0.01
