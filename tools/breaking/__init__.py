"""What a change breaks: the HTTP contract for clients and portals, the Python APIs, and the command line.

``python -m tools.breaking [--base REF]`` (from the repository root) compares, at a git ref (by default the
last release) and in the working tree, ``openapi/onlyoffice-crm-invoices.yaml``, the generated
``onlyoffice_crm_client``, the library ``onlyoffice_crm`` and the ``onlyoffice-crm`` command line; it exits 0
when nothing breaks, 1 when something does, 2 on bad input. The modules, one job each:

- :mod:`tools.breaking.model` -- the change records, the audiences, the surfaces and the bad-input exception;
- :mod:`tools.breaking.spec_diff` -- classifies OpenAPI changes for clients and for portals;
- :mod:`tools.breaking.api_diff` -- compares the generated package's public Python API with griffe (statically);
- :mod:`tools.breaking.surface_dump` -- run in a child process: describes the library's API (signatures as
  ``inspect.signature`` gives them, built from ``TypedDict`` classes at import time), the Typer commands and
  the export's columns;
- :mod:`tools.breaking.runtime_source` -- runs that child on one tree and checks where it imported from;
- :mod:`tools.breaking.runtime_diff` -- compares two such descriptions;
- :mod:`tools.breaking.git_source` -- reads files and folders at a git ref;
- :mod:`tools.breaking.last_release` -- finds the last release (a dated changelog entry, or a tag);
- :mod:`tools.breaking.versioning` -- semantic versions and the bump a report needs;
- :mod:`tools.breaking.changelog` -- the changelog entry;
- :mod:`tools.breaking.compare` -- puts them together into one report;
- :mod:`tools.breaking.cli` -- the command line.
"""
