"""Ids as the web shell accepts them: whole numbers a record's id can be (1 … 2³¹ − 1: the
id columns are INTEGER, 32 bits in PostgreSQL). A path id outside that range names no record
and is answered with the one 404 (errors.py); one in a JSON body is a 422 naming the field.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query
from pydantic import Field

MAX_ID = 2**31 - 1
MAX_OFFSET = 1_000_000

RecordId = Annotated[int, Path(ge=1, le=MAX_ID)]
RecordRef = Annotated[int, Field(ge=1, le=MAX_ID)]
QueryId = Annotated[int, Query(ge=1, le=MAX_ID)]
