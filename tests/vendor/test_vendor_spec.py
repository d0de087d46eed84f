"""A client generated from the vendor's declared shapes cannot read a page that the wire-faithful client reads."""

from __future__ import annotations

import importlib
import importlib.util
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import httpx
import pytest

from onlyoffice_crm_client import AuthenticatedClient
from onlyoffice_crm_client.api.invoices import get_invoices
from onlyoffice_crm_client.models import InvoiceListResponse

HERE = Path(__file__).parent
WIRE_PAGE = HERE.parent / "client" / "payloads" / "page.json"
VENDOR_PACKAGE = "vendor_shaped_client"


@pytest.fixture(scope="module")
def vendor_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """The vendor-shaped spec through the same pinned generator (without our templates)."""
    out = tmp_path_factory.mktemp("vendor")
    generator = Path(sys.executable).with_name("openapi-python-client")
    config = out / "config.yaml"
    config.write_text(f"package_name_override: {VENDOR_PACKAGE}\nproject_name_override: vendor-shaped-client\n")
    command = [str(generator), "generate", "--path", str(HERE / "vendor-shaped-spec.yaml"), "--config", str(config),
               "--meta", "none", "--output-path", str(out / VENDOR_PACKAGE)]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True, timeout=120, cwd=out)
    package = out / VENDOR_PACKAGE
    # Loaded from its folder, not through sys.path: its own relative imports find it in sys.modules.
    spec = importlib.util.spec_from_file_location(
        VENDOR_PACKAGE, package / "__init__.py", submodule_search_locations=[str(package)]
    )
    assert spec is not None
    assert spec.loader is not None
    sys.modules[VENDOR_PACKAGE] = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(sys.modules[VENDOR_PACKAGE])
        yield importlib.import_module(f"{VENDOR_PACKAGE}.api.default.get_invoices")
    finally:
        for name in [name for name in sys.modules if name.split(".")[0] == VENDOR_PACKAGE]:
            del sys.modules[name]


def _answering(client_type: type, body: bytes, **kwargs: str) -> object:
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=body))
    http = httpx.Client(base_url="https://portal.example.com", transport=transport)
    return client_type(base_url="https://portal.example.com", **kwargs).set_httpx_client(http)


def test_the_wire_faithful_client_reads_the_page() -> None:
    client = _answering(AuthenticatedClient, WIRE_PAGE.read_bytes(), token="t")
    page = get_invoices.sync(client=client)  # type: ignore[arg-type]

    assert isinstance(page, InvoiceListResponse)
    assert [invoice.number for invoice in page.response] == ["INV-000012", "INV-000013"]


def test_a_client_generated_from_the_vendor_shapes_cannot(vendor_client: ModuleType) -> None:
    package = importlib.import_module(VENDOR_PACKAGE)
    client = _answering(package.AuthenticatedClient, WIRE_PAGE.read_bytes(), token="t")

    # It iterates the envelope as if it were the list: its keys ("count", ...) are not invoices.
    with pytest.raises(ValueError, match="dictionary update sequence"):
        vendor_client.sync(client=client)
