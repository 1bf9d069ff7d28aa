"""Uploaded GPX/TCX files cannot make the XML parser expand entities (billion laughs)."""

from __future__ import annotations

import pytest

from kneecap.adapters.activities.errors import ActivityFileError
from kneecap.adapters.activities.gpx import read_gpx
from kneecap.adapters.activities.tcx import read_tcx

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<ROOT><name>&lol2;</name></ROOT>"""


@pytest.mark.parametrize(
    ("reader", "root"), [(read_gpx, b"gpx"), (read_tcx, b"TrainingCenterDatabase")]
)
def test_entity_declarations_are_refused_with_a_clear_reason(reader, root) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ActivityFileError, match="declares XML entities"):
        reader(BOMB.replace(b"ROOT", root), "bomb.xml")


@pytest.mark.parametrize(
    ("reader", "root"), [(read_gpx, b"gpx"), (read_tcx, b"TrainingCenterDatabase")]
)
def test_an_unknown_declared_encoding_is_a_reader_error_that_says_so(reader, root) -> None:  # type: ignore[no-untyped-def]
    # Found by mutating real GPX files: one flipped byte turned "UTF-8" into "UTFA8".
    doc = b'<?xml version="1.0" encoding="UTFA8"?><ROOT></ROOT>'.replace(b"ROOT", root)
    with pytest.raises(ActivityFileError, match="unknown text encoding"):
        reader(doc, "flipped.gpx")
