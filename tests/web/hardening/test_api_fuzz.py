"""Property-based API fuzzing from the app's own OpenAPI schema (Schemathesis): every JSON
operation, with values that fit the schema and values that break it, sent in process with a
signed-in bearer token, on SQLite and PostgreSQL. No answer may be a server error.

Half the cases name the demo clinic's real records in their path (a released analysis, a
signed plan, …) so the fuzzed bodies reach the services instead of stopping at a 404.
`pytest tests/web/hardening/test_api_fuzz.py -s` prints how many requests were sent.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any, cast

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from schemathesis.core.result import Err
from schemathesis.python import asgi

from kneecap.bootstrap import Container
from kneecap.ports.gait import AnalysisOutput
from kneecap.web.app import create_app
from tests.support.gait import RecordedAnalyzer
from tests.web.hardening.conftest import Demo

EXAMPLES_PER_MODE = 8
pytestmark = pytest.mark.slow


@pytest.fixture
def container(build_container: Callable[..., Container], recorded: AnalysisOutput) -> Container:
    # No in-app job queue: Schemathesis keeps the app's lifespan running for the process.
    return build_container(analyzer=RecordedAnalyzer(recorded), queue_jobs=False)


def test_no_fuzzed_request_gets_a_server_error(container: Container, demo: Demo) -> None:
    _, token = container.accounts.create_token(demo.chiro, "fuzz")
    app = create_app(container=container)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    auth = {"Authorization": f"Bearer {token}"}
    sent: Counter[str] = Counter()
    errors: list[str] = []
    # FastAPI types the ASGI messages as MutableMapping, Schemathesis as dict: the same thing.
    with asgi.get_client(cast(asgi.ASGIApp, app)) as session:

        def send(case: Any) -> None:
            sent[case.operation.label] += 1
            try:
                status = case.call(session=session, headers=auth).status_code
            except Exception as exc:  # the in-process client re-raises what the app raised
                status, why = 500, f"{type(exc).__name__}: {exc}"
            else:
                why = ""
            if status >= 500:
                errors.append(f"{status} {why} {case.as_curl_command(headers=auth)}")

        for result in schema.get_all_operations():
            if isinstance(result, Err):
                raise result.err()  # the app's own schema is not one Schemathesis can read
            operation = result.ok()
            known = {
                p.name: demo.ids[p.name] for p in operation.path_parameters if p.name in demo.ids
            }
            strategies = [
                operation.as_strategy(generation_mode=mode, path_parameters=fixed)
                for mode in (
                    schemathesis.GenerationMode.POSITIVE,
                    schemathesis.GenerationMode.NEGATIVE,
                )
                for fixed in ([known, None] if known else [None])
            ]
            _run(st.one_of(strategies), send, EXAMPLES_PER_MODE * len(strategies))
    total = sum(sent.values())
    print(
        f"\nfuzzed {len(sent)} API operations with {total} requests: {len(errors)} answered >= 500"
    )
    assert total >= 500 and len(sent) >= 60
    assert not errors, "\n".join(errors[:20])


def _run(strategy: Any, send: Callable[[Any], None], examples: int) -> None:
    @given(case=strategy)
    @hsettings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def fuzz(case: Any) -> None:
        send(case)

    fuzz()
