"""The report model: what the linter understood of a report, built from its Document.

Pure functions from a :class:`Document` (and the template eras) to a frozen :class:`Report`.  Every
field keeps the span it was read from so that findings point at the original text.
"""

from __future__ import annotations

from disclosure_lint import recache as re
from collections import Counter
from dataclasses import dataclass, replace

from disclosure_lint.report.contacts import ContactField, find_contacts
from disclosure_lint.report.facts import KnownFacts
from disclosure_lint.report.completeness import Cut, find_cut
from disclosure_lint.report.genre import Genre, classify
from disclosure_lint.report.issuers import issuer_kind
from disclosure_lint.report.dates import DateValue, Period, find_period_wrapped, calendar_year, cn_number, find_dates, find_period
from disclosure_lint.read.document import Document, Heading, Para
from disclosure_lint.read.source import Seg, Span
from disclosure_lint.report.table_headers import HeaderOnly, headers_without_rows
from disclosure_lint.report.tables import TableRead, read_tables
from disclosure_lint.report.templates import Era, SectionSpec, era_for_year


@dataclass(frozen=True)
class Located:
    text: str
    span: Span


@dataclass(frozen=True)
class Section:
    number: str
    title: str
    span: Span
    spec: SectionSpec | None  # the template section it was recognised as


@dataclass(frozen=True)
class Declared:
    count: int | None
    text: str
    span: Span


@dataclass(frozen=True)
class Report:
    document: Document
    title: Located | None
    issuer: str | None
    issuer_kind: str | None  # government | department | township | None
    year: int | None
    year_source: str | None  # title | period | docno | text
    year_span: Span | None
    era: Era | None  # the format the report is in (tables first, then the year)
    era_source: str | None  # tables | year | option
    expected_era: Era | None  # the format its report year requires
    docno: Located | None
    docno_year: int | None
    signer: Located | None
    addressee: Located | None
    period: Period | None
    signature_date: DateValue | None
    publication_date: DateValue | None
    signature_issuer: Located | None
    sections: tuple[Section, ...]
    headings: tuple[Heading, ...]
    tables: tuple[TableRead, ...]
    declared: Declared | None
    contacts: tuple[ContactField, ...]
    facts: KnownFacts | None = None  # what a manifest or --published says (wins over the text)
    genre: Genre = Genre("report")  # is it a report at all (decided before any template check)
    cut: Cut | None = None  # where the text stops early, and what is absent after it
    # Tables whose header is in the report but whose rows could not be read: there, not missing.
    header_only: tuple[HeaderOnly, ...] = ()

    def table(self, table_id: str) -> TableRead | None:
        return next((t for t in self.tables if t.spec.id == table_id), None)


YEAR_IN_TEXT = re.compile(r"(?<!\d)(20\d{2}|19\d{2})\s*年")
FIELD_LABEL = re.compile(r"^\s*(?:文章标题|标题|题目|名称)\s*[:：]\s*")
CN_YEAR = re.compile(r"([〇零○一二三四五六七八九]{4})\s*年")


def _front(doc: Document) -> list:
    out = []
    for block in doc.blocks:
        if isinstance(block, Heading) and block.level == 1:
            break
        out.append(block)
    return out


_TITLE_META = re.compile(r"^(?:标题|题名)\s*[:：]\s*")


def _title_candidates(front: list, doc: Document) -> list[tuple[int, Seg]]:
    """The report's title lines in the body; else the page's ``标题:`` metadata (never ``栏目:``, the
    column's name)."""
    found = [(i, b.seg) for i, b in enumerate(front) if isinstance(b, Para) and b.kind == "title"]
    if found:
        return found
    for block in doc.blocks:
        if isinstance(block, Para) and block.kind == "meta":
            m = _TITLE_META.match(block.seg.text)
            if m and len(block.seg.text) > m.end():
                return [(-1, block.seg.sub(m.end()).strip())]
    return []


_ISSUER_META = re.compile(r"^(?:发布机构|发文机关|发布单位|来源|信息来源)\s*[:：]\s*")


