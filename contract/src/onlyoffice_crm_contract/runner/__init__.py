"""The contract runner: ``python -m onlyoffice_crm_contract.runner`` (what ``make contract`` calls)."""
