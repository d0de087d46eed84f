"""The verdict rules and the coverage they rest on: no verdict for a signal, an error or a narrowed run; failures
are failures; a full run fails on a documented item it never exercised, unless the spec marks it not checkable;
every exit writes the summaries and the JUnit report, a preflight failure included."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

import onlyoffice_crm_spec as spec
from onlyoffice_crm_contract.interface import CheckFailure
from onlyoffice_crm_contract.runner.cli import main
from onlyoffice_crm_contract.runner.coverage import Coverage, Item, documented_items, measure, not_checkable
from onlyoffice_crm_contract.runner.exit_codes import ExitCode
from onlyoffice_crm_contract.runner.junit import write_junit
from onlyoffice_crm_contract.runner.outcomes import TestOutcomes
from onlyoffice_crm_contract.runner.run_record import Exchange, RunRecord
from onlyoffice_crm_contract.runner.verdict import RunResult, Verdict, decide

from .local_servers import answering

BASE = "http://portal.test"


def exchange(query: dict[str, str], status: int = 200, body: Any = None) -> Exchange:
    url = f"{BASE}{spec.FILTER_PATH}" + (f"?{urlencode(query)}" if query else "")
    return Exchange(
        started=0.0, method="GET", url=url, request_headers=[], request_body="", status=status,
        response_headers=[], response_body=json.dumps(body if body is not None else {}), body_truncated=False,
        elapsed_s=0.0, test="t",
    )  # fmt: skip


def document_with(paths: list[str]) -> dict[str, Any]:
    """A JSON answer in which every one of ``paths`` (``response[].contact.id``) is present."""
    root: dict[str, Any] = {}
    for path in paths:
        node: Any = root
        parts = path.replace("[]", ".[]").split(".")
        for part, following in zip(parts, [*parts[1:], None], strict=True):
            if part == "[]":
                if not node:
                    node.append({})
                node = node[0]
                continue
            fresh: Any = [] if following == "[]" else {} if following else 1
            existing = node.get(part)
            node[part] = fresh if existing is None or existing == 1 else existing
            node = node[part]
    return root


def exercising_everything(without: str = "") -> list[Exchange]:
    """Exchanges that exercise every documented item, except the query parameter ``without``."""
    items = documented_items()
    exchanges = []
    for item in items:
        if item.kind == "parameter":
            exchanges.append(exchange({item.name: "1"}))
        elif item.kind == "value":
            name, value = item.name.split("=")
            exchanges.append(exchange({name: value}))
        elif item.kind == "sort":
            key, direction = item.name.split()
            exchanges.append(exchange({"sortBy": key, "sortOrder": direction}))
    by_status: dict[str, list[str]] = {}
    for item in items:
        if item.kind == "status":
            by_status.setdefault(item.name, [])
        elif item.kind == "field":
            status, path = item.name.split(" ", 1)
            by_status.setdefault(status, []).append(path)
    exchanges += [exchange({}, int(status), document_with(paths)) for status, paths in by_status.items()]
    if without:
        exchanges = [e for e in exchanges if f"{without}=" not in e.url]
    return exchanges


def full_run(coverage: Coverage) -> RunResult:
    return RunResult(pytest_code=0, coverage=coverage)


def test_a_run_that_exercised_everything_the_spec_documents_holds() -> None:
    coverage = measure(exercising_everything())

    assert coverage.gaps == []
    assert decide(full_run(coverage)) == Verdict(ExitCode.HOLDS, "the contract holds")


def test_a_full_run_against_a_portal_that_drops_a_parameter_fails_naming_it() -> None:
    coverage = measure(exercising_everything(without="currency"))
    verdict = decide(full_run(coverage))

    assert [str(item) for item in coverage.gaps] == ["parameter currency"]
    assert verdict.code == ExitCode.FAILURES
    assert verdict.text.startswith("the contract is not fully checked: 1 documented item(s) never exercised")


def test_a_field_the_answers_never_carried_is_a_gap() -> None:
    exchanges = exercising_everything()
    for index, item in enumerate(exchanges):
        if item.status == 200 and "nextIndex" in item.response_body:
            body = json.loads(item.response_body)
            del body["nextIndex"]
            exchanges[index] = exchange({}, 200, body)

    assert [str(item) for item in measure(exchanges).gaps] == ["field 200 nextIndex"]


def test_items_come_from_the_spec_and_every_exemption_names_one_with_its_reason() -> None:
    items = {str(item) for item in documented_items()}
    operation = spec.operation(spec.FILTER_PATH, "get")

    assert {f"parameter {name}" for name in spec.query_parameter_names(spec.FILTER_PATH)} <= items
    assert {f"status {code}" for code in operation["responses"]} <= items
    assert {f"value status={value}" for value in spec.enum_values("InvoiceStatusId")} <= items
    assert len([item for item in items if item.startswith("sort ")]) == len(spec.enum_values("InvoiceSortBy")) * 2
    assert not_checkable(), "the spec marks nothing as not checkable"
    for item, why in not_checkable().items():
        assert item in items, f"x-not-checkable names no documented item: {item}"
        assert len(why.split()) >= 5, f"{item}: no reason given"


def test_an_exempt_status_and_its_fields_are_counted_but_never_a_gap() -> None:
    coverage = measure([])

    assert Item("status", "402") in coverage.counts
    assert not any(str(item).startswith(("status 402", "field 402")) for item in coverage.gaps)
    assert "status 200" in {str(item) for item in coverage.gaps}


@pytest.mark.parametrize(
    ("query", "exercised"),
    [
        ("STATUS=Billed", {"parameter status", "value status=2"}),
        ("status=draft", {"parameter status", "value status=1"}),
        (
            "entityType=Opportunity&entityid=5",
            {"parameter entityType", "value entityType=opportunity", "parameter entityid"},
        ),
        ("sortby=CONTACT&sortOrder=descending", {"parameter sortBy", "parameter sortOrder", "sort contact descending"}),
        ("sortBy=contact&sortOrder=Descending", {"parameter sortBy", "parameter sortOrder", "sort contact ascending"}),
        ("sortBy=issueDate", {"parameter sortBy", "sort issueDate ascending"}),
        ("filterValue[]=inv", {"parameter filterValue"}),
    ],
)
def test_a_request_exercises_what_the_server_reads_in_it(query: str, exercised: set[str]) -> None:
    counted = measure([exchange({}), Exchange(**{**exchange({}).__dict__, "url": f"{BASE}{spec.FILTER_PATH}?{query}"})])

    found = {
        str(item) for item, count in counted.counts.items() if count and item.kind in ("parameter", "value", "sort")
    }
    assert found == exercised


FAILURE = CheckFailure("not_a_server_error", "Server error", "500", "curl x")


@pytest.mark.parametrize(
    ("result", "code", "text"),
    [
        (
            RunResult(pytest_code=0, signal_number=15, signal_name="SIGTERM", during="t.py::x"),
            143,
            "interrupted: no verdict (stopped by SIGTERM during t.py::x)",
        ),
        (RunResult(pytest_code=1, signal_number=1, signal_name="SIGHUP"), 129, "interrupted: no verdict"),
        (RunResult(pytest_code=2), 130, "interrupted: no verdict"),
        (RunResult(error="the portal refuses the token (401)"), 2, "no verdict: the portal refuses the token (401)"),
        (
            RunResult(pytest_code=1, narrowed_by=["-k 'count'"], outcomes=TestOutcomes(failed=[("t", "E boom")])),
            1,
            "contract failures",
        ),
        (
            RunResult(pytest_code=0, narrowed_by=["-k 'count'"], coverage=measure([])),
            4,
            "partial: no verdict (narrowed by -k 'count')",
        ),
        (
            RunResult(pytest_code=0, narrowed_by=["2 generated cases per operation (a full run: 30)"]),
            4,
            "partial: no verdict (narrowed by 2 generated cases per operation",
        ),
        (RunResult(pytest_code=0, record=RunRecord(check_failures=[FAILURE])), 1, "contract failures"),
        (RunResult(pytest_code=0, coverage=measure([])), 1, "the contract is not fully checked"),
    ],
    ids=[
        "sigterm",
        "sighup beats failures",
        "pytest interrupted",
        "preflight",
        "failures in a narrowed run",
        "-k",
        "fewer examples",
        "check failures",
        "gaps",
    ],
)
def test_the_verdict_rules(result: RunResult, code: int, text: str) -> None:
    verdict = decide(result)

    assert (int(verdict.code), verdict.text[: len(text)]) == (code, text)
    assert "holds" not in verdict.text


@pytest.mark.parametrize(
    ("code", "element"),
    [
        (ExitCode.HOLDS, None),
        (ExitCode.FAILURES, "failure"),
        (ExitCode.PARTIAL, "skipped"),
        (ExitCode.USAGE, "error"),
        (ExitCode.TERMINATED, "error"),
    ],
)
def test_the_junit_report_carries_the_verdict_as_a_test_case(
    tmp_path: Path, code: ExitCode, element: str | None
) -> None:
    junit = tmp_path / "junit.xml"
    write_junit(junit, Verdict(code, "words"))
    write_junit(junit, Verdict(code, "words"))  # onto an existing report

    cases = ET.parse(junit).findall(".//testcase[@name='verdict']")
    assert len(cases) == 2
    assert [child.tag for child in cases[0]] == ([element] if element else [])


def test_a_refused_token_still_writes_both_summaries_and_the_junit_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with answering(401, b"Unauthorized", "text/html") as url:
        code = main(["--url", url, "--token", "wrong", "--report-dir", str(tmp_path)])

    captured = capsys.readouterr()
    assert (code, captured.out, captured.err.count("\n")) == (2, "", 1)
    text = (tmp_path / "contract-summary.txt").read_text("utf-8")
    assert text.splitlines()[-1].startswith("contract: no verdict: ")
    assert "refuses the token (401)" in text
    assert "refuses the token (401)" in (tmp_path / "contract-summary.md").read_text("utf-8")
    error = ET.parse(tmp_path / "contract-junit.xml").find(".//testcase[@name='verdict']/error")
    assert error is not None
    assert "refuses the token" in error.get("message", "")
    assert len(json.loads((tmp_path / "contract-traffic.har").read_text("utf-8"))["log"]["entries"]) == 1
