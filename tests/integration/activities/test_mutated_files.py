"""Real watch files with bytes flipped, cut out or truncated (as a bad download or a damaged card
leaves them) are read or refused with a reader error that says why; nothing else escapes."""

from __future__ import annotations

import random
from pathlib import Path

from kneecap.adapters.activities.errors import ActivityFileError
from kneecap.adapters.activities.read import read_file_bytes

DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"
CASES = 300


def _mutate(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    mode = rng.random()
    if mode < 0.5:
        for _ in range(rng.randint(1, 8)):
            out[rng.randrange(len(out))] = rng.randrange(256)
    elif mode < 0.8:
        at = rng.randrange(len(out))
        del out[at : at + rng.randint(1, 200)]
    else:
        out = out[: rng.randrange(len(out))]
    return bytes(out)


def test_mutated_real_files_give_reader_errors_only() -> None:
    files = sorted(
        p
        for folder in ("activities", "activities-more")
        for p in (DATA / folder).iterdir()
        if p.suffix in {".fit", ".gpx", ".tcx"} and p.stat().st_size < 400_000
    )
    assert len(files) > 40
    rng = random.Random(2026)
    escaped: list[str] = []
    for _ in range(CASES):
        path = rng.choice(files)
        try:
            read_file_bytes(_mutate(path.read_bytes(), rng), path.name)
        except ActivityFileError as exc:
            assert str(exc)  # says why
        except Exception as exc:  # what escapes is the finding
            escaped.append(f"{path.name}: {type(exc).__name__}: {exc}")
    assert not escaped, escaped
