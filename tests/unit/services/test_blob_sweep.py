"""The orphan sweep removes stored files no record refers to, once they are older than an
upload's time in flight; it keeps what is owned, what is young, and what it cannot judge."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from kneecap.services.blob_sweep import IN_FLIGHT, BlobSweep
from tests.fakes.clock import FixedClock
from tests.fakes.storage import FakeBlobStore


class SetOwners:
    prefixes: tuple[str, ...] = ("load/", "gait/")

    def __init__(self, owned: set[str]) -> None:
        self.keys = owned
        self.asked: list[int] = []

    def owned(self, keys: Sequence[str]) -> set[str]:
        self.asked.append(len(keys))
        return self.keys & set(keys)


def _store(clock: FixedClock, ages: dict[str, timedelta]) -> FakeBlobStore:
    blobs = FakeBlobStore()
    for key, age in ages.items():
        blobs.put_bytes(key, b"x")
        blobs.written[key] = clock.now() - age
    return blobs


def test_only_old_files_without_an_owner_under_a_known_prefix_go() -> None:
    clock = FixedClock()
    old, young = IN_FLIGHT + timedelta(minutes=1), IN_FLIGHT - timedelta(minutes=1)
    blobs = _store(clock, {
        "load/1/2/owned": old, "load/1/2/orphan": old, "gait/videos/2/fresh.mp4": young,
        "other/thing": old,
    })  # fmt: skip
    owners = SetOwners({"load/1/2/owned"})
    sweep = BlobSweep(blobs, owners, clock)
    dry = sweep.sweep(dry_run=True)
    assert dry.removed == ("load/1/2/orphan",) and blobs.exists("load/1/2/orphan")
    report = sweep.sweep()
    assert report.removed == ("load/1/2/orphan",) and report.too_young == 1
    assert report.checked == 3  # "other/" is no area the owners know: never looked at
    assert sorted(blobs.blobs) == ["gait/videos/2/fresh.mp4", "load/1/2/owned", "other/thing"]
    clock.advance(minutes=2)
    assert sweep.sweep().removed == ("gait/videos/2/fresh.mp4",)


def test_the_owners_are_asked_in_batches() -> None:
    clock = FixedClock()
    blobs = _store(clock, {f"load/1/2/{n:04d}": IN_FLIGHT * 2 for n in range(1200)})
    owners = SetOwners(set())
    assert len(BlobSweep(blobs, owners, clock).sweep().removed) == 1200
    assert owners.asked == [500, 500, 200]
