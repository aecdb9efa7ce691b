"""Keeping a store whole: backups, quarantine of damaged cases, restoring, re-encoding and migrations."""
