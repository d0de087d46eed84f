"""MkDocs hooks of this site: generated references and pictures, so that the site follows the code.

A page asks for a generated part with a marker on a line of its own, e.g. ``<!-- generated: cli-reference -->``;
an unknown marker fails the build. The pictures of the command are captured once per build and served under
``assets/captures/``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from argparse_reference import argparse_tables
from captures import capture_all
from cli_reference import cli_reference
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from spec_parts import known_defects_table, spec_description

import onlyoffice_crm_spec as spec
from onlyoffice_crm_contract.runner.options import parser as contract_parser
from onlyoffice_mock_portal.cli import build_parser as mock_portal_parser

CAPTURES = "assets/captures"
# The spec is served with the site, so that pages link into it instead of copying it.
SPEC_IN_SITE = "openapi/onlyoffice-crm-invoices.yaml"
MARKER = re.compile(r"^<!-- generated: ([a-z-]+) -->$", re.MULTILINE)
GENERATORS: dict[str, Callable[[], str]] = {
    "cli-reference": cli_reference,
    "mock-portal-flags": lambda: argparse_tables(mock_portal_parser()),
    "contract-checker-flags": lambda: argparse_tables(contract_parser()),
    "known-defects": known_defects_table,
    "spec-description": spec_description,
}


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the captured pictures of the command, and the spec, to the site."""
    files.append(File.generated(config, SPEC_IN_SITE, abs_src_path=str(spec.spec_path())))
    for name, svg in capture_all().items():
        files.append(File.generated(config, f"{CAPTURES}/{name}", content=svg))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Replace each marker of the page by what its generator renders now."""

    def generated(match: re.Match[str]) -> str:
        generator = GENERATORS.get(match.group(1))
        if generator is None:
            raise PluginError(f"{page.file.src_path}: unknown marker {match.group(0)!r}; known: {sorted(GENERATORS)}")
        return generator()

    return MARKER.sub(generated, markdown)
