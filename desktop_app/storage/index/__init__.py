"""The list index of a store: summaries, the in-memory cache kept in line with the case files, and its TinyDB table."""
