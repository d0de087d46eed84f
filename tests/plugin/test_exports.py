"""The mock portal's top level: what a downstream test needs, loaded on first use, every setting documented."""

from __future__ import annotations

import ast
import dataclasses
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

import onlyoffice_mock_portal
from onlyoffice_mock_portal.config import PortalConfig

NEEDED = {"PortalConfig", "DataFileError", "invoice", "running_portal", "serve_portal", "MockPortal"}


def test_the_top_level_exports_what_a_user_needs_and_each_name_resolves() -> None:
    assert set(onlyoffice_mock_portal.__all__) >= NEEDED
    for name in onlyoffice_mock_portal.__all__:
        assert getattr(onlyoffice_mock_portal, name).__name__ == name
    assert set(dir(onlyoffice_mock_portal)) >= set(onlyoffice_mock_portal.__all__)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Portal'"):
        _ = onlyoffice_mock_portal.Portal  # type: ignore[attr-defined]


@pytest.mark.timeout(60)
def test_importing_the_package_and_reading_the_config_loads_nothing_of_the_server(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from onlyoffice_mock_portal import PortalConfig\n"
        "PortalConfig(rate_limit=0)\n"
        "print(sorted({'numpy', 'starlette', 'uvicorn', 'yaml', 'jsonschema'} & set(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False
    )

    assert (done.returncode, done.stdout, done.stderr) == (0, "[]\n", "")


def test_every_portal_config_field_is_documented() -> None:
    """A docstring after the field, or the help text in its metadata (which the command's flags show)."""
    source = ast.parse(inspect.getsource(PortalConfig))
    (cls,) = source.body
    assert isinstance(cls, ast.ClassDef)
    with_docstring = {
        statement.target.id
        for statement, following in zip(cls.body, cls.body[1:], strict=False)
        if isinstance(statement, ast.AnnAssign)
        and isinstance(statement.target, ast.Name)
        and isinstance(following, ast.Expr)
        and isinstance(following.value, ast.Constant)
        and isinstance(following.value.value, str)
    }

    undocumented = [
        field.name
        for field in dataclasses.fields(PortalConfig)
        if field.name not in with_docstring and not getattr(field.metadata.get("setting"), "help", "")
    ]
    assert undocumented == []
