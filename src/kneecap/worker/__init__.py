"""The worker: a process that runs queued jobs (video analyses, imports) from the broker."""

from kneecap.worker.process import run_worker

__all__ = ["run_worker"]
