"""Reading the sentence suites and scoring note analysis against them.

An expected mention is a mapping (`{label: rls, negated: true}`) or, in the regression suite, a
short string: the label, then `+flag` for each true modifier and `key=value` for the others
(`"drug:hydralazine drug_event=stop days_ago=3"`, `"rls +family +negated"`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from ekbom.notes.mention import NoteMention

DATA = Path(__file__).parent / "data"
FLAGS = ("negated", "family", "historical", "hypothetical", "uncertain")
VALUES = ("drug_event", "days_ago", "value", "unit", "comparator")
MODIFIERS = FLAGS + VALUES
DEFAULTS: dict[str, Any] = {**dict.fromkeys(FLAGS, False), **dict.fromkeys(VALUES)}


@dataclass(frozen=True)
class Sentence:
    id: str
    trap: str
    text: str
    expect: list[dict[str, Any]]


def load(name: str) -> list[Sentence]:
    data = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    return [
        Sentence(
            s["id"], s.get("trap", "regression"), s["text"], [_expected(e) for e in s["expect"]]
        )
        for s in data["sentences"]
    ]


def _expected(item: dict[str, Any] | str) -> dict[str, Any]:
    if isinstance(item, dict):
        return item
    label, *rest = item.split()
    found: dict[str, Any] = {"label": label}
    for part in rest:
        if part.startswith("+"):
            found[part[1:]] = True
        elif "=" not in part:  # a label with a space: "drug:ferrous sulfate"
            found["label"] += " " + part
        else:
            key, value = part.split("=", 1)
            found[key] = yaml.safe_load(value) if key != "unit" else value
    return found


def as_dict(mention: NoteMention) -> dict[str, Any]:
    return {f.name: getattr(mention, f.name) for f in fields(mention)}


@dataclass
class Score:
    """Counts per label and per modifier, and the sentences that went wrong."""

    labels: Counter[tuple[str, str]] = field(default_factory=Counter)
    modifiers: Counter[tuple[str, str]] = field(default_factory=Counter)
    wrong: list[str] = field(default_factory=list)

    def add(self, sentence: Sentence, found: list[NoteMention]) -> None:
        left = [as_dict(m) for m in found]
        problems = []
        for expected in sentence.expect:
            match = next((m for m in left if m["label"] == expected["label"]), None)
            if match is None:
                self.labels[expected["label"], "fn"] += 1
                problems.append(f"missed {expected['label']}")
                continue
            left.remove(match)
            self.labels[expected["label"], "tp"] += 1
            problems += self._modifiers(expected, match)
        for extra in left:
            self.labels[extra["label"], "fp"] += 1
            problems.append(f"extra {extra['label']}")
        if problems:
            self.wrong.append(f"{sentence.id}: {sentence.text!r}: {'; '.join(problems)}")

    def _modifiers(self, expected: dict[str, Any], match: dict[str, Any]) -> list[str]:
        problems = []
        for name in MODIFIERS:
            want = expected.get(name, DEFAULTS[name])
            got = match[name]
            if want == got:
                if want != DEFAULTS[name]:
                    self.modifiers[name, "tp"] += 1
                continue
            problems.append(f"{expected['label']} {name}: expected {want!r}, got {got!r}")
            if want != DEFAULTS[name]:
                self.modifiers[name, "fn"] += 1
            if got != DEFAULTS[name]:
                self.modifiers[name, "fp"] += 1
        if "section" in expected and expected["section"] != match["section"]:
            problems.append(f"section: expected {expected['section']}, got {match['section']}")
            self.modifiers["section", "fn"] += 1
        elif "section" in expected:
            self.modifiers["section", "tp"] += 1
        return problems

    @staticmethod
    def _pr(counts: Counter[tuple[str, str]], key: str) -> tuple[float, float, int]:
        tp, fp, fn = (counts[key, k] for k in ("tp", "fp", "fn"))
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        return precision, recall, tp + fn

    def totals(self, counts: Counter[tuple[str, str]]) -> tuple[float, float]:
        total: Counter[tuple[str, str]] = Counter()
        for (_, kind), n in counts.items():
            total["all", kind] += n
        precision, recall, _ = self._pr(total, "all")
        return precision, recall

    def table(self, title: str) -> str:
        lines = [f"{title}", f"{'':34} {'precision':>9} {'recall':>7} {'n':>4}"]
        for heading, counts in (("per label", self.labels), ("per modifier", self.modifiers)):
            lines.append(f"-- {heading}")
            for key in sorted({k for k, _ in counts}):
                precision, recall, n = self._pr(counts, key)
                lines.append(f"{key:34} {precision:9.2f} {recall:7.2f} {n:4}")
            precision, recall = self.totals(counts)
            lines.append(f"{'ALL':34} {precision:9.2f} {recall:7.2f}")
        return "\n".join(lines)
