"""Issuer names: which organ and kind of body a name denotes, its level, and whether two names are one body.

The one home of issuer identity: the issuer check (title, introduction and signature naming one body),
cross-year pairing (the same issuer's previous report) and the report's issuer kind all ask here, so a
name that is one body for one of them is one body for all.
"""

from __future__ import annotations

from disclosure_lint import recache as re

ORGAN_SUFFIXES = (
    ("街道", re.compile(r"(?:街道办事处|街道|办事处|街)$")),
    ("镇", re.compile(r"镇(?:人民政府|政府)?$")),
    ("乡", re.compile(r"乡(?:人民政府|政府)?$")),
    ("政府", re.compile(r"(?:人民政府|政府)$")),
    ("局", re.compile(r"局$")),
    ("委", re.compile(r"(?:委员会|委)$")),
    ("厅", re.compile(r"厅$")),
)
OFFICE_TAIL = re.compile(r"(?:党政综合办公室|党政办公室|综合办公室|党政办|办公室|办公厅)$")
COUNTY = re.compile(r"[县旗]|(?<!自治)(?<!开发)(?<!高新)(?<!新)(?<!园)(?<!景)(?<!林)(?<!矿)(?<!特)(?<!保税)(?<!示范)(?<!试验)(?<!城)(?<!片)(?<!管理)区")
GENERIC_NAME = re.compile(r"^(?:我|本|该|各|上级|有关)")
# Spaces, quotes, brackets and punctuation a name picks up from layout or citation, never part of it.
NOISE = re.compile(r"[\s\"“”'‘’()（）《》·・,，、。:：;；]")

ISSUER_KINDS = (
    ("township", re.compile(r"(街道办事处|街道|街|乡人民政府|镇人民政府|[乡镇]政府|[乡镇]$|管委会|办事处$)")),
    ("department", re.compile(r"(局|委员会|委|办公室|办公厅|厅|部|署|中心|院|所|站|队|会)$")),
    ("government", re.compile(r"(人民政府|政府)$")),
)


def clean_name(name: str | None) -> str:
    return NOISE.sub("", name or "")


def issuer_kind(name: str | None) -> str | None:
    """government | department | township (sets the publication deadline), or None when unknown."""
    name = clean_name(name)
    if not name:
        return None
    for kind, pattern in ISSUER_KINDS:
        if pattern.search(name):
            return kind
    return None


def organ_of(name: str) -> str | None:
    name = clean_name(name)
    if not name:
        return None
    base = OFFICE_TAIL.sub("", name) or name
    if base != name and organ_of(base) == "政府":
        return "政府"  # 人民政府办公室 speaks for its government
    if base != name:
        return None  # an office of a department: too generic
    for organ, pattern in ORGAN_SUFFIXES:
        if pattern.search(base):
            return organ
    return None


def level_of(name: str, kind: str | None) -> str | None:
    """township (乡镇/街道), county (县级 bodies and their departments) or None when unknown."""
    name = clean_name(name)
    if kind == "township" or organ_of(name) in ("街道", "镇", "乡"):
        return "township"
    if COUNTY.search(name):
        return "county"
    return None


# The generic words of a body's name: "云岭县人民政府办公室" and "云岭县人民政府" publish for one body,
# "金龙街道办事处" and "金龙街道" are one office.
CORE_DROP = re.compile(r"人民政府|政府|街道办事处|办事处|党政综合办公室|党政办公室|综合办公室|党政办|办公室|街道")
# Departments are abbreviated by keeping some characters of each word: 市监局 (市场监督管理局),
# 文广新局 (文化广电新闻出版局), 发改局 (发展和改革局), 人社局, 卫健委.  Townships and governments are not.
ABBREVIATED_ORGANS = ("局", "委", "厅", None)


def issuer_core(name: str) -> str:
    return CORE_DROP.sub("", name) or name


def _is_subsequence(short: str, long_: str) -> bool:
    it = iter(long_)
    return all(ch in it for ch in short)


def same_body(a: str | None, b: str | None) -> bool:
    """Two names of one issuer?  A longer place prefix (“罗山街道” = “晋江市罗山街道办事处”) and a
    department's abbreviation (“桐江市市监局” = “桐江市市场监督管理局”, “文广新局”) are allowed; different
    organs (镇 vs 政府, 民政局 vs 自然资源局) and different places are not.  An unknown name is no body."""
    a, b = clean_name(a), clean_name(b)
    if not a or not b:
        return False
    if a == b:
        return True
    organ = organ_of(a)
    if organ and organ_of(b) and organ != organ_of(b):
        return False
    short, long_ = sorted((issuer_core(a), issuer_core(b)), key=len)
    if long_.endswith(short) and len(short) >= 2:
        return True  # the same name with or without its place
    # An abbreviation keeps characters of the full name in order, ending with the organ: 市监局 in 市场监督管理局.
    return (organ in ABBREVIATED_ORGANS and len(short) >= 3 and short[-1] == long_[-1] and not DIGIT.search(long_)
            and _is_subsequence(short, long_) and _place_agrees(short, long_))


DIGIT = re.compile(r"\d")  # numbered bodies (第1局, 第201局) are not abbreviations of each other
PLACE = re.compile(r"^.{1,8}?(?:自治州|自治县|省|市|县|区|旗|州|盟)")


def _place_agrees(short: str, long_: str) -> bool:
    """An abbreviation written with its place names the long name's place, or no place at all."""
    m = PLACE.match(long_)
    if not m or not short.startswith(m.group(0)[0]):
        return True
    return short.startswith(m.group(0)) or not PLACE.match(short)