def _meta_issuer(doc: Document) -> str | None:
    """The issuer a page's metadata names when the body's title does not: the ``标题:`` title's name
    before its year, else ``发布机构:`` when it is a body's name (not CMS junk such as ``1``)."""
    metas = [b.seg.text for b in doc.blocks if isinstance(b, Para) and b.kind == "meta"]
    for text in metas:
        title = _TITLE_META.match(text)
        year = YEAR_IN_TEXT.search(text) if title else None
        name = text[title.end():year.start()].strip() if title and year else ""
        if issuer_kind(name):
            return re.sub(r"\s*关于(?:报送|印发|公布|公开|上报)?$", "", name)
    for text in metas:
        m = _ISSUER_META.match(text)
        name = text[m.end():].strip() if m else ""
        if len(name) >= 4 and issuer_kind(name):
            return name
    return None


def _title(front: list, doc: Document) -> tuple[Located | None, str | None, int | None, Span | None]:
    for i, seg in _title_candidates(front, doc):
        m = YEAR_IN_TEXT.search(seg.text) or CN_YEAR.search(seg.text)
        year = calendar_year(cn_number(m.group(1))) if m else None
        year_span = seg.span(m.start(1), m.end(1)) if m else None
        # A crawled page's field label ("标题：") is not part of the issuer's name.
        issuer = FIELD_LABEL.sub("", seg.text[: m.start()]).strip() if m else None
        issuer = re.sub(r"\s*关于(?:报送|印发|公布|公开|上报)?$", "", issuer) if issuer else issuer  # 「X关于2021年…的报告」: X issues it
        span = seg.span()
        text = seg.text.strip()
        if not issuer and i > 0:
            prev = front[i - 1]
            if isinstance(prev, Para) and prev.kind == "text" and len(prev.seg.text.strip()) <= 40 \
                    and not re.search(r"[。,，;；:：]", prev.seg.text):
                issuer = prev.seg.text.strip()
                p = prev.seg.span()
                span = Span(p.line, p.column, span.end_line, span.end_column)
                text = issuer + text
        return Located(text, span), (issuer or None), year, year_span
    return None, None, None, None


def _docno(front: list) -> tuple[Located | None, int | None, Located | None, Located | None]:
    docno = signer = addressee = None
    year = None
    for block in front:
        if not isinstance(block, Para):
            continue
        if block.kind == "docno" and docno is None:
            m = re.match(r"^\S{1,16}\[\s*(\d{4})\s*\]\s*\d{1,4}\s*号", block.seg.text)
            if m:
                docno = Located(m.group(0), block.seg.span(0, m.end()))
                year = calendar_year(int(m.group(1)))
            s = block.seg.text.find("签发人")
            if s >= 0:
                signer = Located(block.seg.text[s:].strip(), block.seg.span(s))
        elif block.kind == "signer" and signer is None:
            signer = Located(block.seg.text, block.seg.span())
        elif block.kind == "addressee" and addressee is None:
            addressee = Located(block.seg.text, block.seg.span())
    return docno, year, signer, addressee


PUB_LINE = re.compile(r"^(?:发布(?:时间|日期)|成文(?:时间|日期)|公文生成日期|生成日期|印发日期)")
# Publication-date labels of page metadata, strongest first: a page's 发布时间 says when it was published;
# 成文日期 when it was signed; a bare 时间/日期 (not 采集时间, the crawler's own) is the weakest.
PUB_KEYS = (
    re.compile(r"(?:发布|公开|发表|上网)(?:时间|日期)\s*[:：]"),
    re.compile(r"(?:成文|发文|印发|公文生成|生成)(?:时间|日期)\s*[:：]"),
    re.compile(r"(?<![\u4e00-\u9fff])(?:时间|日期)\s*[:：]"),
)


def _meta_publication(doc: Document) -> DateValue | None:
    """The publication date a page's metadata gives (``发布时间：2023-01-09 19:52``, ``• 公文生成日期: …``,
    ``来源：… | 发布日期：…``), whichever line of the page it is on."""
    paras = [b for b in doc.blocks if isinstance(b, Para) and b.kind in ("meta", "date")]
    for key in PUB_KEYS:
        for para in paras:
            m = key.search(para.seg.text)
            found = find_dates(para.seg.sub(m.end())) if m else []
            if found and found[0].span.column - (para.seg.col + m.end()) <= 2:
                return found[0]
    return None


