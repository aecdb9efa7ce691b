"""The files of a store: the log format and storage, case files, atomic writes, locking, permissions, encryption."""
