"""The recovery of a dead build's leftovers (`exporter.files.remove_stale`) never writes
through a symbolic link and never acts on files it did not make."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from exporter.files import TEMP_MARK, Staging, remove_stale

TOKEN = "4242-deadbeef"


def dead_build(out: Path, renames: list[tuple[str, str]], temporaries: list[str]) -> None:
    """What a build of TOKEN that died leaves: its lock (listing its temporary files)
    and its list of renames."""
    (out / f".exporter-{TOKEN}.lock").write_text("".join(f"{t}\n" for t in temporaries), encoding="utf-8")
    (out / f".exporter-{TOKEN}.commit").write_text("".join(f"{a}\t{b}\n" for a, b in renames), encoding="utf-8")


def test_a_rename_is_not_finished_through_a_link_to_a_folder(tmp_path):
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (elsewhere / "victim.txt").write_text("mine", encoding="utf-8")
    tmp_name = f".victim.txt{TEMP_MARK}{TOKEN}.tmp"
    (elsewhere / tmp_name).write_text("planted", encoding="utf-8")
    (out / "sub").symlink_to(elsewhere, target_is_directory=True)
    dead_build(out, [(f"sub/{tmp_name}", "sub/victim.txt")], [f"sub/{tmp_name}"])
    remove_stale(out)
    assert (elsewhere / "victim.txt").read_text(encoding="utf-8") == "mine"
    assert (elsewhere / tmp_name).read_text(encoding="utf-8") == "planted"  # not touched either
    assert sorted(p.name for p in out.iterdir()) == ["sub"]


def test_a_rename_is_finished_in_a_real_sub_folder(tmp_path):
    """The same list with a real folder is a dead build's own: finished."""
    out = tmp_path / "out"
    (out / "2022" / "T1").mkdir(parents=True)
    tmp_name = f".r.pdf{TEMP_MARK}{TOKEN}.tmp"
    (out / "2022" / "T1" / tmp_name).write_text("new", encoding="utf-8")
    dead_build(out, [(f"2022/T1/{tmp_name}", "2022/T1/r.pdf")], [f"2022/T1/{tmp_name}"])
    remove_stale(out)
    assert (out / "2022" / "T1" / "r.pdf").read_text(encoding="utf-8") == "new"
    assert [p.name for p in out.rglob("*") if TEMP_MARK in p.name] == []


def test_a_rename_to_another_name_than_its_own_is_refused(tmp_path):
    """A temporary file is only ever renamed to the document it was made for."""
    out = tmp_path / "out"
    out.mkdir()
    tmp_name = f".a.json{TEMP_MARK}{TOKEN}.tmp"
    (out / tmp_name).write_text("planted", encoding="utf-8")
    (out / "b.json").write_text("mine", encoding="utf-8")
    dead_build(out, [(tmp_name, "b.json"), (tmp_name, ".bashrc")], [tmp_name])
    remove_stale(out)
    assert (out / "b.json").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in out.iterdir()) == ["b.json"]


def test_a_temporary_file_that_is_a_link_is_not_renamed(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("secret", encoding="utf-8")
    tmp_name = f".a.json{TEMP_MARK}{TOKEN}.tmp"
    (out / tmp_name).symlink_to(secret)
    dead_build(out, [(tmp_name, "a.json")], [tmp_name])
    remove_stale(out)
    assert not (out / "a.json").exists() and secret.read_text(encoding="utf-8") == "secret"


def test_a_lock_that_is_a_link_is_not_followed(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    target = tmp_path / "important.txt"
    target.write_text("keep", encoding="utf-8")
    (out / f".exporter-{TOKEN}.lock").symlink_to(target)
    remove_stale(out)
    assert target.read_text(encoding="utf-8") == "keep"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a file away needs root")
def test_leftovers_of_another_user_are_left_alone(tmp_path):
    """Whoever else can write to a shared output folder cannot plant a dead build."""
    out = tmp_path / "out"
    out.mkdir()
    tmp_name = f".a.json{TEMP_MARK}{TOKEN}.tmp"
    (out / tmp_name).write_text("planted", encoding="utf-8")
    (out / "a.json").write_text("mine", encoding="utf-8")
    dead_build(out, [(tmp_name, "a.json")], [tmp_name])
    for path in out.iterdir():
        if TEMP_MARK in path.name:
            os.chown(path, 54321, 54321)
    remove_stale(out)
    assert (out / "a.json").read_text(encoding="utf-8") == "mine"
    assert len([p for p in out.iterdir() if TEMP_MARK in p.name]) == 3


def test_a_build_into_a_folder_with_planted_leftovers_still_writes(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "sub").symlink_to(tmp_path, target_is_directory=True)
    dead_build(out, [(f"sub/.x{TEMP_MARK}{TOKEN}.tmp", "sub/x")], [])
    with Staging(out, ["a.json"]) as staging:
        staging.write("a.json", b"{}")
        staging.commit()
    assert (out / "a.json").read_bytes() == b"{}" and not (tmp_path / "x").exists()
