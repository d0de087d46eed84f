"""The contract runner (``onlyoffice-crm-contract``, ``python -m onlyoffice_crm_contract.runner``, what ``make
contract`` calls) and its machinery: options, preflight, the gate every request passes, the gateway schemathesis
sends through, the run record, HAR and masking, the summary."""
