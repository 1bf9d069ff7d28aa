"""Running-form videos: upload, analyse as a background job, review, release, compare.

The upload is stored before anything else happens, so a failed analysis never loses it; the
job row is the truth about progress, and the analysis holds the results once it finishes.
Clients see only analyses the chiropractor has released, with the clinicians' edited cues: the
cues are versioned client-visible text (GAIT_CUES), and an LMT's edit waits in the
co-signature queue, whose approval releases the analysis (services/cosignature.py).
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from kneecap.domain.access.permissions import Action
from kneecap.domain.access.policy import Resource
from kneecap.domain.access.roles import Role
from kneecap.domain.clinical import cosignature
from kneecap.domain.clinical.cosignature import Submission, TextVersion
from kneecap.domain.gait.errors import GaitAnalysisError
from kneecap.domain.gait.review import (
    Comment,
    ComparedMetric,
    FeedbackItem,
    GaitAnalysisRecord,
    GaitVideo,
    ReviewError,
    checked_comment,
    compare_all,
    edited_feedback,
    visible_to_client,
)
from kneecap.domain.jobs import Job
from kneecap.ports.gait import GaitAnalyzer, GaitUnitOfWork, NewVideo
from kneecap.ports.security import Clock
from kneecap.ports.storage import BlobStore
from kneecap.ports.texts import GaitTextUnitOfWork, GaitTextUnitOfWorkFactory, StoredText
from kneecap.services.authz import Gate
from kneecap.services.caller import Caller, user_id_of
from kneecap.services.client_texts import submit_text
from kneecap.services.errors import Conflict, Invalid, NotFound
from kneecap.services.filenames import upload_name
from kneecap.services.gait_job import JOB_KIND
from kneecap.services.jobs import JobService
from kneecap.services.text_keys import GAIT_CUES, parse_key

# Called after an analysis was released to the client (committed), e.g. to send "your form
# review is ready" by e-mail: no finding may go into that mail, only a link to sign in.
ReleasedListener = Callable[[GaitAnalysisRecord], None]

VIEWS = ("auto", "side", "rear")
HEIGHT_RANGE_CM = (100.0, 230.0)
# The same bounds as `kneecap gait analyze` (cli/gait.py): a treadmill's belt speed, and the
# frame rate a slow-motion clip was filmed at (phones film up to 240 fps, some 960).
BELT_SPEED_RANGE_KMH = (3.0, 30.0)
FILMED_FPS_RANGE = (10.0, 1000.0)
VIDEO_SUFFIXES = {".mp4", ".mov", ".m4v", ".webm", ".mkv", ".avi"}
OUTPUT_NAMES = ("video", "json", "report")


@dataclass(frozen=True)
class Options:
    """What the uploader knows that the video cannot say: the treadmill's belt speed (step
    length from step time) and, for a slow-motion export, the frame rate it was filmed at.
    Kept in the analysis job's payload, so a rerun analyses the same way."""

    belt_speed_kmh: float | None = None
    filmed_fps: float | None = None

    def errors(self, video_fps: float | None = None) -> dict[str, str]:
        errors = {}
        belt, fps = self.belt_speed_kmh, self.filmed_fps
        if belt is not None and not BELT_SPEED_RANGE_KMH[0] <= belt <= BELT_SPEED_RANGE_KMH[1]:
            errors["belt_speed_kmh"] = (
                "Give the treadmill's belt speed in km/h (3-30), or leave it empty."
            )
        if fps is not None and not FILMED_FPS_RANGE[0] <= fps <= FILMED_FPS_RANGE[1]:
            errors["filmed_fps"] = (
                "Give the frame rate the clip was filmed at (10-1000 fps), or leave it empty."
            )
        elif fps is not None and video_fps is not None and fps < video_fps - 0.5:
            # A slow-motion export plays slower than it was filmed: never at more frames a
            # second than were filmed.
            errors["filmed_fps"] = (
                f"This video plays at {video_fps:.0f} fps; a slow-motion clip was filmed at "
                "more frames a second than that (e.g. 120 or 240). Leave it empty otherwise."
            )
        return errors

    def payload(self) -> dict[str, float]:
        found = {"belt_speed_kmh": self.belt_speed_kmh, "filmed_fps": self.filmed_fps}
        return {k: v for k, v in found.items() if v is not None}

    @staticmethod
    def of(payload: dict[str, Any]) -> Options:
        def num(key: str) -> float | None:
            v = payload.get(key)
            return float(v) if isinstance(v, int | float) else None

        return Options(num("belt_speed_kmh"), num("filmed_fps"))


