"""The ``onlyoffice-mock-portal`` entry point: ``--version`` in any install of the kit; without the ``[mock]``
extra, one line naming it and exit code 2 instead of a traceback.

What an extra needs is read from the installed kit's metadata (its ``Requires-Dist`` lines), not listed again
here; nothing of the extra is imported before it is known to be installed.
"""

from __future__ import annotations

import re
import sys
from importlib.metadata import PackageNotFoundError, distribution, requires

PROG = "onlyoffice-mock-portal"
EXTRA = "mock"
# The kit's one distribution; its version is the spec's info.version.
DISTRIBUTION = "onlyoffice-crm-client"
EXIT_MISSING_EXTRA = 2
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_MARKER_EXTRA = re.compile(r"""extra\s*==\s*["']([^"']+)["']""")


def kit_version() -> str | None:
    """The installed kit's version, or None when it is not installed (a source tree on the path)."""
    try:
        return distribution(DISTRIBUTION).version
    except PackageNotFoundError:
        return None


def extra_requirements(extra: str) -> list[str]:
    """The distribution names the kit's ``extra`` requires, in the order of its metadata."""
    try:
        lines = requires(DISTRIBUTION) or []
    except PackageNotFoundError:
        return []
    names = []
    for line in lines:
        requirement, _, marker = line.partition(";")
        if extra in _MARKER_EXTRA.findall(marker):
            found = _NAME.match(requirement.strip())
            if found is not None:
                names.append(found.group())
    return names


def missing_requirements(extra: str) -> list[str]:
    """The distributions of ``extra`` that are not installed (looked up by name, none of them imported)."""
    missing = []
    for name in extra_requirements(extra):
        try:
            distribution(name)
        except PackageNotFoundError:
            missing.append(name)
    return missing


def install_hint(prog: str, extra: str, missing: list[str]) -> str:
    """The one line that says which extra to install, and what of it is missing."""
    return f"{prog} needs its extra dependencies: pip install '{DISTRIBUTION}[{extra}]' (missing: {', '.join(missing)})"


def without_extra(prog: str, extra: str, arguments: list[str]) -> int | None:
    """What a launcher does when ``extra`` is missing: print the version for ``--version`` (exit 0) or the install
    hint (exit 2). None when the extra is installed and the command itself should run."""
    missing = missing_requirements(extra)
    if not missing:
        return None
    if arguments == ["--version"]:
        print(f"{prog} {kit_version()}")
        return 0
    print(install_hint(prog, extra, missing), file=sys.stderr)
    return EXIT_MISSING_EXTRA


def main(argv: list[str] | None = None) -> int:
    """Run the mock portal's command; without the ``[mock]`` extra, say how to install it and exit 2."""
    arguments = sys.argv[1:] if argv is None else argv
    code = without_extra(PROG, EXTRA, arguments)
    if code is not None:
        return code
    from .cli import main as serve

    return serve(arguments)
