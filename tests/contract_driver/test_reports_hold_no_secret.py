"""What the checker writes and prints holds no secret, and for a live portal no business data unless asked.

The checker runs (in-process) against the mock portal behind a front that quotes every request back, its headers,
query and body, in every encoded form, in its answers and in error pages (``local_servers.echoing``). Every file it
wrote and its output are then searched for the token, the password, the user name and the login's token, in each
of those forms. Reports are written through a temporary file and a rename: a link planted under a report's name is
replaced, never written through.
"""

from __future__ import annotations

import base64
import io
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from contract_tests.proofs import broken_portals
from contract_tests.proofs.serving import serving_over_http
from onlyoffice_crm_contract.interface import check_failure_message
from onlyoffice_crm_contract.runner.cli import main
from onlyoffice_crm_contract.runner.options import UsageError, settings
from onlyoffice_crm_contract.runner.report_files import write_json_report, write_text_report, write_xml_report
from onlyoffice_crm_contract.runner.scrubbing import ScrubbedStream, Scrubber
from onlyoffice_mock_portal.app import create_app
from onlyoffice_mock_portal.config import PortalConfig

from .local_servers import echoed, echoing

# Characters that each encoding writes differently: / + = & < > ' " and a space.
TOKEN = "tok/EN+9=a&b<c>'d\"e-given"
LOGIN_TOKEN = "login/TOK+en=x&y<z>-issued"
USER_NAME = "o'neil+crm/ops@example.com"
PASSWORD = "pa ss/wd+&<é>=\"q'"
REPORTS = ["contract-coverage.json", "contract-junit.xml", "contract-summary.md", "contract-summary.txt",
           "contract-traffic.har"]  # fmt: skip
# A few requests, error pages among them (the count=0 answer becomes one): a partial run of seconds.
QUICK = ["--max-examples", "1", "--rate-limit", "0", "-k", "test_count_zero or test_a_missing_or_wrong_token"]


