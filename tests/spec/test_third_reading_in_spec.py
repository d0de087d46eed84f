"""The facts of the third reading of the server's source, as the spec states them (each with its source line)."""

from __future__ import annotations

import re
from typing import Any

import pytest

import onlyoffice_crm_spec as spec
from onlyoffice_crm_spec import FILTER_PATH

EMPTY_BODY_STATUSES = ("402", "403", "404", "503")
FILTER = spec.operation(FILTER_PATH, "get")


def invoice_example() -> dict[str, Any]:
    example: dict[str, Any] = spec.component_schema("Invoice")["examples"][0]
    return example


@pytest.mark.parametrize("status", EMPTY_BODY_STATUSES)
def test_402_403_404_503_may_come_with_an_empty_text_html_body_global_asax_cs_384_397(status: str) -> None:
    answer = spec.resolve(dict(FILTER["responses"][status]))
    html = answer["content"]["text/html"]
    assert spec.resolve(dict(html["schema"])) == {"type": "string", "maxLength": 0}
    assert "Global.asax.cs:384-397" in html["x-source"]
    assert "application/json" in answer["content"]  # the API's own answers keep the envelope


def test_400_and_500_are_only_the_envelope() -> None:
    for status in ("400", "500"):
        assert list(spec.resolve(dict(FILTER["responses"][status]))["content"]) == ["application/json"]


@pytest.mark.parametrize("extension", ["x-caller-roles", "x-generic-parameters"])
def test_every_entry_of_the_new_extensions_cites_its_source(extension: str) -> None:
    entries = {name: entry for name, entry in FILTER[extension].items() if name != "description"}
    assert entries
    for name, entry in entries.items():
        assert re.search(r"\.(cs|config):\d", entry["x-source"]), f"{extension}.{name} cites no line"
        assert entry["description"]


def test_the_binding_order_is_the_methods_signature_and_the_spec_parameters_order_crmapi_invoices_cs_132_141() -> None:
    binding = FILTER["x-binding-order"]
    assert "ApiArgumentBuilder.cs:47-73" in binding["x-source"]
    order = binding["order"]
    assert order == ["status", "issueDateFrom", "issueDateTo", "dueDateFrom", "dueDateTo", "entityType", "entityid",
                     "currency"]  # fmt: skip
    named = spec.query_parameter_names(FILTER_PATH)
    assert [name for name in named if name in order] == order


def test_the_generic_parameters_are_no_openapi_parameters_so_nothing_generated_sends_them() -> None:
    generic = {name for name in FILTER["x-generic-parameters"] if name != "description"}
    assert generic == {"fields", "type", "updatedSince", "filterBy", "filterOp"}
    assert not generic & set(spec.query_parameter_names(FILTER_PATH))
    assert FILTER["x-generic-parameters"]["type"]["keeps"] == "invoiceBase"  # InvoiceWrapper.cs:38


def test_caller_roles_are_admin_user_guest_crmsecutiry_cs_875_900() -> None:
    roles = FILTER["x-caller-roles"]
    assert list(roles) == ["admin", "user", "guest"]
    assert "CRMSecutiry.cs:875-900" in roles["user"]["x-source"]
    assert "InvoiceDao.cs:187-238" in roles["user"]["x-source"]


def test_invoice_dates_are_whole_seconds_onlyoffice_sql_576_582_591() -> None:
    schema = spec.component_schema("InvoiceDateTime")
    properties = spec.component_schema("Invoice")["properties"]
    for key in ("issueDate", "dueDate", "createOn"):
        assert properties[key] == {"$ref": "#/components/schemas/InvoiceDateTime"}
        assert re.fullmatch(schema["pattern"], invoice_example()[key])
    assert not re.fullmatch(schema["pattern"], "2024-01-15T10:42:07.1234567+03:00")
    assert "onlyoffice.sql:576,582,591" in schema["x-source"]


def test_photo_urls_are_mixed_case_with_a_net_bool_contactwrapper_cs_438_439() -> None:
    contact = spec.component_schema("ContactBase")
    examples = [invoice_example()["contact"], *contact["examples"]]
    for key in ("smallFotoUrl", "mediumFotoUrl"):
        pattern = contact["properties"][key]["pattern"]
        for example in examples:
            assert re.fullmatch(pattern, example[key])
            assert re.fullmatch(pattern, example[key].lower()) is None


def test_the_invoice_example_keeps_the_permission_rule_crmsecutiry_cs_452_455() -> None:
    example = invoice_example()
    assert example["canEdit"] == (example["canDelete"] and example["status"]["id"] == 1)
    properties = spec.component_schema("Invoice")["properties"]
    assert "CRMSecutiry.cs:452-455" in properties["canEdit"]["x-source"]
    assert "CRMSecutiry.cs:479-482" in properties["canDelete"]["x-source"]


def test_a_null_contact_is_only_a_deleted_row_seen_by_an_administrator_crmsecutiry_cs_875_900() -> None:
    contact = spec.component_schema("Invoice")["properties"]["contact"]
    assert "FilterRead" in contact["x-source"]
    assert "left out of the list" in contact["description"]
    sort_by = next(parameter for parameter in FILTER["parameters"] if parameter["name"] == "sortBy")
    assert "sorted by its hidden name" not in sort_by["description"]


def test_a_non_administrators_total_is_described_invoicedao_cs_321_374() -> None:
    total = spec.component_schema("InvoiceListResponse")["properties"]["total"]
    assert "InvoiceDao.cs:321-374" in total["x-source"]
    assert "not an administrator" in total["description"]


def test_a_tfa_login_example_has_no_expires_authenticationentrypoint_cs_118_131() -> None:
    token = spec.component_schema("AuthenticationToken")
    tfa = [example for example in token["examples"] if example.get("tfa")]
    assert tfa
    assert all("expires" not in example for example in tfa)
    assert "AuthenticationEntryPoint.cs:102-131" in token["x-source"]


def test_the_error_example_pairs_a_date_message_with_the_argument_exception_hresult_apidatetime_cs_108() -> None:
    (example,) = spec.component_schema("ErrorResponse")["examples"]
    assert example["error"]["message"].startswith("invalid date time format")
    assert example["error"]["hresult"] == -2147024809


def test_an_offset_without_a_colon_is_kept_out_and_the_spec_says_why_apidatetime_cs_86_92() -> None:
    schema = spec.component_schema("QueryDateTime")
    assert re.fullmatch(schema["pattern"], "2024-01-15T10:00:00+0300") is None
    assert re.fullmatch(schema["pattern"], "2024-01-15T10:00:00+03:00")
    assert ":86,92" in schema["x-offset-without-colon"]


def test_the_front_errors_say_which_run_before_authentication_global_asax_cs_63_75() -> None:
    description = spec.load_spec()["info"]["description"]
    section = description[description.index("## Errors in front of the API") :]
    assert "(`:66-71`)" in section
    assert "runs after `Authenticate()` (`:74-75`)" in section
