"""Every Python and shell example of the documentation runs against a mock portal, or is listed as not run."""

from __future__ import annotations

import inspect
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from unittest import SkipTest

import pytest
from sybil.example import NotEvaluated

from onlyoffice_mock_portal import MockPortal, PortalConfig
from onlyoffice_mock_portal.records import InvoiceRecords
from onlyoffice_mock_portal.testing import RunningPortal, serve_portal

from .examples import ALLOWED_REASONS, ROOT, SHELL_ENVIRONMENT, SHELL_FOLDER, NotRun, documents, not_run, parse

PAGES = documents()
NOT_RUN = [skipped for page in PAGES for skipped in not_run(parse(page))]


@pytest.fixture(scope="module")
def docs_portal() -> Iterator[RunningPortal]:
    """The portal the examples talk to: 300 seeded invoices, no rate limit."""
    with serve_portal(PortalConfig(rate_limit=0)) as portal:
        yield portal


@pytest.fixture
def example_environment(docs_portal: RunningPortal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Where the examples run: a fresh folder, the mock portal in ONLYOFFICE_URL and ONLYOFFICE_TOKEN, a config
    folder of their own, and this environment's commands first on PATH."""
    for name in list(os.environ):
        if name.startswith(("ONLYOFFICE_", "BASE_URL", "TOKEN", "USER_NAME", "PASSWORD")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("ONLYOFFICE_URL", docs_portal.url)
    monkeypatch.setenv("ONLYOFFICE_TOKEN", PortalConfig().token)
    monkeypatch.setenv("ONLYOFFICE_CRM_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.chdir(tmp_path)
    return dict(os.environ)


def page_id(page: Path) -> str:
    return str(page.relative_to(ROOT))


@pytest.mark.timeout(240)
@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_examples_of_the_page_run(
    page: Path, example_environment: dict[str, str], request: pytest.FixtureRequest
) -> None:
    document = parse(page)
    document.namespace.update({SHELL_ENVIRONMENT: example_environment, SHELL_FOLDER: Path.cwd()})
    for example in document:
        try:
            example.evaluate()
        except (SkipTest, NotEvaluated):
            continue
    for function in defined_tests(document.namespace):
        function(**{parameter: fixture(request, parameter) for parameter in inspect.signature(function).parameters})


def defined_tests(namespace: dict[str, Any]) -> list[Callable[..., None]]:
    """The ``test_*`` functions a page defines (a page about testing shows tests), to run as pytest would."""
    return [value for name, value in namespace.items() if name.startswith("test_") and callable(value)]


def fixture(request: pytest.FixtureRequest, name: str) -> object:
    """A page's test asks for fixtures by name; ``onlyoffice_portal`` is made fresh for each test, as the plugin
    makes it, so that the page's tests do not see each other's invoices and faults."""
    if name != "onlyoffice_portal":
        return request.getfixturevalue(name)
    server: RunningPortal = request.getfixturevalue("onlyoffice_portal_server")
    config: PortalConfig = request.getfixturevalue("onlyoffice_portal_config")
    server.control.reset()
    return MockPortal(server, config, InvoiceRecords(config.utc_offset_minutes))


def test_pages_have_examples_that_run() -> None:
    runnable = [example for page in PAGES for example in parse(page) if example.region.evaluator is not None]
    assert len(runnable) > 2 * len(NOT_RUN) + 10, "most examples must run"


@pytest.mark.parametrize("skipped", NOT_RUN, ids=lambda skipped: skipped.where)
def test_examples_not_run_are_listed_with_an_allowed_reason(skipped: NotRun) -> None:
    assert skipped.reason in ALLOWED_REASONS, f"{skipped.where}: {skipped.reason!r} is not one of {ALLOWED_REASONS}"
    pytest.skip(f"not run: {skipped.where}: {skipped.reason}")
