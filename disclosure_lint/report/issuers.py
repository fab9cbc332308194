"""Issuer names: which organ a name denotes, its level, and whether two names are the same body."""

from __future__ import annotations

import re


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


def clean_name(name: str) -> str:
    return re.sub(r"\s+", "", name or "")


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


CORE_DROP = re.compile(r"人民政府|政府|街道办事处|办事处|党政综合办公室|党政办公室|综合办公室|党政办|办公室|街道")


def same_body(a: str, b: str) -> bool:
    """Two names of one issuer?  Abbreviation and administrative prefixes are allowed
    (“罗山街道” = “晋江市罗山街道办事处”, “桐江市市监局” = “桐江市市场监督管理局”); different organs are not."""
    a, b = clean_name(a), clean_name(b)
    if not a or not b or a == b:
        return True
    oa, ob = organ_of(a), organ_of(b)
    if oa and ob and oa != ob:
        return False
    ca, cb = CORE_DROP.sub("", a) or a, CORE_DROP.sub("", b) or b
    short, long_ = sorted((ca, cb), key=len)
    it = iter(long_)
    return all(ch in it for ch in short)
