"""Guardrail rules kept as data: thresholds, source and strength of evidence, side by side."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    INFO = "info"
    CAUTION = "caution"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    title: str
    source: str
    evidence: str


@dataclass(frozen=True, slots=True)
class SpikeBand:
    low: float  # increase over the previous 30-day longest run, as a fraction (0.10 = 10%)
    high: float
    rate_ratio: float
    severity: Severity


SINGLE_RUN_SPIKE = Rule(
    "single-run-spike",
    "Single run much longer than your longest run of the previous 30 days",
    "Frandsen et al. 2025, Br J Sports Med (5,205 runners, 18 months)",
    "prospective cohort; moderate",
)
# Frandsen 2025 hazard rate ratios vs runs ≤10% longer than the previous 30-day longest run
SPIKE_BANDS = (
    SpikeBand(0.10, 0.30, 1.64, Severity.CAUTION),
    SpikeBand(0.30, 1.00, 1.52, Severity.CAUTION),
    SpikeBand(1.00, float("inf"), 2.28, Severity.WARNING),
)

WEEKLY_RAMP = Rule(
    "weekly-ramp-30",
    "Weekly running distance up more than 30%",
    "Nielsen et al. 2014, J Orthop Sports Phys Ther (874 novice runners; HR 1.59 for"
    " distance-related injuries, incl. patellofemoral pain)",
    "prospective cohort; moderate (novices)",
)
WEEKLY_RAMP_LIMIT = 0.30
WEEKLY_RAMP_HR = 1.59

EARLY_BUILD_RAMP = Rule(
    "early-build-ramp-20",
    "Weekly running distance up more than 20% early in a build",
    "Damsted et al. 2019, J Orthop Sports Phys Ther (+20–60% vs <20%: +22.6% injury risk"
    " at day 21)",
    "prospective cohort (half-marathon preparation); low–moderate",
)
EARLY_BUILD_LIMIT = 0.20
EARLY_BUILD_WEEKS = 3  # the first weeks after a week without running
EARLY_BUILD_RISK_DIFF = 0.226

TEN_PERCENT_RULE = Rule(
    "ten-percent-rule",
    "Weekly distance up more than 10% (the '10% rule')",
    "Buist et al. 2008, Am J Sports Med: a graded 10% programme did not lower injuries",
    "not supported by trials; shown for information only",
)
TEN_PERCENT_LIMIT = 0.10

MONOTONY = Rule(
    "monotony",
    "Training monotony above 2 (same load every day)",
    "Foster 1998, Med Sci Sports Exerc (monotony = weekly mean / SD of daily load)",
    "observational (illness/overtraining); low",
)
MONOTONY_LIMIT = 2.0

NO_REST = Rule(
    "no-rest-day",
    "No rest day in 7 or more days",
    "Clinic guidance following Foster 1998 (monotony) and general recovery practice",
    "expert opinion",
)
NO_REST_DAYS = 7

CROSS_TRAINING = Rule(
    "cross-training-share",
    "Little cross-training in the last 4 weeks",
    "Clinic guidance (JOSPT 2019 PFP guideline favours combined exercise programmes)",
    "expert opinion; threshold is a clinic default",
)
CROSS_TRAINING_MIN_SHARE = 0.10
CROSS_TRAINING_DAYS = 28

ACWR_INFO = Rule(
    "acwr",
    "Acute:chronic workload ratio (for information only)",
    "Gabbett 2016, Br J Sports Med (sweet spot 0.8–1.3, >1.5 danger); criticised for"
    " mathematical coupling and weak prediction by Lolli 2019 and Impellizzeri 2020, and"
    " Frandsen 2025 found no positive relation in runners",
    "disputed; information only, never a decision",
)
ACWR_DANGER = 1.5
# The EWMAs start from zero at the first activity, so early on the chronic load is too low and
# the ratio too high: steady training shows ~1.5 at day 28 purely from that cold start. The
# ratio is only reported after two time constants of the 28-day average (chronic at 86%).
ACWR_WARMUP_DAYS = 56

SHOE_MILEAGE = Rule(
    "shoe-mileage",
    "Shoe pair past its distance limit",
    "Clinic setting (common retail guidance 500–800 km; no trial evidence)",
    "expert opinion; limit configurable",
)
DEFAULT_SHOE_LIMIT_KM = 800.0

PAIN_DURING = Rule(
    "pain-during",
    "Pain during running above what the pain-monitoring model accepts",
    "Silbernagel et al. 2007, Am J Sports Med (pain-monitoring model: 0–2 safe, ≤5"
    " acceptable, >5 too much)",
    "randomised trial (Achilles tendinopathy), used clinically for PFP; moderate",
)
PAIN_SAFE_MAX, PAIN_ACCEPTABLE_MAX = 2.0, 5.0
PAIN_NEXT_MORNING = Rule(
    "pain-next-morning",
    "Next-morning pain or stiffness worse than before: reduce the load",
    "Silbernagel et al. 2007, Am J Sports Med (after-activity pain must settle by the next"
    " morning)",
    "randomised trial (Achilles tendinopathy), used clinically for PFP; moderate",
)
PAIN_WEEK_TO_WEEK = Rule(
    "pain-week-to-week",
    "Pain or stiffness higher than the week before: reduce the load",
    "Silbernagel et al. 2007, Am J Sports Med (pain and stiffness must not increase from week"
    " to week)",
    "randomised trial (Achilles tendinopathy), used clinically for PFP; moderate",
)

ALL_RULES = (
    SINGLE_RUN_SPIKE, WEEKLY_RAMP, EARLY_BUILD_RAMP, TEN_PERCENT_RULE, MONOTONY, NO_REST,
    CROSS_TRAINING, ACWR_INFO, SHOE_MILEAGE, PAIN_DURING, PAIN_NEXT_MORNING, PAIN_WEEK_TO_WEEK,
)  # fmt: skip
