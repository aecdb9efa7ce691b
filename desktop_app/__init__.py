"""commdraft: drafting assistant for UN Special Procedures communications."""

from __future__ import annotations

from pathlib import Path

__version__ = "0.1.0"

#: The checkout's root (templates/, i18n/, drafts/, tools/); in an installed package it is
#: site-packages, and the program finds its own files with ``desktop_app.resources``.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
