"""What an LMT writes for a client waits for the chiropractor's co-signature; the client sees
the last co-signed version; messages go out unless they name a diagnosis."""

from datetime import UTC, datetime, timedelta

import pytest

from kneecap.domain.clinical.cosignature import (
    AuthoredText,
    CoSignatureError,
    ReviewState,
    approve,
    cosign_queue,
    needs_cosignature,
    release_message,
    return_to_author,
    submit,
    word_diff,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LEAK = "DIAGNOSIS: M22.2X1 patellofemoral pain syndrome right knee"


def lmt_writes(text: AuthoredText, body: str, minutes: int = 0) -> AuthoredText:
    return submit(
        text, body, author_id="lmt-1", author_role="lmt", now=T0 + timedelta(minutes=minutes)
    ).text


def test_roles_come_from_the_permission_table() -> None:
    assert needs_cosignature("lmt")
    assert not needs_cosignature("chiropractor") and not needs_cosignature("client")


def test_an_lmts_text_is_pending_and_the_client_sees_nothing_until_cosigned() -> None:
    goals = AuthoredText("client/12/goals")
    saved = submit(goals, "Run 10 km without pain", author_id="lmt-1", author_role="lmt", now=T0)
    assert saved.version.state is ReviewState.PENDING
    assert "chiropractor co-signs this before the client sees it" in saved.notice
    assert saved.text.client_text is None
    signed = approve(saved.text, 1, reviewer_id="dc-1", reviewer_role="chiropractor", now=T0)
    assert signed.client_text == "Run 10 km without pain"
    assert signed.version(1).reviewer_id == "dc-1"


def test_the_reproduced_goal_never_reaches_the_client_unreviewed() -> None:
    goals = AuthoredText("client/12/goals")
    goals = approve(lmt_writes(goals, "Run 10 km"), 1, reviewer_id="dc-1",
                    reviewer_role="chiropractor", now=T0)  # fmt: skip
    saved = submit(goals, LEAK, author_id="lmt-1", author_role="lmt", now=T0)
    assert saved.version.flags and "names a diagnosis" in saved.notice
    assert saved.text.client_text == "Run 10 km"  # the last co-signed version
    returned = return_to_author(
        saved.text, 2, reviewer_id="dc-1", reviewer_role="chiropractor", now=T0,
        comment="Goals, not diagnoses: I will discuss the diagnosis with the client.",
    )  # fmt: skip
    assert returned.version(2).state is ReviewState.RETURNED
    assert returned.client_text == "Run 10 km"


def test_a_chiropractors_text_is_live_at_once_and_supersedes_a_pending_one() -> None:
    text = lmt_writes(AuthoredText("care_plan/7/goal/0"), "Stairs pain free")
    saved = submit(text, "Stairs and sitting pain free", author_id="dc-1",
                   author_role="chiropractor", now=T0)  # fmt: skip
    assert saved.notice.startswith("Saved; the client sees it now")
    assert saved.text.client_text == "Stairs and sitting pain free"
    assert saved.text.version(1).state is ReviewState.SUPERSEDED
    assert saved.text.pending is None


def test_a_newer_lmt_version_replaces_the_pending_one_and_unchanged_text_adds_none() -> None:
    text = lmt_writes(AuthoredText("k"), "one")
    text = lmt_writes(text, "two", 1)
    assert [v.state for v in text.versions] == [ReviewState.SUPERSEDED, ReviewState.PENDING]
    same = submit(text, " two ", author_id="lmt-1", author_role="lmt", now=T0)
    assert same.notice == "No change." and same.text is text


def test_only_a_chiropractor_cosigns_only_pending_versions_and_returning_needs_a_comment() -> None:
    text = lmt_writes(AuthoredText("k"), "one")
    with pytest.raises(CoSignatureError, match="only the chiropractor"):
        approve(text, 1, reviewer_id="lmt-2", reviewer_role="lmt", now=T0)
    with pytest.raises(CoSignatureError, match="needs a comment"):
        return_to_author(text, 1, reviewer_id="dc-1", reviewer_role="chiropractor", now=T0,
                         comment=" ")  # fmt: skip
    signed = approve(text, 1, reviewer_id="dc-1", reviewer_role="chiropractor", now=T0)
    with pytest.raises(CoSignatureError, match="is approved, not awaiting"):
        approve(signed, 1, reviewer_id="dc-1", reviewer_role="chiropractor", now=T0)
    with pytest.raises(CoSignatureError, match="no version 9"):
        approve(signed, 9, reviewer_id="dc-1", reviewer_role="chiropractor", now=T0)
    with pytest.raises(CoSignatureError, match="does not write clinical text"):
        submit(text, "x", author_id="adm", author_role="admin", now=T0)


def test_the_queue_shows_flagged_first_with_the_diff_against_what_the_client_sees() -> None:
    plain = lmt_writes(AuthoredText("a"), "Ice after runs", 5)
    base = approve(lmt_writes(AuthoredText("b"), "Run 5 km"), 1, reviewer_id="dc",
                   reviewer_role="chiropractor", now=T0)  # fmt: skip
    flagged = lmt_writes(base, "Run 5 km with runner's knee", 10)
    queue = cosign_queue([plain, flagged, AuthoredText("empty")])
    assert [i.key for i in queue] == ["b", "a"]
    first = queue[0]
    assert first.flagged and first.client_sees is not None and first.client_sees.text == "Run 5 km"
    assert next(c for c in first.diff if c.op != "equal").text == " with runner's knee"


def test_word_diff_marks_deletions_and_insertions() -> None:
    chunks = word_diff("ice after runs", "heat after long runs")
    assert [(c.op, c.text) for c in chunks] == [
        ("delete", "ice"), ("insert", "heat"), ("equal", " after "), ("insert", "long "),
        ("equal", "runs"),
    ]  # fmt: skip


def test_messages_go_out_unless_an_lmts_message_names_a_diagnosis() -> None:
    ok = release_message("Great run! Ice the knee tonight.", "lmt")
    assert ok.send_now and ok.notice == "Sent."
    held = release_message("That is runner's knee, classic PFPS.", "lmt")
    assert not held.send_now and "Held for the chiropractor" in held.notice
    assert "runner's knee" in held.notice
    assert release_message("That is PFPS.", "chiropractor").send_now


def test_writing_time_needs_a_time_zone() -> None:
    with pytest.raises(CoSignatureError, match="time zone"):
        submit(AuthoredText("k"), "x", author_id="l", author_role="lmt",
               now=datetime(2026, 3, 2, 9, 0))  # fmt: skip
