"""Find a Unicode TTF (DejaVu Sans) already on the machine, without importing its package.

Looked for in installed packages first (matplotlib and OpenCV wheels ship DejaVu), then the usual
Debian location. None found: the renderer falls back to a core PDF font with Latin-1 text.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

_PACKAGE_DIRS = {"matplotlib": "mpl-data/fonts/ttf", "cv2": "qt/fonts"}
_SYSTEM_DIRS = ("/usr/share/fonts/truetype/dejavu",)


def _candidate_dirs() -> list[Path]:
    dirs: list[Path] = []
    for package, sub in _PACKAGE_DIRS.items():
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.submodule_search_locations:
            dirs.extend(Path(loc) / sub for loc in spec.submodule_search_locations)
    dirs.extend(Path(d) for d in _SYSTEM_DIRS)
    return dirs


def find_dejavu() -> tuple[Path, Path] | None:
    """(regular, bold) DejaVu Sans paths, or None."""
    for folder in _candidate_dirs():
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file():
            return regular, bold if bold.is_file() else regular
    return None
