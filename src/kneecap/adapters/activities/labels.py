"""Sport names as exporters write them (Strava activity types, Garmin Connect type keys, GPX
<type> values, TCX Sport), mapped to domain sports. Matching ignores case, spaces, '_' and '-'
("Trail Run", "trail_running" and "TrailRun" are one name)."""

from __future__ import annotations

from kneecap.domain.load.activity import Sport

_NAMES: dict[Sport, tuple[str, ...]] = {
    Sport.RUN: (
        "run", "running", "trailrun", "trailrunning", "virtualrun", "treadmillrunning",
        "trackrunning", "streetrunning", "indoorrunning", "ultrarun", "9",
    ),
    Sport.RIDE: (
        "ride", "cycling", "biking", "bike", "virtualride", "ebikeride", "emountainbikeride",
        "mountainbikeride", "gravelride", "velomobile", "handcycle", "roadbiking",
        "mountainbiking", "gravelcycling", "indoorcycling", "virtualcycling", "ebiking",
        "cyclocross", "trackcycling", "1",
    ),
    Sport.WALK: ("walk", "walking", "casualwalking", "speedwalking", "10"),
    Sport.HIKE: ("hike", "hiking", "snowshoe", "snowshoeing", "mountaineering", "4"),
    Sport.SWIM: ("swim", "swimming", "lapswimming", "openwaterswimming", "poolswimming"),
    Sport.ROW: ("rowing", "row", "virtualrow", "indoorrowing"),
    Sport.SKI: (
        "nordicski", "alpineski", "backcountryski", "rollerski", "crosscountryskiing",
        "crosscountryskiingws", "resortskiingsnowboardingws", "skateskiing", "backcountryskiing",
    ),
    Sport.PADDLE: (
        "kayaking", "canoeing", "standuppaddling", "standuppaddleboarding", "paddling",
    ),
    Sport.STRENGTH: ("weighttraining", "workout", "crossfit", "strengthtraining"),
    Sport.TRANSITION: ("transition", "transitionv2"),
}  # fmt: skip
LABELS: dict[str, Sport] = {name: sport for sport, names in _NAMES.items() for name in names}


def normalise(label: str) -> str:
    return "".join(c for c in label.strip().lower() if c not in " _-")


def sport_of(label: str | None) -> Sport | None:
    """The sport a label names, or None when it names none Kneecap knows."""
    if not label:
        return None
    return LABELS.get(normalise(label))
