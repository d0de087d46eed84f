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
from cli_reference import cli_reference, exit_codes_table, status_words_table
from library_parts import filters_table, library_reference, options_table
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from spec_parts import known_defects_table, spec_description
from try_it import try_it_session

import onlyoffice_crm_spec as spec
from onlyoffice_crm_contract.runner.exit_codes import exit_codes_table as contract_exit_codes_table
from onlyoffice_crm_contract.runner.options import parser as contract_parser
from onlyoffice_mock_portal.cli import build_parser as mock_portal_parser

CAPTURES = "assets/captures"
# The spec is served with the site, so that pages link into it instead of copying it.
SPEC_IN_SITE = "openapi/onlyoffice-crm-invoices.yaml"
# The docstrings use Sphinx's roles (:class:`~onlyoffice_crm.Portal`), which mkdocstrings leaves as text.
SPHINX_ROLE = re.compile(r":(?:class|meth|func|data|attr|mod|exc|obj):<code>(~?)([\w.]+)</code>")
MARKER = re.compile(r"^<!-- generated: ([a-z-]+) -->$", re.MULTILINE)
GENERATORS: dict[str, Callable[[], str]] = {
    "cli-reference": cli_reference,
    "exit-codes": exit_codes_table,
    "status-words": status_words_table,
    "portal-options": options_table,
    "filters": filters_table,
    "library-reference": library_reference,
    "mock-portal-flags": lambda: argparse_tables(mock_portal_parser()),
    "contract-checker-flags": lambda: argparse_tables(contract_parser()),
    "contract-exit-codes": contract_exit_codes_table,
    "known-defects": known_defects_table,
    "spec-description": spec_description,
    "try-it-session": try_it_session,
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


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Turn Sphinx roles left in rendered docstrings into cross-references where their target is documented
    (the library's names are looked up in ``onlyoffice_crm``), and into plain code where it is not."""

    def reference(match: re.Match[str]) -> str:
        target = match.group(2)
        shown = target.rsplit(".", 1)[-1] if match.group(1) else target
        identifier = target if target.startswith("onlyoffice") else f"onlyoffice_crm.{target}"
        return f'<autoref identifier="{identifier}" optional><code>{shown}</code></autoref>'

    return SPHINX_ROLE.sub(reference, html)
