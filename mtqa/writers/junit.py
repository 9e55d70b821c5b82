"""JUnit XML: one testsuite a document, one failing testcase a finding."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from .. import regexcache
from ..model import DocumentResult, DocumentTotals, Finding, RunSummary
from .base import SpoolingWriter, escape_undecodable
from .spool import Part


class JunitWriter(SpoolingWriter):
    """JUnit XML: each document's failing testcases spooled as it comes, written at
    the run's end into its testsuite, whose counts (and the root's) and passing
    testcase wait for the verdicts. Byte for byte the tree `xml.etree` indents and
    writes whole (`ET.indent`: two spaces a level), a testcase at a time."""

    reads_segments = False

    def spool(self, part: Part, result: DocumentResult) -> None:
        cases = [_failing_case(result.path, f) for f in result.findings]
        self.add(part, 0, _CASE_SEP.join(cases), len(cases), _CASE_SEP)

    def finish(self, summary: RunSummary, documents: list[tuple[DocumentTotals, Part]]) -> None:
        """A passing document also gets one passing testcase, so CI totals add up."""
        failures = summary.findings
        root = ET.Element(
            "testsuites",
            name="mtqa",
            tests=str(failures + sum(t.passed for t in summary.totals)),
            failures=str(failures),
        )
        props = ET.SubElement(root, "properties")
        ET.SubElement(props, "property", name="mtqa.version", value=self.run.version)
        ET.SubElement(props, "property", name="mtqa.rule_set", value=summary.rule_set)
        ET.SubElement(props, "property", name="mtqa.run_signature", value=summary.signature)
        ET.indent(root)
        head = _xml(root).removesuffix("\n</testsuites>")
        self.write('<?xml version="1.0" encoding="UTF-8"?>\n' + head)
        for t, part in documents:
            cases = t.findings + t.passed
            suite = _xml(
                ET.Element("testsuite", name=t.path, tests=str(cases), failures=str(t.findings))
            )
            if not cases:
                self.write("\n  " + suite)
                continue
            self.write("\n  " + suite.removesuffix(" />") + ">")
            if part.counts[0]:
                self.write(_CASE_SEP)
                for block in self.read(part, 0):
                    self.write(block)
            if t.passed:
                case = ET.Element(
                    "testcase",
                    name=f"score {t.score.score:.1f} passes",
                    classname=t.path,
                    file=t.path,
                )
                self.write(_CASE_SEP + _xml(case))
            self.write("\n  </testsuite>")
        self.write("\n</testsuites>\n")


# what stands before each testcase of a testsuite (level 2 of `ET.indent`)
_CASE_SEP = "\n    "


def _failing_case(path: str, f: Finding) -> str:
    """The testcase of finding ``f`` in the document ``path``, as it stands at its
    level of the tree."""
    case = ET.Element(
        "testcase",
        name=f"{f.rule} {f.name} at {f.line}:{f.column}",
        classname=path,
        file=path,
        line=str(f.line),
    )
    failure = ET.SubElement(case, "failure", message=f.message, type=f.severity)
    hint = f"\nsuggestion: {f.suggestion!r}" if f.suggestion is not None else ""
    failure.text = (
        f"{path}:{f.line}:{f.column}: {f.rule} [{f.severity}] "
        f"{f.category}: {f.message}\nflagged: {f.text!r}{hint}"
    )
    ET.indent(case, level=2)
    return _xml(case)


def _xml(element: ET.Element) -> str:
    """``element`` as XML text, every character well-formed XML can hold (file
    names' undecodable bytes and characters XML cannot hold escaped)."""
    xml = ET.tostring(element, encoding="unicode")
    return _XML_INVALID_RE.sub(_escaped, escape_undecodable(xml))


# Characters XML 1.0 cannot hold at all, even as references (its Char production),
# but for the surrogates, which `escape_undecodable` writes first: a file name or
# text that holds one would make the report unreadable
_XML_INVALID_RE = regexcache.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _escaped(match: re.Match[str]) -> str:
    """The character as a Python escape (\\x01), readable and well-formed."""
    return repr(match.group())[1:-1]
