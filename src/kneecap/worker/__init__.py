"""The worker: a process that runs queued jobs (video analyses, imports) from the broker."""

from kneecap.worker.process import WAIT_S, run_worker

__all__ = ["WAIT_S", "run_worker"]
