"""A rich foreign clinic for the hardening tests: the demo clinic (every area's records, a
released running-form analysis replayed from one real pipeline run) beside the two-clinic
world whose users sign in."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from kneecap.bootstrap import Container
from kneecap.demo import DemoSeed, seed_demo
from kneecap.ports.gait import AnalysisOutput
from kneecap.services.accounts import actor_for
from kneecap.services.caller import Caller
from kneecap.web.app import create_app
from tests.factories import PASSWORD, World, make_world
from tests.support.gait import RecordedAnalyzer, make_clip, real_analysis


@pytest.fixture(scope="session")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> AnalysisOutput:
    folder = tmp_path_factory.mktemp("gait")
    return real_analysis(make_clip(folder), folder / "out")


@pytest.fixture
def container(build_container: Callable[..., Container], recorded: AnalysisOutput) -> Container:
    return build_container(analyzer=RecordedAnalyzer(recorded))


@dataclass(frozen=True)
class Demo:
    """The demo clinic's ids, one real record of each kind, as its chiropractor sees them."""

    seed: DemoSeed
    chiro: Caller
    ids: dict[str, int]


def _demo_caller(c: Container, email: str) -> Caller:
    user = c.accounts.user_by_email(email)
    assert user is not None
    return Caller(actor_for(user), "test")


@pytest.fixture
def demo(container: Container) -> Demo:
    """Ask for it before `app_client`: seeded before the app starts its job runner, as
    `kneecap demo` does (the runner would otherwise race the demo for its analysis job)."""
    seed = seed_demo(container, PASSWORD)
    chiro = _demo_caller(container, "chiro@demo.test")
    maya = seed.clients[0]
    analysis = container.gait.for_client(chiro, maya.id)[0]
    lmt = _demo_caller(container, "lmt@demo.test")
    token, _ = container.accounts.create_token(lmt, "demo script")
    assessments = [a for c in seed.clients for a in container.assessments.list(chiro, c.id)]
    plans = [p for c in seed.clients for p in container.care.plans.plans(chiro, c.id)]
    # What the demo does not make: a released diagnosis, a visit note and a hand-off.
    diagnosis = container.diagnoses.record(chiro, maya.id, "M22.2X1", "right", "demo")
    assert diagnosis.id is not None
    container.diagnoses.release(chiro, maya.id, diagnosis.id)
    plan = container.care.plans.plans(chiro, maya.id)[0]
    note = container.care.plans.write_note(
        chiro, maya.id, plan.id, container.clock.now().date(), {"subjective": "better"}
    )
    own = assessments[0]
    assert own.id is not None
    handoff = container.assessments.hand_off(lmt, own.client_id, own.id, "please review")
    ids: dict[str, int | None] = {
        "client_id": maya.id,
        "analysis_id": analysis.id,
        "a": analysis.id,
        "b": analysis.id,
        "job_id": analysis.job_id or 0,
        "assessment_id": assessments[0].id,
        "diagnosis_id": diagnosis.id,
        "plan_id": plans[0].id,
        "note_id": note.id,
        "handoff_id": handoff.id,
        "token_id": token.id,
    }
    missing = [name for name, value in ids.items() if value is None]
    assert not missing, f"the demo's records have no ids: {missing}"
    return Demo(seed, chiro, {name: value for name, value in ids.items() if value is not None})


@pytest.fixture
def world(container: Container) -> World:
    return make_world(container)


@pytest.fixture
def app_client(container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container=container), follow_redirects=False) as client:
        yield client
