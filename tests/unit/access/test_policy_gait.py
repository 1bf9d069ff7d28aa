"""Who may upload, read, review and release running-form analyses (the policy table)."""

from __future__ import annotations

import pytest

from kneecap.domain.access.permissions import Action
from kneecap.domain.access.policy import Resource, Verdict, decide
from kneecap.domain.access.roles import Actor, Role

LMT = Actor(1, 10, Role.LMT, "lmt@a.test")
CHIRO = Actor(2, 10, Role.CHIROPRACTOR, "chiro@a.test")
ADMIN = Actor(3, 10, Role.ADMIN, "admin@a.test")
CLIENT = Actor(4, 10, Role.CLIENT, "c@a.test", client_id=100)
OWN = Resource("gait_analysis", 10, client_id=100, id=7)
OTHER = Resource("gait_analysis", 10, client_id=101, id=8)
FOREIGN = Resource("gait_analysis", 20, client_id=200, id=9)
GAIT = (Action.GAIT_UPLOAD, Action.GAIT_READ, Action.GAIT_REVIEW, Action.GAIT_RELEASE)


@pytest.mark.parametrize("actor", [LMT, CHIRO])
def test_practitioners_upload_read_and_review_in_their_clinic_only(actor: Actor) -> None:
    for action in GAIT:
        if action is not Action.GAIT_RELEASE:
            assert decide(actor, action, OTHER).allowed
        assert decide(actor, action, FOREIGN).verdict is Verdict.HIDDEN


def test_only_the_chiropractor_releases_cues_to_the_runner() -> None:
    # An LMT may not give the client clinical text unreviewed (CLINICAL.md, Scope of practice):
    # their edited cues go to the co-signature queue.
    assert decide(CHIRO, Action.GAIT_RELEASE, OTHER).allowed
    assert decide(LMT, Action.GAIT_RELEASE, OTHER).verdict is Verdict.FORBIDDEN


def test_a_client_uploads_and_reads_their_own_but_never_reviews_or_releases() -> None:
    assert decide(CLIENT, Action.GAIT_UPLOAD, OWN).allowed
    assert decide(CLIENT, Action.GAIT_READ, OWN).allowed  # the service shows released only
    for action in (Action.GAIT_REVIEW, Action.GAIT_RELEASE):
        assert decide(CLIENT, action, OWN).verdict is Verdict.FORBIDDEN
    for action in GAIT:
        assert decide(CLIENT, action, OTHER).verdict is Verdict.HIDDEN


def test_the_admin_runs_the_clinic_but_does_not_see_running_videos() -> None:
    for action in GAIT:
        assert decide(ADMIN, action, OTHER).verdict is Verdict.FORBIDDEN