def upload_errors(view: str, height_cm: float | None, options: Options) -> dict[str, str]:
    """What is wrong with an upload's choices, by field (the video's own checks aside)."""
    errors = options.errors()
    if view not in VIEWS:
        errors["view"] = "Choose side, rear or auto."
    if height_cm is not None and not HEIGHT_RANGE_CM[0] <= height_cm <= HEIGHT_RANGE_CM[1]:
        errors["height_cm"] = "Give the runner's height in cm (100-230), or leave it empty."
    return errors


@dataclass(frozen=True)
class Upload:
    analysis: GaitAnalysisRecord
    video: GaitVideo
    job: Job


@dataclass(frozen=True)
class AnalysisPage:
    analysis: GaitAnalysisRecord
    video: GaitVideo
    comments: Sequence[Comment]  # clinicians' review notes; empty for the client
    job: Job | None


def _resource(a: GaitAnalysisRecord | GaitVideo, kind: str = "gait_analysis") -> Resource:
    return Resource(kind, a.clinic_id, client_id=a.client_id, id=a.id)


def cues_text(feedback: tuple[FeedbackItem, ...]) -> str:
    """The cues as the one text that is co-signed, a cue a line."""
    return "\n".join(" ".join(f.text.split()) for f in feedback)


def cues_of(text: str, current: tuple[FeedbackItem, ...]) -> tuple[FeedbackItem, ...]:
    """A co-signed cue text back as cues, each keeping its rule where the text is a current
    cue's (else the clinician's own)."""
    rules = {" ".join(f.text.split()): f.rule for f in current}
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return tuple(FeedbackItem(rules.get(line, "clinician"), line) for line in lines)


def release_now(
    uow: GaitTextUnitOfWork,
    caller: Caller,
    analysis: GaitAnalysisRecord,
    feedback: tuple[FeedbackItem, ...],
    now: datetime,
) -> None:
    """Release with these cues (the chiropractor's act; the gate checked GAIT_RELEASE)."""
    uow.gait.set_feedback(analysis.id, feedback)
    uow.gait.release(analysis.id, caller.actor.user_id, now)


