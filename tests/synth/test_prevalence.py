"""The prevalence file is strict knowledge: every value cited or marked synthetic-only, unknown
keys rejected, and the codes it adds never collide with the knowledge's own."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ekbom.errors import KnowledgeError
from ekbom.kb.load import default_path, load_knowledge
from ekbom.synth.catalog import build_catalog
from ekbom.synth.prevalence import load_prevalence


def test_the_bundled_file_loads_and_cites_every_rls_rate() -> None:
    prevalence = load_prevalence()
    ids = {c.id for c in prevalence.citations}
    for value in [prevalence.rls.base, *prevalence.rls.given_factor.values()]:
        assert value.cite and set(value.cite) <= ids
    factors = {f.id for f in load_knowledge().factors}
    assert set(prevalence.rls.given_factor) <= factors
    assert set(prevalence.factors.share) <= factors
    assert set(prevalence.labs) <= set(load_knowledge().labs.tests)


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "knowledge"
    shutil.copytree(default_path(), folder)
    path = folder / "tables" / "prevalence.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ('note: "Synthetic-only: high enough', 'typo: "Synthetic-only: high enough', "unknown key"),
        ("{value: 0.2, note:", "{value: 1.2, note:", "less than or equal to 1"),
        ("cite: [ning-2022]", "cite: [nobody-2022]", "not listed in citations"),
        (
            '  female: {value: 0.5, note: "Synthetic-only."}',
            "  female: {value: 0.5}",
            "synthetic-only",
        ),
    ],
)
def test_a_broken_file_names_the_file_and_the_problem(
    tmp_path: Path, old: str, new: str, words: str
) -> None:
    with pytest.raises(KnowledgeError, match=r"prevalence\.yaml") as error:
        load_prevalence(_broken(tmp_path, old, new))
    assert words in str(error.value)


def test_a_background_code_that_a_factor_lists_is_refused(tmp_path: Path) -> None:
    folder = _broken(
        tmp_path,
        'code: "59621000", display: Essential hypertension',
        'code: "32914008", display: Restless legs',
    )
    with pytest.raises(ValueError, match="32914008"):
        build_catalog(load_knowledge(), load_prevalence(folder), {})
