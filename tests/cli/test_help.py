"""Every command of the ``kg`` CLI documents itself with a runnable example.

The commands are taken from the typer app (``registered_commands`` and any groups) *and* from the Click
object typer builds, so commands other modules register later are covered too.
"""

from __future__ import annotations

import re
import shlex

import pytest
import typer
from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()
_MARKUP = re.compile(r"\[/?[a-z ]+\]")


def _click_commands() -> dict[tuple[str, ...], object]:
    found: dict[tuple[str, ...], object] = {}

    def walk(cmd, path: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
        subs = getattr(cmd, "commands", None)
        if subs:
            for name, sub in subs.items():
                walk(sub, (*path, name))
        else:
            found[path] = cmd

    walk(typer.main.get_command(app), ())
    return found


COMMANDS = _click_commands()


def _examples(help_text: str) -> list[str]:
    out = []
    for line in help_text.splitlines():
        if "Example:" in line:
            text = _MARKUP.sub("", line.split("Example:", 1)[1]).strip()
            out.append(text)
    return out


def test_commands_are_found():
    names = {path[0] for path in COMMANDS}
    assert {"build", "query", "events", "export", "validate", "stats"} <= names
    registered = {c.name or c.callback.__name__.replace("_", "-") for c in app.registered_commands}
    registered |= {g.name for g in app.registered_groups if g.name}
    assert registered <= names


@pytest.mark.parametrize("path", sorted(COMMANDS), ids=lambda p: " ".join(p))
def test_every_command_has_an_example(path):
    cmd = COMMANDS[path]
    examples = _examples(cmd.help or "")
    assert examples, f"`kg {' '.join(path)}` has no 'Example:' line in its help"
    for example in examples:
        assert example.startswith("kg "), f"example of kg {' '.join(path)} does not start with 'kg ': {example!r}"
        words = shlex.split(example)
        for i, w in enumerate(words):  # drop shell redirections and pipes
            if w in (">", ">>", "|", "<", "2>") or w.startswith((">", "|")):
                words = words[:i]
                break
        assert tuple(words[1:1 + len(path)]) == path, f"example {example!r} does not run `kg {' '.join(path)}`"
        # the arguments parse with the command's own parser (no callback runs)
        ctx = cmd.make_context(" ".join(path), words[1 + len(path):])
        assert ctx is not None


@pytest.mark.parametrize("path", sorted(COMMANDS), ids=lambda p: " ".join(p))
def test_help_output_shows_the_example(path):
    result = runner.invoke(app, [*path, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output


def test_top_level_help_lists_the_commands():
    result = runner.invoke(app, ["--help"], terminal_width=200)
    assert result.exit_code == 0
    for path in COMMANDS:
        assert path[0] in result.output
    # no arguments shows the help too
    bare = runner.invoke(app, [])
    assert "build" in bare.output
