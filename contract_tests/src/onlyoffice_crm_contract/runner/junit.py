"""The run's JUnit report: pytest's, when the suite ran, with one more test case that carries the run's verdict;
else a report of that one case. A CI page that shows JUnit then shows an interrupted, partial, incomplete or
unusable run as such, never as green."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from .exit_codes import ExitCode
from .report_files import write_xml_report
from .scrubbing import Scrubber
from .verdict import Verdict

SUITE_NAME = "onlyoffice-crm-contract"
VERDICT_CASE = "verdict"


def _verdict_case(verdict: Verdict) -> ET.Element:
    case = ET.Element("testcase", classname=SUITE_NAME, name=VERDICT_CASE, time="0")
    if verdict.code == ExitCode.FAILURES:
        ET.SubElement(case, "failure", message=verdict.text).text = verdict.text
    elif verdict.code == ExitCode.PARTIAL:
        ET.SubElement(case, "skipped", message=verdict.text)
    elif verdict.code != ExitCode.HOLDS:
        ET.SubElement(case, "error", message=verdict.text).text = verdict.text
    return case


def _outcome_attribute(verdict: Verdict) -> str | None:
    return {ExitCode.HOLDS: None, ExitCode.FAILURES: "failures", ExitCode.PARTIAL: "skipped"}.get(
        verdict.code, "errors"
    )


def write_junit(
    path: Path, verdict: Verdict, scrubber: Scrubber | None = None, pytest_report: str | None = None
) -> None:
    """Write to ``path`` pytest's report (the text ``pytest_report``, else the file at ``path``) with the verdict
    case added, or a report of that case alone; scrubbed, through ``report_files``."""
    try:
        root = ET.parse(path).getroot() if pytest_report is None else ET.fromstring(pytest_report)
    except (OSError, ET.ParseError):
        root = ET.Element("testsuites")
        ET.SubElement(root, "testsuite", name=SUITE_NAME, errors="0", failures="0", skipped="0", tests="0", time="0")
    suite = root if root.tag == "testsuite" else root.find("testsuite")
    if suite is None:
        suite = ET.SubElement(root, "testsuite", name=SUITE_NAME, tests="0")
    suite.append(_verdict_case(verdict))
    suite.set("tests", str(int(suite.get("tests", "0")) + 1))
    counted = _outcome_attribute(verdict)
    if counted is not None:
        suite.set(counted, str(int(suite.get(counted, "0")) + 1))
    write_xml_report(path, root, scrubber or Scrubber())
