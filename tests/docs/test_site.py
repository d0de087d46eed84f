"""The documentation site builds strictly, and what it generates follows the code it documents."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.request import url2pathname

import pytest
import typer.main

import onlyoffice_crm_spec as spec
from onlyoffice_crm_cli import ExitCode
from onlyoffice_crm_cli.app import app
from onlyoffice_mock_portal import PortalConfig
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
    return " ".join(html.unescape(TAGS.sub(" ", (site / f"{page}.html").read_text())).split())


def commands(command: Any, path: str) -> Iterator[tuple[str, Any]]:
    """Every command of a Typer app's click tree, with its full name."""
    yield path, command
    for name, child in getattr(command, "commands", {}).items():
        yield from commands(child, f"{path} {name}")


@pytest.mark.timeout(300)
def test_the_api_page_documents_portal_invoices(site: Path) -> None:
    page = (site / "reference" / "library.html").read_text()
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
    assert 'href="openapi/onlyoffice-crm-invoices.yaml"' in (site / "spec.html").read_text()


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


class Links(HTMLParser):
    """The ``href`` of every ``<a>`` of a page, and whether it is a link of the site's navigation."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        href = attributes.get("href")
        if tag == "a" and href:
            self.links.append((href, "md-nav__link" in (attributes.get("class") or "")))


def page_links(page: Path) -> list[tuple[str, bool]]:
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.links


def test_opened_from_disk_every_navigation_link_leads_to_a_page_not_a_folder(site: Path) -> None:
    # The README says: make docs, then open site/index.html. A browser resolves each link against the page's
    # file:// URL; a link to a folder would show a folder listing, a missing file an error page.
    site = site.resolve()
    start = (site / "index.html").as_uri()
    seen, todo, problems = {start}, [start], []
    while todo:
        url = todo.pop()
        page = Path(url2pathname(urlsplit(url).path))
        for href, in_navigation in page_links(page):
            target = urlsplit(urljoin(url, href))
            if target.scheme != "file":
                continue  # an external link, or mailto:
            path = Path(url2pathname(target.path))
            if not path.is_file():
                problems.append(f"{page.relative_to(site)}: {href} -> {'a folder' if path.is_dir() else 'nothing'}")
            elif in_navigation and path.suffix == ".html" and path.as_uri() not in seen:
                seen.add(path.as_uri())
                todo.append(path.as_uri())

    assert problems == []
    reached = {Path(url2pathname(urlsplit(url).path)).relative_to(site).as_posix() for url in seen}
    assert {"index.html", "getting-started.html", "try-it.html", "cli.html", "reference/library.html"} <= reached


def test_the_try_it_page_shows_each_command_of_the_session_with_what_it_printed(site: Path) -> None:
    text = text_of(site, "try-it")
    defaults = PortalConfig()

    assert f"$ onlyoffice-mock-portal Mock portal listening on http://127.0.0.1:8080 (token: {defaults.token})" in text
    assert f"--user-name {defaults.user_name} --password-stdin Logged in to http://127.0.0.1:8080" in text
    assert "$ onlyoffice-crm invoices list --limit 5" in text
    assert f"5 of {defaults.invoices} invoices" in text
    assert re.search(r"\$ onlyoffice-crm invoices export --status paid --output paid\.csv Wrote \d+ invoices", text)
    assert "$ head -n 3 paid.csv number,status," in text
    assert "$ onlyoffice-crm invoices totals --by status --currency EUR" in text
