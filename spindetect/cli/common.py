"""The command group and the manners every command shares.

Exit codes, the same for every command (README, "Exit codes"; ``Exit``):

- 0 the command ran and read every input, whatever it found;
- 1 a policy or ``--fail-on`` failed;
- 2 usage or input error: a bad option, a path missing, unreadable, binary, empty, oversized
  or not valid UTF-8, a directory loop, a bad list, index, model, policy or baseline;
- 3 output or environment failure: the report could not be written (disk full, standard output
  closed, a broken pipe), a Dask scheduler unreachable, the language model not installed;
- 4 internal error (a defect: please report it; ``SPINDETECT_DEBUG=1`` shows the traceback);
- 130 interrupted (Ctrl-C).

Where several apply, the larger code wins (an input error hides a policy failure: the check was
not complete). Every problem is one line on stderr naming the file; one bad input does not stop
the others, its code is the exit status at the end.
"""
from __future__ import annotations

import os
import sys
from enum import IntEnum

import click

from .. import __version__
from ..core import output as outputs
from ..core.types import InputError, OutputError, SetupError
from ..report.terminal import one_line


class Exit(IntEnum):
    OK = 0
    FAILED = 1
    INPUT = 2
    ENVIRONMENT = 3
    INTERNAL = 4
    INTERRUPTED = 130


class Tally:
    """The exit status a command has earned so far: the largest code noted."""

    def __init__(self):
        self.code = Exit.OK

    def note(self, code: Exit) -> None:
        self.code = max(self.code, code)

    def finish(self) -> None:
        """Leave with the status earned (nothing to do for 0)."""
        if self.code:
            sys.exit(int(self.code))


def error(message: str) -> None:
    click.echo(f"spindetect: error: {one_line(message)}", err=True)      # file names may hold escapes


def warn(message: str) -> None:
    click.echo(f"spindetect: warning: {one_line(message)}", err=True)


class Group(click.Group):
    """The command group, with the exit-code table applied to whatever a command raises:
    one line on stderr, never a traceback."""

    def invoke(self, ctx):
        try:
            try:
                return super().invoke(ctx)
            finally:
                outputs.flush_stdout()         # what is still buffered: a failure is exit 3 too
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except InputError as exc:
            stop(Exit.INPUT, str(exc))
        except (OutputError, SetupError) as exc:
            stop(Exit.ENVIRONMENT, str(exc))
        except BrokenPipeError:                 # a write to a closed pipe not caught nearer
            outputs.silence_stdout()
            stop(Exit.ENVIRONMENT, f"{outputs.STDOUT}: cannot write: the reading end of the pipe is closed")
        except KeyboardInterrupt:
            stop(Exit.INTERRUPTED, "interrupted")
        except MemoryError:
            stop(Exit.ENVIRONMENT, "out of memory")
        except Exception as exc:  # noqa: BLE001 - a defect is still one line, with the way to see more
            if os.environ.get("SPINDETECT_DEBUG"):
                raise
            stop(Exit.INTERNAL, f"internal error: {type(exc).__name__}: {exc} "
                                "(a defect; SPINDETECT_DEBUG=1 shows the traceback)")


def stop(code: Exit, message: str) -> None:
    error(message)
    sys.exit(int(code))


def out(text: str = "", nl: bool = True) -> None:
    """A line (or text) on standard output; OutputError when it cannot be written."""
    handle = outputs.stdout()
    with outputs.writing(outputs.STDOUT):
        click.echo(text, file=handle, nl=nl)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="spindetect")
def main() -> None:
    """Find spun text: phrases a synonym spinner rewrote, each paired with its likely original.

    \b
    Exit codes (every command): 0 ran; 1 a policy or --fail-on failed; 2 usage or input
    error; 3 output or environment failure; 4 internal error; 130 interrupted.
    """


def report_file_problems(path: str, warnings: list[str], skipped: str | None, problem: str | None,
                         name: str | None = None, internal: bool = False) -> Exit:
    """One file's problems on stderr, a line each (``name``: how the document calls itself, e.g.
    ``<stdin>``), and the exit code they earn: an input error for a file left out (binary,
    empty, unreadable) or read with a problem (invalid UTF-8: scanned with U+FFFD, but not the
    file as written); an internal error for a defect."""
    for warning in warnings:
        error(f"{name or path}: {warning}")
    if skipped:
        error(f"{path}: {skipped}")
    if problem:
        error(f"{path}: {problem}")
    if internal:
        return Exit.INTERNAL
    return Exit.INPUT if warnings or skipped or problem else Exit.OK


def model_option(command):
    """``--model FILE``: a model made by ``spindetect train --out FILE`` instead of the shipped one."""
    return click.option("--model", type=click.Path(dir_okay=False), metavar="FILE",
                        help="Use this model file (spindetect train --out FILE) instead of the shipped one.")(command)


class OutputPath(click.Path):
    """A file the command writes: not a directory, and in a directory that exists and may be
    written, so that a mistyped ``-o`` fails before any work, in one line."""

    def __init__(self):
        super().__init__(dir_okay=False, writable=True)

    def convert(self, value, param, ctx):
        path = super().convert(value, param, ctx)
        folder = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(folder):
            self.fail(f"no such directory: {folder}", param, ctx)
        if not os.access(folder, os.W_OK):
            self.fail(f"directory not writable: {folder}", param, ctx)
        return path


def without_outputs(files: list[str], named: tuple[str, ...], *outputs: str | None) -> list[str]:
    """The input ``files`` less any that is one of the files the command writes (a report written
    into the scanned folder is not scanned next time); InputError when such a file was named as
    an input itself (``named``): the command would overwrite what it reads."""
    written = []
    for output in outputs:
        if output and os.path.exists(output):
            found = os.stat(output)
            written.append((found.st_dev, found.st_ino))
    if not written:
        return files
    kept = []
    for path in files:
        found = os.stat(path) if path != "-" and os.path.exists(path) else None
        if found is not None and (found.st_dev, found.st_ino) in written:
            if path in named:
                raise InputError(path, "is also where this command writes its output; an input is never overwritten")
            continue
        kept.append(path)
    return kept


def write_text(content: str, output: str | None) -> None:
    """A rendered report to ``output`` (a file, replaced only once whole) or to standard output."""
    if output:
        outputs.write_file(output, content)
    else:
        out(content, nl=False)


def write_rich(render, output: str | None) -> None:
    """``render(console)`` onto a terminal console, or without colour into ``output``."""
    from rich.console import Console

    if output:
        with outputs.replace_file(output) as handle, outputs.writing(output):
            render(Console(file=handle, no_color=True, width=100))
    else:
        handle = outputs.stdout()
        with outputs.writing(outputs.STDOUT):
            render(Console(file=handle, highlight=False))
