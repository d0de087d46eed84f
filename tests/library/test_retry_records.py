"""Retries are records on the library's own logger, one readable line each, never bare lines of stamina; a program
that configures no logging prints nothing; under stamina's testing mode a failing portal fails at once."""

from __future__ import annotations

import logging
import subprocess
import sys
import textwrap

import pytest
import stamina

from onlyoffice_crm import Portal, RateLimitError
from tests.hostile_servers import HostileServer, retry_after

# ---------------------------------------------------------------- retries: a named logger, no bare lines


def test_each_retry_is_one_readable_record_on_the_libraries_logger(caplog: pytest.LogCaptureFixture) -> None:
    stamina.set_testing(True, attempts=3)
    try:
        with (
            caplog.at_level(logging.INFO, logger="onlyoffice_crm"),
            HostileServer(retry_after("0")) as server,
            Portal(server.url, "t", max_retries=2) as portal,
            pytest.raises(RateLimitError),
        ):
            portal.count_invoices()
    finally:
        stamina.set_testing(False)

    retries = [record for record in caplog.records if record.name == "onlyoffice_crm"]
    assert [record.getMessage() for record in retries] == [
        "portal busy (503), retrying 1/2 in 0 s",
        "portal busy (503), retrying 2/2 in 0 s",
    ]
    assert [getattr(record, "retry_number", None) for record in retries] == [1, 2]
    assert not [record for record in caplog.records if record.name.startswith("stamina")]


PROGRAM = """
import sys
from onlyoffice_crm import Portal, RateLimitError
with Portal(sys.argv[1], "t", max_retries=2) as portal:
    try:
        portal.count_invoices()
    except RateLimitError:
        print("refused")
"""


@pytest.mark.timeout(60)
def test_a_program_that_configures_no_logging_prints_nothing_on_retries() -> None:
    with HostileServer(retry_after("0")) as server:
        done = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(PROGRAM), server.url],
            capture_output=True,
            text=True,
            timeout=50,
            check=False,
        )

    assert done.stdout == "refused\n"
    assert done.stderr == ""  # no "stamina.retry_scheduled", no retry line: the application decides


# ---------------------------------------------------------------- a failing portal in a downstream test


@pytest.mark.timeout(5)  # the default retries would wait about 7.5 s
def test_a_failing_portal_fails_at_once_under_staminas_testing_mode() -> None:
    busy = retry_after("1")
    stamina.set_testing(True, attempts=2)
    try:
        with HostileServer(busy) as server, Portal(server.url, "t") as portal:
            with pytest.raises(RateLimitError):
                portal.count_invoices()
            assert len(server.requests) == 2
    finally:
        stamina.set_testing(False)
