"""The background job that analyses a stored running video and keeps what it measured.

The upload stays in the blob store whatever happens; the annotated video, metrics and report
are stored next to it under the analysis, and the first cues come from the domain's rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kneecap.domain.gait.errors import GaitAnalysisError
from kneecap.domain.gait.review import initial_feedback
from kneecap.domain.jobs import Job, JobFailed
from kneecap.ports.gait import GaitAnalyzer, GaitUnitOfWorkFactory
from kneecap.ports.storage import BlobStore, ScratchSpace
from kneecap.services.blob_sweep import remove_after_commit
from kneecap.services.jobs import Progress

JOB_KIND = "gait.analyze"


@dataclass(frozen=True, slots=True)
class GaitAnalysisJob:
    """The handler of JOB_KIND jobs (payload: the analysis id)."""

    _uow: GaitUnitOfWorkFactory
    _blobs: BlobStore
    _analyzer: GaitAnalyzer
    _scratch: ScratchSpace

    def __call__(self, job: Job, progress: Progress) -> dict[str, Any]:
        analysis_id = int(job.payload["analysis_id"])
        belt = job.payload.get("belt_speed_kmh")
        filmed_fps = job.payload.get("filmed_fps")
        with self._uow() as uow:
            analysis = uow.gait.analysis(analysis_id)
            video = uow.gait.video(analysis.video_id) if analysis else None
        if analysis is None or video is None:
            raise JobFailed("The analysis was deleted before it could run.")
        progress(0.0, "reading the video")
        with self._scratch.folder("kneecap-gait-") as tmp:
            src = self._blobs.copy_to(video.blob_key, tmp / f"in{Path(video.blob_key).suffix}")
            try:
                out = self._analyzer.analyze(
                    src,
                    analysis.view,
                    analysis.height_cm,
                    tmp / "out",
                    lambda f: progress(0.98 * f, "finding the runner and measuring strides"),
                    belt_speed_ms=float(belt) / 3.6 if belt is not None else None,
                    fps=float(filmed_fps) if filmed_fps is not None else None,
                )
            except GaitAnalysisError as exc:
                raise JobFailed(exc.user_message) from exc
            progress(0.98, "saving the results")
            outputs = {}
            for name, path in out.files.items():
                key = f"gait/analyses/{analysis.id}/{job.id}-{path.name}"
                self._blobs.put_file(key, path)
                outputs[name] = key
        with self._uow() as uow:
            # a rerun replaces the outputs of the run before: those files go once this commits
            before = uow.gait.analysis(analysis.id)
            replaced = set(before.outputs.values()) if before else set()
            uow.gait.set_result(analysis.id, out.metrics, outputs, initial_feedback(out.metrics))
            uow.commit()
        remove_after_commit(self._blobs, replaced - set(outputs.values()))
        return {
            "analysis_id": analysis.id,
            "cadence_spm": out.metrics.get("cadence_spm"),
            "n_steps": out.metrics.get("n_steps"),
            "view": out.metrics.get("view"),
        }
