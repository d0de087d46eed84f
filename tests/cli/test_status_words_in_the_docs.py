"""The status words of docs/cli.md are generated from the code (``<!-- generated: status-words -->``), and the
titles that table gives are what ``export`` and ``list`` write for each status."""

from __future__ import annotations

import csv
import importlib.util
import io
import re
from pathlib import Path
from types import ModuleType

from onlyoffice_crm import STATUS_WORDS, InvoiceStatus
from onlyoffice_mock_portal import MockPortal

from .conftest import invoke

ROOT = Path(__file__).resolve().parents[2]
CLI_PAGE = ROOT / "docs" / "cli.md"
MARKER = "<!-- generated: status-words -->"


def docs_hook() -> ModuleType:
    """docs/hooks/cli_reference.py, the generator the site's build runs for the marker."""
    spec = importlib.util.spec_from_file_location("cli_reference_hook", ROOT / "docs" / "hooks" / "cli_reference.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def documented_titles() -> dict[int, tuple[str, str]]:
    """status id -> (the word --status takes, the title the command writes), as the generated table says."""
    rows = [line.split("|")[1:-1] for line in docs_hook().status_words_table().splitlines()[2:]]
    return {int(cells[0]): (cells[1].strip().strip("`"), cells[-1].strip()) for cells in rows}


def test_the_page_generates_its_status_words_and_names_no_other_title() -> None:
    page = CLI_PAGE.read_text(encoding="utf-8")
    assert MARKER in page.splitlines()
    # Member names the portal does not write as titles (Sent is titled Billed, Archived is titled Archive).
    never_written = {m.name.capitalize() for m in InvoiceStatus} - {title for _, title in documented_titles().values()}
    assert never_written
    for name in never_written:
        assert not re.search(rf"\b{name}\b", page), f"docs/cli.md names {name}, which the command never writes"


def test_every_status_is_written_as_the_docs_say(onlyoffice_portal: MockPortal) -> None:
    documented = documented_titles()
    assert set(documented) == {int(status) for status in STATUS_WORDS}
    onlyoffice_portal.set_invoices(
        onlyoffice_portal.invoice(number=f"S-{int(status)}", status=word, contact=None)
        for status, word in STATUS_WORDS.items()
    )
    env = {"ONLYOFFICE_URL": onlyoffice_portal.url, "ONLYOFFICE_TOKEN": onlyoffice_portal.token}
    exported = invoke("invoices", "export", "--columns", "number,status", env=env)
    assert exported.exit_code == 0, exported.output
    written = {row["number"]: row["status"] for row in csv.DictReader(io.StringIO(exported.stdout, newline=""))}
    assert written == {f"S-{status_id}": title for status_id, (_, title) in documented.items()}
    for status_id, (word, title) in documented.items():
        listed = invoke("invoices", "list", "--status", word, env=env)
        assert listed.exit_code == 0, listed.output
        assert re.search(rf"\bS-{status_id}\b.*\b{title}\b", listed.stdout)
