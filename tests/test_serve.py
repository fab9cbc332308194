"""serve: the local web page, driven through a real headless Chromium (Debian's chromium and
chromium-driver, installed by .ci/run) with Selenium, and a bounded loopback load test.

The server runs as a real ``disclosure-lint serve`` process on 127.0.0.1 with its own TMPDIR, so the
tests can see that nothing of an upload is left on disk.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from disclosure_lint import api

FIXTURES = Path(__file__).parent / "fixtures"
WORD = FIXTURES / "formats" / "seeds__001_65a8da51980a352c.docx"
TEXT = FIXTURES / "seeds" / "002_edfb146d8257d242.txt"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _files_under(root: Path) -> list[Path]:
    """Regular files under ``root``, other than multiprocessing's socket (the worker server's address)
    and Lark's cache of the report grammar (made from the grammar, never from a report)."""
    return [p for p in root.rglob("*") if p.is_file() and not p.is_socket() and not p.name.startswith(".lark_cache")]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``disclosure-lint serve`` on a free loopback port, with a private TMPDIR; stopped with SIGTERM."""
    tmp = tmp_path_factory.mktemp("serve-tmp")
    port = _free_port()
    env = {**os.environ, "TMPDIR": str(tmp)}
    proc = subprocess.Popen([sys.executable, "-m", "disclosure_lint", "serve", "--port", str(port), "--no-config",
                             "--max-size", "1", "--timeout", "30"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("the server did not start: " + proc.communicate()[0].decode(errors="replace"))
    yield base, tmp, proc
    proc.send_signal(signal.SIGTERM)
    log = proc.communicate(timeout=30)[0].decode("utf-8", errors="replace")
    assert proc.returncode == 0, log
    assert _files_under(tmp) == [] and not [p for p in tmp.iterdir() if p.is_dir()], "the server left files behind"
    assert "Traceback" not in log
    assert "罗山街道" not in log and WORD.name not in log  # never a name or content in the log


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    chromium = shutil.which("chromium")
    driver_path = shutil.which("chromedriver")
    assert chromium and driver_path, "Debian's chromium and chromium-driver are needed: .ci/run installs them"
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--user-data-dir={tmp_path_factory.mktemp('chromium')}", "--window-size=1100,900", "--lang=zh-CN"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def _upload(browser, base: str, path: Path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(base + "/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "政府信息公开工作年度报告检查"
    browser.find_element(By.ID, "report").send_keys(str(path))
    browser.find_element(By.ID, "submit").click()
    WebDriverWait(browser, 60).until(ec.presence_of_element_located((By.ID, "again")) if path.suffix != ".bin"
                                     else ec.presence_of_element_located((By.ID, "problem")))
    return browser


def test_upload_a_word_report_shows_its_findings_and_offers_the_annotated_copy(server, browser):
    import base64
    import io

    import docx
    from selenium.webdriver.common.by import By

    base, _, _ = server
    page = _upload(browser, base, WORD)
    shown = page.find_element(By.TAG_NAME, "body").text
    expected = api.lint_document(api.document_of(api.read_input(str(WORD), WORD))).diagnostics
    assert expected and all(d.message in shown for d in expected)
    assert "错误" in shown
    link = page.find_element(By.ID, "download")
    assert link.get_attribute("download") == "seeds__001_65a8da51980a352c.checked.docx"
    copy = docx.Document(io.BytesIO(base64.b64decode(link.get_attribute("href").split(",", 1)[1])))
    assert len(list(copy.comments)) == len(expected)


def test_a_binary_upload_gets_a_message_and_the_server_keeps_serving(server, browser, tmp_path):
    from selenium.webdriver.common.by import By

    base, _, _ = server
    binary = tmp_path / "photo.bin"
    binary.write_bytes(bytes(range(256)) * 64)
    page = _upload(browser, base, binary)
    message = page.find_element(By.ID, "problem").text
    assert "无法检查" in message and "无法读取" in message
    _upload(browser, base, TEXT)  # the next upload is served as usual
    assert page.find_element(By.ID, "again").text == "检查另一份报告"


def test_pasted_text_is_checked(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    base, _, _ = server
    browser.get(base + "/")
    area = browser.find_element(By.ID, "text")
    browser.execute_script("arguments[0].value = arguments[1]", area, TEXT.read_text(encoding="utf-8"))
    browser.find_element(By.ID, "submit").click()
    WebDriverWait(browser, 60).until(ec.presence_of_element_located((By.ID, "again")))
    expected = api.lint(TEXT.read_text(encoding="utf-8")).diagnostics
    shown = browser.find_element(By.TAG_NAME, "body").text
    assert expected and all(d.message in shown for d in expected)


def _post(base: str, fields: dict):
    import urllib3

    return urllib3.request("POST", base + "/check", fields=fields, timeout=60, retries=False)


def test_too_large_and_empty_uploads_are_refused_with_a_message(server):
    base, _, _ = server
    big = _post(base, {"report": ("big.txt", b"x" * (1024 * 1024 + 10), "text/plain")})
    assert big.status == 413 and "文件太大" in big.data.decode("utf-8")
    empty = _post(base, {"text": "  "})
    assert empty.status == 400 and "没有收到文件或文本" in empty.data.decode("utf-8")


def test_load_200_uploads_8_at_a_time_without_failure_or_leftovers(server):
    base, tmp, proc = server
    small = FIXTURES / "reports" / "2023_town_pipe.txt"
    reports = [(small.name, small.read_bytes()), (TEXT.name, TEXT.read_bytes()), ("junk.docx", b"PK\x03\x04junk")]

    def one(i: int) -> tuple[int, bool]:
        name, data = reports[i % len(reports)]
        response = _post(base, {"report": (name, data, "application/octet-stream")})
        if i == 0:  # and one Word file, annotated, among them
            response = _post(base, {"report": (WORD.name, WORD.read_bytes(), "application/octet-stream")})
        return response.status, "again" in response.data.decode("utf-8") or "problem" in response.data.decode()

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(one, range(200)))
    assert time.monotonic() - started < 240
    statuses = [status for status, _ in results]
    assert all(page for _, page in results)
    assert statuses.count(200) == 134 and statuses.count(422) == 66  # every junk file, and only those, refused
    assert proc.poll() is None
    assert _files_under(tmp) == []


def test_a_check_past_the_time_limit_is_stopped_and_the_next_one_served():
    from disclosure_lint.checks.run_config import Config
    from disclosure_lint.serve import Checker, Limits, UploadError

    checker = Checker(Limits(timeout=0.3, workers=1))
    try:
        slow = (TEXT.read_text(encoding="utf-8") + "\n") * 120  # far more than 0.3 s of checking, under the line limit
        with pytest.raises(UploadError) as stopped:
            checker.check("slow.txt", slow.encode("utf-8"), Config())
        assert stopped.value.status == 504 and "超时" in str(stopped.value)
        assert checker.workers == []  # the overrunning worker was killed
        checker.limits = Limits(timeout=60, workers=1)
        page, copy = checker.check(TEXT.name, TEXT.read_bytes(), Config())
        assert "<!DOCTYPE html>" in page and copy is None
    finally:
        checker.close()
