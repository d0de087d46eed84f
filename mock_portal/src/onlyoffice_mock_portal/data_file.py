"""``--data FILE``: a user's wire-format invoices, validated to the spec's formats, into columns.

Every problem of every invoice is listed in one :class:`DataFileError`, each with its path
(``invoices[3].currency.abbreviation: missing``); the checks are in :mod:`.record_checks`.
"""

from __future__ import annotations

import json
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np

import onlyoffice_crm_spec as spec

from .columns import DataFileError, InvoiceData, SharedTable
from .record_checks import DATE_KEYS, RecordChecker
from .wire import MONEY_KEYS, encode_value, wire_to_micros

MAX_SHOWN = 50
"""Problems listed in one :class:`DataFileError`; the rest are counted."""


def _read(path: Path) -> list[Any]:
    try:
        document = json.loads(path.read_bytes())
    except OSError as error:
        raise DataFileError(f"cannot read {path}: {error.strerror}") from None
    except RecursionError:
        raise DataFileError(f"{path}: JSON nested too deeply") from None
    except ValueError as error:
        raise DataFileError(f"{path} is not JSON: {error}") from None
    invoices = document.get("response") if isinstance(document, dict) else document
    if not isinstance(invoices, list):
        raise DataFileError(f"{path} holds neither a list of invoices nor a response envelope")
    return invoices


def load_file(path: Path, offset_minutes: int) -> InvoiceData:
    """The invoices of a JSON file (a list of invoices or a filter response envelope), validated."""
    return load_records(_read(path), offset_minutes, source=str(path))


def load_records(invoices: list[Any], offset_minutes: int, source: str = "records") -> InvoiceData:
    """Wire-format invoices (as a ``--data`` file holds them), validated as the file is; ``source`` names them
    in a :class:`DataFileError`, which lists every problem (the first :data:`MAX_SHOWN`), each with its path."""
    problems = RecordChecker(offset_minutes).problems(invoices)
    shown = [str(problem) for problem in islice(problems, MAX_SHOWN)]
    if shown:
        raise DataFileError(problems_message(source, shown, len(shown) + sum(1 for _ in problems)))
    return from_wire(invoices, offset_minutes)


def problems_message(source: str, shown: list[str], total: int) -> str:
    """One line for one problem; else a count, then a line per shown problem and how many more there are."""
    if total == 1:
        return f"{source}: {shown[0]}"
    lines = [f"{source}: {total} problems:", *(f"  {line}" for line in shown)]
    if total > len(shown):
        lines.append(f"  and {total - len(shown)} more")
    return "\n".join(lines)


class _Codes:
    """Distinct values in first-seen order and the code of each."""

    def __init__(self) -> None:
        self.values: list[Any] = []
        self._codes: dict[Any, int] = {}

    def code(self, value: Any) -> int:
        found = self._codes.get(value)
        if found is None:
            found = self._codes[value] = len(self.values)
            self.values.append(value)
        return found


def from_wire(invoices: list[dict[str, Any]], offset_minutes: int) -> InvoiceData:
    """Columns and shared tables for valid wire-format invoices (nested objects de-duplicated by their JSON)."""
    known = set(spec.component_schema("Invoice")["properties"])
    tables = {name: _Codes() for name in ("status", "contact", "entity", "currency", "employee")}
    lists = {name: _Codes() for name in ("language", "purchaseOrderNumber", "terms", "description")}
    contact_objects: dict[int, Any] = {}
    entity_objects: dict[int, Any] = {}
    columns: dict[str, list[Any]] = {name: [] for name in (
        "id", "number", "status_id", "status", "issueDate", "dueDate", "createOn", "templateType", "contact_id",
        "contact", "consignee", "entity", "language", "currency", "exchangeRate", "purchaseOrderNumber", "terms",
        "description", "fileID", "createBy", "cost", "canEdit", "canDelete")}  # fmt: skip
    extras: dict[int, str] = {}

    def row(table: str, value: Any) -> int:
        if value is None:
            return -1
        code = tables[table].code(encode_value(value))
        if table == "contact":
            contact_objects.setdefault(code, value)
        if table == "entity":
            entity_objects.setdefault(code, value)
        return code

    for position, invoice in enumerate(invoices):
        contact = invoice["contact"]
        for key in ("id", "templateType", "fileID", "canEdit", "canDelete"):
            columns[key].append(invoice[key])
        columns["number"].append(invoice["number"].encode("utf-8", "surrogatepass"))
        columns["status_id"].append(invoice["status"]["id"])
        columns["status"].append(row("status", invoice["status"]))
        for key in DATE_KEYS:
            columns[key].append(wire_to_micros(invoice[key]))
        columns["contact_id"].append(contact["id"] if contact else 0)
        columns["contact"].append(row("contact", contact))
        columns["consignee"].append(row("contact", invoice["consignee"]))
        columns["entity"].append(row("entity", invoice["entity"]))
        columns["currency"].append(row("currency", invoice["currency"]))
        columns["createBy"].append(row("employee", invoice["createBy"]))
        for key in MONEY_KEYS:
            columns[key].append(round(invoice[key] * 100))
        for key, codes in lists.items():
            columns[key].append(codes.code(invoice[key]))
        extra = {key: value for key, value in invoice.items() if key not in known}
        if extra:
            extras[position] = "," + encode_value(extra)[1:-1]

    def ints(key: str, dtype: type[np.generic] = np.int32) -> Any:
        return np.array(columns[key], dtype=dtype)

    contacts = [contact_objects[code] for code in range(len(tables["contact"].values))]
    entities = [entity_objects[code] for code in range(len(tables["entity"].values))]
    currencies = [json.loads(fragment) for fragment in tables["currency"].values]
    return InvoiceData(
        ids=ints("id"), numbers=np.array(columns["number"] or [b""], dtype=np.bytes_)[: len(invoices)],
        status_ids=ints("status_id"), status_rows=ints("status"),
        issue=ints("issueDate", np.int64), due=ints("dueDate", np.int64), created=ints("createOn", np.int64),
        template=ints("templateType"), contact_ids=ints("contact_id"), contacts=ints("contact"),
        consignees=ints("consignee"), entities=ints("entity"), languages=ints("language"),
        currencies=ints("currency"), exchange_cents=ints("exchangeRate", np.int64),
        cost_cents=ints("cost", np.int64), purchase_orders=ints("purchaseOrderNumber"), terms=ints("terms"),
        descriptions=ints("description"), file_ids=ints("fileID"), creators=ints("createBy"),
        can_edit=ints("canEdit", np.bool_), can_delete=ints("canDelete", np.bool_),
        status_table=SharedTable(tables["status"].values), contact_table=SharedTable(tables["contact"].values),
        contact_names=[contact["displayName"] for contact in contacts],
        contact_visible=np.ones(len(contacts), dtype=np.bool_),
        entity_table=SharedTable(tables["entity"].values),
        entity_keys=[(entity["entityType"].lower(), entity["entityId"]) for entity in entities],
        currency_table=SharedTable(tables["currency"].values),
        currency_codes=[currency["abbreviation"] for currency in currencies],
        employee_table=SharedTable(tables["employee"].values),
        language_list=lists["language"].values, purchase_order_list=lists["purchaseOrderNumber"].values,
        terms_list=lists["terms"].values, description_list=lists["description"].values,
        offset_minutes=offset_minutes, extras=extras,
    )  # fmt: skip
