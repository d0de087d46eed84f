"""What the customised templates give the generated client: readable docstrings, the parameters' bounds,
UNSET's repr, and the fast parsing path with the same results as before (unknown keys kept, nulls, bad shapes)."""

from __future__ import annotations

import datetime as dt
import inspect
import re
from typing import Any

import pytest

from onlyoffice_crm_client.api.invoices import get_invoices
from onlyoffice_crm_client.models import ContactBase, Invoice, InvoiceStatusId, ShareType, TemplateType
from onlyoffice_crm_client.types import UNSET, parse_enum, parse_uuid
from onlyoffice_crm_spec import FILTER_PATH, operation

from .fake_portal import make_invoice


def args_section(function: object) -> str:
    doc = inspect.getdoc(function) or ""
    return doc.split("Args:", 1)[1].split("Raises:", 1)[0]


@pytest.mark.parametrize("function", [get_invoices.sync, get_invoices.sync_detailed, get_invoices.asyncio])
def test_each_parameter_carries_its_own_description_once(function: object) -> None:
    args = args_section(function)
    flat = " ".join(args.split())
    for parameter in operation(FILTER_PATH, "get")["parameters"]:
        python_name = re.sub(r"(?<!^)(?=[A-Z])", "_", parameter["name"]).lower()
        first_words = " ".join(parameter["description"].split()[:6])

        assert len(re.findall(rf"(?m)^\s*{python_name} \(", args)) == 1, python_name
        assert first_words in flat, python_name


def test_a_shared_schema_description_is_no_longer_repeated_for_every_date_parameter() -> None:
    args = args_section(get_invoices.sync)

    assert args.count("invalid date time format") <= 1


def test_unset_has_a_readable_repr() -> None:
    data = wire()
    del data["createBy"]["title"]

    assert repr(UNSET) == "UNSET"
    assert not UNSET
    assert "title=UNSET" in repr(Invoice.from_dict(data).create_by)


def wire(**changes: Any) -> dict[str, Any]:
    invoice = make_invoice(7, issued=dt.datetime(2024, 1, 15, tzinfo=dt.timezone(dt.timedelta(hours=3))))
    invoice.update(changes)
    return invoice


def test_unknown_keys_are_kept_at_every_level_and_written_back() -> None:
    data = wire(newKey=[1, 2])
    data["contact"] = {**data["contact"], "email": "a@example.com"}
    data["createBy"] = {**data["createBy"], "department": "Sales"}

    invoice = Invoice.from_dict(data)

    assert invoice.additional_properties == {"newKey": [1, 2]}
    assert invoice.contact is not None
    assert invoice.contact.additional_properties == {"email": "a@example.com"}
    assert invoice.create_by.additional_properties == {"department": "Sales"}
    assert invoice.to_dict()["contact"]["email"] == "a@example.com"
    assert Invoice.from_dict(wire()).additional_properties == {}


def test_nullable_models_read_null_a_model_or_keep_what_they_cannot_read() -> None:
    assert Invoice.from_dict(wire(contact=None)).contact is None
    assert isinstance(Invoice.from_dict(wire()).contact, ContactBase)
    kept: object = Invoice.from_dict(wire(contact={"id": 1})).contact
    assert kept == {"id": 1}  # as before: what is not a contact is kept, not a crash


def test_a_missing_required_key_still_fails() -> None:
    data = wire()
    del data["number"]

    with pytest.raises(KeyError):
        Invoice.from_dict(data)


def test_enums_and_uuids_parse_as_before() -> None:
    assert parse_enum(TemplateType, 0) is TemplateType(0)
    assert parse_enum(ShareType, 2) is ShareType.READ
    unknown = parse_enum(InvoiceStatusId, 9)
    assert (unknown.name, unknown.value) == ("UNKNOWN_9", 9)
    assert parse_enum(TemplateType, 7).name == "UNKNOWN_7"
    with pytest.raises(ValueError, match="not a valid"):
        parse_enum(TemplateType, "x")
    text = "646a6cff-df57-4b83-8ffe-91a24910328c"
    assert parse_uuid(text) is parse_uuid(text)
    assert str(parse_uuid(text)) == text
    with pytest.raises(ValueError, match="hexadecimal"):
        parse_uuid("not-a-uuid")


def test_the_bounds_of_each_query_parameter_are_the_specs() -> None:
    stated = {
        name.removesuffix(f"_{bound.upper()}").lower() + f" {bound}": value
        for name, value in vars(get_invoices).items()
        for bound in ("minimum", "maximum")
        if name.endswith(f"_{bound.upper()}")
    }
    in_spec = {
        re.sub(r"(?<!^)(?=[A-Z])", "_", parameter["name"]).lower() + f" {bound}": parameter["schema"][bound]
        for parameter in operation(FILTER_PATH, "get")["parameters"]
        for bound in ("minimum", "maximum")
        if bound in parameter.get("schema", {})
    }

    assert stated == in_spec
    assert in_spec["count maximum"] == get_invoices.COUNT_MAXIMUM