def _dates(doc: Document) -> tuple[DateValue | None, DateValue | None, Located | None]:
    signature = publication = issuer = None
    blocks = doc.blocks
    for i, block in enumerate(blocks):
        if not (isinstance(block, Para) and block.kind == "date"):
            continue
        found = find_dates(block.seg)
        if not found:
            continue
        if PUB_LINE.match(block.seg.text):
            publication = publication or found[0]
            continue
        signature = found[0]  # the last date line wins: the signature block ends the report
        prev = blocks[i - 1] if i > 0 else None
        if isinstance(prev, Para) and prev.kind in ("text", "title") and len(prev.seg.text) <= 40:
            issuer = Located(prev.seg.text.strip(), prev.seg.span())
    publication = publication or _meta_publication(doc)
    if signature is None:
        # "南安市柳城街道办事处 2021年1月5日" on one short line near the end.
        for block in reversed(blocks[-8:]):
            if isinstance(block, Para) and block.kind == "text" and len(block.seg.text) <= 50:
                found = find_dates(block.seg)
                if found and found[-1].span.end_column - block.seg.col >= len(block.seg.text.rstrip()) - 1:
                    signature = found[-1]
                    head = block.seg.text[: found[-1].span.column - block.seg.col].strip()
                    if head:
                        issuer = Located(head, block.seg.span(0, len(head)))
                    break
    return signature, publication, issuer


def _period(doc: Document) -> Period | None:
    paras = [b for b in doc.blocks if isinstance(b, Para) and b.kind in ("text", "title")]
    for i, block in enumerate(paras):
        period = find_period(block.seg)
        if (period is None or not period.readable) and i + 1 < len(paras):
            period = find_period_wrapped(block.seg, paras[i + 1].seg) or period
        if period:
            return period
    return None


def _year_from_text(doc: Document) -> tuple[int | None, Span | None]:
    counts: Counter[int] = Counter()
    first: dict[int, Span] = {}
    for block in doc.blocks:
        segs: list[Seg] = []
        if isinstance(block, (Para, Heading)):
            segs = [block.seg]
        for seg in segs:
            for m in YEAR_IN_TEXT.finditer(seg.text):
                y = int(m.group(1))
                counts[y] += 1
                first.setdefault(y, seg.span(m.start(1), m.end(1)))
    for table in doc.tables:
        for row in table.rows:
            for cell in row:
                m = re.match(r"^(20\d{2})\s*年度?$", cell.text)
                if m:
                    counts[int(m.group(1))] += 3  # a table's "2017年度" column header is strong evidence
                    first.setdefault(int(m.group(1)), cell.span)
    if not counts:
        return None, None
    year = counts.most_common(1)[0][0]
    return year, first[year]


def _detect_era(doc: Document, eras: dict[str, Era]) -> Era | None:
    tables = doc.tables
    texts = [c.text for t in tables for row in t.rows for c in row]
    texts += [c.text for t in tables for c in t.headers]
    texts += [p.seg.text for p in doc.paras if len(p.seg.text) <= 40]
    # White space out of every text at once (str.split's white space is the \s of re, in C without the
    # engine: five times faster); the texts stay apart (no marker has a NUL in it), so no marker is
    # counted across two cells.
    joined = "".join("\0".join(texts).split())
    scores = {era_id: sum(joined.count(m) for m in era.markers) for era_id, era in eras.items()}
    best = max(scores, key=lambda k: scores[k])
    if scores[best] > 0:
        return eras[best]
    return None


def _sections(headings: tuple[Heading, ...], era: Era | None) -> tuple[Section, ...]:
    out = []
    for h in headings:
        if h.level != 1:
            continue
        spec = None
        if era is not None:
            key = "".join(h.title.split())  # unspaced (as _detect_era's texts)
            spec = next((s for s in era.sections if s.match.search(key)), None)
        out.append(Section(h.number, h.title, h.seg.span(), spec))
    return tuple(out)


# No two white-space runs with only optional text between them (\s*个?\s*): on a line of thousands
# of spaces that backtracks quadratically.  Here and in every pattern run on report lines.
DECLARED = re.compile(r"(?:(?:共|由|分为|包括)\s*)?([一二三四五六七八九十]{1,2}|\d{1,2})\s*(?:个\s*)?部分")


_ANCHOR = re.compile(r"(?:本报告|本年度报告|本年报|年度报告|全文|报告)\S{0,6}?(?:由|包括|分为|共)")


