"""``disclosure-lint serve``: a local web page where a report writer drops a report (or pastes its
text) and gets the same HTML report as the batch output, and for a Word file the annotated copy.

Starlette on uvicorn.  Each upload is read into memory (never more than the size limit: the body is
counted as it streams in) and checked in a worker process (see :class:`Checker`), so that a hostile
file that hangs or exhausts the checker is killed at the time limit and the page says so, while the
server goes on serving others.  Nothing of an upload is written to disk: the multipart
parser is told to keep files in memory up to the size limit, and the worker gets the bytes through a
pipe.  The log has one line per request (method, path, status), never a file name or content.
"""

from __future__ import annotations

import base64
import contextlib
import html
import multiprocessing
import os
from disclosure_lint import recache as re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from disclosure_lint.checks.run_config import Config

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one upload may cost: its size in bytes, its checking time in seconds, and how many are
    checked at once (the others wait their turn)."""

    max_bytes: int = 50 * MB
    timeout: float = 60.0
    workers: int = field(default_factory=lambda: max(os.cpu_count() or 1, 1))


class UploadError(Exception):
    """An upload the page answers with a message (``status`` is the HTTP status)."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


TEXT = {  # (zh, en)
    "title": ("政府信息公开工作年度报告检查", "Annual report check"),
    "lead": ("选择或拖入年度报告文件（Word .docx、PDF、网页 .html 或文本 .txt），或在下面粘贴报告全文，然后点“检查”。",
             "Choose or drop a report file (Word .docx, PDF, web page .html or text .txt), or paste the report's "
             "text below, then press Check."),
    "file": ("报告文件", "Report file"),
    "paste": ("或粘贴报告全文", "Or paste the report's text"),
    "submit": ("检查", "Check"),
    "limits": ("文件不超过 {mb} MB；文件只在内存中处理，检查完即丢弃，不保存、不记录内容。",
               "Files up to {mb} MB; a file is processed in memory and discarded after the check, never stored "
               "or logged."),
    "again": ("检查另一份报告", "Check another report"),
    "download": ("下载带批注的 Word 文件", "Download the annotated Word file"),
    "problem": ("无法检查", "Could not check"),
    "none": ("没有收到文件或文本：请选择一个报告文件，或粘贴报告全文。", "No file or text received: choose a report file or "
             "paste the report's text."),
    "too_large": ("文件太大：上限为 {mb} MB。", "The file is too large: the limit is {mb} MB."),
    "timeout": ("检查超时（超过 {s} 秒），已停止。文件可能已损坏或过于复杂。", "The check took longer than {s} seconds and was "
                "stopped. The file may be damaged or too complex."),
    "crashed": ("检查这个文件时出错（{kind}）。请确认这是一份年度报告文件。", "The check failed on this file ({kind}). Make sure "
                "it is an annual report file."),
    "unreadable": ("无法读取这个文件：{why}", "This file cannot be read: {why}"),
    "bad_form": ("上传的数据格式不正确：{why}", "The upload is malformed: {why}"),
}


def _t(lang: str, key: str, **values: object) -> str:
    return TEXT[key][1 if lang == "en" else 0].format(**values)


# --- checking in worker processes -----------------------------------------------------------------------

def _serve_jobs(conn) -> None:
    """A worker's life: check one upload after another, answering ("ok", html, docx) or (kind, message)."""
    from disclosure_lint import api
    from disclosure_lint.errors_zh import input_error_text

    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        try:
            page, copy = api.check_upload(*job)
            conn.send(("ok", page, copy))
        except api.InputError as exc:
            conn.send(("input", input_error_text(str(exc), job[2].lang), None))
        except Exception as exc:  # noqa: BLE001 - any failure of one file is that file's message
            conn.send(("crash", type(exc).__name__, None))


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: object
    jobs: int = 0

    def stop(self) -> None:
        self.process.kill()
        self.process.join()
        self.process.close()
        self.conn.close()


