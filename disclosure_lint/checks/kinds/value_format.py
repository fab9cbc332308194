"""Kind ``value-format``: contact values checked against the rule's ``valid`` patterns."""

from __future__ import annotations

from disclosure_lint import recache as re
from collections.abc import Iterator

from disclosure_lint.checks.kinds.base import Context, Hit, T, rule_regex
from disclosure_lint.report.build import Report
from disclosure_lint.read.normalize import DASHES
from disclosure_lint.checks.rules import Rule
from disclosure_lint.checks.kinds.params import Param

_DASH = re.compile("[" + re.escape(DASHES) + "]")

PARAMS = {
    "field": Param("text", "which contact detail to check", required=True,
                   choices=("postcode", "phone", "email", "url", "address")),
    "valid": Param("regexes", "the value is valid when one of these matches it (RE2 in user rule files)"),
    "raw": Param("bool", "match the value as written instead of its normalised form"),
}
CHECK_FIELDS = None


def _canonical(field: str, value: str) -> str:
    if field == "phone":
        return _DASH.sub("-", re.sub(r"[\s()（）]", "", value))
    return value


def _why(field: str, value: str, canon: str) -> T:
    if re.search(r"\s", value) and field in ("email", "url"):
        return T("含有空格", "it contains a space")
    if field == "phone":
        digits = re.sub(r"\D", "", canon)
        if len(digits) > 12:
            return T(f"共{len(digits)}位数字，像是两个号码连在了一起", f"{len(digits)} digits: two numbers seem fused")
        return T(f"共{len(digits)}位数字，不是可拨打的号码", f"{len(digits)} digits: not a number one can dial")
    if field == "email":
        if "@" not in value:
            return T("缺少“@”", "no \"@\"")
        return T("域名不完整", "the domain is incomplete")
    if field == "url":
        if re.match(r"(?i)https?[^:]", value) or re.match(r"(?i)https?:/(?!/)", value):
            return T("协议部分应为“http://”或“https://”", "the scheme must be \"http://\" or \"https://\"")
        return T("格式不正确", "malformed")
    return T("格式不正确", "malformed")


def run(rule: Rule, report: Report, ctx: Context) -> Iterator[Hit]:
    field = rule.params["field"]
    patterns = [rule_regex(rule, p) for p in rule.params.get("valid", [])]
    for contact in report.contacts:
        if contact.kind != field:
            continue
        if not contact.value:
            yield Hit(contact.span, {"value": ""}, "empty")
            continue
        canon = _canonical(field, contact.value)
        if any(p.match(canon) for p in patterns):
            continue
        yield Hit(contact.span, {"value": contact.value, "why": _why(field, contact.value, canon)})
