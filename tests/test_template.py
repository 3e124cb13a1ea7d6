"""`exporter template init`: the default template copied for an organisation to edit."""

from __future__ import annotations

from click.testing import CliRunner

from exporter.cli import cli
from exporter.theme import default_template_dir, load_theme


def test_init_copies_the_default_template_with_a_readme(tmp_path):
    target = tmp_path / "vår-mall"
    result = CliRunner().invoke(cli, ["template", "init", str(target)])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in target.iterdir()) == ["README.md", "reference.docx", "theme.toml"]
    assert (target / "theme.toml").read_bytes() == (default_template_dir() / "theme.toml").read_bytes()
    assert "reference.docx" in (target / "README.md").read_text(encoding="utf-8")
    assert load_theme(target).organisation == "Kommunen"


def test_init_never_overwrites_an_edited_template(tmp_path):
    (tmp_path / "theme.toml").write_text('[organisation]\nname = "Min kommun"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["template", "init", str(tmp_path)])
    assert result.exit_code == 1
    assert "already holds theme.toml" in result.stderr
    assert "Min kommun" in (tmp_path / "theme.toml").read_text(encoding="utf-8")
