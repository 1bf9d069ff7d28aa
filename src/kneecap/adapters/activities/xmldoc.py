"""Parsing an uploaded GPX or TCX file safely, and reading namespaced tags."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as safe_fromstring

from kneecap.adapters.activities.errors import ActivityFileError


def parse_xml(data: bytes, kind: str) -> ET.Element:
    """The document's root; ActivityFileError saying why when it cannot be read."""
    try:
        # defusedxml: an uploaded file must not be able to expand entities or fetch DTDs.
        root: ET.Element = safe_fromstring(data)
    except ET.ParseError as exc:
        raise ActivityFileError(f"not a readable {kind} file (XML error: {exc})") from exc
    except LookupError as exc:  # the XML declaration names an encoding Python does not know
        raise ActivityFileError(
            f"not a readable {kind} file: its XML declaration names an unknown text encoding "
            f"({exc}); export it again from the watch or app"
        ) from exc
    except DefusedXmlException as exc:
        raise ActivityFileError(
            f"not accepted: the {kind} file declares XML entities or a DTD ({type(exc).__name__}); "
            "export it again from the watch or app"
        ) from exc
    return root


def local(tag: str) -> str:
    """A tag without its namespace: '{http://…}trkpt' -> 'trkpt'."""
    return tag.rsplit("}", 1)[-1]
