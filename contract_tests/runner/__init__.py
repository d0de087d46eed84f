"""The contract runner: ``python -m contract_tests.runner`` (what ``make contract`` calls)."""
