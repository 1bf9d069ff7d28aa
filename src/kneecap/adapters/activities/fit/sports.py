"""FIT sport / sub_sport enum values (FIT SDK profile, 'sport' type) mapped to domain sports."""

from __future__ import annotations

from kneecap.domain.load.activity import Sport

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
