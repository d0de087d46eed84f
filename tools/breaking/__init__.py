"""What a spec change breaks: the contract for clients and portals, and the generated Python API.

``python tools/breaking [--base REF]`` compares ``openapi/onlyoffice-crm-invoices.yaml`` and
``generated/onlyoffice_crm_client`` at a git ref with the working tree and exits 0 when nothing
breaks, 1 when something does, 2 on bad input. The modules, one job each:

- :mod:`breaking.model` -- the change records, the audiences and the bad-input exception;
- :mod:`breaking.spec_diff` -- classifies OpenAPI changes for clients and for portals;
- :mod:`breaking.api_diff` -- compares the generated package's public Python API with griffe;
- :mod:`breaking.git_source` -- reads the spec and the package at a git ref;
- :mod:`breaking.versioning` -- semantic versions, the bump a report needs, the changelog entry;
- :mod:`breaking.compare` -- puts them together into one report;
- :mod:`breaking.cli` -- the command line.
"""
