"""Every coded message of the core, once: code -> English template (``N_()``, or
``ngettext()`` for the ones with a count), translated through the ``messages`` catalog.
``workspace.messages`` puts them in words (:func:`~desktop_app.workspace.messages.describe`).
"""

from __future__ import annotations

from typing import NamedTuple

from desktop_app.i18n import N_


class Plural(NamedTuple):
    """A message whose words depend on a number (the ``count`` parameter)."""

    singular: str
    plural: str


def ngettext(singular: str, plural: str) -> Plural:
    """Mark a message with a count for extraction (as ``N_`` does for the others); it is
    translated by :func:`describe` with the catalog's plural rules (Arabic has six forms,
    Russian three, Chinese one)."""
    return Plural(singular, plural)


#: Every coded message: code -> English template. The codes each producer gives are listed
#: beside it (``completeness.CODES``, ``lifecycle.CODES``, ``checks.CODES``,
#: ``reviews.CODES``, ``storage.errors.CODES``); a test checks that each has its template here.
TEMPLATES: dict[str, str | Plural] = {
    # ---- the checklist (domain.completeness): case and recipient
    "recipient.no_state": N_("Choose the State the letter is addressed to."),
    "recipient.no_name": N_("Name the recipient (a company, an organisation or a group)."),
    "mandates.none": N_("Add the signing mandates, the lead mandate first."),
    "mandate.unknown": N_("The mandate {mandate} is not in the reference data."),
    "sent.no_date": N_("The case is marked sent but has no date sent."),
    "sent.no_reference": N_("The case is marked sent but has no reference."),
    "reply.before_sent": N_(
        "The reply ({reply}) is dated before the letter was sent ({sent})."),
    "reply.no_date_sent": N_("A reply is recorded but the date sent is missing."),
    "reply.no_kind": N_(
        "Say whether the reply is substantive or only an acknowledgement of receipt."),
    "related.reply_before_letter": N_(
        "The reply to {reference} is dated before that letter."),
    "related.no_date": N_("Give the date of {reference}."),
    # persons
    "persons.none": N_("Add the persons or organisations concerned."),
    "person.no_role": N_("Describe who {name} is (their role, in {lang})."),
    "person.no_gender": N_(
        "Give the gender of {name}, for the honorific (or leave it unspecified on purpose)."),
    "person.no_public_name": N_(
        "{name} has not consented to be named in public: give a public name (otherwise the "
        "initials are used)."),
    # the letter's sections
    "summary.missing": N_("Say in one sentence what the information received concerns."),
    "background.empty": N_("Write the background."),
    "allegations.empty": N_("Write the allegations."),
    "concerns.empty": N_("Write the concerns."),
    "legal_framework.none": N_("Choose the applicable clauses of the legal framework."),
    "clause.unknown": N_("The clause {clause} is not in the reference data."),
    "questions.none": N_("Add at least one question to the Government."),
    "question.unknown": N_("The standard question {question} is not in the reference data."),
    # public summary
    "topic.missing": N_("Give the topic of the public summary."),
    "urgent_request.empty": N_(
        "An urgent appeal asks for immediate steps: write the urgent request (what must be "
        "done at once for the persons concerned)."),
    "instrument.no_title": N_(
        "An other letter comments on a text: give the title of the bill, law or policy."),
    "instrument.no_date": N_("Give the date of the text the letter comments on."),
    "instrument.not_ol": N_(
        "A text to comment on is recorded, but the letter is a {kind}: only an other letter "
        "(OL) presents it."),
    "public.empty": N_(
        "Write the shortened background, allegations and concerns for the public summary."),
    # ---- the checklist (workspace.checks): what the reference data and translations tell
    "mandate.old_resolution": N_(
        "The latest resolution recorded for the mandate “{mandate}” is {resolution} ({year}): "
        "check it, and record the current renewal (Case step, “Record a holder or renewal…”; "
        "or `commdraft add-reference mandate FILE`)."),
    "mandate.ended": N_(
        "The mandate “{mandate}” ended on {ended}: a letter of {date} cannot be sent under it."),
    "mandate.not_started": N_(
        "The mandate “{mandate}” has not started: a letter of {date} cannot be sent under it."),
    "mandate.term_ended": N_(
        "The data records {name} as holder of the mandate “{mandate}” with no end date, but a "
        "tenure of six years ended on {ended}: record who signs on {date} (Case step, "
        "“Record a holder or renewal…”; or `commdraft add-holder`)."),
    "mandate.cites": N_(
        "For the mandate “{mandate}” the letter cites {body} resolution {resolution}, adopted "
        "on {adopted}."),
    "mandate.cites_year": N_(
        "For the mandate “{mandate}” the letter cites {body} resolution {resolution}, of "
        "{year}."),
    "mandate.cites_override": N_(
        "For the mandate “{mandate}” the letter cites resolution {resolution}, as chosen for "
        "this letter."),
    "mandate.override_unknown": N_(
        "The resolution {resolution} chosen for the mandate “{mandate}” is not among its "
        "recorded resolutions: check the number, or record it."),
    "mandate.no_resolution": N_(
        "No resolution of the mandate “{mandate}” had been adopted by the letter's date."),
    "mandate.no_holder": N_(
        "No holder of the mandate “{mandate}” is recorded for {date}: record who signs (Case "
        "step, “Record a holder or renewal…”; or `commdraft add-holder`)."),
    "translation.title_unchecked": ngettext(
        "The title “{mandates}” in {lang} is a working translation, not yet checked against "
        "a UN source: have it checked (UNTERM) before sending.",
        "The titles {mandates} in {lang} are working translations, not yet checked against "
        "a UN source: have them checked (UNTERM) before sending."),
    "translation.missing": ngettext(
        "The translation into {lang} has {count} text still to translate (Translation step, "
        "or `commdraft translation {case} --lang {lang_code}`).",
        "The translation into {lang} has {count} texts still to translate (Translation step, "
        "or `commdraft translation {case} --lang {lang_code}`)."),
    "translation.stale": ngettext(
        "The translation into {lang} has {count} text made from an older source text: update "
        "it (Translation step, or `commdraft translation {case} --lang {lang_code}`).",
        "The translation into {lang} has {count} texts made from an older source text: update "
        "them (Translation step, or `commdraft translation {case} --lang {lang_code}`)."),
    "review.open": N_(
        "The legal review has {comments} and {changes}: decide on each (Legal review step, or "
        "`commdraft review list {case}`)."),
    # ---- status changes (domain.lifecycle): the refusal, then each reason
    "status.refused": N_("The case cannot become “{status}”: {reasons}."),
    "status.unknown": N_("“{status}” is not a status (use one of {allowed})"),
    "status.not_allowed": N_("a case that is “{current}” can only move to: {allowed}"),
    "send.no_date": N_("the date sent is missing"),
    "send.date_in_future": N_("the date sent, {date}, is in the future"),
    "send.no_mandate": N_("no signing mandate is chosen"),
    "send.no_state": N_("no recipient State is chosen"),
    "send.no_recipient_name": N_("the recipient has no name"),
    "publish.no_date": N_("the date sent is missing"),
    "publish.too_early": N_("the 60 days of confidentiality end on {date}"),
    "publish.no_reference": N_("the case has no reference"),
    # ---- sending (workspace.core, domain.sending)
    "send.open_items": ngettext(
        "{case} still has {count} open item on its checklist: finish it, or mark the case sent "
        "anyway (`commdraft mark-sent --force`).",
        "{case} still has {count} open items on its checklist: finish them, or mark the case "
        "sent anyway (`commdraft mark-sent --force`)."),
    "case.frozen": N_(
        "{case} has been sent: its letter is frozen and cannot change ({fields}). If the letter "
        "itself must be corrected, reopen it first, with a reason. Nothing was written."),
    "encrypt.plaintext_left": ngettext(
        "{folder} holds {count} file of case content outside the store, which encryption "
        "would leave readable ({files}): move it out of the workspace, or encrypt with "
        "--remove-plaintext to delete it. Nothing was changed.",
        "{folder} holds {count} files of case content outside the store, which encryption "
        "would leave readable ({files}): move them out of the workspace, or encrypt with "
        "--remove-plaintext to delete them. Nothing was changed."),
    "encrypt.plaintext_write": N_(
        "{file} is inside an encrypted workspace and would hold case content in clear: write "
        "it outside the workspace, or confirm that it may be written in clear."),
    "file.unreadable": N_("{file} cannot be read ({reason})."),
    "file.disk_full": N_("{file} could not be written: the disk is full. Free some space, or "
                         "choose another folder, and try again; nothing was written."),
    "file.no_permission": N_("{file} could not be written: the folder is read-only or you may "
                             "not write in it. Choose another folder; nothing was written."),
    "file.write_failed": N_("{file} could not be written ({reason}); nothing was written."),
    "file.failed": N_("{file} could not be used ({reason})."),
    "reopen.not_sent": N_("Only a sent or published case can be reopened (this one is "
                          "“{status}”)."),
    "reopen.no_reason": N_("Say why the letter is reopened: the reason is kept in the case's "
                           "history."),
    "reference.wrong_kind": N_("The reference {reference} is for a {given}, but this case is "
                               "a {kind}."),
    "reference.wrong_state": N_("The reference {reference} is for {given}, but this case is "
                                "addressed to {state}."),
    "reference.wrong_year": N_("The reference {reference} is of {year}, but the letter is "
                               "dated {date}."),
    "case.unknown": N_(
        "There is no case {case} in this workspace: give a case id or a reference (see "
        "`commdraft list`)."),
    # ---- the store (storage): writes the disk refused
    "store.write_failed": N_("{action}: {reason} ({file}); nothing was changed."),
    "store.write_failed_no_file": N_("{action}: {reason}; nothing was changed."),
    "conflict.not_kept": N_(
        "Could not save case {case}: it was saved elsewhere since revision {revision}, and your "
        "version could not be kept aside either ({reason}). Nothing was changed: keep your text "
        "open and copy it somewhere safe."),
    "store.locked": N_(
        "The workspace is busy: another commdraft (another window, another process or a "
        "colleague on a shared drive) is writing to it, and it could not be locked within "
        "{seconds} s. Try again in a moment."),
    "store.locked_by": N_(
        "The workspace is busy: commdraft on {host} (process {pid}) is writing to it, and it "
        "could not be locked within {seconds} s. Try again in a moment."),
    # saves refused because someone else saved first
    "case.exists": N_(
        "A case with the id {case} already exists (revision {revision}, saved {saved}): nothing "
        "was changed, and your version was kept in the workspace's conflicts folder."),
    "conflict.saved_elsewhere": N_(
        "Case {case} was saved elsewhere after you opened it: you edited revision {revision}, "
        "the workspace has revision {current} (saved {saved}). Nothing was overwritten, and "
        "your version was kept in the workspace's conflicts folder."),
    "conflict.deleted": N_(
        "Case {case} was deleted meanwhile (it is in the trash), so revision {revision} cannot "
        "be saved over it; your version was kept in the workspace's conflicts folder."),
    "conflict.gone": N_(
        "Case {case} does not exist, so revision {revision} cannot be saved over it; your "
        "version was kept in the workspace's conflicts folder."),
    "conflict.not_deleted": N_(
        "Case {case} was saved elsewhere since revision {revision} (the workspace has revision "
        "{current}, saved {saved}): it was not deleted."),
    "case.exists_no_restore": N_(
        "Case {case} exists (revision {revision}): a deleted copy cannot be restored over it."),
    # cases that are not there
    "case.not_found": N_("There is no case {case} in this workspace."),
    "case.in_trash": N_("Case {case} is in the trash: restore it to use it."),
    "case.not_an_id": N_("There is no case {case}: that is not a case id."),
    "case.no_such_revision": N_(
        "Case {case} has no revision {revision} (it has revisions {first} to {last})."),
    "case.no_deleted": N_("There is no deleted case {case} in the trash."),
    "reference.taken": N_(
        "The reference {reference} is already used by {other}: numbers are shared by all kinds "
        "of letter. Nothing was saved."),
    # damaged, newer, encrypted or replaced stores
    "store.damaged": N_("A file of the workspace's store is damaged: {file}. It was left as it "
                        "is."),
    "store.damaged_line": N_(
        "A file of the workspace's store is damaged: {file}, line {line}. It was left as it "
        "is."),
    "docx.not_docx": N_(
        "{file} is not a Word document (.docx). If it was saved as .doc or PDF, save it again "
        "from Word as a Word Document (.docx)."),
    "docx.damaged": N_("{file}: the Word document is damaged ({reason}); it was not read."),
    "docx.too_large": N_("{file} is larger than {limit} MB, more than a Word letter with its "
                         "comments ever is; it was not read."),
    "docx.too_many_parts": N_("{file} holds more than {limit} parts, more than a Word document "
                              "ever has; it was not read."),
    "docx.part_too_large": N_("{file}: its part {part} expands to more than {limit} MB (a zip "
                              "bomb?); it was not read."),
    "docx.expands_too_much": N_("{file} expands to more than {limit} MB in all (a zip bomb?); "
                                "it was not read."),
    "docx.xml_too_large": N_("{file}: its XML expands to more than {limit} MB, more than a Word "
                             "letter ever has; it was not read."),
    "docx.dtd": N_("{file}: its part {part} declares a DTD or entities (<!DOCTYPE>), which Word "
                   "never writes; it was not read."),
    "docx.too_deep": N_("{file}: its XML nests elements more than {limit} deep, which Word "
                        "never writes; it was not read."),
    "review.not_review_copy": N_(
        "{file}: this document is not a commdraft review copy (its properties name no case). "
        "Export a review copy from the case, and send that one for comment."),
    "review.too_many_items": N_("{file} carries more than {limit} comments and changes, more "
                                "than a review ever leaves; it was not read."),
    "review.bookmarks_ignored": ngettext(
        "{count} bookmark of the copy names no paragraph of a case and was ignored: {names}.",
        "{count} bookmarks of the copy name no paragraph of a case and were ignored: {names}."),
    "xliff.too_large": N_("{file}: larger than {limit} MB, more than the translation of a letter "
                          "ever is; it was not read."),
    "xliff.dtd": N_("{file}: declares a DTD or entities (<!DOCTYPE>), which an XLIFF file never "
                    "has; it was not read."),
    "xliff.not_xliff": N_("{file}: not an XLIFF file ({reason})."),
    "xliff.other_case": N_("{file}: this file was made for {made_for}, not for case {case}."),
    "xliff.bad_language": N_("{file}: target-language {lang} is not a language the case can be "
                             "translated into (the case's source language is {source})."),
    "xliff.not_commdraft": N_("{file}: not an XLIFF file made by commdraft (its <file> names no "
                              "case)."),
    "case.damaged": N_(
        "Case {case} is damaged: {file}. It was set aside, its bytes kept as they were; the "
        "other cases are not affected."),
    "case.damaged_line": N_(
        "Case {case} is damaged: {file}, line {line}. It was set aside, its bytes kept as they "
        "were; the other cases are not affected."),
    "store.case_backup_available": N_(
        "The backup {backup} (made {made}) holds a readable copy of case {case} (revision "
        "{revision}, saved {saved}): restoring the case from it (commdraft restore --case "
        "{case}) replaces only this case, and the damaged file is kept."),
    "store.no_case_backup": N_(
        "No backup holds a readable copy of case {case}: keep the workspace as it is and ask "
        "for help; the damaged file is kept."),
    "case.no_backup_copy": N_(
        "No backup holds a readable copy of case {case}: it cannot be restored. Nothing was "
        "changed."),
    "case.not_damaged": N_(
        "Case {case} is not damaged (it reads well, revision {revision}): it was not replaced "
        "by a backup copy. Nothing was changed."),
    "conflict.damaged": N_(
        "Case {case} is damaged and was set aside ({file}), so revision {revision} cannot be "
        "saved over it; your version was kept in the workspace's conflicts folder. Restore the "
        "case from a backup, then bring your version back."),
    "store.read_only": N_(
        "{action}: the workspace is read-only ({reason}): its cases can be listed and read, "
        "not changed. Nothing was changed."),
    "store.backup_available": ngettext(
        "Nothing was changed. The newest backup is {backup} (made {made}, {count} case): "
        "restoring it keeps the damaged store beside it.",
        "Nothing was changed. The newest backup is {backup} (made {made}, {count} cases): "
        "restoring it keeps the damaged store beside it."),
    "store.no_backup": N_(
        "Nothing was changed. There is no backup of this store to restore: keep the workspace "
        "as it is and ask for help."),
    "store.newer_version": N_(
        "This workspace was made by a newer commdraft (schema version {version}; this one "
        "reads up to {supported}): update commdraft to open it. Nothing was changed."),
    "store.passphrase_required": N_(
        "This workspace is encrypted: it opens only with its passphrase."),
    "store.wrong_passphrase": N_(
        "Wrong passphrase: it does not unlock this workspace (nothing was read or changed). "
        "Check the keyboard layout and Caps Lock."),
    "store.cannot_decrypt": N_(
        "Stored data cannot be decrypted: it was altered or damaged, or the key is wrong. It "
        "was left as it is."),
    "store.replaced": N_(
        "The store was re-encoded or restored by another window or process meanwhile: open the "
        "workspace again."),
    "store.none": N_("There is no commdraft store in {folder}."),
    "store.exists": N_("There is already a commdraft store in {folder}."),
    "store.closed": N_("The store is closed: open the workspace again."),
    "store.no_backups": N_("There is no backup to restore in {folder}."),
    "store.not_a_backup": N_("{file} is not a backup of a store."),
    # ---- the team store on a server (storage.postgres), and copying between stores
    "store.server_unreachable": N_(
        "The team store at {server} cannot be reached: check the network, or ask its "
        "administrator whether the server is running; commdraft connects again by itself. If "
        "a save was under way, it was not confirmed: save again once the server is back."),
    "store.server_login": N_(
        "The team store at {server} refused the login: check your user name and password, or "
        "ask its administrator to add you."),
    "store.server_tls": N_(
        "The secure connection to the team store at {server} was refused: its certificate "
        "is not signed by the certificate authority you were given, or names another server, "
        "or your own certificate was not accepted. Ask its administrator for the authority's "
        "file and for your certificate."),
    "store.server_none": N_(
        "There is no commdraft store in the database at {server}: its administrator creates "
        "one with `commdraft store init`."),
    "store.server_outdated": N_(
        "The commdraft store at {server} has schema version {version}; this commdraft needs "
        "{supported}. Its administrator brings it up to date with `commdraft store upgrade`. "
        "Nothing was changed."),
    "store.server_error": N_("The team store at {server} refused the request ({detail})."),
    "store.forbidden": N_(
        "Your role ({role}) does not allow this change to case {case}: a case is changed only "
        "by the team of its lead mandate, and created, deleted or restored only by drafters "
        "and administrators. Nothing was changed."),
    "store.server_backups": N_(
        "The team store at {server} is backed up and restored on the server (pg_dump), by its "
        "administrator, not by commdraft. Nothing was changed."),
    "store.server_encryption": N_(
        "The team store at {server} has no passphrase: TLS protects the connection, and the "
        "server's disk encryption protects the data. Nothing was changed."),
    "conflict.unknown": N_(
        "No version from a refused save is kept under {label} (or it was kept for another "
        "person)."),
    "store.not_a_server": N_(
        "{location} is not the location of a team store: give it as "
        "`postgresql://USER@HOST/DATABASE`."),
    "store.server_needed": N_(
        "This command works on a team store: give its location with `--store "
        "postgresql://USER@HOST/DATABASE` or the COMMDRAFT_STORE variable."),
    "store.user_needs_mandates": N_(
        "A drafter, translator or reviewer belongs to at least one mandate team: give their "
        "teams with `--mandates a,b`. Nobody was added."),
    "store.copy_needs_passphrase": N_(
        "{folder} is an encrypted workspace: give its passphrase (`--passphrase-file FILE` or "
        "COMMDRAFT_PASSPHRASE) to copy it. Nothing was copied."),
    "store.copy_taken": ngettext(
        "The target store already holds {count} of the cases to copy ({cases}): nothing was "
        "copied. Copy into a store that does not hold it yet.",
        "The target store already holds {count} of the cases to copy ({cases}): nothing was "
        "copied. Copy into a store that does not hold them yet."),
    "store.copy_mismatch": ngettext(
        "{count} case reads differently in the target store after the copy ({cases}): check "
        "the target store before using it. The source store was not changed.",
        "{count} cases read differently in the target store after the copy ({cases}): check "
        "the target store before using it. The source store was not changed."),
    # ---- legal review (workspace.reviews)
    "review.revision_missing": N_(
        "Revision {revision}, from which this copy was made, is not in the store: the changes "
        "are compared with the case as it is now."),
    "review.paragraphs_changed": ngettext(
        "{count} paragraph changed in the case since this copy was made (revision {revision}, "
        "now {current}): {paragraphs}. A change proposed for it is a conflict to merge by hand.",
        "{count} paragraphs changed in the case since this copy was made (revision "
        "{revision}, now {current}): {paragraphs}. A change proposed for them is a conflict to "
        "merge by hand."),
    "review.paragraphs_lost": ngettext(
        "{count} paragraph of the copy was deleted or lost its marks: {paragraphs}.",
        "{count} paragraphs of the copy were deleted or lost their marks: {paragraphs}."),
    "review.nothing_new": N_(
        "Nothing new: every comment and change of this file is already in the case."),
    "review.other_workspace": N_(
        "{file}: this review copy belongs to case {case}, which is not in this workspace: open "
        "the workspace it was exported from."),
    "review.no_revision": N_(
        "Revision {revision} does not exist: the case has revisions 1 to {last}."),
    "review.no_text": N_("Revision {revision} has no text in {lang} to compare with."),
    "document.no_text": N_("The case has no text in {lang} yet: write it, or translate it on "
                           "the Translation step."),
}
