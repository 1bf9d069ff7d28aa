"""The demo clinic: staff, and clients with different stories, for trying Kneecap out.

Idempotent: running it again changes nothing except, when a password is given, setting the
demo accounts' password to it. Each area adds its own demo data through an extension
(kneecap.demo builds them from a container).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from kneecap.domain.access.roles import Actor, Role
from kneecap.domain.clients.record import ClientDetails, ClientRecord
from kneecap.services.accounts import AccountService
from kneecap.services.caller import Caller
from kneecap.services.clients import ClientService

DEMO_CLINIC = "Demo Clinic"
DEMO_DOMAIN = "demo.test"

STAFF = [
    ("admin@demo.test", "Alex Admin", Role.ADMIN),
    ("lmt@demo.test", "Lee Morgan", Role.LMT),
    ("chiro@demo.test", "Dr. Chris Ortiz", Role.CHIROPRACTOR),
]

# Stories chosen to exercise the clinic's path: a classic patellofemoral picture, a returning
# runner with flat feet, an adolescent whose knee pain needs the hip screened, and a trail
# runner whose twisting injury points to ligament or meniscus rather than the kneecap.
CLIENTS = [
    ClientDetails(
        name="Maya Okafor",
        date_of_birth=date(1997, 4, 12),
        email="client1@demo.test",
        phone="555-0101",
        sports=("running",),
        weekly_running_km=35.0,
        goals="Run the spring half marathon without knee pain; pain started when mileage went "
        "from 20 to 35 km a week.",
    ),
    ClientDetails(
        name="Daniel Reyes",
        date_of_birth=date(1982, 9, 3),
        email="client2@demo.test",
        phone="555-0102",
        sports=("running", "cycling"),
        weekly_running_km=15.0,
        goals="Back to three easy runs a week; stairs and long meetings make the knee ache.",
    ),
    ClientDetails(
        name="Priya Shah",
        date_of_birth=date(2009, 1, 22),
        email="client3@demo.test",
        phone="555-0103",
        sports=("cross-country", "track"),
        weekly_running_km=40.0,
        goals="Finish the cross-country season; knee and thigh ache, worse after practice.",
    ),
    ClientDetails(
        name="Tom Becker",
        date_of_birth=date(1973, 6, 30),
        email="client4@demo.test",
        phone="555-0104",
        sports=("trail running", "hiking"),
        weekly_running_km=25.0,
        goals="Back on the trails after twisting the knee on a descent two weeks ago.",
    ),
]


@dataclass
class DemoSeed:
    clinic_id: int
    created: bool
    clients: list[ClientRecord] = field(default_factory=list)
    accounts: list[tuple[str, str]] = field(default_factory=list)  # (email, role label)


# Adds one area's demo data to a freshly created demo clinic, acting as its chiropractor.
DemoExtension = Callable[[DemoSeed, Caller], None]


def demo_accounts() -> list[tuple[str, str]]:
    """The demo sign-ins (email, role label), known before the clinic exists."""
    return [(email, role.label) for email, _, role in STAFF] + [
        (d.email or "", f"Client ({d.name})") for d in CLIENTS
    ]


def seed_clinic(
    accounts: AccountService,
    clients: ClientService,
    password: str,
    extensions: Sequence[DemoExtension] = (),
    report: Callable[[str], None] | None = None,
) -> DemoSeed:
    report = report or (lambda _message: None)
    report("creating the demo accounts")
    existing = accounts.clinic_by_name(DEMO_CLINIC)
    clinic = existing or accounts.create_clinic(DEMO_CLINIC)
    seed = DemoSeed(clinic.id, created=existing is None)
    if existing is None:
        for email, name, role in STAFF:
            accounts.add_user(clinic.id, email, name, role, password=password)
        chiro = accounts.user_by_email("chiro@demo.test")
        assert chiro is not None
        caller = Caller(Actor(chiro.id, clinic.id, chiro.role, chiro.email), "demo")
        for details in CLIENTS:
            record = clients.create(caller, details)
            assert details.email is not None
            accounts.add_user(
                clinic.id,
                details.email,
                details.name,
                Role.CLIENT,
                password=password,
                client_id=record.id,
            )
            seed.clients.append(record)
        for n, extend in enumerate(extensions, 1):
            report(f"adding the demo records ({n} of {len(extensions)})")
            extend(seed, caller)
    else:
        accounts.reset_demo_passwords(clinic.id, DEMO_DOMAIN, password)
    seed.accounts = demo_accounts()
    return seed
