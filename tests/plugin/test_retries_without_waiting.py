"""A downstream test of a failing portal sees every retry and does not wait for them (issue 20, point 16)."""

from __future__ import annotations

import pytest

from onlyoffice_crm import Portal, RateLimitError, ServerError
from onlyoffice_mock_portal.pytest_plugin import MockPortal


@pytest.mark.timeout(3)  # the default retries would wait the portal's Retry-After (1 s) four times, and more
def test_a_failing_portal_fails_after_every_retry_at_once(onlyoffice_portal: MockPortal) -> None:
    onlyoffice_portal.set_faults(error_share=1.0)

    with Portal(onlyoffice_portal.url, onlyoffice_portal.token) as portal, pytest.raises((RateLimitError, ServerError)):
        portal.count_invoices()

    assert len(onlyoffice_portal.requests) == 5  # the first attempt and the default four retries