@dataclass
class Checker:
    """Long-lived worker processes (warm: the grammar and rules are loaded once), one upload at a time
    each.  A worker that overruns the time limit or dies is killed and replaced; each is also replaced
    after RECYCLE jobs, so nothing one upload leaves in memory lasts."""

    limits: Limits
    RECYCLE = 200

    def __post_init__(self) -> None:
        import queue
        import threading

        self.context = multiprocessing.get_context("forkserver")
        self.context.set_forkserver_preload(["disclosure_lint.api", "disclosure_lint.output.html",
                                             "disclosure_lint.output.annotate_docx"])
        self.idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self.lock = threading.Lock()
        self.workers: list[_Worker] = []

    def _start(self) -> _Worker:
        mine, theirs = self.context.Pipe()
        process = self.context.Process(target=_serve_jobs, args=(theirs,), daemon=True)
        process.start()
        theirs.close()
        return _Worker(process, mine)

    def _acquire(self) -> _Worker:
        """An idle worker, or a new one while fewer than ``limits.workers`` exist (callers are limited
        to that many at once, so one of the two is always there)."""
        import queue

        with self.lock:
            try:
                return self.idle.get_nowait()
            except queue.Empty:
                worker = self._start()
                self.workers.append(worker)
                return worker

    def _retire(self, worker: _Worker) -> None:
        with self.lock:
            self.workers.remove(worker)
        worker.stop()

    def check(self, name: str, data: bytes, config: Config) -> tuple[str, bytes | None]:
        worker = self._acquire()
        try:
            worker.conn.send((name, data, config))
            if not worker.conn.poll(self.limits.timeout):
                raise UploadError(_t(config.lang, "timeout", s=f"{self.limits.timeout:g}"), 504)
            status, first, second = worker.conn.recv()
        except (EOFError, OSError):  # the worker died (out of memory, killed) before it answered
            self._retire(worker)
            raise UploadError(_t(config.lang, "crashed", kind="worker exited"), 500) from None
        except UploadError:
            self._retire(worker)
            raise
        worker.jobs += 1
        self._retire(worker) if worker.jobs >= self.RECYCLE else self.idle.put(worker)
        if status == "ok":
            return first, second
        key, values = ("unreadable", {"why": first}) if status == "input" else ("crashed", {"kind": first})
        raise UploadError(_t(config.lang, key, **values), 422)

    def close(self) -> None:
        with self.lock:
            workers, self.workers = self.workers, []
        for worker in workers:
            worker.stop()


# --- pages ---------------------------------------------------------------------------------------------

STYLE = ("body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:2em auto;max-width:48em;"
         "padding:0 1em;color:#222}h1{font-size:1.5em}.drop{display:block;border:2px dashed #888;"
         "border-radius:8px;padding:2em;text-align:center;margin:1em 0;background:#fafafa}"
         "textarea{width:100%;height:10em}button{font-size:1.1em;padding:.4em 2em;margin-top:1em}"
         ".problem{border-left:4px solid #c00;background:#fee;padding:1em}.note{color:#666;font-size:.9em}")


def _shell(lang: str, body: str) -> str:
    return (f'<!DOCTYPE html><html lang="{"en" if lang == "en" else "zh-CN"}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{_t(lang, "title")}</title>'
            f"<style>{STYLE}</style></head><body>{body}</body></html>\n")


def form_page(lang: str, limits: Limits, problem: str | None = None) -> str:
    """The upload page; with ``problem``, the message about the last upload above the form."""
    box = f'<div class="problem" id="problem"><b>{_t(lang, "problem")}</b>：{html.escape(problem)}</div>' if problem else ""
    return _shell(lang, (
        f'<h1>{_t(lang, "title")}</h1>{box}<p>{_t(lang, "lead")}</p>'
        '<form method="post" action="/check" enctype="multipart/form-data">'
        f'<label class="drop">{_t(lang, "file")}<br><input type="file" name="report" id="report"'
        ' accept=".docx,.pdf,.html,.htm,.txt,.md"></label>'
        f'<label>{_t(lang, "paste")}<br><textarea name="text" id="text"></textarea></label>'
        f'<button type="submit" id="submit">{_t(lang, "submit")}</button></form>'
        f'<p class="note">{_t(lang, "limits", mb=_mb(limits.max_bytes))}</p>'))


