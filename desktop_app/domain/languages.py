"""The six official UN languages (codes), in UN order. A module of its own so that light
importers (the language bootstrap of the window) do not load the whole domain."""

from __future__ import annotations

LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
