"""The template overrides are patches of the pinned generator's templates: each applies, says why, and a
generator whose template moved under a patch is named instead of being silently overridden."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tools import templates

PATCH_HEADER = "--- a/"


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The patched templates as the generator gets them."""
    folder = tmp_path_factory.mktemp("templates")
    templates.patched_templates(folder)
    return folder


def test_every_patch_applies_and_changes_its_upstream_template(unpacked: Path) -> None:
    names = list(templates.patch_files())
    upstream = templates.upstream_templates()

    assert "client.py.jinja" in names
    assert sorted(path.relative_to(unpacked).as_posix() for path in unpacked.rglob("*.jinja")) == names
    for name in names:
        assert (unpacked / name).read_bytes() != (upstream / name).read_bytes(), name


def test_every_patch_says_what_it_changes_and_against_which_generator() -> None:
    for name, patch in templates.patch_files().items():
        about = templates.description(patch)

        assert about.startswith(f"# {name}, against openapi-python-client "), name
        assert "say what this changes" not in about, name
        assert len(about.splitlines()) >= 2, f"{name}: no description of the change"


def test_recording_the_unpacked_templates_gives_back_the_committed_patches(unpacked: Path, tmp_path: Path) -> None:
    patches = tmp_path / "patches"
    shutil.copytree(templates.PATCHES, patches)

    recorded = templates.record(unpacked, patches)

    assert recorded == list(templates.patch_files())
    for name, patch in templates.patch_files().items():
        assert (patches / f"{name}.patch").read_text(encoding="utf-8") == patch.read_text(encoding="utf-8"), name


def test_recording_drops_a_reverted_template_and_describes_a_new_one_as_to_do(unpacked: Path, tmp_path: Path) -> None:
    edited = tmp_path / "edited"
    shutil.copytree(unpacked, edited)
    upstream = templates.upstream_templates()
    shutil.copyfile(upstream / "int_enum.py.jinja", edited / "int_enum.py.jinja")
    errors = edited / "errors.py.jinja"
    shutil.copyfile(upstream / "errors.py.jinja", errors)
    errors.write_text(errors.read_text(encoding="utf-8") + "# a change\n", encoding="utf-8")
    patches = tmp_path / "patches"
    shutil.copytree(templates.PATCHES, patches)

    recorded = templates.record(edited, patches)

    assert "int_enum.py.jinja" not in recorded
    assert not (patches / "int_enum.py.jinja.patch").exists()
    new = (patches / "errors.py.jinja.patch").read_text(encoding="utf-8")
    assert new.startswith("# errors.py.jinja: say what this changes and why.\n--- a/errors.py.jinja\n")
    assert new.endswith("+# a change\n")


def test_a_patch_whose_upstream_lines_moved_names_itself(tmp_path: Path) -> None:
    patches = tmp_path / "patches"
    patches.mkdir()
    committed = (templates.PATCHES / "int_enum.py.jinja.patch").read_text(encoding="utf-8")
    # What a generator upgrade looks like to the patch: a context line it expects is no longer upstream.
    stale = committed.replace(" class {{ enum.class_info.name }}(IntEnum):", " class {{ enum.name }}(IntEnum):", 1)
    assert stale != committed
    (patches / "int_enum.py.jinja.patch").write_text(stale, encoding="utf-8")

    with pytest.raises(templates.TemplateError, match=r"int_enum\.py\.jinja\.patch does not apply to openapi"):
        templates.patched_templates(tmp_path / "out", patches)


def test_a_patch_of_a_template_the_generator_does_not_have_is_named(tmp_path: Path) -> None:
    patches = tmp_path / "patches"
    patches.mkdir()
    (patches / "gone.py.jinja.patch").write_text("# gone\n--- a/gone.py.jinja\n+++ b/gone.py.jinja\n")

    with pytest.raises(templates.TemplateError, match=r"gone\.py\.jinja\.patch: openapi-python-client .* no template"):
        templates.patched_templates(tmp_path / "out", patches)


def test_a_template_without_a_final_newline_cannot_be_recorded() -> None:
    with pytest.raises(templates.TemplateError, match="does not end with a newline"):
        templates.diff("x.jinja", "a\n", "a\nb")
