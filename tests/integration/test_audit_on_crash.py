"""No audit row is lost to a crash of the app: `kneecap serve` in a process of its own answers
eight keep-alive clients reading client records through the API, each request a record not read
before, and is killed with SIGKILL while they read. Every record whose data a client received
has its `client.read` row: a read request's audit rows commit before its response begins
(web/transaction.py), so a response that got out was audited."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from kneecap.bootstrap import Container
from kneecap.domain.clients.record import ClientDetails
from kneecap.ports.repositories import AuditQuery
from tests.factories import make_world

RECORDS = 300
KILL_AFTER = 80  # responses received before the kill; the rest are in flight or not yet asked
CLIENTS = 8


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(container: Container, tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    port = _free_port()
    env = {
        **os.environ,
        "KNEECAP_DATA_DIR": str(tmp_path / "served"),
        "KNEECAP_DATABASE_URL": container.settings.database_url,
        "KNEECAP_LOG_LEVEL": "WARNING",
    }
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "kneecap.cli", "serve", "--port", str(port), "--workers", "1"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=out,
            start_new_session=True,
        )
    deadline = time.monotonic() + 90
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                proc.wait(timeout=10)
                pytest.fail(f"the app did not start: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.1)
    try:
        yield proc, port
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)


def test_every_record_a_client_received_has_its_audit_row(
    container: Container, server: tuple[subprocess.Popen[bytes], int]
) -> None:
    proc, port = server
    world = make_world(container)
    lmt = world.a.caller("lmt")
    ids = [
        container.clients.create(lmt, ClientDetails(name=f"Runner {n:03d}")).id
        for n in range(RECORDS)
    ]
    _, plain = container.accounts.create_token(lmt, "load")
    todo = list(ids)
    lock = threading.Lock()
    received: set[int] = set()
    killed = threading.Event()
    wrong: list[int] = []

    def reader() -> None:
        with closing(http.client.HTTPConnection("127.0.0.1", port, timeout=30)) as conn:
            read_until_killed(conn)

    def read_until_killed(conn: http.client.HTTPConnection) -> None:
        while not killed.is_set():
            with lock:
                if not todo:
                    return
                record = todo.pop()
            try:
                conn.request(
                    "GET", f"/api/v1/clients/{record}", headers={"Authorization": f"Bearer {plain}"}
                )
                response = conn.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException):
                return  # the app is gone
            if response.status != 200 or json.loads(body).get("id") != record:
                wrong.append(response.status)
                return
            with lock:
                received.add(record)
                if len(received) >= KILL_AFTER and not killed.is_set():
                    killed.set()
                    os.killpg(proc.pid, signal.SIGKILL)  # mid-load: others are in flight

    threads = [threading.Thread(target=reader, daemon=True) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert wrong == []
    assert killed.is_set() and proc.wait(timeout=30) == -signal.SIGKILL
    assert len(received) >= KILL_AFTER

    with container.uow_factory() as uow:
        entries, _ = uow.audit.query(
            AuditQuery(
                clinic_id=world.a.clinic_id,
                actor_user_id=lmt.actor.user_id,
                action_prefix="client.read",
                limit=RECORDS + 10,
            )
        )
    audited = {e.client_id for e in entries if e.outcome == "allow"}
    assert received <= audited, sorted(received - audited)
