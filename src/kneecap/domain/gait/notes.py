"""What the report says beside the figures: their known bias, what another view would give,
what could not be measured."""

from __future__ import annotations

from kneecap.domain.gait.view import View

# Measured in bench/gait_accuracy.py (Fukuchi 2017 mocap vs force plate, 60 fps): contacts
# ~5 ms early, toe-offs ~19 ms late; so contact time +24 ms, flight time -24 ms, duty factor
# +0.03.
CONTACT_TIME_NOTE = (
    "Ground contact time from video reads about 25 ms longer than a force plate would, flight "
    "time about 25 ms shorter and duty factor about 0.03 higher: compare them with this "
    "runner's own earlier videos, not with laboratory values."
)
# What each view cannot measure, said in the report (cadence and step timing come from both).
OTHER_VIEW_NOTE = {
    View.SIDE: (
        "Pelvic drop, knee frontal-plane angle, step width, arm crossover and lateral trunk "
        "sway need a video from behind."
    ),
    View.REAR: (
        "Knee flexion, hip extension, overstride, trunk lean, foot strike, contact time, "
        "vertical oscillation and vertical ratio (and, without the belt speed, step length) "
        "need a video from the side."
    ),
    View.OBLIQUE: (
        "The camera was between side-on and behind the runner, so only cadence and step "
        "timing are given: knee flexion, hip extension, overstride, trunk lean, foot strike "
        "contact time, step length and vertical ratio need a video square from the side; "
        "pelvic drop, knee frontal-plane angle, step width, arm crossover and trunk sway one "
        "square from behind."
    ),
}


UNSEEN_NOTE = (
    "{n} contact{s} fell where the foot was not seen: timed from the same foot's contacts "
    "before and after, and no angle at contact was read from them."
)
ARMS_UNSEEN_NOTE = (
    "Arm crossover and lateral trunk sway need both wrists in view through most of the clip; "
    "they were not seen clearly enough to measure."
)
VIDEO_STEP_LENGTH_NOTE = (
    "Step length is an estimate from the video, scaled by the runner's height through average "
    "body proportions (Winter 2009): take it as +-10% with the phone held still (a pan or "
    "zoom makes it wrong), and compare it with this runner's own videos. Vertical ratio "
    "carries the same uncertainty. With the treadmill's belt speed "
    "(--belt-speed-kmh) step length is the belt speed x step time instead."
)
BELT_STEP_LENGTH_NOTE = (
    "Step length is the treadmill belt speed ({kmh:.1f} km/h, as given) x each step time."
)
NO_HEIGHT_NOTE = (
    "Step length, vertical oscillation and vertical ratio need the runner's height "
    "(or, for step length, the treadmill's belt speed)."
)
# Rear view, where the pelvis's own timing of contacts was the less precise on the clip
# (events_rear.RearContacts: the picture moved, as a hand-held phone's does). Only the
# pelvis's spread is given: on the mocap bench it reads 20-22 ms where 24-26 ms was measured
# under 6 px of shake, while the weighed contacts' own estimate read half their measured
# 8-10 ms (the smaller of two unequal spreads is resolved only coarsely).
SHAKEN_PELVIS_NOTE = (
    "The picture moved with the camera (a hand-held phone?): the pelvis's bounce timed the "
    "contacts only to about +-{pelvis:.0f} ms, so they were timed mostly from the pelvis's "
    "height above the stance foot. Film with the phone held still (a tripod or a shelf) for "
    "the most precise contacts."
)
# Rear view: the frontal figures levelled by the ground's tilt in the picture (from the
# pelvis's bounce), or left against the picture's edges where it could not be had (level.py).
LEVELLED_NOTE = (
    "Camera tilt of {tilt:.0f} deg removed from the hip-line and trunk angles: the picture "
    "was tilted against the ground (the phone not held level, or the belt seen at a slant), "
    "measured from the runner's up-and-down bounce. Pelvic drop, lateral trunk lean, foot "
    "placement and arm crossover are read against the level ground."
)
UNLEVELLED_NOTE = (
    "The ground's level could not be found from the runner's bounce ({problem}): pelvic "
    "drop, lateral trunk lean and foot placement are read against the picture's edges, so a "
    "phone not held level enters them in full, and no cue is drafted from them. Film with "
    "the phone level and square behind the runner."
)
