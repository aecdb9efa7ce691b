"""The workspace: a folder holding the case store (``store/``), its own reference data
(``reference/``) and the generated documents (``documents/``); opening, encryption, backups.

What a workspace does is in rooms of its own, joined here: ``cases`` (load, save, lifecycle, the
in-memory operations), ``case_files`` (import and export), ``documents`` (rendering).
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import Any

from desktop_app.domain.errors import CommdraftError
from desktop_app.reference import ReferenceData, load_reference
from desktop_app.storage import (
    Store,
    checked_server_location,
    create_store,
    display_location,
    list_backups,
    open_store,
    restore_backup,
)
from desktop_app.workspace.case_files import CaseFilesMixin
from desktop_app.workspace.cases import CasesMixin
from desktop_app.workspace.documents import DocumentsMixin
from desktop_app.workspace.fileerrors import writing
from desktop_app.workspace.location import default_workspace, is_inside


class Workspace(CasesMixin, CaseFilesMixin, DocumentsMixin):
    def __init__(self, root: Path, store: Store, reference: ReferenceData,
                 server: str | None = None) -> None:
        self.root = root
        self.store = store
        self.reference = reference
        #: The team server the cases are kept on (its location, no password), or None: the
        #: folder's own store.
        self.server = server

    @classmethod
    def open(
        cls, root: Path | None = None, *, passphrase: str | None = None,
        store: str | None = None, check_files: bool = True,
    ) -> Workspace:
        """Open (or create, unencrypted) a workspace; an encrypted one needs its passphrase.

        ``store``: a team server's location (``postgresql://…``) to keep the cases on instead
        of the folder's own store; the folder still holds the documents, exports and the
        workspace's reference data. ``check_files=False``: the store's files are compared
        with its index later, by :meth:`check_files` or the first change (a window lists
        its cases first)."""
        root = _workspace_folder(root)
        if store:
            server = checked_server_location(store)
            return cls._with_store(root, open_store(server), display_location(server))
        return cls._with_store(
            root, open_store(root, passphrase=passphrase, check_files=check_files))

    @classmethod
    def create(cls, root: Path, *, passphrase: str | None = None) -> Workspace:
        """A new workspace, encrypted at rest when a passphrase is given."""
        root = _workspace_folder(root)
        if passphrase is None:
            return cls._with_store(root, create_store(root))
        check_passphrase(passphrase)
        return cls._with_store(root, create_store(root, passphrase=passphrase))

    @classmethod
    def _with_store(cls, root: Path, store: Store, server: str | None = None) -> Workspace:
        extra = root / "reference"
        return cls(root, store, load_reference(extra if extra.is_dir() else None), server)

    @property
    def encrypted(self) -> bool:
        return self.store.encrypted

    def plaintext_files(self) -> list[Path]:
        """Files under the workspace that hold case content outside the store, which
        encryption of the store does not cover: documents, exported case files, XLIFF,
        quarantined copies of damaged store files."""
        keep = {self.root / "store", self.root / "reference", self.root / "i18n"}
        found = []
        for path in sorted(self.root.rglob("*")):
            if path.is_file() and not any(path.is_relative_to(k) for k in keep) \
                    and not path.name.startswith("."):
                found.append(path)
        return found

    def encrypt(self, passphrase: str, *, remove_plaintext: bool = False) -> list[Path]:
        """Encrypt every file of an existing workspace's store with a new passphrase.

        Case content outside the store (documents, exports, XLIFF, quarantined files) cannot be
        encrypted in place: the workspace is then refused, naming each file, unless
        ``remove_plaintext`` (they are deleted after the store is encrypted; documents can be
        made again). Returns the files removed."""
        check_passphrase(passphrase)
        loose = self.plaintext_files()
        if loose and not remove_plaintext:
            shown = ", ".join(str(p.relative_to(self.root)) for p in loose[:8])
            raise CommdraftError(
                f"{self.root} holds {len(loose)} file(s) of case content outside the store, "
                f"which encryption would leave readable: {shown}"
                f"{' …' if len(loose) > 8 else ''}. Move them out of the workspace, or encrypt "
                "with --remove-plaintext to delete them; nothing was changed",
                code="encrypt.plaintext_left",
                params={"folder": str(self.root), "count": len(loose),
                        "files": [str(p.relative_to(self.root)) for p in loose[:8]]})
        self.store.set_passphrase(passphrase)
        for path in loose:
            path.unlink(missing_ok=True)
            for folder in path.parents:  # folders left empty go too (store.damaged-*/...)
                if folder == self.root or not folder.is_relative_to(self.root):
                    break
                try:
                    folder.rmdir()
                except OSError:
                    break  # not empty
        return loose

    def check_plaintext(self, target: Path, plaintext: bool) -> None:
        """Refuse to write case content in clear inside an encrypted workspace, unless the
        user said so (``--plaintext`` on the command line; a question in the window)."""
        if self.encrypted and is_inside(Path(target), self.root) and not plaintext:
            raise CommdraftError(
                f"{target} is inside an encrypted workspace, and this file would hold case "
                "content in clear: write it outside the workspace, or confirm (--plaintext)",
                code="encrypt.plaintext_write", params={"file": str(target)})

    # ------------------------------------------------------------------ own reference data
    @property
    def reference_dir(self) -> Path:
        return self.root / "reference"

    @property
    def wording_dir(self) -> Path | None:
        """The workspace's own catalogs (``i18n/<lang>/LC_MESSAGES/letters.po``): an office's
        adaptation of the letters' fixed wording, over the shipped one. None when absent."""
        folder = self.root / "i18n"
        return folder if folder.is_dir() else None

    def add_holder(self, mandate_id: str, name: str, gender: str, start: date,
                   end: date | None = None) -> None:
        from desktop_app.workspace.reference_edits import add_holder

        self.reference = add_holder(self.reference_dir, mandate_id, name, gender, start, end)

    def add_renewal(self, mandate_id: str, number: str, adopted: date,
                    body: str = "HRC") -> None:
        """Record a mandate's establishing or renewing resolution, with the day it was adopted
        and by whom, in the workspace's data (letters from that day cite it)."""
        if mandate_id not in self.reference.mandates:
            raise CommdraftError(f"unknown mandate {mandate_id!r}; see `commdraft mandates`")
        if not re.fullmatch(r"(S-)?\d{1,4}/\d{1,4}( [A-Z])?", number.strip()):
            raise CommdraftError(f"{number!r} is not a resolution number such as 58/12")
        self.add_reference_entry("mandate", {"id": mandate_id, "resolutions": [
            {"number": number.strip(), "year": adopted.year, "adopted": adopted.isoformat(),
             "body": body, "adopted_checked": "un-source"}]})

    def add_reference_entry(self, kind: str, entry: dict[str, Any]) -> None:
        from desktop_app.workspace.reference_edits import upsert_entry

        self.reference = upsert_entry(self.reference_dir, kind, entry)

    def backup(self) -> Path:
        return self.store.backup()

    def backup_if_due(self) -> Path | None:
        """The daily rolling backup, when the last one is older than a day."""
        return self.store.backup_if_due()

    def backups(self) -> list[Any]:
        return self.store.list_backups()

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ cases


    # ------------------------------------------------------------------ case files


    # ------------------------------------------------------------------ documents


    # ------------------------------------------------------------------ the demo


