"""The filter options are the library's keywords: every keyword (and so every query parameter of the spec the library
sends) is an option of the invoice commands, a keyword the library adds becomes one with no edit here, and the help
shows the library's words (status words, sort keys) and the command's own lists (columns, exit codes)."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
import typer.main

from onlyoffice_crm import ORDER_WORDS, STATUS_WORDS, FilterKeyword, FilterKind, filter_keywords
from onlyoffice_crm._filters import NOT_EXPOSED
from onlyoffice_crm_cli import ExitCode, _options
from onlyoffice_crm_cli._columns import all_columns
from onlyoffice_crm_cli._options import build_selection, filter_options
from onlyoffice_crm_cli._selection import library_filters
from onlyoffice_crm_cli.app import app, build_app
from onlyoffice_crm_client.api.invoices import get_invoices

from .conftest import invoke

ORDERED = {"list": True, "export": True, "totals": False}


def command(name: str, application: typer.Typer = app) -> Any:
    """``invoices NAME`` as click sees it."""
    return typer.main.get_command(application).commands["invoices"].commands[name]  # type: ignore[attr-defined]


def parameter_names(name: str, application: typer.Typer = app) -> set[str]:
    return {parameter.name for parameter in command(name, application).params if parameter.name}


@pytest.mark.parametrize(("name", "ordered"), ORDERED.items())
def test_every_keyword_of_the_library_is_an_option_of_the_command(name: str, ordered: bool) -> None:
    options = {option.keyword.name: option.parameter for option in filter_options(ordered=ordered)}
    shown = parameter_names(name)

    missing = [k.name for k in filter_keywords(ordered=ordered) if options.get(k.name) not in shown]

    assert not missing, f"library keywords {missing} have no option in CLI: onlyoffice_crm_cli invoices {name}"


@pytest.mark.parametrize(("name", "ordered"), ORDERED.items())
def test_every_query_parameter_of_the_spec_is_sent_by_an_option_or_not_exposed(name: str, ordered: bool) -> None:
    sent = {parameter for option in filter_options(ordered=ordered) for parameter in option.keyword.sends}
    paging = set(NOT_EXPOSED) | ({"sort_by", "sort_order"} if not ordered else set())
    spec = [p for p in inspect.signature(get_invoices.sync_detailed).parameters if p != "client"]

    gaps = [parameter for parameter in spec if parameter not in sent | paging]

    assert not gaps, f"spec query parameters {gaps} are sent by no option of CLI: onlyoffice_crm_cli invoices {name}"


def test_every_kind_of_value_the_library_declares_is_read_by_the_command_line() -> None:
    assert [kind for kind in FilterKind if kind not in _options._OPTION_TYPES] == [], "CLI: onlyoffice_crm_cli"
    filters = [kind for kind in FilterKind if kind not in {FilterKind.ORDER, FilterKind.SWITCH}]
    assert [kind for kind in filters if kind not in _options._READERS] == [], "CLI: onlyoffice_crm_cli"


def test_a_keyword_the_library_adds_becomes_an_option_with_no_edit_here(monkeypatch: pytest.MonkeyPatch) -> None:
    added = FilterKeyword("added_words", FilterKind.TEXT, "words of a filter added later.", ("added_words",))
    assert added.name not in {keyword.name for keyword in filter_keywords(ordered=True)}
    declared = filter_keywords

    def with_one_more(*, ordered: bool = False) -> tuple[FilterKeyword, ...]:
        return (*declared(ordered=ordered), added)

    monkeypatch.setattr(_options, "filter_keywords", with_one_more)
    fresh = build_app.__wrapped__()  # a new application, built from the longer declaration

    assert {name: "added_words" in parameter_names(name, fresh) for name in ORDERED} == dict.fromkeys(ORDERED, True)
    shown = next(p for p in command("totals", fresh).params if p.name == "added_words")
    assert shown.opts == ["--added-words"]
    assert shown.help == "Words of a filter added later."
    selection = build_selection({"added_words": "INV-00", "status": "paid"}, ordered=False)
    assert library_filters(selection)["added_words"] == "INV-00"


def test_options_of_keywords_that_share_a_parameter_cannot_be_combined() -> None:
    from onlyoffice_crm_cli._errors import UsageError

    shared = [o for o in filter_options(ordered=False) if "entityid" in o.keyword.sends]
    given: dict[str, Any] = {option.parameter: 1 for option in shared}

    with pytest.raises(UsageError, match=" and ".join(option.flag for option in shared) + " cannot be combined"):
        build_selection(given, ordered=False)


def test_the_help_shows_the_library_words_and_the_commands_own_lists() -> None:
    listed = invoke("invoices", "list", "--help").stdout
    exported = " ".join(invoke("invoices", "export", "--help").stdout.split())
    group = " ".join(invoke("invoices", "--help").stdout.split())

    assert ", ".join(STATUS_WORDS.values()) in listed
    assert ", ".join(ORDER_WORDS) in " ".join(listed.split())
    assert all(name in exported for name in all_columns())
    assert all(f"{code.value} " in exported for code in ExitCode)
    assert all(option.flag in group for option in filter_options(ordered=True))


def test_the_command_lines_own_words_are_for_keywords_the_library_declares() -> None:
    stale = set(_options.OPTION_WORDS) - {keyword.name for keyword in filter_keywords(ordered=True)}

    assert not stale, f"CLI: onlyoffice_crm_cli._options.OPTION_WORDS names keywords the library does not have: {stale}"
