"""``--format junit``: JUnit XML, one test suite per file, one failing test case per finding."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from disclosure_lint.output import FileResult


def render(items: list[FileResult]) -> str:
    suites = ET.Element("testsuites", name="disclosure-lint")
    total = failures = errors = 0
    for item in items:
        suite = ET.SubElement(suites, "testsuite", name=item.path)
        cases = fails = errs = 0
        if item.error is not None:
            case = ET.SubElement(suite, "testcase", name="read", classname=item.path)
            ET.SubElement(case, "error", message=item.error, type="input-error").text = item.error
            cases, errs = 1, 1
        else:
            assert item.result is not None
            if not item.result.diagnostics:
                ET.SubElement(suite, "testcase", name="disclosure-lint", classname=item.path)
                cases = 1
            for d in item.result.diagnostics:
                case = ET.SubElement(suite, "testcase", name=f"{d.code} {d.name} {d.span.line}:{d.span.column}",
                                     classname=item.path)
                ET.SubElement(case, "failure", message=d.message, type=d.severity).text = (
                    f"{item.path}:{d.span.line}:{d.span.column}: {d.severity} {d.code} {d.name}: {d.message}")
                cases += 1
                fails += 1
        suite.set("tests", str(cases))
        suite.set("failures", str(fails))
        suite.set("errors", str(errs))
        total, failures, errors = total + cases, failures + fails, errors + errs
    suites.set("tests", str(total))
    suites.set("failures", str(failures))
    suites.set("errors", str(errors))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode")
