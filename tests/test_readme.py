"""The README reproduces each command's --help text (as printed at 80 columns)."""
import re

import pytest
from click.testing import CliRunner

from spindetect.cli import main
from tests.conftest import ROOT


@pytest.mark.parametrize("command", ["scan", "check", "install-hook", "summarize",
                                     "index build", "index add", "index stats", "spin", "eval", "train", "serve"])
def test_readme_help_matches_the_command(command):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(rf"### `spindetect {command} --help`\n\n```\n(.*?)```", readme, re.S)
    assert block, f"README has no --help section for {command}"
    printed = CliRunner().invoke(main, [*command.split(), "--help"], prog_name="spindetect", terminal_width=80).output
    assert block.group(1) == printed
