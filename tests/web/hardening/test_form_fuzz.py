"""Every form the pages show, posted with hostile values (Hypothesis): no server error, and a
refusal names the field the way the page labels it, never by its code name.

The forms are read from the pages the demo clinic's chiropractor and a client see (every
page route with the demo's record ids), each field as the page would send it; each case
replaces some fields with values a person or a script might send by mistake.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from tests.web.conftest import sign_in
from tests.web.hardening.conftest import Demo
from tests.web.hardening.forms import PageForm, forms_of
from tests.web.hardening.routes import endpoints

pytestmark = pytest.mark.slow
EXAMPLES_PER_FORM = 20
HOSTILE = [
    "",
    "None",
    "massage",
    "-1",
    "1e309",
    "nan",
    "99999999999999999999",
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "１２",
    " 3 ",
    "<b>x</b>",
    "x" * 3000,
]
SKIP_ACTIONS = ("/sign-out", "/sign-in")  # would end the session the fuzzing uses
ALERT = re.compile(r'role="alert"[^>]*>(.*?)</', re.S)


def _pages(client: TestClient, demo: Demo) -> list[str]:
    app: Any = client.app
    urls = []
    for e in endpoints(app):
        if e.method != "GET" or e.path.startswith(("/api/", "/static")) or "{token}" in e.path:
            continue
        if set(e.params) <= set(demo.ids):
            urls.append(e.url(demo.ids))
    return urls


def _collect(client: TestClient, demo: Demo) -> list[PageForm]:
    found: dict[str, PageForm] = {}
    for url in _pages(client, demo):
        page = client.get(url)
        if page.status_code == 200 and "text/html" in page.headers.get("content-type", ""):
            for form in forms_of(page.text, url):
                if not form.action.startswith(SKIP_ACTIONS):
                    found.setdefault(form.action, form)
    return list(found.values())


@pytest.mark.parametrize("email", ["chiro@demo.test", "client1@demo.test"])
def test_no_form_value_gets_a_server_error(demo: Demo, app_client: TestClient, email: str) -> None:
    sign_in(app_client, email)
    forms = _collect(app_client, demo)
    sent: Counter[int] = Counter()
    problems: list[str] = []
    for form in forms:
        _fuzz(app_client, form, sent, problems)
    print(f"\n{email}: {len(forms)} forms, {sum(sent.values())} posts, answers {dict(sent)}")
    assert len(forms) >= (20 if email.startswith("chiro") else 3)
    assert not problems, "\n".join(problems[:30])


def _fuzz(client: TestClient, form: PageForm, sent: Counter[int], problems: list[str]) -> None:
    names = sorted(n for n in form.fields if n != "csrf_token")
    if not names:
        return
    changes = st.dictionaries(st.sampled_from(names), st.sampled_from(HOSTILE), min_size=1)

    @given(changed=changes)
    @hsettings(
        max_examples=EXAMPLES_PER_FORM,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def post(changed: dict[str, str]) -> None:
        try:
            r = client.post(form.action, data={**form.fields, **changed})
        except Exception as exc:  # the test client re-raises what the app raised
            problems.append(f"500 {form.action} {changed}: {type(exc).__name__}: {exc}")
            sent[500] += 1
            return
        sent[r.status_code] += 1
        if r.status_code >= 500:
            problems.append(f"{r.status_code} {form.action} {changed}")
        elif r.status_code in {400, 422}:
            said = " ".join(ALERT.findall(r.text))
            named = [n for n in changed if ("_" in n or "." in n) and n in said]
            if named:
                problems.append(f"{form.action}: the message names {named}: {said[:200]}")

    post()
