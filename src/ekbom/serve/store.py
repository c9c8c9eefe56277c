"""Durable state shared by every worker: feedback and the JWT replay cache, in SQLite (WAL).

Feedback is idempotent per (card uuid, outcome): a client may send the same feedback several
times. Free-text override comments are not stored (they may hold patient details); that a
comment was given is. The replay cache keeps each (iss, jti) until its token expires.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from ekbom.serve.models import Feedback

SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    card TEXT NOT NULL,
    outcome TEXT NOT NULL,
    service TEXT NOT NULL,
    suggestions TEXT,
    reason_system TEXT,
    reason_code TEXT,
    commented INTEGER NOT NULL,
    outcome_timestamp TEXT NOT NULL,
    received REAL NOT NULL,
    PRIMARY KEY (card, outcome)
);
CREATE TABLE IF NOT EXISTS seen_jti (
    iss TEXT NOT NULL,
    jti TEXT NOT NULL,
    expires REAL NOT NULL,
    PRIMARY KEY (iss, jti)
);
"""
BUSY_MS = 5000
"""How long a writer waits for another worker's transaction (an operational limit)."""


class Store:
    """One SQLite connection per process, used under a lock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA synchronous = NORMAL")
        self._db.executescript(SCHEMA)

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._db.close()

    def add_feedback(self, service: str, items: list[Feedback]) -> int:
        """Store feedback items; returns how many were new."""
        rows = [
            (
                item.card,
                item.outcome,
                service,
                ",".join(s.id for s in item.acceptedSuggestions or []) or None,
                item.overrideReason.reason.system
                if item.overrideReason and item.overrideReason.reason
                else None,
                item.overrideReason.reason.code
                if item.overrideReason and item.overrideReason.reason
                else None,
                int(bool(item.overrideReason and item.overrideReason.userComment)),
                item.outcomeTimestamp.isoformat(),
                time.time(),
            )
            for item in items
        ]
        with self._lock:
            before = self._db.total_changes
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany(
                "INSERT OR IGNORE INTO feedback VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows
            )
            self._db.execute("COMMIT")
            return self._db.total_changes - before

    def overridden(self, card: str) -> bool:
        """Whether this card uuid was overridden before."""
        with self._lock:
            row = self._db.execute(
                "SELECT 1 FROM feedback WHERE card = ? AND outcome = 'overridden'", (card,)
            ).fetchone()
        return row is not None

    def feedback_count(self) -> int:
        """How many distinct (card, outcome) feedback rows are stored."""
        with self._lock:
            (count,) = self._db.execute("SELECT count(*) FROM feedback").fetchone()
        return int(count)

    def first_use(self, iss: str, jti: str, expires: float) -> bool:
        """Record a token id; False when it was seen before (a replay)."""
        now = time.time()
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.execute("DELETE FROM seen_jti WHERE expires < ?", (now,))
                self._db.execute("INSERT INTO seen_jti VALUES (?, ?, ?)", (iss, jti, expires))
                self._db.execute("COMMIT")
            except sqlite3.IntegrityError:
                self._db.execute("ROLLBACK")
                return False
        return True

    def ready(self) -> bool:
        """Whether the database answers."""
        try:
            with self._lock:
                self._db.execute("SELECT 1").fetchone()
        except sqlite3.Error:
            return False
        return True
