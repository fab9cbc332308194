"""Word's automatic list numbering, rebuilt as text.

Reports often number their headings with Word lists (一、 （一） 1. （1）) instead of typing the
numbers; the numbers are then not in the paragraph text.  This reads ``numbering.xml`` (abstract
numbering definitions, level formats, start values and overrides) and gives each numbered paragraph
the prefix Word would show, so that headings are recognised as in any other report.
"""

from __future__ import annotations

from disclosure_lint import recache as re
from dataclasses import dataclass, field

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _small(value: str | None, default: int) -> int:
    """A level or start value read leniently: damaged ones ("", "x", "²", 10^20) give ``default``.
    Capped, so that a start of 10^20 cannot make the Roman-numeral loop run for ever."""
    if value is None or not re.fullmatch(r"[0-9]{1,5}", value):
        return default
    return int(value)
_CN = "〇一二三四五六七八九"


def chinese(n: int) -> str:
    if n <= 0:
        return str(n)
    if n < 10:
        return _CN[n]
    if n < 20:
        return "十" + (_CN[n % 10] if n % 10 else "")
    if n < 100:
        return _CN[n // 10] + "十" + (_CN[n % 10] if n % 10 else "")
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                           (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "chineseLegalSimplified", "ideographLegalTraditional", "taiwaneseCountingThousand"):
        return chinese(n)
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n).upper() if fmt == "upperRoman" else _roman(n)
    if fmt.startswith("decimalEnclosedCircle") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("none", "bullet"):
        return ""
    return str(n)  # decimal, decimalFullWidth (normalised later anyway), and anything unknown


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass
class Numbering:
    """Numbering definitions of one document and the running counters."""

    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)  # abstractNumId -> levels
    nums: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    starts: dict[tuple[str, int], int] = field(default_factory=dict)  # (numId, ilvl) -> startOverride
    counters: dict[str, list[int]] = field(default_factory=dict)  # abstractNumId -> count per level

    @classmethod
    def of(cls, document) -> "Numbering":
        numbering = cls()
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return numbering
        for abstract in root.iter(f"{W}abstractNum"):
            levels = {}
            for lvl in abstract.iter(f"{W}lvl"):
                level = _Level()
                for child in lvl:
                    tag, val = child.tag, child.get(f"{W}val")
                    if tag == f"{W}numFmt" and val:
                        level.fmt = val
                    elif tag == f"{W}lvlText" and val is not None:
                        level.text = val
                    elif tag == f"{W}start":
                        level.start = _small(val, level.start)
                levels[_small(lvl.get(f"{W}ilvl"), 0)] = level
            numbering.abstract[abstract.get(f"{W}abstractNumId")] = levels
        for num in root.iter(f"{W}num"):
            num_id = num.get(f"{W}numId")
            ref = num.find(f"{W}abstractNumId")
            if ref is not None:
                numbering.nums[num_id] = ref.get(f"{W}val")
            for override in num.iter(f"{W}lvlOverride"):
                start = override.find(f"{W}startOverride")
                if start is not None and _small(start.get(f"{W}val"), -1) >= 0:
                    numbering.starts[(num_id, _small(override.get(f"{W}ilvl"), 0))] = _small(start.get(f"{W}val"), 1)
        return numbering

    def prefix(self, num_id: str | None, ilvl: int) -> str:
        """The number Word shows for the next paragraph of list ``num_id`` at level ``ilvl``."""
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        abstract_id = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        counts = self.counters.setdefault(abstract_id, [0] * 9)
        ilvl = max(0, min(ilvl, 8))
        for level in range(ilvl + 1, 9):
            counts[level] = 0  # a higher level restarts the levels below it
        if counts[ilvl] == 0:
            start = self.starts.get((num_id, ilvl), levels.get(ilvl, _Level()).start)
            counts[ilvl] = start
        else:
            counts[ilvl] += 1
        template = levels.get(ilvl, _Level()).text

        def fill(m: re.Match[str]) -> str:
            level = int(m.group(1)) - 1
            value = counts[level] or levels.get(level, _Level()).start
            return format_number(value, levels.get(level, _Level()).fmt)

        return re.sub(r"%(\d)", fill, template)


class Styles:
    """A paragraph's style, looked up once per style id: python-docx's ``paragraph.style`` searches
    the styles part each time (seconds for a document of tens of thousands of paragraphs)."""

    def __init__(self) -> None:
        self._by_id: dict[str | None, object] = {}

    def of(self, paragraph):
        try:
            ppr = paragraph._p.pPr
            key = ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else None
        except (KeyError, AttributeError, ValueError):
            key = None
        if key not in self._by_id:
            try:
                self._by_id[key] = paragraph.style
            except (KeyError, AttributeError, ValueError):
                self._by_id[key] = None
        return self._by_id[key]


def paragraph_numbering(paragraph, styles: Styles | None = None) -> tuple[str | None, int]:
    """(numId, ilvl) of a paragraph, from its own properties or its style's."""
    for holder in (paragraph._p.pPr, _style_ppr(paragraph, styles or Styles())):
        if holder is None:
            continue
        num_pr = holder.find(f"{W}numPr")
        if num_pr is None:
            continue
        num_id = num_pr.find(f"{W}numId")
        ilvl = num_pr.find(f"{W}ilvl")
        if num_id is not None:
            level = ilvl.get(f"{W}val") if ilvl is not None else "0"
            return num_id.get(f"{W}val"), _small(level, 0)
    return None, 0


def _style_ppr(paragraph, styles: Styles):
    try:
        style = styles.of(paragraph)
        return style.element.pPr if style is not None else None
    except (KeyError, AttributeError, ValueError):
        return None
