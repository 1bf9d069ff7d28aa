"""The migration that gives each client lock rows holds the visits already booked, earliest
booking first; a visit that already overlapped another of the same client is kept (nothing is
cancelled by an upgrade) but holds no cells, and cancelled visits hold none either."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from kneecap.adapters.db.engine import make_engine
from kneecap.adapters.db.migrate import alembic_config
from kneecap.bootstrap import Container
from kneecap.domain.schedule.hours import HoursBlock
from kneecap.services.appointments import Booking
from tests.factories import make_world

REVISION = "0017_client_cells"
MONDAY = date(2026, 3, 9)


def test_the_upgrade_holds_booked_visits_earliest_first(
    container: Container, database_url: str
) -> None:
    world = make_world(container)
    admin = world.a.caller("admin")
    lmt, chiro = world.a.users["lmt"].id, world.a.users["chiropractor"].id
    container.appointments.set_hours(admin, lmt, [HoursBlock(0, time(9), time(17))])
    client = world.a.clients[0].id
    at = datetime.combine(MONDAY, time(10), tzinfo=UTC)
    first = container.appointments.book(admin, Booking(client, lmt, "follow_up", at))
    later = container.appointments.book(
        admin, Booking(client, lmt, "follow_up", at.replace(hour=14))
    )
    container.appointments.cancel(admin, later.id)
    container.close()

    cfg = alembic_config(database_url)
    before = ScriptDirectory.from_config(cfg).get_revision(REVISION).down_revision
    assert isinstance(before, str)
    command.downgrade(cfg, before)
    engine = make_engine(database_url)
    try:
        overlap, held, kept = _upgrade_with_an_overlap(cfg, engine, first.id, chiro)
    finally:
        engine.dispose()
    assert held == {first.id: 6}  # 30 minutes of five-minute steps; not the overlap, not later
    assert overlap not in held and later.id not in held
    assert kept == 3


def _upgrade_with_an_overlap(
    cfg: Config, engine: Engine, first_id: int, chiro: int
) -> tuple[int, dict[int, int], int]:
    with engine.begin() as conn:  # booked before the rule: the same client, the same time
        overlap = conn.execute(
            text(
                "INSERT INTO appointments (clinic_id, practitioner_id, client_id, kind, mode,"
                " starts_at, ends_at, state, video_link, booked_by, plan_id, reminded_at)"
                " SELECT clinic_id, :chiro, client_id, kind, mode, starts_at, ends_at, state,"
                " video_link, booked_by, plan_id, reminded_at FROM appointments WHERE id = :id"
                " RETURNING id"
            ),
            {"chiro": chiro, "id": first_id},
        ).scalar_one()
    command.upgrade(cfg, "head")
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT appointment_id, COUNT(*) FROM appointment_client_cells"
                " GROUP BY appointment_id"
            )
        )
        held = {int(a): int(n) for a, n in rows}
        kept = conn.execute(text("SELECT COUNT(*) FROM appointments")).scalar_one()
    return int(overlap), held, int(kept)
