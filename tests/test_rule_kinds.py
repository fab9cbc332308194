"""Every rule kind declares what it accepts; rule files are validated against it when loaded
(file, line, hint, exit 2), and `rules --kinds` publishes the declarations (docs/kinds.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURES

from disclosure_lint.checks.kinds import KINDS, module_of
from disclosure_lint.checks.rules import builtin_rules, load_rule_file
from disclosure_lint.cli import main
from disclosure_lint.yamlio import ConfigError

SEED_003 = next((FIXTURES / "seeds").glob("003_*.txt"))
HEAD = "rules:\n  - code: DL801\n    name: my-rule\n    severity: warning\n    message: {zh: x}\n    basis: y\n"


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    return path


def _minimal(kind: str) -> str:
    """A valid rule body of ``kind``: its required parameters and, when it takes checks, one check."""
    module = module_of(kind)
    params = {k: (p.choices[0] if p.choices else "x") for k, p in module.PARAMS.items() if p.required}
    body = f"    kind: {kind}\n    params: {{{', '.join(f'{k}: {v}' for k, v in params.items())}}}\n"
    if module.CHECK_FIELDS is not None:
        first = {"pattern": "{pattern: 'abc'}", "relation": "{table: t3, parts: [a.b], total: c.d}"}
        body += f"    checks:\n      - {first.get(kind, '{table: t3, row: r, column: c}')}\n"
    return body


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_documents_itself_and_validates_its_parameters(tmp_path, kind):
    module = module_of(kind)
    assert (module.__doc__ or "").strip() and f"``{kind}``" in module.__doc__
    assert all(p.doc for p in module.PARAMS.values())
    (rule,) = load_rule_file(_write(tmp_path, _minimal(kind)))
    assert rule.kind == kind and rule.user
    bad = _minimal(kind).replace("params: {", "params: {signer: 1, ", 1)
    with pytest.raises(ConfigError) as err:
        load_rule_file(_write(tmp_path, bad))
    assert err.value.line == 8 and "unknown parameter 'signer'" in err.value.message
    for name, param in module.PARAMS.items():
        if param.choices:
            wrong = _minimal(kind).replace(f"{name}: {param.choices[0]}", f"{name}: {param.choices[0]}x")
            wrong = wrong if wrong != _minimal(kind) else _minimal(kind).replace("params: {", f"params: {{{name}: zzz, ")
            with pytest.raises(ConfigError, match=f"unknown {name}") as err:
                load_rule_file(_write(tmp_path, wrong))
            assert "did you mean" in (err.value.hint or "") or "accepted" in (err.value.hint or "")


@pytest.mark.parametrize("body,line,fragment", [
    ("    kind: presence\n    params: {field: signer}\n", 8, "unknown field 'signer'"),
    ("    kind: dates\n    params: {check: befor-year-end}\n", 8, "did you mean 'before-year-end'?"),
    ("    kind: presense\n    params: {field: title}\n", 7, "did you mean 'presence'?"),
    ("    kind: cells\n    params: {negative: 'yes'}\n", 8, "expected true or false"),
    ("    kind: presence\n    params: {field: title}\n    checks: [{a: 1}]\n", 9, "takes no 'checks'"),
    ("    kind: pattern\n    checks:\n      - {pattern: '(?<=a)b'}\n", 9, "RE2"),
    ("    kind: pattern\n    checks:\n      - {patern: 'a'}\n", 9, "did you mean 'pattern'?"),
    ("    kind: pattern\n    summary: title, period\n    checks: [{pattern: a}]\n", 8, "'summary' must map"),
])
def test_bad_rule_data_is_one_message_with_file_line_and_hint(tmp_path, body, line, fragment):
    path = _write(tmp_path, body)
    result = CliRunner().invoke(main, ["check", "--lang", "en", "--rules", str(path), str(SEED_003)])
    assert result.exit_code == 2 and result.exception is None or isinstance(result.exception, SystemExit)
    assert f"rules.yaml:{line}:" in result.output and fragment in result.output
    assert "Traceback" not in result.output


def test_user_patterns_run_on_re2_and_bundled_ones_on_python_re(tmp_path):
    path = _write(tmp_path, "    kind: pattern\n    checks:\n      - {pattern: '(x+x+)+y'}\n")
    (rule,) = load_rule_file(path)
    from disclosure_lint.checks.kinds.base import rule_regex

    assert type(rule_regex(rule, "(x+x+)+y")).__module__.startswith("re2")
    assert not any(r.user for r in builtin_rules())
    result = CliRunner().invoke(main, ["check", "--rules", str(path), "-"], input="x" * 5000 + "\n")
    assert result.exit_code in (0, 1)


def test_rules_kinds_is_published_in_docs():
    generated = CliRunner().invoke(main, ["rules", "--kinds"]).output
    committed = (Path(__file__).resolve().parent.parent / "docs" / "kinds.md").read_text(encoding="utf-8")
    assert committed == generated, "regenerate: disclosure-lint rules --kinds > docs/kinds.md"
    assert all(f"## `{kind}`" in generated for kind in KINDS)


def test_a_user_pattern_that_backtracks_for_ever_stops_its_rule_not_the_run(tmp_path):
    """Narrative kinds match with Python's engine (bundled rules need look-behind); a user's pattern
    there runs under a time limit: the rule says it could not run on this file, the others go on."""
    body = "    kind: text-years\n    params: {plan_context: '(x+x+)+y'}\n"
    path = _write(tmp_path, body)
    from disclosure_lint.api import lint

    year = lint(SEED_003.read_text(encoding="utf-8")).report.year
    text = SEED_003.read_text(encoding="utf-8") + "\n" + "x" * 64 + f"{year}年，我们将进一步加强培训。\n"
    result = CliRunner().invoke(main, ["check", "--lang", "en", "--rules", str(path), "-"], input=text)
    assert result.exit_code in (0, 1), result.output
    assert "check-not-run" in result.output and "my-rule" in result.output and "ran longer than 2 s" in result.output
