"""Realistic invoices: deterministic for a seed, or read from a user's JSON file in wire format."""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from functools import cache
from pathlib import Path
from typing import Any

import onlyoffice_crm_spec as spec

from .wire import EPOCH, micros_to_wire

STATUS_TITLES = {"DRAFT": "Draft", "SENT": "Billed", "REJECTED": "Rejected", "PAID": "Paid", "ARCHIVED": "Archived"}
PORTAL = "https://portal.example.com"
CURRENCIES = [
    {"title": "Euro", "symbol": "€", "abbreviation": "EUR", "cultureName": "EU", "isConvertable": True,
     "isBasic": True},
    {"title": "US Dollar", "symbol": "$", "abbreviation": "USD", "cultureName": "en-US", "isConvertable": True,
     "isBasic": False},
    {"title": "Pound Sterling", "symbol": "£", "abbreviation": "GBP", "cultureName": "en-GB", "isConvertable": True,
     "isBasic": False},
    {"title": "Czech Koruna", "symbol": "Kč", "abbreviation": "CZK", "cultureName": "cs-CZ", "isConvertable": True,
     "isBasic": False},
    {"title": "Russian Ruble", "symbol": "₽", "abbreviation": "RUB", "cultureName": "ru-RU", "isConvertable": True,
     "isBasic": False},
    {"title": "Japanese Yen", "symbol": "¥", "abbreviation": "JPY", "cultureName": "ja-JP", "isConvertable": False,
     "isBasic": False},
]  # fmt: skip
COMPANIES = ["Northwind Traders", "Contoso Ltd", "Fabrikam", "Tailspin Toys", "Adventure Works",
             "Müller & Söhne GmbH", "Škoda Partners", "Wide World Importers", "Coho Vineyard",
             "Lucerne Publishing", "Café de l'Ouest"]  # fmt: skip
FIRST_NAMES = ["Anna", "Jan", "Olga", "John", "María", "Zoë", "Jiří", "Akira", "Léa", "Dmitry", "Sofia", "Lars"]
LAST_NAMES = ["Petrova", "Novák", "Smith", "García", "Dubois", "Tanaka", "Ivanov", "Jensen", "Rossi", "Öztürk"]
JOB_TITLES = ["Sales manager", "Accountant", "Account executive", ""]
OPPORTUNITIES = ["Website redesign", "CRM rollout", "Annual support", "Office move", "Cloud migration",
                 "Training / onboarding", "Hardware refresh", "Brand strategy"]  # fmt: skip
SERVICES = ["design", "development", "consulting", "support", "licences", "hosting", "training", "audit",
            "maintenance", "translation", "Übersetzung", "café", "web/mobile", "integration", "analytics"]  # fmt: skip
LANGUAGES = ["en-US", "de-DE", "fr-FR", "ru-RU", "cs-CZ", "es-ES"]
FIRST_DAY = dt.datetime(2019, 1, 1)
DAYS = (dt.datetime(2026, 1, 1) - FIRST_DAY).days
DAY_MICROS = 86_400_000_000


class DataFileError(ValueError):
    """The data file cannot be served; the message says why in one line."""


