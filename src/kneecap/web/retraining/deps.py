"""The retraining service as a route dependency."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from kneecap.services.retraining import RetrainingService
from kneecap.web.deps import _from_container

RetrainingDep = Annotated[RetrainingService, Depends(_from_container(lambda c: c.retraining))]
