"""`python -m tools.breaking` on a throw-away git repository: exit 0, 1 or 2, and what it prints."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tools.breaking.last_release import last_release

ROOT = Path(__file__).resolve().parents[2]
SPEC_FILE = ROOT / "openapi" / "onlyoffice-crm-invoices.yaml"
SPEC = "openapi/onlyoffice-crm-invoices.yaml"
MODEL = "generated/onlyoffice_crm_client/models/invoice.py"
FILTER = "/api/2.0/crm/invoice/filter"


def git(repo: Path, *args: str) -> str:
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"]
    done = subprocess.run(["git", "-C", str(repo), *identity, *args], capture_output=True, text=True, check=True)
    return done.stdout


def edit_spec(repo: Path, change: Callable[[dict[str, Any]], None]) -> None:
    path = repo / SPEC
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")


def set_version(version: str) -> Callable[[dict[str, Any]], None]:
    return lambda document: document["info"].update(version=version)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository on `main` with the real spec (version 1.0.0) and generated package, committed."""
    root = tmp_path / "repo"
    (root / "openapi").mkdir(parents=True)
    shutil.copyfile(SPEC_FILE, root / SPEC)
    shutil.copytree(
        ROOT / "generated" / "onlyoffice_crm_client",
        root / "generated" / "onlyoffice_crm_client",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    git(root, "init", "--quiet", "--initial-branch=main")
    edit_spec(root, set_version("1.0.0"))
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message=release 1.0.0")
    return root


def run(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "tools.breaking", "--repo", str(repo), *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)


def test_no_change_exits_0_against_the_last_release_by_default(repo: Path) -> None:
    git(repo, "tag", "v1.0.0")

    done = run(repo)

    assert done.returncode == 0, done.stdout + done.stderr
    assert "Comparing with the last release, 1.0.0, tag v1.0.0 (" in done.stdout
    assert done.stdout.rstrip().endswith("Result: nothing breaks")


def test_a_compatible_change_exits_0_and_asks_for_a_minor_version(repo: Path) -> None:
    def add_parameter(document: dict[str, Any]) -> None:
        parameters = document["paths"][FILTER]["get"]["parameters"]
        parameters.append({"name": "region", "in": "query", "schema": {"type": "string"}})

    edit_spec(repo, add_parameter)
    done = run(repo, "--base", "main", "--changelog")

    assert done.returncode == 0, done.stdout + done.stderr
    assert f"GET {FILTER}: new optional query parameter `region`" in done.stdout
    assert "needs a minor bump, 1.0.0 -> 1.0.0 is none: too small: make it 1.1.0" in done.stdout
    assert "## [1.1.0] - " in done.stdout


def test_a_breaking_change_exits_1_naming_the_contract_and_the_python_change(repo: Path) -> None:
    def remove_terms(document: dict[str, Any]) -> None:
        invoice = document["components"]["schemas"]["Invoice"]
        del invoice["properties"]["terms"]
        invoice["required"].remove("terms")

    edit_spec(repo, remove_terms)
    edit_spec(repo, set_version("2.0.0"))
    model = repo / MODEL
    model.write_text(model.read_text(encoding="utf-8").replace("    terms: str\n", ""), encoding="utf-8")

    done = run(repo, "--base", "HEAD")
    allowed = run(repo, "--base", "HEAD", "--allow-if-bumped")

    assert done.returncode == 1, done.stdout + done.stderr
    assert "Invoice: field `terms` removed" in done.stdout
    assert "onlyoffice_crm_client.models.invoice.Invoice.terms: attribute removed" in done.stdout
    assert "needs a major bump, 1.0.0 -> 2.0.0 is major: ok" in done.stdout
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr


def test_a_new_required_response_field_breaks_portals_and_the_models_constructor(repo: Path) -> None:
    def add_discount(document: dict[str, Any]) -> None:
        invoice = document["components"]["schemas"]["Invoice"]
        invoice["properties"]["discount"] = {"anyOf": [{"$ref": "#/components/schemas/Money"}, {"type": "null"}]}
        invoice["required"].append("discount")
        for example in invoice.get("examples", []):
            example["discount"] = None

    edit_spec(repo, add_discount)
    model = repo / MODEL
    text = model.read_text(encoding="utf-8")
    model.write_text(
        text.replace("    cost: float\n", "    cost: float\n    discount: float | None\n", 1), encoding="utf-8"
    )

    done = run(repo, "--base", "main")

    assert done.returncode == 1, done.stdout + done.stderr
    assert "Contract: breaks portals (1)\n  Invoice: new required field `discount`" in done.stdout
    assert (
        "onlyoffice_crm_client.models.invoice.Invoice: constructor: required parameter `discount` added" in done.stdout
    )


def test_a_name_made_required_without_a_property_breaks_portals(repo: Path) -> None:
    edit_spec(repo, lambda document: document["components"]["schemas"]["Invoice"]["required"].append("discount"))

    done = run(repo, "--base", "main")

    assert done.returncode == 1, done.stdout + done.stderr
    assert "Invoice: `discount` is now required (a name without a property)" in done.stdout


def test_a_value_added_to_a_response_enum_warns_clients_and_needs_a_minor_version(repo: Path) -> None:
    def add_template(document: dict[str, Any]) -> None:
        template = document["components"]["schemas"]["TemplateType"]
        template["enum"].append(2)
        template["x-enum-varnames"].append("USA")

    edit_spec(repo, add_template)

    done = run(repo, "--base", "main", "--changelog")

    assert done.returncode == 0, done.stdout + done.stderr
    assert "Contract: warns clients (1)\n  TemplateType: enum value 2 added" in done.stdout
    assert "- **Note for clients:** `TemplateType`: enum value 2 added" in done.stdout
    assert "needs a minor bump" in done.stdout


@pytest.mark.parametrize(
    ("setup", "base", "message"),
    [
        (lambda repo: None, "no-such-ref", "unknown git ref 'no-such-ref'"),
        (lambda repo: (repo / SPEC).write_text("paths: [unclosed\n", encoding="utf-8"), "main", "does not parse"),
        (lambda repo: (repo / SPEC).write_text("openapi: 3.1.0\npaths: []\n", encoding="utf-8"), "main", "not valid"),
        (
            lambda repo: edit_spec(
                repo, lambda d: d["components"]["schemas"]["Invoice"].update({"$ref": "#/components/schemas/Nowhere"})
            ),
            "main",
            "points nowhere: /components/schemas/Nowhere",
        ),
    ],
    ids=["unknown ref", "spec does not parse", "spec is not OpenAPI", "dangling $ref"],
)
def test_bad_input_is_one_line_and_exit_2(repo: Path, setup: Callable[[Path], object], base: str, message: str) -> None:
    setup(repo)

    done = run(repo, "--base", base)

    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1
    assert message in done.stderr


def test_the_default_base_is_the_newest_release_tag(repo: Path) -> None:
    for tag in ("v1.2.0", "v1.10.0", "v1.9.3", "release-7", "v2.0.0-rc.1"):
        git(repo, "tag", tag)

    assert last_release(repo).ref == "v1.10.0"
