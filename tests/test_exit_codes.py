"""Exit codes a script can rely on when a run is cut short: Ctrl-C is 130, and a closed
stderr or stdout never turns a run with failed inputs into a success."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from clickbait.cli import EXIT_INTERRUPTED, EXIT_OK, EXIT_SOME_INPUTS_FAILED, main

from .conftest import FIXTURES

EXAMPLE_PAGE = FIXTURES.parent.parent / "data" / "examples" / "page-fr.html"
CLICKBAIT = [sys.executable, "-m", "clickbait.cli"]


def wait_until_reading_a_pipe(pid: int, timeout: float = 30) -> None:
    """Wait until the process blocks reading a pipe (its stdin): by then it has loaded
    the model and its signal handlers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if "pipe" in Path(f"/proc/{pid}/wchan").read_text():
                return
        except OSError:
            pytest.skip("needs /proc/PID/wchan (Linux)")
        time.sleep(0.05)
    raise AssertionError("the command never read its standard input")


def test_ctrl_c_exits_130(small_model_dir: Path) -> None:
    command = [*CLICKBAIT, "score", "--model", str(small_model_dir), "-"]
    with subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as process:
        wait_until_reading_a_pipe(process.pid)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == EXIT_INTERRUPTED == 130
    assert stderr.decode().startswith("clickbait: interrupted")
    assert b"Traceback" not in stderr


def test_an_interrupt_midway_keeps_what_was_written(
    small_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from clickbait import scoring

    real_extract = scoring.extract

    def interrupted(document):
        if document.source.endswith("c.html"):
            raise KeyboardInterrupt
        return real_extract(document)

    monkeypatch.setattr(scoring, "extract", interrupted)
    for name in ("a.html", "b.html", "c.html"):
        (tmp_path / name).write_bytes(EXAMPLE_PAGE.read_bytes())
    result = CliRunner().invoke(
        main, ["score", "--model", str(small_model_dir), str(tmp_path / "a.html"), str(tmp_path)]
    )
    assert result.exit_code == EXIT_INTERRUPTED
    assert "clickbait: interrupted" in result.stderr and "Traceback" not in result.stderr


def inputs(folder: Path, failing: int) -> list[str]:
    page = folder / "page.html"
    page.write_bytes(EXAMPLE_PAGE.read_bytes())
    return [str(folder / f"missing-{n}.html") for n in range(failing)] + [str(page)]


@pytest.mark.parametrize(("failing", "code"), [(10, EXIT_SOME_INPUTS_FAILED), (0, EXIT_OK)])
def test_a_closed_stderr_keeps_the_exit_code(
    small_model_dir: Path, tmp_path: Path, failing: int, code: int
) -> None:
    command = [*CLICKBAIT, "score", "--model", str(small_model_dir), *inputs(tmp_path, failing)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        process.stderr.close()  # as `2>&1 | head -1` would, once it has its line
        stdout = process.stdout.read()
        process.wait(timeout=60)
    assert process.returncode == code
    assert len([json.loads(line) for line in stdout.splitlines()]) == 5  # all still scored


@pytest.mark.parametrize(("failing", "code"), [(3, EXIT_SOME_INPUTS_FAILED), (0, EXIT_OK)])
def test_a_closed_stdout_is_a_quiet_exit_with_the_failures_so_far(
    small_model_dir: Path, tmp_path: Path, failing: int, code: int
) -> None:
    command = [*CLICKBAIT, "score", "--model", str(small_model_dir), *inputs(tmp_path, failing)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        process.stdout.close()  # as `| head -0` would
        stderr = process.stderr.read().decode()
        process.wait(timeout=60)
    assert process.returncode == code
    assert "Traceback" not in stderr and "Exception ignored" not in stderr