class GaitService:
    def __init__(
        self,
        uow_factory: GaitTextUnitOfWorkFactory,
        gate: Gate,
        clock: Clock,
        blobs: BlobStore,
        jobs: JobService,
        analyzer: GaitAnalyzer,
        on_released: ReleasedListener | None = None,
    ) -> None:
        self._uow = uow_factory
        self._gate = gate
        self._clock = clock
        self._blobs = blobs
        self._jobs = jobs
        self._analyzer = analyzer
        self._on_released = on_released

    # --- upload and (re-)analysis -------------------------------------------------------
    def upload(
        self,
        caller: Caller,
        client_id: int,
        source: Path,
        filename: str,
        view: str = "auto",
        height_cm: float | None = None,
        options: Options = Options(),
    ) -> Upload:
        """Check, store and queue an analysis of one video. Invalid (422) for a file that is
        not a usable video, or options out of range; nothing is stored then."""
        errors = upload_errors(view, height_cm, options)
        with self._uow() as uow:
            client = self._gate.client(uow, caller, Action.GAIT_UPLOAD, client_id, audit=False)
            clinic_id = client.clinic_id
        if errors:
            raise Invalid("Please correct the highlighted fields.", errors)
        try:
            facts = self._analyzer.probe(source)
        except GaitAnalysisError as exc:
            raise Invalid(exc.user_message, {"file": exc.user_message}) from exc
        if errors := options.errors(facts.fps):
            raise Invalid("Please correct the highlighted fields.", errors)
        suffix = Path(filename).suffix.lower()
        suffix = suffix if suffix in VIDEO_SUFFIXES else ""
        key = f"gait/videos/{client_id}/{uuid.uuid4().hex}{suffix}"
        size = self._blobs.put_file(key, source)
        now = self._clock.now()
        with self._uow() as uow:
            video = uow.gait.add_video(
                NewVideo(
                    clinic_id,
                    client_id,
                    key,
                    upload_name(filename, "video"),
                    size,
                    caller.actor.user_id,
                    now,
                    facts.width,
                    facts.height,
                    facts.fps,
                    facts.duration_s,
                )
            )
            analysis = uow.gait.add_analysis(video, view, height_cm, now)
            self._gate.record(
                uow,
                caller,
                Action.GAIT_UPLOAD,
                _resource(analysis),
                f"video {video.id}, {size} bytes",
            )
            uow.commit()
        job = self._queue(caller, analysis, options)
        return Upload(self._reload(analysis.id), video, job)

    def rerun(self, caller: Caller, analysis_id: int) -> Job:
        """Analyse the stored upload again (after a failure, or with another view)."""
        with self._uow() as uow:
            analysis = self._load(
                uow, caller, Action.GAIT_UPLOAD, analysis_id, audit=True, unreleased_ok=True
            )
            if analysis.released:
                raise Conflict("This analysis was released to the client; upload a new video.")
            uow.commit()
        before = self._jobs.get(caller, analysis.job_id) if analysis.job_id else None
        return self._queue(caller, analysis, Options.of(before.payload if before else {}))

    def _queue(self, caller: Caller, analysis: GaitAnalysisRecord, options: Options) -> Job:
        job = self._jobs.submit(
            JOB_KIND,
            {"analysis_id": analysis.id, **options.payload()},
            clinic_id=analysis.clinic_id,
            created_by=caller.actor.user_id,
            client_id=analysis.client_id,
        )
        with self._uow() as uow:
            uow.gait.set_job(analysis.id, job.id)
            uow.commit()
        return self._jobs.get(caller, job.id)

    # --- reading ------------------------------------------------------------------------
    def for_client(self, caller: Caller, client_id: int) -> list[GaitAnalysisRecord]:
        with self._uow() as uow:
            self._gate.client(uow, caller, Action.GAIT_READ, client_id, detail="list analyses")
            found = list(uow.gait.for_client(client_id))
            uow.commit()
        if caller.actor.role is Role.CLIENT:
            found = [a for a in found if visible_to_client(a)]
        return found

    def page(self, caller: Caller, analysis_id: int) -> AnalysisPage:
        with self._uow() as uow:
            analysis = self._load(uow, caller, Action.GAIT_READ, analysis_id, audit=True)
            video = uow.gait.video(analysis.video_id)
            staff = caller.actor.role is not Role.CLIENT
            comments = list(uow.gait.comments(analysis.id)) if staff else []
            uow.commit()
        assert video is not None  # a foreign key
        job = self._jobs.get(caller, analysis.job_id) if analysis.job_id else None
        return AnalysisPage(analysis, video, comments, job)

    def status(self, caller: Caller, analysis_id: int) -> tuple[GaitAnalysisRecord, Job | None]:
        """Whether an upload's analysis has run (the uploader sees this before release)."""
        with self._uow() as uow:
            analysis = self._load(
                uow, caller, Action.GAIT_UPLOAD, analysis_id, audit=True, unreleased_ok=True
            )
            uow.commit()
        job = self._jobs.get(caller, analysis.job_id) if analysis.job_id else None
        return analysis, job

    def open_output(
        self, caller: Caller, analysis_id: int, name: str
    ) -> tuple[Callable[[], BinaryIO], int]:
        """A stored output (annotated video, metrics JSON, report) to stream, as an opener and
        its size; audited."""
        with self._uow() as uow:
            analysis = self._load(
                uow, caller, Action.GAIT_READ, analysis_id, audit=True, detail=f"output {name}"
            )
            uow.commit()
        key = analysis.outputs.get(name)
        if key is None:
            raise NotFound("That file")
        return functools.partial(self._blobs.open, key), self._blobs.size(key)

    # --- review -------------------------------------------------------------------------
    def comment(self, caller: Caller, analysis_id: int, t_s: float, text: str) -> Comment:
        with self._uow() as uow:
            analysis = self._load(uow, caller, Action.GAIT_REVIEW, analysis_id)
            video = uow.gait.video(analysis.video_id)
            duration = video.duration_s if video else 0.0
            try:
                t_s, text = checked_comment(t_s, text, duration)
            except ReviewError as exc:
                raise Invalid(exc.message, exc.errors) from exc
            added = uow.gait.add_comment(
                analysis.id, t_s, text, caller.actor.user_id, caller.actor.email, self._clock.now()
            )
            self._gate.record(uow, caller, Action.GAIT_REVIEW, _resource(analysis), "comment")
            uow.commit()
        return added

    def edit_feedback(
        self, caller: Caller, analysis_id: int, texts: list[str], added: str = ""
    ) -> GaitAnalysisRecord:
        return self.edit_feedback_reviewed(caller, analysis_id, texts, added)[0]

    def edit_feedback_reviewed(
        self, caller: Caller, analysis_id: int, texts: list[str], added: str = ""
    ) -> tuple[GaitAnalysisRecord, Submission | None]:
        """Save the cues; they become a version of the analysis's cue text, which an LMT's
        edit sends to the chiropractor (to co-sign and release) and says so."""
        with self._uow() as uow:
            analysis = self._load(uow, caller, Action.GAIT_REVIEW, analysis_id)
            if analysis.released:
                raise Conflict("This analysis was already released; its feedback is final.")
            if not analysis.ready:
                raise Conflict("The analysis has not finished yet.")
            try:
                feedback = edited_feedback(analysis.feedback, texts, added)
            except ReviewError as exc:
                raise Invalid(exc.message, exc.errors) from exc
            uow.gait.set_feedback(analysis.id, feedback)
            key = GAIT_CUES.key(analysis.id)
            text = cues_text(feedback)
            sub = None
            if text or uow.texts.get(key) is not None:
                now = self._clock.now()
                sub = submit_text(
                    uow, caller, analysis.clinic_id, analysis.client_id, key, text, now
                )
            self._gate.record(
                uow,
                caller,
                Action.GAIT_REVIEW,
                _resource(analysis),
                f"feedback edited: {len(feedback)} cue(s)",
            )
            uow.commit()
        return self._reload(analysis_id), sub

    def release(self, caller: Caller, analysis_id: int) -> GaitAnalysisRecord:
        """Release the analysis with its current cues (chiropractor only, by the gate). The
        cues become the co-signed version: an LMT's version waiting with the same words is
        co-signed, any other is superseded by the chiropractor's."""
        now = self._clock.now()
        with self._uow() as uow:
            analysis = self._load(uow, caller, Action.GAIT_RELEASE, analysis_id)
            if analysis.released:
                raise Conflict("This analysis was already released.")
            if not analysis.ready:
                raise Conflict("Only a finished analysis can be released.")
            key, text = GAIT_CUES.key(analysis.id), cues_text(analysis.feedback)
            stored = uow.texts.get(key, for_update=True)
            waiting = stored.text.pending if stored is not None else None
            if stored is not None and waiting is not None and waiting.text == text:
                approved = cosignature.approve(
                    stored.text,
                    waiting.number,
                    reviewer_id=str(user_id_of(caller)),
                    reviewer_role=caller.actor.role,
                    now=now,
                )
                uow.texts.save(analysis.clinic_id, analysis.client_id, approved)
            elif text or stored is not None:
                submit_text(uow, caller, analysis.clinic_id, analysis.client_id, key, text, now)
            release_now(uow, caller, analysis, analysis.feedback, now)
            self._gate.record(uow, caller, Action.GAIT_RELEASE, _resource(analysis))
            uow.commit()
        released = self._reload(analysis_id)
        self._released(released)
        return released

    def cues_cosigned(self, stored: StoredText, version: TextVersion) -> None:
        """The co-signature listener for "gait.cues": approving an LMT's cues releases the
        analysis (in the co-signature service's unit of work, already committed)."""
        kind, analysis_id = parse_key(stored.text.key)
        if kind is not GAIT_CUES:
            return
        with self._uow() as uow:
            found = uow.gait.analysis(analysis_id)
        if found is not None and found.released:
            self._released(found)

    def _released(self, analysis: GaitAnalysisRecord) -> None:
        if self._on_released is not None:
            self._on_released(analysis)

    def compare(
        self, caller: Caller, before_id: int, after_id: int
    ) -> tuple[GaitAnalysisRecord, GaitAnalysisRecord, list[ComparedMetric]]:
        """Two analyses of the same runner, every figure side by side (measured in neither:
        with the reasons)."""
        with self._uow() as uow:
            before = self._load(uow, caller, Action.GAIT_READ, before_id, detail="compare")
            after = self._load(uow, caller, Action.GAIT_READ, after_id, detail="compare")
            uow.commit()
        if before.client_id != after.client_id:
            raise Invalid("Compare two analyses of the same runner.", {"b": "another runner"})
        return before, after, compare_all(before.metrics, after.metrics)

    # --- internals ----------------------------------------------------------------------
    def _load(
        self,
        uow: GaitUnitOfWork,
        caller: Caller,
        action: Action,
        analysis_id: int,
        *,
        audit: bool | None = None,
        detail: str = "",
        unreleased_ok: bool = False,
    ) -> GaitAnalysisRecord:
        analysis = uow.gait.analysis(analysis_id)
        if analysis is None:
            self._gate.check(uow, caller, action, Resource("gait_analysis", -1, id=analysis_id))
            raise NotFound("That analysis")
        audit_now = audit if audit is not None else action is Action.GAIT_READ
        self._gate.check(uow, caller, action, _resource(analysis), detail=detail, audit=audit_now)
        hidden = not (unreleased_ok or visible_to_client(analysis))
        if caller.actor.role is Role.CLIENT and hidden:
            raise NotFound("That analysis")  # not released yet: as if it did not exist
        return analysis

    def _reload(self, analysis_id: int) -> GaitAnalysisRecord:
        with self._uow() as uow:
            found = uow.gait.analysis(analysis_id)
        assert found is not None
        return found
