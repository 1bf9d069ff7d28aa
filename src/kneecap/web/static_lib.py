"""Plotly's JavaScript, served from the installed package (no CDN).

Pages link it as `/static-lib/plotly.min.js?v=<plotly version>`, so the browser may keep it
for a year: upgrading Plotly changes the URL.
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import version
from importlib.resources import files

from fastapi import APIRouter
from fastapi.responses import FileResponse, Response

router = APIRouter()


@cache
def plotly_version() -> str:
    return version("plotly")


@router.get("/static-lib/plotly.min.js", include_in_schema=False)
def plotly_js() -> Response:
    path = files("plotly") / "package_data" / "plotly.min.js"
    return FileResponse(
        str(path),
        media_type="text/javascript",
        headers={"Cache-Control": "public, max-age=31536000, immutable"},
    )
