"""One Settings object, read once from KNEECAP_* environment variables.

There is no module-level instance: the composition root (`kneecap.bootstrap`) builds one and
passes it down, so tests can build their own.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATA_DIR = Path.home() / ".local" / "share" / "kneecap"


class SettingsError(ValueError):
    """A KNEECAP_* variable has a value the app cannot use."""


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from None


def _weeks(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        weeks = float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number of weeks, got {raw!r}") from None
    if not 1 <= weeks <= 52:
        raise SettingsError(f"{name} must be between 1 and 52 weeks, got {raw!r}")
    return weeks


def _blob_url(url: str | None) -> str | None:
    if url is None or (url.startswith("file://") and url.removeprefix("file://")):
        return url
    if not url.startswith("s3://") or not url.removeprefix("s3://").split("/")[0]:
        raise SettingsError(
            "KNEECAP_BLOB_URL must be s3://bucket/prefix (an S3-compatible store) or "
            "file:///path/to/folder; leave it unset for the data folder's uploads/"
        )
    return url


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"{name} must be true or false, got {raw!r}")


@dataclass(frozen=True)
class Settings:
    data_dir: Path = DEFAULT_DATA_DIR
    # None means the embedded default: a SQLite file inside data_dir.
    database_url_override: str | None = None
    # None means in-process jobs persisted in the database.
    broker_url: str | None = None
    demo_password: str | None = None
    # Secure cookies: "auto" marks them Secure when the request arrived over HTTPS.
    cookie_secure: str = "auto"
    session_hours: int = 12
    max_upload_mb: int = 500
    # Sign-in throttling: after `lockout_after` failures in a row the account is locked
    # for `lockout_minutes`; each failure before that adds a growing delay.
    lockout_after: int = 5
    lockout_minutes: int = 15
    # Redis key prefix for the job queue, and job threads per `kneecap worker` process.
    broker_namespace: str = "kneecap"
    worker_threads: int = 1
    # Run queued jobs in the web process (the embedded default). Off when `kneecap worker`
    # processes take them from a broker.
    run_jobs_in_app: bool = True
    # Weeks of conservative care without an MCID improvement before the chiropractor is
    # alerted to consider referral (typical PFP programmes run ~6 weeks: shared/CLINICAL.md).
    escalation_weeks: float = 6.0
    # Invitation links: None means the address each request reached the app at.
    base_url: str | None = None
    log_level: str = "INFO"
    # E-mail: smtp://user:pass@host:587 (STARTTLS required), smtps://… (TLS from the start)
    # or smtp+plain://host:25 (a local relay, no TLS). None: mail waits in the outbox page.
    smtp_url: str | None = None
    mail_from: str = "no-reply@localhost"
    # How often the reminder sweep runs (seconds).
    sweep_seconds: int = 60
    # Where uploads live: None is the data folder's uploads/; `s3://bucket/prefix` an
    # S3-compatible store every machine reaches (endpoint for one other than AWS).
    blob_url: str | None = None
    s3_endpoint_url: str | None = None
    # Seconds a running job's lease lasts; its worker renews it every third of that, so a job
    # whose worker died runs again elsewhere about this long after.
    job_lease_s: int = 30
    # Processes that run pose on segments of one video in parallel; 0 is one per core this
    # process may use (segments.process_count caps it, and short clips use fewer).
    gait_processes: int = 0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        data_dir = Path(env.get("KNEECAP_DATA_DIR") or DEFAULT_DATA_DIR).expanduser()
        cookie_secure = env.get("KNEECAP_COOKIE_SECURE", "auto").lower()
        if cookie_secure not in {"auto", "true", "false"}:
            raise SettingsError("KNEECAP_COOKIE_SECURE must be auto, true or false")
        return cls(
            data_dir=data_dir,
            database_url_override=env.get("KNEECAP_DATABASE_URL") or None,
            broker_url=env.get("KNEECAP_BROKER_URL") or None,
            demo_password=env.get("KNEECAP_DEMO_PASSWORD") or None,
            cookie_secure=cookie_secure,
            session_hours=_int(env, "KNEECAP_SESSION_HOURS", 12),
            max_upload_mb=_int(env, "KNEECAP_MAX_UPLOAD_MB", 500),
            lockout_after=_int(env, "KNEECAP_LOCKOUT_AFTER", 5),
            lockout_minutes=_int(env, "KNEECAP_LOCKOUT_MINUTES", 15),
            broker_namespace=env.get("KNEECAP_BROKER_NAMESPACE", "kneecap"),
            worker_threads=_int(env, "KNEECAP_WORKER_THREADS", 1),
            run_jobs_in_app=_bool(
                env, "KNEECAP_RUN_JOBS_IN_APP", not env.get("KNEECAP_BROKER_URL")
            ),
            escalation_weeks=_weeks(env, "KNEECAP_ESCALATION_WEEKS", 6.0),
            base_url=(env.get("KNEECAP_BASE_URL") or "").rstrip("/") or None,
            log_level=env.get("KNEECAP_LOG_LEVEL", "INFO").upper(),
            smtp_url=env.get("KNEECAP_SMTP_URL") or None,
            mail_from=env.get("KNEECAP_MAIL_FROM") or "no-reply@localhost",
            sweep_seconds=_int(env, "KNEECAP_SWEEP_SECONDS", 60),
            blob_url=_blob_url(env.get("KNEECAP_BLOB_URL") or None),
            s3_endpoint_url=env.get("KNEECAP_S3_ENDPOINT_URL") or None,
            job_lease_s=max(3, _int(env, "KNEECAP_JOB_LEASE_S", 30)),
            gait_processes=max(0, _int(env, "KNEECAP_GAIT_PROCESSES", 0)),
        )

    @property
    def database_url(self) -> str:
        if self.database_url_override:
            return self.database_url_override
        return f"sqlite:///{self.data_dir / 'kneecap.sqlite3'}"

    @property
    def uploads_dir(self) -> Path:
        """The local uploads folder (unless KNEECAP_BLOB_URL names an object store)."""
        if self.blob_url and self.blob_url.startswith("file://"):
            return Path(self.blob_url.removeprefix("file://"))
        return self.data_dir / "uploads"
