"""Run the regraad CLI with a fault at one step of recording a change.

    python -m tests.crashing MODULE.FUNCTION MODE [regraad arguments...]

MODE is ``kill-before`` / ``kill-after`` (the process kills itself with SIGKILL just
before or after the step: nothing of regraad's own clean-up can run, as after a power
cut) or ``pause-before`` (write the file named by $CRASHING_REACHED, then wait until
the file named by $CRASHING_GO exists: lets a test run a second command in the gap).
The step is wrapped in place, so the real code runs unchanged on either side of it.
"""

from __future__ import annotations

import importlib
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any


def _pause() -> None:
    Path(os.environ["CRASHING_REACHED"]).write_text("reached", encoding="utf-8")
    go = Path(os.environ["CRASHING_GO"])
    deadline = time.monotonic() + 60
    while not go.exists():
        if time.monotonic() > deadline:
            raise SystemExit("crashing: nobody said go")
        time.sleep(0.02)


def _wrap(target: str, mode: str) -> None:
    module_name, function = target.rsplit(".", 1)
    module = importlib.import_module(module_name)
    original = getattr(module, function)

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if mode == "kill-before":
            os.kill(os.getpid(), signal.SIGKILL)
        if mode == "pause-before":
            _pause()
        result = original(*args, **kwargs)
        if mode == "kill-after":
            os.kill(os.getpid(), signal.SIGKILL)
        return result

    setattr(module, function, wrapped)


if __name__ == "__main__":
    _wrap(sys.argv[1], sys.argv[2])
    from regraad.cli.app import main

    sys.exit(main(sys.argv[3:]))
