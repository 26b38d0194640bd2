"""The ``clickbait`` command: the group that gathers the commands of
:mod:`clickbait.commands` (and ``label``, :mod:`clickbait.labelling.command`), and turns
what ends a run early (an internal error, Ctrl-C, a closed stdout) into one line and an
exit code. Heavy imports (scikit-learn, pandas) happen inside the commands, so that
``--help`` answers at once."""

from __future__ import annotations

import sys

import click

from clickbait.commands.models import evaluate, train
from clickbait.commands.report import report
from clickbait.commands.score import score
from clickbait.labelling.command import label
from clickbait.runs import (
    EXIT_INTERRUPTED,
    EXIT_MODEL,
    EXIT_OK,
    EXIT_SOME_INPUTS_FAILED,
    EXIT_USAGE,
    CommandError,
    current_tally,
    note,
)

__all__ = [
    "EXIT_INTERRUPTED",
    "EXIT_MODEL",
    "EXIT_OK",
    "EXIT_SOME_INPUTS_FAILED",
    "EXIT_USAGE",
    "CommandError",
    "main",
]


class _Main(click.Group):
    """Turns unexpected failures into one line on stderr and exit code 3, Ctrl-C into
    exit code 130, and a closed stdout (``clickbait score ... | head``) into a quiet
    exit: 0, or 1 when some input had already failed."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            tally = current_tally()
            note("interrupted" + (f"; {tally.summary()}" if tally else ""))
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from None
        except BrokenPipeError:
            _stdout_closed()
            tally = current_tally()
            raise click.exceptions.Exit(tally.exit_code if tally else EXIT_OK) from None
        except Exception as error:
            message = f"internal error: {type(error).__name__}: {error}"
            raise CommandError(message, EXIT_MODEL) from error


def _stdout_closed() -> None:
    """The reader of stdout has gone: point stdout at the null device, so that the
    flush at exit neither fails nor prints a warning."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass  # not a file descriptor of its own (a test runner's capture)


@click.group(
    cls=_Main, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100}
)
@click.version_option(package_name="clickbait", prog_name="clickbait")
def main() -> None:
    """Find the teasers in scraped pages and score each one as news or filler.

    \b
    Filler is clickbait and content-farm bait (the cake recipe, the "symptom on your
    leg", the miracle food); news reports a checkable event. Scores are the
    probability of filler, from 0 to 1.

    \b
    Examples:
      clickbait score page.html                 # teasers of one page, as JSON Lines
      clickbait score crawl/ --format table     # every file under a folder, as a table
      curl -s URL | clickbait score -           # a page from standard input
      clickbait train                           # rebuild models/default from its config
      clickbait evaluate labelled.csv           # precision, recall, F1, ROC-AUC
      clickbait evaluate --report eval/         # held-out corpora, as an HTML report
      clickbait report crawl/ --format table    # filler share per page and per domain
    """


for command in (score, train, evaluate, report):
    main.add_command(command)
main.add_command(label)  # clickbait.labelling.command: labelling a crawl by hand


if __name__ == "__main__":
    main()
