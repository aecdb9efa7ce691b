"""The use-cases that the CLI and the window both call: one place, no duplicated logic.

``core`` (the Workspace), ``cases``, ``case_files``, ``documents``, ``reviews`` and ``xliff``
hold them; the names are re-exported lazily (PEP 562) so that a command which needs
only ``default_workspace`` does not load the store, the documents and the encryption.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    **{name: "desktop_app.workspace.location" for name in ("default_workspace",
                                                           "store_location")},
    **{name: "desktop_app.workspace.xliff" for name in ("export_xliff", "import_xliff")},
    **{name: "desktop_app.workspace.reviews" for name in (
        "ReviewImport", "decide", "export_review", "import_review", "last_reviewed_revision",
        "resolve")},
    **{name: "desktop_app.workspace.core" for name in (
        "Workspace", "backups_of", "check_passphrase", "restore")},
    **{name: "desktop_app.workspace.cases" for name in ("DEMO_ID", "DEMO_SENT", "OpenItemsError")},
    **{name: "desktop_app.workspace.case_files" for name in ("ImportResult", "read_case_file")},
    **{name: "desktop_app.workspace.documents" for name in ("document_stem", "parse_languages")},
}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'desktop_app.workspace' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