def _declared(front: list, doc: Document) -> Declared | None:
    paras = [b for b in front if isinstance(b, Para)] or list(doc.paras[:6])
    for block in paras:
        text = block.seg.text
        # Each pattern only where its fixed words are (a search that may start anywhere is slow on prose).
        m = DECLARED.search(text) if "部分" in text else None
        anchor = _ANCHOR.search(text) if "报告" in text or "全文" in text or "年报" in text else None
        if not m and not (anchor and text.count("、", anchor.end()) >= 3):
            continue
        start = anchor.start() if anchor else max(0, m.start() - 120)
        end_m = re.compile(r"[。;；]").search(text, (m.end() if m else anchor.end()))
        end = end_m.start() if end_m else len(text)
        count = cn_number(m.group(1)) if m else None
        return Declared(count, text[start:end], block.seg.span(start, end))
    return None


def _signed_as(signed: Located | None, issuer: str | None) -> Located | None:
    """The signature's issuer, without words that ran into it in a flattened page (``暂无平潭…管理局``:
    the last section's "none" and the signature, with no mark between them)."""
    if signed is None or not issuer or signed.text == issuer or not signed.text.endswith(issuer):
        return signed
    span = signed.span
    return Located(issuer, Span(span.line, span.end_column - len(issuer), span.end_line, span.end_column))


def _choose_era(doc: Document, eras: dict[str, Era], era_override: str | None,
                expected: Era | None) -> tuple[Era | None, str | None]:
    """The format the report is read in, and why: the option's, else its tables', else its year's."""
    era = eras.get(era_override) if era_override else None
    if era is not None:
        return era, "option"
    era = _detect_era(doc, eras)
    if era is not None:
        return era, "tables"
    return (expected, "year") if expected is not None else (None, None)


def build_report(doc: Document, eras: dict[str, Era], era_override: str | None = None) -> Report:
    front = _front(doc)
    title, issuer, title_year, title_year_span = _title(front, doc)
    docno, docno_year, signer, addressee = _docno(front)
    period = _period(doc)
    signature, publication, signature_issuer = _dates(doc)
    signature_issuer = _signed_as(signature_issuer, issuer)

    year, source, year_span = title_year, "title" if title_year else None, title_year_span
    if year is None and period and period.readable and period.start:
        year, source, year_span = period.start.year, "period", period.span
    if year is None:
        year, year_span = _year_from_text(doc)
        source = "text" if year else None

    expected = era_for_year(year, eras)
    era, era_source = _choose_era(doc, eras, era_override, expected)

    headings = doc.headings  # a property that filters the blocks: asked once
    breaks = tuple((h.seg.line, h.seg.col) for h in headings if h.level == 1)
    tables = read_tables(era.tables, doc.tables, breaks) if era is not None else ()
    read = {t.spec.id for t in tables}
    header_only = headers_without_rows(tuple(s for s in era.tables if s.id not in read), doc) if era else ()
    issuer_name = issuer or _meta_issuer(doc) or (signature_issuer.text if signature_issuer else None)
    contacts = [c for block in doc.blocks if isinstance(block, Para) and block.kind in ("text", "title", "addressee")
                for c in find_contacts(block.seg)]
    genre = classify(doc, [s for e in eras.values() for s in e.sections], bool(tables),
                     period is not None and period.readable)
    report = Report(
        genre=genre, document=doc, title=title, issuer=issuer_name, issuer_kind=issuer_kind(issuer_name), year=year,
        year_source=source, year_span=year_span, era=era, era_source=era_source, expected_era=expected,
        docno=docno, docno_year=docno_year, signer=signer, addressee=addressee, period=period,
        signature_date=signature, publication_date=publication, signature_issuer=signature_issuer,
        sections=_sections(headings, era), headings=headings, tables=tuple(tables),
        declared=_declared(front, doc), contacts=tuple(contacts), header_only=header_only,
    )
    cut = find_cut(report)
    if cut is None:
        return report
    # The signature block is cut off: the last date or name in the text is not a signature.
    issuer_name = issuer
    return replace(report, cut=cut, signature_date=None, signature_issuer=None, issuer=issuer_name,
                   issuer_kind=issuer_kind(issuer_name))
