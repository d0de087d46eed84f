"""The repository's own development tools, run from its root with ``python -m`` (the Makefile does).

- :mod:`tools.generate_client` -- ``python -m tools.generate_client write|check``: the generated client
  from the spec, the generator configuration and the template patches;
- :mod:`tools.breaking` -- ``python -m tools.breaking [--base REF]``: what changed since a release, and
  whom it breaks.
- :mod:`tools.change_cost` -- ``python -m tools.change_cost [NAME ...]``: each spec change committed as a
  patch, tried in a temporary clone: the parts whose tests fail.

They are not part of the distribution; tests import them as ``tools.*`` from the repository root.
"""
