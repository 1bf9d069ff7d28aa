"""Two clinics with one user of each role and two clients each: the authorization tests'
standard cast."""

from __future__ import annotations

from dataclasses import dataclass, field

from kneecap.bootstrap import Container
from kneecap.domain.access.roles import Role
from kneecap.domain.accounts.entities import User
from kneecap.domain.clients.record import ClientDetails, ClientRecord
from kneecap.services.accounts import actor_for
from kneecap.services.caller import Caller

PASSWORD = "correct horse battery staple"


@dataclass
class ClinicCast:
    clinic_id: int
    users: dict[str, User] = field(default_factory=dict)
    clients: list[ClientRecord] = field(default_factory=list)

    def caller(self, key: str) -> Caller:
        return Caller(actor_for(self.users[key]), "203.0.113.7")


@dataclass
class World:
    a: ClinicCast
    b: ClinicCast


def _clinic(c: Container, name: str, tag: str) -> ClinicCast:
    clinic = c.accounts.create_clinic(name)
    cast = ClinicCast(clinic.id)
    for role in (Role.ADMIN, Role.LMT, Role.CHIROPRACTOR):
        user, _ = c.accounts.add_user(
            clinic.id, f"{role.value}@{tag}.test", f"{role.label} {tag.upper()}", role, PASSWORD
        )
        cast.users[role.value] = user
    chiro = cast.caller("chiropractor")
    for i in (1, 2):
        record = c.clients.create(
            chiro,
            ClientDetails(
                name=f"Runner {tag.upper()}{i}",
                email=f"client{i}@{tag}.test",
                sports=("running",),
                weekly_running_km=20.0 + i,
            ),
        )
        user, _ = c.accounts.add_user(
            clinic.id,
            f"client{i}@{tag}.test",
            record.name,
            Role.CLIENT,
            PASSWORD,
            client_id=record.id,
        )
        cast.users[f"client{i}"] = user
        cast.clients.append(c.clients.get(chiro, record.id))
    return cast


def make_world(c: Container) -> World:
    return World(_clinic(c, "Alpha Clinic", "alpha"), _clinic(c, "Beta Clinic", "beta"))
