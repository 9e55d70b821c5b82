"""JUnit XML: one testsuite a document, one failing testcase a finding."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..model import Report
from .base import Writer, escape_undecodable


class JunitWriter(Writer):
    """JUnit XML (`to_junit`), written at the run's end."""

    def render(self, report: Report) -> str:
        return to_junit(report, self.run.version)


def to_junit(report: Report, version: str) -> str:
    """A passing document also gets one passing testcase, so CI totals add up."""
    root = ET.Element("testsuites", name="mtqa", tests="0", failures="0")
    props = ET.SubElement(root, "properties")
    ET.SubElement(props, "property", name="mtqa.version", value=version)
    ET.SubElement(props, "property", name="mtqa.rule_set", value=report.rule_set)
    ET.SubElement(props, "property", name="mtqa.run_signature", value=report.signature)
    total = failures = 0
    for d in report.documents:
        suite = ET.SubElement(root, "testsuite", name=d.path)
        cases = 0
        for f in d.findings:
            case = ET.SubElement(
                suite,
                "testcase",
                name=f"{f.rule} {f.name} at {f.line}:{f.column}",
                classname=d.path,
                file=d.path,
                line=str(f.line),
            )
            failure = ET.SubElement(case, "failure", message=f.message, type=f.severity)
            hint = f"\nsuggestion: {f.suggestion!r}" if f.suggestion is not None else ""
            failure.text = (
                f"{d.path}:{f.line}:{f.column}: {f.rule} [{f.severity}] "
                f"{f.category}: {f.message}\nflagged: {f.text!r}{hint}"
            )
            cases += 1
        if d.passed:
            ET.SubElement(
                suite,
                "testcase",
                name=f"score {d.score.score:.1f} passes",
                classname=d.path,
                file=d.path,
            )
            cases += 1
        suite.set("tests", str(cases))
        suite.set("failures", str(len(d.findings)))
        total += cases
        failures += len(d.findings)
    root.set("tests", str(total))
    root.set("failures", str(failures))
    ET.indent(root)
    xml = ET.tostring(root, encoding="unicode")
    xml = _XML_INVALID_RE.sub(_escaped, escape_undecodable(xml))
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + xml + "\n"


# Characters XML 1.0 cannot hold at all, even as references (its Char production),
# but for the surrogates, which `escape_undecodable` writes first: a file name or
# text that holds one would make the report unreadable
_XML_INVALID_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _escaped(match: re.Match[str]) -> str:
    """The character as a Python escape (\\x01), readable and well-formed."""
    return repr(match.group())[1:-1]
