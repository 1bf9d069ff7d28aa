"""Web load: 50 concurrent clients on loopback against the dashboard and an API list.

Starts `kneecap demo` in a subprocess (SQLite in a temp folder, or PostgreSQL with
--database-url), signs in the demo LMT, creates an API token, then for each target runs
N concurrent keep-alive connections for D seconds and prints requests/s, p50/p95/p99 latency
and errors. `/healthz` (no database, no sign-in) is measured in the same run as the baseline:
the cost of the web stack itself on this machine.

    python bench/web_load.py                      # SQLite
    python bench/web_load.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test
    python bench/web_load.py --workers 2 --both   # SQLite, then PostgreSQL, in one run

With --both, PostgreSQL runs in a database of the bench's own (`kneecap_bench_load` on the
server of --pg), dropped and made again, so the tests' database is untouched. The load
average (`os.getloadavg`, as `uptime` prints it) is printed beside each database's figures:
the machine is shared, and the figures mean little without it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.cookiejar import CookieJar

PASSWORD = "bench-password-123"


@dataclass
class Result:
    name: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def p95(self) -> float:
        lat = sorted(self.latencies)
        return lat[min(len(lat) - 1, int(0.95 * len(lat)))] if lat else float("nan")

    def against(self, baseline: Result) -> str:
        """Ratios to the same run's /healthz: what carries over to a faster or quieter machine."""
        rate = self.rate() / baseline.rate() if baseline.rate() else float("nan")
        return f"{rate:.3f} x the baseline's req/s, p95 {self.p95() / baseline.p95():.1f} x its p95"

    def line(self) -> str:
        lat = sorted(self.latencies)
        if not lat:
            return f"{self.name:<28} no successful requests, errors {self.errors}"

        def pct(p: float) -> float:
            return 1000 * lat[min(len(lat) - 1, int(p * len(lat)))]

        return (
            f"{self.name:<28} {len(lat) / self.seconds:8.0f} req/s   p50 {pct(0.50):6.1f} ms"
            f"   p95 {pct(0.95):6.1f} ms   p99 {pct(0.99):6.1f} ms   errors {self.errors}"
        )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(base: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("server did not become healthy")


def sign_in(base: str) -> tuple[str, str]:
    """Session cookie for the demo LMT, and a personal access token."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/sign-in").read().decode()
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert csrf
    data = urllib.parse.urlencode(
        {"email": "lmt@demo.test", "password": PASSWORD, "csrf_token": csrf.group(1)}
    ).encode()
    opener.open(f"{base}/sign-in", data=data).read()
    session = next(c.value for c in jar if c.name == "kneecap_session")
    assert session is not None
    settings = opener.open(f"{base}/settings").read().decode()
    csrf2 = re.search(r'name="csrf_token" value="([^"]+)"', settings)
    assert csrf2
    made = (
        opener.open(
            f"{base}/settings/tokens",
            data=urllib.parse.urlencode({"csrf_token": csrf2.group(1), "name": "bench"}).encode(),
        )
        .read()
        .decode()
    )
    token = re.search(r'id="new-token">([^<]+)<', made)
    assert token
    return session, token.group(1)


async def one_client(
    port: int, request: bytes, until: float, result: Result, started: asyncio.Event
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    await started.wait()
    while time.perf_counter() < until:
        t0 = time.perf_counter()
        try:
            writer.write(request)
            status_line = await reader.readline()
            length = 0
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            await reader.readexactly(length)
            if b" 200 " in status_line:
                result.latencies.append(time.perf_counter() - t0)
            else:
                result.errors += 1
        except (OSError, asyncio.IncompleteReadError):
            result.errors += 1
            writer.close()
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.close()


async def hammer(name: str, port: int, request: bytes, clients: int, seconds: float) -> Result:
    result = Result(name)
    started = asyncio.Event()
    until = time.perf_counter() + seconds + 1.0
    tasks = [
        asyncio.create_task(one_client(port, request, until, result, started))
        for _ in range(clients)
    ]
    await asyncio.sleep(0.5)
    t0 = time.perf_counter()
    until_real = t0 + seconds
    started.set()
    await asyncio.gather(*tasks)
    result.seconds = max(until_real, time.perf_counter()) - t0
    return result


def request(path: str, headers: dict[str, str]) -> bytes:
    lines = [f"GET {path} HTTP/1.1", "Host: 127.0.0.1"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--both", action="store_true", help="SQLite, then PostgreSQL")
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument(
        "--pg-database",
        default="kneecap_bench_load",
        help="the database --both makes (and drops first) on the server of --pg",
    )
    parser.add_argument(
        "--start-timeout",
        type=float,
        default=60,
        help="seconds to wait for the demo server (it builds the whole demo first; longer on a"
        " loaded machine)",
    )
    args = parser.parse_args()
    if args.both:
        from pg import fresh_pg  # SQLAlchemy only where a database is made

        for url in (None, fresh_pg(args.pg, args.pg_database)):
            run(url, args)
    else:
        run(args.database_url, args)


def run(database_url: str | None, args: argparse.Namespace) -> None:

    data_dir = tempfile.mkdtemp(prefix="kneecap-bench-")
    env = {
        **os.environ,
        "KNEECAP_DATA_DIR": data_dir,
        "KNEECAP_DEMO_PASSWORD": PASSWORD,
        "KNEECAP_LOG_LEVEL": "WARNING",
    }
    if database_url:
        env["KNEECAP_DATABASE_URL"] = database_url
    port = free_port()
    kneecap = [sys.executable, "-m", "kneecap.cli"]
    server = subprocess.Popen(
        [*kneecap, "demo", "--wait", "--port", str(port), "--workers", str(args.workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, args.start_timeout)
        session, token = sign_in(base)
        db = "PostgreSQL" if database_url else "SQLite"
        print(
            f"Kneecap web load: {args.clients} concurrent clients x {args.seconds:.0f} s each, "
            f"{db}, {args.workers} server worker(s), {os.cpu_count()} cores, loopback, "
            f"{load_average()}"
        )
        targets = [
            ("baseline GET /healthz", request("/healthz", {})),
            (
                "GET /dashboard (LMT)",
                request("/dashboard", {"Cookie": f"kneecap_session={session}"}),
            ),
            (
                "GET /api/v1/clients",
                request("/api/v1/clients", {"Authorization": f"Bearer {token}"}),
            ),
        ]
        baseline: Result | None = None
        for name, raw in targets:
            result = asyncio.run(hammer(name, port, raw, args.clients, args.seconds))
            baseline = baseline or result
            print(f"{result.line()}   ({load_average()})", flush=True)
            if result is not baseline:
                print(f"{'':<28} {result.against(baseline)}", flush=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
