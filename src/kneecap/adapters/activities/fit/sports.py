"""FIT sport / sub_sport enum values (FIT SDK profile, 'sport' type) mapped to domain sports."""

from __future__ import annotations

from kneecap.domain.load.activity import Sport

GENERIC = 0  # "generic": the device did not say which sport

FIT_SPORTS: dict[int, Sport] = {
    1: Sport.RUN,
    2: Sport.RIDE,
    3: Sport.TRANSITION,
    4: Sport.OTHER,  # fitness_equipment; sub_sport refines it below
    5: Sport.SWIM,
    10: Sport.STRENGTH,  # training
    11: Sport.WALK,
    12: Sport.SKI,  # cross_country_skiing
    13: Sport.SKI,
    15: Sport.ROW,
    16: Sport.HIKE,  # mountaineering
    17: Sport.HIKE,
    19: Sport.PADDLE,
    21: Sport.RIDE,  # e_biking
    35: Sport.HIKE,  # snowshoeing
    37: Sport.PADDLE,  # stand_up_paddleboarding
    41: Sport.PADDLE,  # kayaking
}
# profile names, for saying what the file called it
FIT_SPORT_NAMES: dict[int, str] = {
    0: "generic", 1: "running", 2: "cycling", 3: "transition", 4: "fitness_equipment",
    5: "swimming", 6: "basketball", 7: "soccer", 8: "tennis", 9: "american_football",
    10: "training", 11: "walking", 12: "cross_country_skiing", 13: "alpine_skiing",
    14: "snowboarding", 15: "rowing", 16: "mountaineering", 17: "hiking", 18: "multisport",
    19: "paddling", 21: "e_biking", 35: "snowshoeing", 37: "stand_up_paddleboarding",
    41: "kayaking",
}  # fmt: skip

# sub_sport values that say what a fitness_equipment or training session really was
FITNESS_SUB_SPORTS: dict[int, Sport] = {
    1: Sport.RUN,  # treadmill
    6: Sport.RIDE,  # indoor_cycling
    14: Sport.ROW,  # indoor_rowing
    20: Sport.STRENGTH,  # strength_training
}


def fit_sport(sport: float | None, sub_sport: float | None) -> Sport:
    if sport is None or sport != sport:
        return Sport.OTHER
    s = FIT_SPORTS.get(int(sport), Sport.OTHER)
    if int(sport) in (4, 10) and sub_sport is not None and sub_sport == sub_sport:
        return FITNESS_SUB_SPORTS.get(int(sub_sport), s)
    return s


def states_sport(sport: float | None) -> bool:
    """Whether the file names a sport at all (missing or 'generic' do not)."""
    return sport is not None and sport == sport and int(sport) != GENERIC


def sport_label(sport: float | None) -> str:
    if sport is None or sport != sport:
        return "no sport"
    return FIT_SPORT_NAMES.get(int(sport), f"sport {int(sport)}")
