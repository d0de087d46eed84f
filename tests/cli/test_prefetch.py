"""The background walk: the same invoices as the library's own walk, errors passed on, and a thread that ends."""

from __future__ import annotations

import itertools
import threading

import pytest

from onlyoffice_crm import AuthenticationError, Portal
from onlyoffice_crm_cli.prefetch import prefetched_invoices

from .conftest import MockPortal


def walk_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == "onlyoffice-crm-walk"]


def test_the_same_invoices_in_the_same_order_as_the_sequential_walk(mock_portal: MockPortal) -> None:
    arguments = {"order_by": "dueDate", "descending": True, "currency": "USD"}
    with Portal(mock_portal.url, mock_portal.config.token) as portal:
        expected = [invoice.id for invoice in portal.invoices(**arguments)]  # type: ignore[arg-type]
    found = prefetched_invoices(mock_portal.url, mock_portal.config.token, timeout=30, arguments=arguments)
    assert [invoice.id for invoice in found] == expected
    assert walk_threads() == []


def test_stopping_early_ends_the_walk(mock_portal: MockPortal) -> None:
    walk = prefetched_invoices(mock_portal.url, mock_portal.config.token, timeout=30, arguments={})
    assert len(list(itertools.islice(walk, 10))) == 10
    walk.close()
    assert walk_threads() == []


def test_an_error_of_the_walk_reaches_the_caller(mock_portal: MockPortal) -> None:
    walk = prefetched_invoices(mock_portal.url, "wrong-token", timeout=30, arguments={})
    with pytest.raises(AuthenticationError):
        next(walk)
    assert walk_threads() == []
