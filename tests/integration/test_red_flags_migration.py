"""The migration that marks the intakes stored before the red-flag mark was kept gives each
the mark record_intake stores today, so the dashboard panel's count in SQL is the count that
evaluating every intake gave; marked intakes keep theirs."""

from __future__ import annotations

from dataclasses import replace

from alembic import command
from sqlalchemy import Boolean, column, select, table, update

from kneecap.adapters.db.engine import make_engine
from kneecap.adapters.db.migrate import alembic_config
from kneecap.bootstrap import Container
from tests.factories import CLEAR, make_world, pfp_intake

INTAKES = table(
    "clinical_intakes", column("id"), column("client_id"), column("red_flag", Boolean())
)


def test_the_upgrade_marks_the_unmarked_intakes_as_record_intake_does(
    container: Container, database_url: str
) -> None:
    world = make_world(container)
    lmt = world.a.caller("lmt")
    plain = pfp_intake()
    flagged = replace(
        plain, symptoms=replace(plain.symptoms, red_flags=replace(CLEAR, night_pain=True))
    )
    first, second = (c.id for c in world.a.clients[:2])
    a = container.assessments.record_intake(lmt, first, flagged).id
    b = container.assessments.record_intake(lmt, second, plain).id
    c = container.assessments.record_intake(lmt, second, flagged).id  # newest: marked, kept
    c_flags = [(f.client.id, f.flags) for f in container.assessments.red_flags_in_clinic(lmt)]
    container.close()

    engine = make_engine(database_url)
    try:
        with engine.begin() as conn:  # as stored before the mark was kept: two unmarked
            conn.execute(update(INTAKES).where(INTAKES.c.id.in_([a, b])).values(red_flag=None))
        command.downgrade(alembic_config(database_url), "0022_alerts")
        command.upgrade(alembic_config(database_url), "head")
        with engine.connect() as conn:
            marks = {r.id: r.red_flag for r in conn.execute(select(INTAKES))}
    finally:
        engine.dispose()
    assert marks == {a: True, b: False, c: True}
    assert [cid for cid, _ in c_flags] == [second, first]  # both raise one, newest first
