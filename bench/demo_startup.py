"""Time from `kneecap demo` to an answering app, on a fresh data folder each time.

Runs the demo twice in one run, each on an empty temp folder (SQLite): `--wait` builds the whole
demo clinic before serving (what `kneecap demo` did before it served first), the default serves
at once and builds it in the background. Prints for each: seconds to the first 200 from
/healthz, to the first successful sign-in of the demo LMT, and until the pages no longer show
the set-up banner (the running-form analysis job done and released).

    python bench/demo_startup.py [--port-base 8750]
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

PASSWORD = "bench-password-123"
TIMEOUT_S = 180.0


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return str(r.read().decode()) if r.status == 200 else None
    except OSError:
        return None


def _signs_in(base: str) -> bool:
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    try:
        page = opener.open(f"{base}/sign-in", timeout=5).read().decode()
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
        data = {"email": "lmt@demo.test", "password": PASSWORD, "csrf_token": csrf and csrf[1]}
        opener.open(f"{base}/sign-in", urllib.parse.urlencode(data).encode(), timeout=5)
    except OSError:  # 401 until the demo accounts exist
        return False
    return any(c.name == "kneecap_session" for c in jar)


def measure(label: str, extra: list[str], port: int) -> None:
    data_dir = tempfile.mkdtemp(prefix="kneecap-demo-bench-")
    env = {
        **os.environ,
        "KNEECAP_DATA_DIR": data_dir,
        "KNEECAP_DEMO_PASSWORD": PASSWORD,
        "KNEECAP_LOG_LEVEL": "WARNING",
    }
    env.pop("KNEECAP_DATABASE_URL", None)
    env.pop("KNEECAP_BROKER_URL", None)
    t0 = time.monotonic()
    server = subprocess.Popen(
        [sys.executable, "-m", "kneecap.cli", "demo", "--port", str(port), *extra],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    healthz = signed_in = ready = None
    try:
        while time.monotonic() - t0 < TIMEOUT_S and ready is None:
            now = time.monotonic() - t0
            if healthz is None:
                if _get(f"{base}/healthz") is not None:
                    healthz = now
                else:
                    time.sleep(0.05)
                    continue
            if signed_in is None and _signs_in(base):
                signed_in = time.monotonic() - t0
            page = _get(f"{base}/sign-in")
            if signed_in is not None and page is not None and "startup" not in page:
                ready = time.monotonic() - t0
            time.sleep(0.2)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    def fmt(v: float | None) -> str:
        return f"{v:6.2f} s" if v is not None else "   n/a  "

    print(
        f"{label:<34} /healthz {fmt(healthz)}   sign-in {fmt(signed_in)}   "
        f"demo complete {fmt(ready)}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port-base", type=int, default=8750)
    args = parser.parse_args()
    print(f"kneecap demo start-up, fresh SQLite data folder, {os.cpu_count()} cores")
    measure("before: kneecap demo --wait", ["--wait"], args.port_base)
    measure("after:  kneecap demo", [], args.port_base + 1)


if __name__ == "__main__":
    main()