def _employee(rng: random.Random, index: int) -> dict[str, Any]:
    first, last = FIRST_NAMES[index % len(FIRST_NAMES)], LAST_NAMES[index % len(LAST_NAMES)]
    login = f"{first}.{last}".lower().encode("ascii", "ignore").decode()
    employee: dict[str, Any] = {"id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                                "displayName": f"{first} {last}"}  # fmt: skip
    title = JOB_TITLES[index % len(JOB_TITLES)]
    if title:
        employee["title"] = title
    employee["avatarSmall"] = "/skins/default/images/default_user_photo_size_32-32.png"
    employee["profileUrl"] = f"{PORTAL}/Products/People/Profile.aspx?user={login}"
    return employee


def _contact(rng: random.Random, contact_id: int, employees: list[dict[str, Any]]) -> dict[str, Any]:
    is_company = rng.random() < 0.5
    if is_company:
        name = f"{rng.choice(COMPANIES)} {contact_id}"
    else:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    kind = "company" if is_company else "people"
    contact: dict[str, Any] = {"id": contact_id}
    if rng.random() < 0.8:
        contact["smallFotoUrl"] = f"/skins/default/images/empty_{kind}_logo_21_21.png"
        contact["mediumFotoUrl"] = f"/skins/default/images/empty_{kind}_logo_48_48.png"
    contact["displayName"] = name
    contact["isCompany"] = is_company
    is_private = rng.random() < 0.25
    if is_private:
        contact["accessList"] = rng.sample(employees, rng.randint(1, 3))
    share_type = 0 if is_private else rng.choice([0, 0, 1, 2])
    contact["isPrivate"] = is_private
    contact["isShared"] = share_type != 0
    contact["shareType"] = share_type
    contact["currency"] = rng.choice([None, None, *CURRENCIES])
    contact["canEdit"] = True
    contact["canDelete"] = rng.random() < 0.7
    return contact


def generate(count: int, seed: int, offset_minutes: int) -> list[dict[str, Any]]:
    """``count`` realistic wire-format invoices, the same for the same seed and offset."""
    rng = random.Random(seed)
    statuses = list(spec.enum_members("InvoiceStatusId").items())
    employees = [_employee(rng, index) for index in range(8)]
    contacts = [_contact(rng, 100 + index, employees) for index in range(max(20, count // 8))]
    opportunities = [
        {"entityType": "opportunity", "entityId": 1 + index, "entityTitle": f"{rng.choice(OPPORTUNITIES)} #{index + 1}"}
        for index in range(max(10, count // 10))
    ]
    local_midnight = -offset_minutes * 60_000_000  # portal-local midnight of 1970-01-01, in UTC micros
    first_day = (FIRST_DAY - EPOCH) // dt.timedelta(microseconds=1) + local_midnight
    day_text = cache(lambda micros: micros_to_wire(micros, offset_minutes))  # a few thousand distinct days
    invoices = []
    for invoice_id in range(1, count + 1):
        name, status = rng.choice(statuses)
        issue = first_day + rng.randrange(DAYS) * DAY_MICROS
        due = issue + rng.randrange(0, 61) * DAY_MICROS
        created = issue + rng.randrange(8 * 3600, 18 * 3600) * 1_000_000 + rng.randrange(1_000_000)
        currency = rng.choice(CURRENCIES)
        issue_date = day_text(issue)
        number = f"INV-{invoice_id:06d}" if rng.random() < 0.9 else f"SO/{issue_date[:4]}/{invoice_id}"
        services = rng.sample(SERVICES, rng.randint(1, 3))
        invoices.append({
            "id": invoice_id,
            "status": {"id": status, "title": STATUS_TITLES.get(name, name.title())},
            "number": number,
            "issueDate": issue_date,
            "templateType": 0 if rng.random() < 0.8 else 1,
            "contact": None if rng.random() < 0.05 else rng.choice(contacts),
            "consignee": rng.choice(contacts) if rng.random() < 0.3 else None,
            "entity": rng.choice(opportunities) if rng.random() < 0.6 else None,
            "dueDate": day_text(due),
            "language": rng.choice(LANGUAGES),
            "currency": currency,
            "exchangeRate": 1.0 if currency["isBasic"] else round(rng.uniform(0.005, 120), 2),
            "purchaseOrderNumber": f"PO-{rng.randrange(10_000):04d}" if rng.random() < 0.6 else "",
            "terms": rng.choice(["Payment is due within 30 days.", "Net 14", ""]),
            "description": " and ".join(services).capitalize(),
            "fileID": rng.randrange(1, 5000) if rng.random() < 0.5 else -1,
            "createOn": micros_to_wire(created, offset_minutes),
            "createBy": rng.choice(employees),
            "cost": round(rng.uniform(0, 25_000), 2) if rng.random() < 0.97 else 0.0,
            "canEdit": True,
            "canDelete": status == 1,
        })  # fmt: skip
    return invoices


def load_file(path: Path) -> list[dict[str, Any]]:
    """Wire-format invoices from a JSON file: a list of invoices or a whole filter response envelope."""
    try:
        document = json.loads(path.read_bytes())
    except OSError as error:
        raise DataFileError(f"cannot read {path}: {error.strerror}") from None
    except ValueError as error:
        raise DataFileError(f"{path} is not JSON: {error}") from None
    invoices = document.get("response") if isinstance(document, dict) else document
    if not isinstance(invoices, list):
        raise DataFileError(f"{path} holds neither a list of invoices nor a response envelope")
    validator = spec.validator_for("#/components/schemas/Invoice")
    for index, invoice in enumerate(invoices):
        problem = next(iter(validator.iter_errors(invoice)), None)
        if problem is not None:
            where = "/".join(str(part) for part in problem.absolute_path)
            raise DataFileError(f"{path}: invoice {index} at '{where}': {problem.message}")
    return invoices


def build(count: int, seed: int, offset_minutes: int, data_file: Path | None) -> list[dict[str, Any]]:
    """The wire-format invoices a portal serves: loaded from ``data_file`` or generated."""
    return load_file(data_file) if data_file is not None else generate(count, seed, offset_minutes)
