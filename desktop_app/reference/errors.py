"""The one error this package raises: broken or missing reference data, or an unknown id."""

from __future__ import annotations

from desktop_app.domain.errors import CommdraftError


class ReferenceDataError(CommdraftError):
    """Reference data that cannot be used. The message names the file, the entry and the field
    (``mandates.json: entry 3 ('hrd'): field 'resolutions' must be a list``) or, for a lookup,
    the unknown id and where to find the valid ones."""