def base64_runs(secret: str) -> set[str]:
    """The base64 characters that only ``secret``'s bytes decide, at each of the three offsets it may have in an
    encoded stream (``Basic`` authorization encodes ``user:password``)."""
    data, runs = secret.encode(), set()
    for offset in range(3):
        encoded = base64.b64encode(b"\0" * offset + data).decode()
        runs.add(encoded[-(-8 * offset // 6) : 8 * (offset + len(data)) // 6])
    return runs


def leaks(text: str, secrets: list[str]) -> list[str]:
    """Each secret form found in ``text``."""
    found = []
    for secret in secrets:
        forms = {**echoed(secret), **{f"base64@{i}": run for i, run in enumerate(sorted(base64_runs(secret)))}}
        forms["basic"] = base64.b64encode(f"{USER_NAME}:{PASSWORD}".encode()).decode()
        found += [f"{secret!r} {name}: {form!r}" for name, form in forms.items() if form in text]
    return found


def run_checker(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], credentials: list[str], *flags: str
) -> tuple[int, str, str, Path]:
    """The checker against the echoing portal (its token ``TOKEN``, or ``LOGIN_TOKEN`` for a login); its exit
    code, stdout, stderr and report folder."""
    token = TOKEN if "--token" in credentials else LOGIN_TOKEN
    config = PortalConfig(token=token, user_name=USER_NAME, password=PASSWORD, invoices=5, rate_limit=0)
    reports = tmp_path / "reports"
    with serving_over_http(echoing(create_app(config))) as url:
        code = main(["--url", url, *credentials, *QUICK, "--report-dir", str(reports), *flags])
    out, err = capsys.readouterr()
    return code, out, err, reports


def har(reports: Path) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json.loads((reports / "contract-traffic.har").read_text("utf-8"))["log"]["entries"]
    return entries


def test_a_live_run_with_a_token_writes_and_prints_no_form_of_it_nor_any_body_and_replaces_planted_links(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reports, elsewhere = tmp_path / "reports", tmp_path / "elsewhere"
    reports.mkdir()
    elsewhere.mkdir()
    for name in REPORTS:  # each report's name a link to a file of someone else's
        (elsewhere / name).write_text("not the checker's\n", encoding="utf-8")
        (reports / name).symlink_to(elsewhere / name)

    code, out, err, reports = run_checker(tmp_path, capsys, ["--token", TOKEN])

    assert code == 1, out[-3000:] + err[-2000:]  # the error pages fail tests: their messages quote the echo
    assert "FAIL" in out
    for name in REPORTS:
        assert not (reports / name).is_symlink(), name
        assert (elsewhere / name).read_text(encoding="utf-8") == "not the checker's\n", name
    assert sorted(path.name for path in reports.iterdir()) == REPORTS  # no temporary file left behind
    written = {path.name: path.read_text("utf-8") for path in reports.iterdir()}
    assert {name: leaks(text, [TOKEN]) for name, text in [*written.items(), ("stdout", out), ("stderr", err)]} == {
        name: [] for name in [*REPORTS, "stdout", "stderr"]
    }
    entries = har(reports)
    assert entries
    assert all("text" not in entry["response"]["content"] for entry in entries)
    assert all(len(entry["response"]["content"]["_sha256"]) == 64 for entry in entries)
    assert all(entry["response"]["content"]["size"] > 0 for entry in entries)


def test_a_live_login_writes_and_prints_no_form_of_its_credentials_and_masks_its_token_for_github_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")

    code, out, err, reports = run_checker(
        tmp_path, capsys, ["--user-name", USER_NAME, "--password", PASSWORD], "--har-bodies"
    )

    assert code == 1, out[-3000:] + err[-2000:]
    lines = out.splitlines()
    masks = [line for line in lines if line.startswith("::add-mask::")]
    assert lines[: len(masks)] == masks  # before any other line
    assert f"::add-mask::{LOGIN_TOKEN}" in masks
    shown = "\n".join(line for line in lines if not line.startswith("::add-mask::"))
    secrets = [USER_NAME, PASSWORD, LOGIN_TOKEN]
    written = {path.name: path.read_text("utf-8") for path in reports.iterdir()}
    assert {name: leaks(text, secrets) for name, text in [*written.items(), ("stdout", shown), ("stderr", err)]} == {
        name: [] for name in [*REPORTS, "stdout", "stderr"]
    }
    entries = har(reports)
    login = next(entry for entry in entries if entry["request"]["method"] == "POST")
    assert "postData" not in login["request"]
    assert login["request"]["bodySize"] == -1
    assert "content-length" not in {header["name"].lower() for header in login["request"]["headers"]}
    bodies = [entry["response"]["content"].get("text", "") for entry in entries]
    assert all(bodies)
    assert any('"echo"' in body for body in bodies)


@pytest.mark.parametrize(
    "write",
    [
        lambda path, scrubber: write_text_report(path, "a summary\n", scrubber),
        lambda path, scrubber: write_json_report(path, {"log": []}, scrubber),
        lambda path, scrubber: write_xml_report(path, ET.Element("x"), scrubber),
    ],
    ids=["text", "json", "xml"],
)
def test_a_report_replaces_a_link_planted_under_its_name_and_leaves_its_target_alone(
    tmp_path: Path, write: Any
) -> None:
    target, report = tmp_path / "target", tmp_path / "reports" / "contract-summary.txt"
    target.write_text("someone else's\n", encoding="utf-8")
    report.parent.mkdir()
    report.symlink_to(target)

    write(report, Scrubber())

    assert not report.is_symlink()
    assert target.read_text(encoding="utf-8") == "someone else's\n"
    assert os.listdir(report.parent) == [report.name]


def test_short_secrets_leave_the_reports_readable_and_every_form_of_a_longer_one_is_masked() -> None:
    secret = "s3cr/et+x&y<z>'"
    forms = [*echoed(secret).values(), *base64_runs(secret)]

    assert Scrubber(["ab", secret]).scrub(" ".join(["ab", *forms])).split() == ["ab", *["***"] * len(forms)]


def test_a_live_runs_failure_quotes_only_what_the_suite_says_never_the_invoices_around_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A portal that answers ``count=0`` with two invoices: pytest's view of the failed assertion would show both
    (``len([Invoice(...), ...])``, their numbers, customers, amounts); the run shows the suite's message alone."""
    seen: list[dict[str, Any]] = []

    def two_invoices_for_count_zero(status: int, body: bytes, query: str) -> tuple[int, bytes]:
        document = json.loads(body) if status == 200 else None
        if not (isinstance(document, dict) and "count=0" in query and document.get("response")):
            return status, body
        seen.extend(document["response"])
        document["response"] = document["response"] * 2
        return status, json.dumps(document).encode()

    portal = broken_portals.rewrite_responses(
        create_app(PortalConfig(token=TOKEN, invoices=5, rate_limit=0)), two_invoices_for_count_zero
    )
    reports = tmp_path / "reports"
    with serving_over_http(portal) as url:
        code = main(["--url", url, "--token", TOKEN, "--max-examples", "1", "--rate-limit", "0",
                     "-k", "test_count_zero", "--report-dir", str(reports)])  # fmt: skip
    out, err = capsys.readouterr()

    assert code == 1, out[-3000:] + err[-2000:]
    assert seen
    business = {seen[0]["number"], seen[0]["contact"]["displayName"], "Invoice("}
    assert (
        "FAIL test_behaviour.py::test_count_zero_returns_one_invoice_and_the_total: AssertionError: | reproduce: curl"
        in out
    )
    texts = [out, err, *(path.read_text("utf-8") for path in reports.iterdir())]
    assert [value for value in business if any(value in text for text in texts)] == []


def test_a_har_bodies_variable_that_is_not_yes_or_no_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONTRACT_HAR_BODIES", "maybe")

    with pytest.raises(UsageError, match="CONTRACT_HAR_BODIES must be true or false, not 'maybe'"):
        settings([])


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        ("{'id': 7, 'contact': {'displayName': 'Acme }]\\' Ltd'}} is not valid under any of the given schemas",
         "an object is not valid under any of the given schemas"),
        ("[{'id': 7}] is too long", "an array is too long"),
        ("'abc' is not of type 'integer'", "'abc' is not of type 'integer'"),
        ("{'id': 7, 'contact': {'displayName': 'Acme", "an object (not shown for a live portal)"),
    ],
)  # fmt: skip
def test_a_live_check_failure_names_a_whole_invoice_it_would_quote_and_keeps_the_value_at_fault(
    message: str, shown: str
) -> None:
    assert check_failure_message(message) == shown


def test_printed_text_shows_at_once_but_a_secret_printed_in_two_pieces_is_still_masked() -> None:
    raw = io.StringIO()
    stream = ScrubbedStream(raw, Scrubber(["s3cret-token"]))

    stream.write("..")
    shown_at_once = raw.getvalue()
    stream.write("F token: s3cr")
    stream.write("et-token.\n")
    stream.write("s3c")
    stream.finish()

    assert shown_at_once == ".."
    assert raw.getvalue() == "..F token: ***.\ns3c"
