"""The client's own record as a download: a zip of bundle.json (FHIR R4) and their files."""

from __future__ import annotations

import json
import tempfile
import zipfile
from collections.abc import Iterator
from typing import IO

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from kneecap.web.deps import ApiPrincipal, RecordsDep, caller_of
from kneecap.web.params import RecordId

router = APIRouter(prefix="/api/v1", tags=["api"])
README = (
    "Your record from Kneecap.\n\n"
    "bundle.json is an HL7 FHIR R4 Bundle: you (Patient), your released diagnoses (Condition),\n"
    "your questionnaire scores, pain ratings and running-form measures (Observation), your\n"
    "signed care plans (CarePlan) and one DocumentReference per file in files/, with its size\n"
    "and SHA-1 hash. Any software that reads FHIR R4 can import it.\n"
)


@router.get(
    "/clients/{client_id}/export",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/zip": {}}}},
)
def export_record(
    request: Request,
    client_id: RecordId,
    principal: ApiPrincipal,
    records: RecordsDep,
) -> StreamingResponse:
    """The record as the client may see it (released items only) and the files they
    uploaded, as a zip: bundle.json (FHIR R4 Bundle), README.txt and files/."""
    found = records.export(caller_of(request, principal), client_id)
    # Closed by the response once sent (a `with` block would close it before that).
    spool: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=16 << 20)  # noqa: SIM115
    with zipfile.ZipFile(spool, "w") as archive:
        archive.writestr("README.txt", README, zipfile.ZIP_DEFLATED)
        archive.writestr(
            "bundle.json",
            json.dumps(found.bundle, indent=2, ensure_ascii=False),
            zipfile.ZIP_DEFLATED,
        )
        for f in found.files:
            with f.open() as source, archive.open(f.path, "w", force_zip64=True) as out:
                while chunk := source.read(1 << 20):
                    out.write(chunk)
    spool.seek(0)

    def chunks() -> Iterator[bytes]:
        try:
            while chunk := spool.read(1 << 20):
                yield chunk
        finally:
            spool.close()

    return StreamingResponse(
        chunks(),
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{found.name}"'},
    )
