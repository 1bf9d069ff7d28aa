"""What kind of FIT file this is (file_id.type, FIT SDK profile 'file' type).

Watches write many FIT files that are not activities - settings, workouts, courses, daily
monitoring - and exports (Garmin's UploadedFiles zips) carry them too. Saying which kind a
file is tells the runner why nothing was imported from it.
"""

from __future__ import annotations

from kneecap.adapters.activities.fit.decoder import FitData

FILE_ID, FILE_TYPE = 0, 0
ACTIVITY = 4
FILE_TYPES: dict[int, str] = {
    1: "device", 2: "settings", 3: "sport settings", 4: "activity", 5: "workout",
    6: "course", 7: "schedules", 9: "weight", 10: "totals", 11: "goals",
    14: "blood pressure", 15: "daily monitoring", 20: "activity summary",
    28: "daily monitoring", 32: "monitoring", 34: "segment", 35: "segment list",
    40: "data-screen configuration",
}  # fmt: skip


def file_type(fit: FitData) -> int | None:
    m = fit.messages.get(FILE_ID)
    col = None if m is None else m.fields.get(FILE_TYPE)
    if col is None or not len(col) or col[0] != col[0]:
        return None
    return int(col[0])


def kind_of(fit: FitData) -> str | None:
    """The file's kind in words when it says it is not an activity file."""
    t = file_type(fit)
    if t is None or t == ACTIVITY:
        return None
    return FILE_TYPES.get(t, f"type {t}")


def not_an_activity_reason(kind: str | None) -> str:
    if kind is None:
        return (
            "FIT file holds no activity (no session and no timed records); it may be a"
            " settings or course file"
        )
    return (
        f"a FIT {kind} file, not an activity: watches write these beside the activities;"
        " nothing to import from it"
    )
