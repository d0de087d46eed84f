"""An invoice's wire JSON, encoded when a page asks for it, from the columns and the shared tables' fragments."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .columns import InvoiceData
from .wire import day_to_wire, json_string, micros_to_wire, money_text


class InvoiceRenderer:
    """Writes invoices in the server's key order (``InvoiceBaseWrapper``); nothing per invoice is cached."""

    def __init__(self, data: InvoiceData) -> None:
        self._data = data
        self._languages = [json_string(text) for text in data.language_list]
        self._terms = [json_string(text) for text in data.terms_list]
        self._descriptions = [json_string(text) for text in data.description_list]
        # Purchase order numbers can be one per invoice in a data file: escape them when asked.
        self._purchase_orders = data.purchase_order_list
        self._contacts = [
            fragment if visible else "null"
            for fragment, visible in zip(data.contact_table.fragments, data.contact_visible.tolist(), strict=True)
        ]

    def render(self, positions: Sequence[int] | np.ndarray) -> list[bytes]:
        """The wire JSON of the invoices at these positions, in this order."""
        data = self._data
        rows = np.asarray(positions, dtype=np.int64)
        offset = data.offset_minutes
        columns = zip(
            rows.tolist(),
            data.ids[rows].tolist(),
            data.status_rows[rows].tolist(),
            data.numbers[rows].tolist(),
            data.issue[rows].tolist(),
            data.template[rows].tolist(),
            data.contacts[rows].tolist(),
            data.consignees[rows].tolist(),
            data.entities[rows].tolist(),
            data.due[rows].tolist(),
            data.languages[rows].tolist(),
            data.currencies[rows].tolist(),
            data.exchange_cents[rows].tolist(),
            data.purchase_orders[rows].tolist(),
            data.terms[rows].tolist(),
            data.descriptions[rows].tolist(),
            data.file_ids[rows].tolist(),
            data.created[rows].tolist(),
            data.creators[rows].tolist(),
            data.cost_cents[rows].tolist(),
            data.can_edit[rows].tolist(),
            data.can_delete[rows].tolist(),
            strict=True,
        )
        statuses = data.status_table.fragments
        entities = data.entity_table.fragments
        currencies = data.currency_table.fragments
        employees = data.employee_table.fragments
        encoded = []
        for (position, invoice_id, status, number, issue, template, contact, consignee, entity, due, language,
             currency, exchange, purchase_order, terms, description, file_id, created, creator, cost, can_edit,
             can_delete) in columns:  # fmt: skip
            text = "".join((
                f'{{"id":{invoice_id},"status":{statuses[status]},',
                f'"number":{json_string(number.decode("utf-8", "surrogatepass"))},',
                f'"issueDate":"{day_to_wire(issue, offset)}","templateType":{template},',
                f'"contact":{"null" if contact < 0 else self._contacts[contact]},',
                f'"consignee":{"null" if consignee < 0 else self._contacts[consignee]},',
                f'"entity":{"null" if entity < 0 else entities[entity]},',
                f'"dueDate":"{day_to_wire(due, offset)}","language":{self._languages[language]},',
                f'"currency":{currencies[currency]},"exchangeRate":{money_text(exchange)},',
                f'"purchaseOrderNumber":{json_string(self._purchase_orders[purchase_order])},',
                f'"terms":{self._terms[terms]},"description":{self._descriptions[description]},',
                f'"fileID":{file_id},"createOn":"{micros_to_wire(created, offset)}",',
                f'"createBy":{employees[creator]},"cost":{money_text(cost, zero_as_short=True)},',
                f'"canEdit":{"true" if can_edit else "false"},"canDelete":{"true" if can_delete else "false"}',
                data.extras.get(position, ""),
                "}",
            ))  # fmt: skip
            encoded.append(text.encode("utf-8", "surrogatepass"))
        return encoded
