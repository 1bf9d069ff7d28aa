"""Stored files go with the records that owned them, on the local folder and on an
S3-compatible store (moto's server): a rerun's replaced outputs are removed after its commit,
and the sweep removes files no record refers to once they are past the in-flight window,
keeping every file a video, an attachment, an analysis or an import job still names."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kneecap.bootstrap import Container, build
from kneecap.config import Settings
from kneecap.services.training_import import Upload
from tests.factories import make_world
from tests.fakes.clock import FixedClock
from tests.fakes.gait import FakeGaitAnalyzer
from tests.support.s3 import S3Server


@pytest.fixture(params=["local", "s3"])
def stored(
    request: pytest.FixtureRequest, tmp_path: Path, database_url: str, fast_hasher: object
) -> Callable[[FixedClock], Container]:
    blob_url, endpoint = None, None
    if request.param == "s3":
        server: S3Server = request.getfixturevalue("s3_server")
        blob_url, endpoint = request.getfixturevalue("s3_url"), server.endpoint_url
    settings = Settings(
        data_dir=tmp_path / "data",
        database_url_override=database_url,
        blob_url=blob_url,
        s3_endpoint_url=endpoint,
    )
    built: list[Container] = []

    def close() -> None:
        for c in built:
            c.close()

    request.addfinalizer(close)

    def make(clock: FixedClock) -> Container:
        c = build(settings, clock=clock, hasher=fast_hasher, analyzer=FakeGaitAnalyzer(),  # type: ignore[arg-type]
                  queue_jobs=False)  # fmt: skip
        built.append(c)
        return c

    return make


def test_a_rerun_removes_the_outputs_it_replaced(
    stored: Callable[[FixedClock], Container], tmp_path: Path
) -> None:
    c = stored(FixedClock(datetime.now(UTC)))
    world = make_world(c)
    lmt, cid = world.a.caller("lmt"), world.a.clients[0].id
    clip = tmp_path / "run.mp4"
    clip.write_bytes(b"\x00\x00\x00\x18ftypmp42 a running clip")
    up = c.gait.upload(lmt, cid, clip, "run.mp4", "side", 180)
    c.jobs.run(up.job.id)
    first = dict(c.gait.page(lmt, up.analysis.id).analysis.outputs)
    again = c.gait.rerun(lmt, up.analysis.id)
    c.jobs.run(again.id)
    second = c.gait.page(lmt, up.analysis.id).analysis.outputs
    keys = set(c.blob_sweep.blobs.stored_keys())
    assert set(second.values()) <= keys and not set(first.values()) & keys
    assert up.video.blob_key in keys  # the video stays: the analysis still refers to it


def test_the_sweep_removes_old_orphans_and_keeps_every_owned_file(
    stored: Callable[[FixedClock], Container], tmp_path: Path
) -> None:
    clock = FixedClock(datetime.now(UTC))
    c = stored(clock)
    world = make_world(c)
    lmt, me, cid = world.a.caller("lmt"), world.a.caller("client1"), world.a.clients[0].id
    clinic = world.a.clinic_id
    clip = tmp_path / "run.mp4"
    clip.write_bytes(b"\x00\x00\x00\x18ftypmp42 a running clip")
    up = c.gait.upload(lmt, cid, clip, "run.mp4", "side", 180)
    c.jobs.run(up.job.id)
    c.training.imports.start(lmt, cid, [Upload("a.gpx", b"<gpx/>")])
    c.messages.post(me, cid, "my knee after the hills", [Upload("knee.jpg", b"\xff\xd8 photo")])
    blobs = c.blob_sweep.blobs
    owned = set(blobs.stored_keys())
    assert {k.split("/")[0] for k in owned} == {"gait", "load", "messages"}
    orphans = {
        f"load/{clinic}/{cid}/0123456789abcdef",  # an import whose job never committed
        f"gait/videos/{cid}/0123456789abcdef.mp4",  # an upload whose record never committed
        f"gait/analyses/{up.analysis.id}/999-annotated.mp4",  # outputs of a replaced run
        f"messages/{clinic}/{cid}/0123456789abcdef",  # a refused message's attachment
        f"load/{clinic}/999999/0123456789abcdef",  # a client that does not exist
    }
    for key in orphans | {"elsewhere/kept"}:
        blobs.put_bytes(key, b"x")
    fresh = c.blob_sweep.sweep()
    assert fresh.removed == () and fresh.too_young == len(orphans)  # uploads still in flight
    clock.at += timedelta(hours=25)
    assert set(c.blob_sweep.sweep(dry_run=True).removed) == orphans
    assert set(blobs.stored_keys()) == owned | orphans | {"elsewhere/kept"}
    report = c.blob_sweep.sweep()
    assert set(report.removed) == orphans and report.checked == len(owned | orphans)
    assert set(blobs.stored_keys()) == owned | {"elsewhere/kept"}
    assert c.gait.page(lmt, up.analysis.id).analysis.ready  # what it owns still opens
    opener, _ = c.gait.open_output(lmt, up.analysis.id, "video")
    with opener() as stream:
        assert stream.read()
