"""A spec-only change reaches the mock portal with no edit to the mock, or fails naming what the mock lacks.

Each test serves an edited copy of the spec (``$ONLYOFFICE_SPEC``) and makes the mock read it anew.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from starlette.testclient import TestClient

import onlyoffice_crm_spec as spec
from onlyoffice_mock_portal import DataFileError, PortalConfig, create_app, invoice
from onlyoffice_mock_portal.data_file import load_records
from onlyoffice_mock_portal.spec_facts import forget_spec
from onlyoffice_mock_portal.spec_gaps import unhandled_spec_items

Document = dict[str, Any]
EditSpec = Callable[[Callable[[Document], None]], None]
TOKEN = PortalConfig().token
DISCOUNT = {"anyOf": [{"$ref": "#/components/schemas/Money"}, {"type": "null"}]}


@pytest.fixture
def edit_spec(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[EditSpec]:
    """Serve the spec as ``change`` leaves it (from now on, until the test ends)."""

    def edit(change: Callable[[Document], None]) -> None:
        document = copy.deepcopy(spec.load_spec())
        change(document)
        path = tmp_path / "edited-spec.yaml"
        path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
        monkeypatch.setenv(spec.SPEC_ENV_VAR, str(path))
        forget_spec()

    yield edit
    monkeypatch.undo()
    forget_spec()


def filter_parameters(document: Document) -> list[dict[str, Any]]:
    parameters: list[dict[str, Any]] = document["paths"][spec.FILTER_PATH]["get"]["parameters"]
    return parameters


def with_discount(document: Document) -> None:
    """A new nullable money field ``discount`` on the invoice (not in the example)."""
    document["components"]["schemas"]["Invoice"]["properties"]["discount"] = DISCOUNT


def page(app_config: PortalConfig, **params: str) -> dict[str, Any]:
    with TestClient(create_app(app_config)) as client:
        response = client.get(spec.FILTER_PATH, params=params, headers={"Authorization": TOKEN})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_a_new_filter_fails_the_check_naming_it_and_the_mock_module(edit_spec: EditSpec) -> None:
    new_filter = {"name": "numberPrefix", "in": "query", "schema": {"type": "string"}}
    edit_spec(lambda document: filter_parameters(document).append(new_filter))

    assert unhandled_spec_items() == [
        f"spec parameter `numberPrefix` of GET {spec.FILTER_PATH}: the mock portal "
        "(onlyoffice_mock_portal/query.py) does not handle it"
    ]


def test_a_filter_gone_from_the_spec_fails_the_check_naming_the_handler(edit_spec: EditSpec) -> None:
    def drop_currency(document: Document) -> None:
        parameters = filter_parameters(document)
        parameters[:] = [parameter for parameter in parameters if parameter["name"] != "currency"]

    edit_spec(drop_currency)

    assert unhandled_spec_items() == [
        f"the mock portal (onlyoffice_mock_portal/query.py) handles parameter `currency`, which GET "
        f"{spec.FILTER_PATH} in the spec lacks"
    ]


def test_a_new_page_maximum_caps_the_pages_with_no_mock_edit(edit_spec: EditSpec) -> None:
    def smaller_pages(document: Document) -> None:
        count = next(parameter for parameter in filter_parameters(document) if parameter["name"] == "count")
        count["schema"]["maximum"] = 300

    edit_spec(smaller_pages)
    config = PortalConfig(invoices=400, rate_limit=0)

    assert len(page(config, count="5000")["response"]) == 300
    assert len(page(config)["response"]) == 300
    assert len(page(config, count="0", sortBy="cost")["response"]) == 300


def test_a_new_money_field_is_bounded_like_the_others_in_a_data_file(edit_spec: EditSpec) -> None:
    edit_spec(with_discount)

    with pytest.raises(DataFileError) as raised:
        load_records([{**invoice(), "discount": 1e20}], 180, source="invoices.json")

    assert str(raised.value) == "invoices.json: invoices[0].discount: expected an amount below 10^15, got 1e+20"


def test_a_new_field_of_a_data_file_is_served_and_sorted_with_no_mock_edit(edit_spec: EditSpec, tmp_path: Path) -> None:
    edit_spec(with_discount)
    records = [
        {**invoice(id=1), "discount": 12.5},
        {**invoice(id=2), "discount": None},
        {**invoice(id=3), "discount": 3},
    ]
    app = create_app(PortalConfig(rate_limit=0))
    app.state.control.set_invoices(records)
    with TestClient(app) as client:
        raw = client.get(spec.FILTER_PATH, headers={"Authorization": TOKEN}).text
        by_discount = client.get(spec.FILTER_PATH, params={"sortBy": "discount"}, headers={"Authorization": TOKEN})

    assert '"discount":12.50}' in raw
    assert '"discount":null}' in raw
    assert '"discount":3.00}' in raw
    assert [item["id"] for item in by_discount.json()["response"]] == [2, 3, 1]


def test_a_new_field_the_generator_cannot_draw_is_the_examples_and_named_by_the_check(edit_spec: EditSpec) -> None:
    edit_spec(with_discount)

    served = page(PortalConfig(invoices=50, rate_limit=0), count="50")["response"]

    assert {item["discount"] for item in served} == {None}  # the example has no discount
    assert unhandled_spec_items() == [
        "spec field `discount` of Invoice: the mock portal (onlyoffice_mock_portal/dataset.py) does not generate "
        "it (it serves the spec example's value)",
        "spec field `discount` of Invoice: the mock portal (onlyoffice_mock_portal/records.py, InvoiceFields) does "
        "not declare it",
    ]


def test_a_new_integer_field_takes_its_bounds_from_its_format_and_minimum(edit_spec: EditSpec) -> None:
    sequence = {"type": "integer", "format": "int64", "minimum": 0}
    edit_spec(lambda document: document["components"]["schemas"]["Invoice"]["properties"].update(sequence=sequence))

    data = load_records([{**invoice(), "sequence": 2**40}], 180)
    with pytest.raises(DataFileError) as raised:
        load_records([{**invoice(), "sequence": -1}], 180, source="invoices.json")

    assert data.columns["sequence"].tolist() == [2**40]
    assert (
        str(raised.value)
        == "invoices.json: invoices[0].sequence: expected an integer (0 to 9223372036854775807), got -1"
    )


def filter_operation(document: Document) -> dict[str, Any]:
    operation: dict[str, Any] = document["paths"][spec.FILTER_PATH]["get"]
    return operation


def test_a_new_caller_role_fails_the_check_naming_it(edit_spec: EditSpec) -> None:
    def add_owner(document: Document) -> None:
        filter_operation(document)["x-caller-roles"]["owner"] = {"description": "d", "x-source": "X.cs:1"}

    edit_spec(add_owner)

    assert unhandled_spec_items() == [
        "spec caller role `owner` (x-caller-roles): the mock portal (onlyoffice_mock_portal/caller.py) does not "
        "answer as it"
    ]


def test_a_generic_parameter_gone_from_the_spec_fails_the_check_naming_the_handler(edit_spec: EditSpec) -> None:
    def drop_fields(document: Document) -> None:
        del filter_operation(document)["x-generic-parameters"]["fields"]

    edit_spec(drop_fields)

    assert unhandled_spec_items() == [
        "the mock portal (onlyoffice_mock_portal/query.py, GENERIC_PARAMETER_HANDLERS) handles `fields`, which "
        "x-generic-parameters in the spec lacks"
    ]


def test_a_binding_order_the_mock_does_not_follow_fails_the_check(edit_spec: EditSpec) -> None:
    def currency_first(document: Document) -> None:
        order = filter_operation(document)["x-binding-order"]["order"]
        order.insert(0, order.pop())

    edit_spec(currency_first)

    (line,) = unhandled_spec_items()
    assert line.startswith("the mock portal (onlyoffice_mock_portal/query.py) binds ['status'")
    assert line.endswith("x-binding-order says ['currency', 'status', 'issueDateFrom', 'issueDateTo', 'dueDateFrom', "
                         "'dueDateTo', 'entityType', 'entityid']")  # fmt: skip


def test_an_empty_body_status_without_a_portal_state_fails_the_check(edit_spec: EditSpec) -> None:
    def empty_500(document: Document) -> None:
        responses = document["components"]["responses"]
        responses["InternalServerError"]["content"]["text/html"] = {"schema": {"type": "string", "maxLength": 0}}

    edit_spec(empty_500)

    assert unhandled_spec_items() == [
        f"spec status 500 of GET {spec.FILTER_PATH} has an empty text/html answer: the mock portal "
        "(onlyoffice_mock_portal/portal_state.py, STATE_STATUS) has no state for it"
    ]
