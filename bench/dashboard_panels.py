"""The dashboard panels the co-signature work added, at clinic scale: the co-signature queue,
the red flags from intakes, against the client list the dashboard already showed.

Seeds a clinic of N clients (default 300) on SQLite in a temp folder, each with an intake (one
in ten raising a red flag), a signed care plan, and one in five with an LMT's amendment and goals
waiting for co-signature; then times each service call the dashboards make, as the chiropractor
and as an LMT (the red flags both as the dashboard's panel of the newest 10 and as the full
`/red-flags` list), and prints milliseconds per call (median of R rounds) with the client
list as the baseline of the same run.

    python bench/dashboard_panels.py [CLIENTS] [ROUNDS]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from kneecap.adapters.security.argon2_hasher import Argon2Hasher
from kneecap.bootstrap import build
from kneecap.config import Settings
from kneecap.domain.access.roles import Role
from kneecap.domain.care.modalities import Modality, ModalityPrescription
from kneecap.domain.care.plan import Goal, PlanContent
from kneecap.domain.clients.record import ClientDetails
from kneecap.domain.clinical.intake import Intake, Mechanism, Onset
from kneecap.domain.clinical.side import Laterality
from kneecap.domain.clinical.symptoms import Provocation, RedFlagScreen, SymptomProfile
from kneecap.services.accounts import actor_for
from kneecap.services.assessments import IntakeAnswers
from kneecap.services.caller import Caller


def intake(flagged: bool) -> IntakeAnswers:
    """A runner's intake, with a red flag (night pain) or without."""
    screen = RedFlagScreen(night_pain=flagged, unable_to_bear_weight=False)
    return IntakeAnswers(
        Intake(30, Laterality.RIGHT, Onset.GRADUAL, Mechanism.OVERUSE, 30),
        SymptomProfile(Laterality.RIGHT, frozenset({"peripatellar"}),
                       frozenset({Provocation.STAIRS_DOWN}), 3, 5, red_flags=screen),
    )  # fmt: skip


def _median_ms(call: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        call()
        times.append(time.perf_counter() - t0)
    return 1000 * statistics.median(times)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    c = build(Settings(data_dir=Path(tempfile.mkdtemp(prefix="kneecap-bench-"))),
              hasher=Argon2Hasher(fast=True))  # fmt: skip
    clinic = c.accounts.create_clinic("Bench Clinic")
    users = {
        role: c.accounts.add_user(clinic.id, f"{role.value}@bench.test", role.label, role, None)[0]
        for role in (Role.LMT, Role.CHIROPRACTOR)
    }
    lmt, chiro = (Caller(actor_for(users[r]), "bench") for r in (Role.LMT, Role.CHIROPRACTOR))
    content = PlanContent((Goal("Stairs without pain"),),
                          (ModalityPrescription(Modality.MASSAGE, "thigh", 45, 1, 6),))  # fmt: skip
    t0 = time.perf_counter()
    for i in range(n):
        record = c.clients.create(chiro, ClientDetails(f"Runner {i:04d}", goals="10 km"))
        c.assessments.record_intake(lmt, record.id, intake(i % 10 == 0))
        plan = c.care.plans.create(chiro, record.id, date(2026, 1, 5), content)
        c.care.plans.sign(chiro, record.id, plan.id)
        if i % 5 == 0:
            more = replace(content, goals=(*content.goals, Goal("Runner's knee settled")))
            c.care.plans.amend(lmt, record.id, plan.id, "visit", more)
            details = replace(record.details, goals="Back to hills")
            c.clients.update(lmt, record.id, details)
    seeded = time.perf_counter() - t0
    print(f"Kneecap dashboard panels: {n} clients (seeded in {seeded:.1f} s), SQLite, "
          f"median of {rounds} calls")  # fmt: skip
    base = _median_ms(lambda: c.clients.list(lmt, limit=10), rounds)
    calls: list[tuple[str, Callable[[], object]]] = [
        ("co-signature queue (chiro)", lambda: c.cosign.queue(chiro)),
        ("red-flag panel, newest 10 (LMT)", lambda: c.assessments.red_flags_panel(lmt, 10)),
        ("red-flag list, all (LMT)", lambda: c.assessments.red_flags_in_clinic(lmt)),
        ("escalation inbox (chiro)", lambda: c.care.escalation.inbox(chiro)),
    ]
    rows = [("client list (baseline)", base)] + [(n, _median_ms(f, rounds)) for n, f in calls]
    waiting = len(c.cosign.queue(chiro))
    flagged = len(c.assessments.red_flags_in_clinic(lmt))
    for name, ms in rows:
        print(f"{name:<30} {ms:8.1f} ms   x{ms / base:6.1f} the baseline")
    print(
        f"({waiting} texts waiting, {flagged} clients with red flags; "
        f"{(timedelta(seconds=seeded) / n).total_seconds() * 1000:.0f} ms to seed a client)"
    )
    c.close()


if __name__ == "__main__":
    main()
