"""commdraft: drafting assistant for UN Special Procedures communications."""

from __future__ import annotations

from pathlib import Path

__version__ = "0.1.0"

#: The checkout (or installed tree) root: holds templates/, i18n/ and drafts/.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
