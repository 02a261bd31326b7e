"""A Dask worker plugin that keeps the local cluster's errors in a log file (imported only with Dask)."""

from __future__ import annotations

import logging
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin


class LogToFile(WorkerPlugin):
    """The worker's ``distributed`` errors (Compute Failed and their tracebacks) to a file, not the terminal.

    The local cluster's terminal output is silenced (``silence_logs``); this keeps what it said.

    Parameters
    ----------
    path : str
        The log file (appended to; every worker process of the run writes to it).
    """

    def __init__(self, path: str) -> None:
        self.path = path

    def setup(self, worker: Any) -> None:
        """Add the file handler (once per worker process)."""
        log = logging.getLogger("distributed")
        if any(getattr(h, "baseFilename", None) == self.path for h in log.handlers):
            return
        handler = logging.FileHandler(self.path, encoding="utf-8")
        handler.setLevel(logging.ERROR)
        handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(name)s %(levelname)s %(message)s"))
        log.addHandler(handler)
