"""No health data in any e-mail: every template of the registry names only the allowed fields
(clinic, time, in person or online, a link), and rendered with sentinel values it carries
nothing but its fixed words and those values."""

from __future__ import annotations

import re

import pytest

from kneecap.domain.notify.templates import (
    ALLOWED,
    TEMPLATES,
    MailTemplate,
    TemplateError,
    check_registry,
)

HEALTH_WORDS = re.compile(
    r"knee|pain|diagnos|patell|injur|symptom|treat|therap|exercise|adjust|massage|assess|"
    r"score|akps|nprs|icd|referr|plan\b|note",
    re.IGNORECASE,
)


def test_the_registry_names_only_allowed_fields() -> None:
    check_registry()
    for t in TEMPLATES.values():
        assert t.fields() <= ALLOWED, t.name


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_every_template_renders_no_health_words(name: str) -> None:
    values = {f: f"<{f.upper()}>" for f in ALLOWED}
    subject, body = TEMPLATES[name].render({**values, "diagnosis": "M22.2X1 patellofemoral"})
    text = subject + "\n" + body
    assert "M22" not in text and "patellofemoral" not in text
    assert "<LINK>" in body  # every mail leads to signing in
    assert not HEALTH_WORDS.search(re.sub(r"<[A-Z]+>", "", text)), name  # not even "Kneecap"


def test_a_template_naming_a_health_field_is_refused() -> None:
    bad = MailTemplate("x", "About {diagnosis}", "{link}")
    TEMPLATES["x"] = bad
    try:
        with pytest.raises(TemplateError, match="no health data"):
            check_registry()
    finally:
        del TEMPLATES["x"]
