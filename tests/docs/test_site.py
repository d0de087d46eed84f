"""The documentation site builds strictly, and what it generates follows the code it documents."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main

import onlyoffice_crm_spec as spec
from onlyoffice_crm_cli import ExitCode
from onlyoffice_crm_cli.app import app
from onlyoffice_mock_portal.cli import build_parser

from .site_build import ROOT, build_site

TAGS = re.compile(r"<[^>]+>")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    built = build_site(folder)
    assert built.returncode == 0, f"mkdocs build --strict failed:\n{built.stderr[-6000:]}"
    return folder


def text_of(site: Path, page: str) -> str:
    """A page's visible text, tags removed and entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(TAGS.sub(" ", (site / page / "index.html").read_text())).split())


def commands(command: Any, path: str) -> Iterator[tuple[str, Any]]:
    """Every command of a Typer app's click tree, with its full name."""
    yield path, command
    for name, child in getattr(command, "commands", {}).items():
        yield from commands(child, f"{path} {name}")


@pytest.mark.timeout(300)
def test_the_api_page_documents_portal_invoices(site: Path) -> None:
    page = (site / "reference" / "library" / "index.html").read_text()
    assert 'id="onlyoffice_crm.Portal.invoices"' in page
    assert 'id="onlyoffice_crm.AsyncPortal.invoices"' in page


def test_the_cli_page_has_every_command_and_option_of_the_app(site: Path) -> None:
    text = text_of(site, "cli")
    root = typer.main.get_command(app)
    for path, command in commands(root, "onlyoffice-crm"):
        assert path in text
        for parameter in getattr(command, "params", []):
            names = parameter.opts if parameter.param_type_name == "option" else [parameter.human_readable_name]
            for name in names:
                assert name in text, f"{path}: {name} is not on the CLI page"
    assert "onlyoffice-crm invoices export" in text
    for code in ExitCode:
        assert f"{code.value} {code.name}" in text, f"exit code {code.value} is not on the CLI page"


def test_the_mock_portal_page_has_every_flag_of_its_parser(site: Path) -> None:
    text = text_of(site, "mock-portal")
    flags = [flag for action in build_parser()._actions for flag in action.option_strings]
    assert "--rate-limit" in flags
    missing = [flag for flag in flags if flag not in text]
    assert not missing, f"flags of onlyoffice-mock-portal missing from its page: {missing}"


def test_the_known_defects_come_from_the_spec(site: Path) -> None:
    text = text_of(site, "contract")
    defects = spec.operation(spec.FILTER_PATH, "get")["x-known-defects"]
    assert defects
    for defect in defects:
        assert defect["id"] in text
        assert defect["x-source"] in text


def test_the_spec_is_served_and_linked_not_copied(site: Path) -> None:
    served = site / "openapi" / "onlyoffice-crm-invoices.yaml"
    assert served.read_bytes() == spec.spec_path().read_bytes()
    assert 'href="../openapi/onlyoffice-crm-invoices.yaml"' in (site / "spec" / "index.html").read_text()


@pytest.mark.parametrize(
    ("picture", "shows"),
    [
        ("invoices-list.svg", "INV-"),
        ("totals-by-month.svg", "Invoiced per month, EUR"),
        ("export-progress.svg", "Exporting"),
    ],
)
def test_the_pictures_are_captured_from_the_command(site: Path, picture: str, shows: str) -> None:
    svg = (site / "assets" / "captures" / picture).read_text()
    assert svg.startswith("<svg")
    assert shows in html.unescape(svg).replace("\xa0", " ")


def test_a_broken_link_fails_the_build(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# A page\n\nSee [the missing page](missing.md).\n")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        (ROOT / "mkdocs.yml").read_text().split("\nnav:\n")[0].replace("docs_dir: docs", f"docs_dir: {docs}")
        + "\nplugins: [search]\n"
    )
    built = build_site(tmp_path / "site", config)
    assert built.returncode != 0
    assert "missing.md" in built.stderr
