"""What a photo's working copy left out, as stored and as people read it.

The `removed` column of an attachment (and the `removed` list in a bundle) holds short English
tokens that never change meaning: older vaults, other devices and bundles carry them, so they are
identifiers, not text for people. `describe_removed` turns one into a translated phrase for the
command line and the desktop app.

Tokens must match the bundle format's label pattern (ASCII letters, digits, space and `!()+-`)
and contain no comma (the column joins them with commas).
"""

from __future__ import annotations

import re

from intake.i18n import _

EXIF_GPS = "EXIF GPS"
EXIF = "EXIF"
XMP = "XMP"
IPTC = "IPTC"
MPF = "MPF"
COMMENT = "comment"
THUMBNAIL = "thumbnail"
TEXT = "text"
TIME = "time"
C2PA = "C2PA"
TRAILING_DATA = "trailing data"
COLOUR_PROFILE = "colour profile"
ANIMATION = "animation"
OTHER = "other"

METADATA_NOT_REMOVED = "!not-removed"
"""Stored in place of labels when the image was kept but its metadata could not be removed (it is
damaged after its start: see intake/image_metadata.py). The "!" keeps it apart from any label."""

_APP_SEGMENT = re.compile(r"APP(1[0-5]|[0-9])", re.ASCII)


def describe_removed(token: str) -> str:
    """A translated, human-readable name for a stored token. A token this version does not know
    (a bundle from a newer one) is shown as it is: the bundle format restricts it to plain ASCII."""
    described = _descriptions().get(token)
    if described is not None:
        return described
    app = _APP_SEGMENT.fullmatch(token)
    if app is not None:
        return _("other metadata (JPEG APP{number})").format(number=app.group(1))
    return token


def _descriptions() -> dict[str, str]:
    # Built on each call: the language can change while the program runs.
    return {
        EXIF_GPS: _("EXIF (with GPS location)"),
        EXIF: _("EXIF (camera, date, settings)"),
        XMP: _("XMP (author, description, editing history)"),
        IPTC: _("IPTC (caption, author, place)"),
        MPF: _("index of embedded images (MPF)"),
        COMMENT: _("comment"),
        THUMBNAIL: _("embedded thumbnail"),
        TEXT: _("text chunks"),
        TIME: _("time of last change"),
        C2PA: _("content credentials (C2PA)"),
        TRAILING_DATA: _("data after the image (embedded images or video)"),
        COLOUR_PROFILE: _("colour profile (may name the camera or screen)"),
        ANIMATION: _("animation frames"),
        OTHER: _("other data blocks"),
        METADATA_NOT_REMOVED: _("metadata could not be removed"),
    }