def _workspace_folder(root: Path | None) -> Path:
    root = Path(root) if root is not None else default_workspace()
    if root.exists() and not root.is_dir():
        raise CommdraftError(f"workspace {root} is a file, not a folder")
    if not root.exists():
        root.parent.mkdir(parents=True, exist_ok=True)
        with writing(root):
            root.mkdir()
            # Owner only, but others may pass through to documents/ (which follows the umask,
            # so that colleagues can open the letters they are given the path of); they cannot
            # list the workspace, and store/, exports and XLIFF files stay the owner's alone.
            if os.name == "posix":  # Windows: the folder's ACL is inherited from its parent
                os.chmod(root, WORKSPACE_ROOT_MODE)
    return root


#: rwx--x--x: see :func:`_workspace_folder`.
WORKSPACE_ROOT_MODE = 0o711


MIN_PASSPHRASE = 10


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise CommdraftError(
            f"a passphrase needs at least {MIN_PASSPHRASE} characters (a few words is best)")


def restore(root: Path, backup: Path | None = None) -> Path:
    """Put a backup back in place of a damaged store (the damaged one is moved aside, kept)."""
    return restore_backup(_workspace_folder(root), backup)


def backups_of(root: Path) -> list[Any]:
    return list_backups(_workspace_folder(root))


