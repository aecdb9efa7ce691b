"""The seed's 8-word runs, as hashes: tests check that our prose copies no sentence of it
without keeping the seed's text in the project (``tests/fixtures/seed_grams.txt``, made from
``../shared/seeds`` by ``python tests/seed_grams.py``)."""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

FIXTURE = Path(__file__).with_name("fixtures") / "seed_grams.txt"
SEED_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def words(text: str, *, drop: tuple[str, ...] = ()) -> list[str]:
    """Words of running prose; numbers and anything with a digit (facts) are left out."""
    found = re.findall(r"[a-z0-9]+", text.lower().replace("\u2019", "'"))
    return [w for w in found if not re.search(r"\d", w) and w not in drop]


def gram_hash(gram: tuple[str, ...] | list[str]) -> str:
    return hashlib.sha256(" ".join(gram).encode("utf-8")).hexdigest()[:20]


def grams_of(text: str, *, drop: tuple[str, ...] = ()) -> set[str]:
    w = words(text, drop=drop)
    return {gram_hash(w[i:i + 8]) for i in range(len(w) - 7)}


def seed_grams() -> set[str]:
    return set(FIXTURE.read_text(encoding="ascii").split())


def build() -> set[str]:
    seed = " ".join(p.read_text(encoding="utf-8") for p in sorted(SEED_DIR.glob("*.txt")))
    return grams_of(seed) | grams_of(seed, drop=("upi",))


if __name__ == "__main__":
    FIXTURE.write_text("\n".join(sorted(build())) + "\n", encoding="ascii")
    print(FIXTURE, file=sys.stderr)
