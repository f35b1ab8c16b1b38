"""Every post's address: a slug unique per locale across all notes, fixed once it is given.

Slugs come from titles, so two notes can ask for the same one, and an edited title would move a
published post to a new URL. The address book (table ``addresses``, migration 4) settles both
before any target writes: the first note to ask gets the slug, a later one gets a suffix derived
from its own id (stable from run to run, whatever order notes are published in), and a note
keeps the address it was given until ``publisher publish ID --new-slug``. Every target writes
the settled slug, so file name, folder, ``slug:`` front matter and Strapi's ``slug`` agree.
The same book records when a note was first seen, the date of a post whose note has none.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

from publisher.errors import AddressTaken
from publisher.models import EnrichedNote
from publisher.state import StateStore
from publisher.targets.base import Target

SLUG_MAX = 80
SUFFIX_LEN = 6
MOVES = 3  # new addresses tried for a post whose slug the target says is someone else's
# Owner of a slug found taken in a target by an entry this state does not know; the space makes
# it impossible as a note id (source.ID_RE), so no note ever matches it.
OUTSIDE = "taken in a target: "


def suffixed(slug: str, note_id: str, attempt: int = 0) -> str:
    """``slug`` with a short tag of the note id: the same note always gets the same one."""
    seed = note_id if attempt == 0 else f"{note_id}\n{attempt}"
    tag = hashlib.sha256(seed.encode("utf-8")).hexdigest()[:SUFFIX_LEN]
    return f"{slug[: SLUG_MAX - SUFFIX_LEN - 1].rstrip('-')}-{tag}"


def choose(wanted: str, note_id: str, holder: Callable[[str], str | None]) -> str:
    """The wanted slug if no other note holds it, else the first free suffixed form."""
    candidate = wanted
    attempt = 0
    while (owner := holder(candidate)) is not None and owner != note_id:
        candidate = suffixed(wanted, note_id, attempt)
        attempt += 1
    return candidate


class AddressBook:
    """The ``addresses`` table of a state database."""

    def __init__(self, state: StateStore) -> None:
        self._state = state

    def settle(self, note: EnrichedNote) -> EnrichedNote:
        """The note with each locale's slug replaced by its address, and its first-seen time.

        A locale that has an address keeps it, whatever the title says now; one that has none
        reserves one now, in the same transaction as the check, so two workers cannot take the
        same slug.
        """
        posts = dict(note.posts)
        with self._state.transaction() as db:
            for locale, post in note.posts.items():
                row = db.execute(
                    "SELECT slug FROM addresses WHERE note_id = ? AND locale = ?",
                    (note.note_id, locale),
                ).fetchone()
                if row is None:
                    slug = choose(post.slug, note.note_id, _holder(db, locale))
                    db.execute(
                        "INSERT INTO addresses (note_id, locale, slug, claimed_at) "
                        "VALUES (?, ?, ?, ?)",
                        (note.note_id, locale, slug, datetime.now(UTC).isoformat()),
                    )
                else:
                    slug = str(row[0])
                posts[locale] = post.model_copy(update={"slug": slug})
            seen = db.execute("SELECT created_at FROM notes WHERE id = ?", (note.note_id,))
            first = seen.fetchone()
        first_seen = note.first_seen or (str(first[0]) if first else None)
        return note.model_copy(update={"posts": posts, "first_seen": first_seen})

    def taken(self, note_id: str, locale: str, slug: str) -> None:
        """A target already has someone else's entry at ``slug``: no note is given it again,
        and this note's claim goes, so its next ``settle`` picks a new (suffixed) address."""
        with self._state.transaction() as db:
            db.execute(
                "DELETE FROM addresses WHERE note_id = ? AND locale = ?", (note_id, locale)
            )
            db.execute(
                "INSERT OR IGNORE INTO addresses (note_id, locale, slug, claimed_at) "
                "VALUES (?, ?, ?, ?)",
                (OUTSIDE + slug, locale, slug, datetime.now(UTC).isoformat()),
            )

    def release(self, note_id: str) -> None:
        """Give up a note's addresses, so its next publish takes new ones from its titles."""
        with self._state.transaction() as db:
            db.execute("DELETE FROM addresses WHERE note_id = ?", (note_id,))

    def slugs(self, note_id: str) -> dict[str, str]:
        """The note's addresses by locale (empty before its first publish)."""
        with self._state.transaction() as db:
            rows = db.execute(
                "SELECT locale, slug FROM addresses WHERE note_id = ?", (note_id,)
            ).fetchall()
        return {str(row[0]): str(row[1]) for row in rows}


def _holder(db: sqlite3.Connection, locale: str) -> Callable[[str], str | None]:
    """Who holds a slug in this locale, read inside the caller's transaction."""

    def holder(slug: str) -> str | None:
        row = db.execute(
            "SELECT note_id FROM addresses WHERE locale = ? AND slug = ?", (locale, slug)
        ).fetchone()
        return str(row[0]) if row else None

    return holder


def publish_addressed(note: EnrichedNote, target: Target, state: StateStore) -> EnrichedNote:
    """Publish the note at its settled addresses; returns the note as written.

    A target that finds another entry at an address (made by hand, or by a publisher with
    another state) raises AddressTaken: that slug is marked taken and the note is written again
    at a new one, so every place still agrees on one slug per post and locale.
    """
    book = AddressBook(state)
    for move in range(MOVES):
        settled = book.settle(note)
        previous = state.publications(note.note_id, target.name)
        try:
            target.publish(settled, previous, state.record_publication)
        except AddressTaken as exc:
            if move == MOVES - 1:
                raise
            book.taken(note.note_id, exc.locale, exc.slug)
        else:
            return settled
    raise AssertionError("MOVES must be at least 1")