def result_page(report_html: str, name: str, copy: bytes | None, lang: str) -> str:
    """The HTML report of the upload, with a bar on top: check another, download the annotated copy.
    The copy travels inside the page (a data: link), so the server keeps nothing after answering."""
    links = f'<a href="/" id="again" style="margin-right:2em">{_t(lang, "again")}</a>'
    if copy is not None:
        stem = re.sub(r"[\\/:*?\"<>|]", "_", Path(name).stem) or "report"
        href = "data:application/vnd.openxmlformats-officedocument.wordprocessingml.document;base64," + \
            base64.b64encode(copy).decode("ascii")
        links += (f'<a id="download" download="{html.escape(stem)}.checked.docx" href="{href}">'
                  f'{_t(lang, "download")}</a>')
    bar = f'<nav style="font-family:sans-serif;background:#eef;padding:.6em 1em;margin:0 0 1em">{links}</nav>'
    return re.sub(r"<body[^>]*>", lambda m: m.group(0) + bar, report_html, count=1)


def _mb(size: int) -> str:
    return f"{size / MB:g}"


# --- the application ------------------------------------------------------------------------------------

def create_app(config: Config | None = None, limits: Limits | None = None):
    """The Starlette application (uvicorn runs it; tests may too)."""
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse
    from starlette.routing import Route

    config = config or Config()
    limits = limits or Limits()
    checker = Checker(limits)
    import anyio

    slots = anyio.CapacityLimiter(limits.workers)

    async def index(request):
        return HTMLResponse(form_page(config.lang, limits))

    async def check(request):
        try:
            name, data = await _read_upload(request, limits, config.lang)
            page, copy = await anyio.to_thread.run_sync(checker.check, name, data, config, limiter=slots)
        except UploadError as exc:
            return HTMLResponse(form_page(config.lang, limits, str(exc)), status_code=exc.status)
        return HTMLResponse(result_page(page, name, copy, config.lang))

    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        checker.close()

    return Starlette(routes=[Route("/", index), Route("/check", check, methods=["POST"])], lifespan=lifespan)


async def _read_upload(request, limits: Limits, lang: str) -> tuple[str, bytes]:
    """The uploaded file (or the pasted text) as (name, bytes), read into memory within the limit."""
    from starlette.formparsers import MultiPartException, MultiPartParser

    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes + 64 * 1024:
        raise UploadError(_t(lang, "too_large", mb=_mb(limits.max_bytes)), 413)

    class InMemory(MultiPartParser):
        spool_max_size = limits.max_bytes + 1  # never roll an upload over to a temporary file

    async def counted():
        seen = 0
        async for chunk in request.stream():
            seen += len(chunk)
            if seen > limits.max_bytes + 64 * 1024:  # the form's own fields are small
                raise UploadError(_t(lang, "too_large", mb=_mb(limits.max_bytes)), 413)
            yield chunk

    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise UploadError(_t(lang, "bad_form", why="expected multipart/form-data"), 400)
    try:
        form = await InMemory(request.headers, counted(), max_files=1, max_fields=4,
                              max_part_size=limits.max_bytes).parse()
    except MultiPartException as exc:
        raise UploadError(_t(lang, "bad_form", why=exc.message), 400) from None
    try:
        return await _pick(form, limits, lang)
    finally:
        await form.close()


async def _pick(form, limits: Limits, lang: str) -> tuple[str, bytes]:
    upload = form.get("report")
    if upload is not None and not isinstance(upload, str) and upload.filename:
        data = await upload.read()
        if len(data) > limits.max_bytes:
            raise UploadError(_t(lang, "too_large", mb=_mb(limits.max_bytes)), 413)
        return Path(upload.filename).name or "report", data
    text = form.get("text")
    if isinstance(text, str) and text.strip():
        return "pasted.txt", text.encode("utf-8")
    raise UploadError(_t(lang, "none"), 400)


def serve(host: str, port: int, config: Config, limits: Limits) -> None:
    """Run the page until interrupted (Ctrl-C or SIGTERM)."""
    import signal

    import uvicorn

    # uvicorn stops gracefully on SIGTERM, then re-raises it with the handler found before: make that
    # handler an ordinary exit, so the worker server and its socket directory are cleaned up as on Ctrl-C.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    uvicorn.run(create_app(config, limits), host=host, port=port, log_level="info", access_log=True,
                timeout_graceful_shutdown=5)
