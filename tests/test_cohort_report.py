"""The cohort report.html: every section from handmade aggregates, no count from 1 to 10 on the
page, nothing fetched from elsewhere, and well-formed HTML."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ekbom.cohort.report import ReportData, page_counts, render_report, report_policy
from ekbom.errors import KnowledgeError
from ekbom.kb.load import default_path, load_knowledge
from tests.test_suppress import MINIMUM, _assert_safe

FACTORS = [
    (f.id, f.item.title if f.item else f.id, f.category.value) for f in load_knowledge().factors
]
# (age, sex) -> pairs; 600 in all. The last two groups are small on purpose.
GROUPS = {
    (10, "female"): 50,
    (17, "male"): 45,
    (30, "female"): 150,
    (44, "male"): 140,
    (50, "female"): 100,
    (64, "male"): 90,
    (70, "female"): 15,
    (90, "male"): 5,
    (None, None): 5,
}
SCREENED = sum(GROUPS.values())
SPECIAL = {
    "iron-deficiency": [
        ("present", "abnormal-result", 120),
        ("possible", "stale-result", 7),
        ("possible", "borderline-result", 40),
        ("absent", "normal-result", 200),
    ],
    "antihistamine": [("present", "active-exposure", 15), ("absent", "not-recorded", 400)],
    "diabetes": [("present", "coded-diagnosis", 3), ("absent", "not-recorded", 300)],
}
DRUGS = [
    ("antihistamine", "diphenhydramine", 12),
    ("antihistamine", "doxylamine", 4),
    *[("antidepressant", name, 20 + i) for i, name in enumerate("abcdefg")],
]


def _findings(factor: str) -> list[tuple[str, str, int]]:
    rows = SPECIAL.get(factor, [])
    rest = SCREENED - sum(n for *_, n in rows)
    return [*rows, ("unknown", "no-data", rest)]


def _spread(rows: list[tuple[str, str, int]]) -> list[tuple[int | None, str | None, str, int]]:
    """One factor's statuses poured into the age and sex groups in order, as people fill them."""
    out: list[tuple[int | None, str | None, str, int]] = []
    groups = list(GROUPS.items())
    index, room = 0, groups[0][1]
    for status, _, count in rows:
        left = count
        while left:
            take = min(left, room)
            out.append((*groups[index][0], status, take))
            left -= take
            room -= take
            if not room and index + 1 < len(groups):
                index += 1
                room = groups[index][1]
    return out


def _data(**changes: object) -> ReportData:
    fields: dict[str, object] = {
        "versions": {"ekbom": "0.1.0", "knowledge": "2026.11.0", "vocabulary": "v5.0 31-AUG-23"},
        "parameters": {
            "source kind": "omop-parquet",
            "index option": "as-of",
            "as_of": "2020-01-01",
            "engine": "duckdb",
            "created": "2026-11-25",
        },
        "screened": SCREENED,
        "attrition": [
            ("candidates", SCREENED + 40),
            ("unknown-person", 3),
            ("outside-observation", 30),
            ("after-death", 7),
            ("screened", SCREENED),
        ],
        "factor_counts": [(f, s, b, n) for f, *_ in FACTORS for s, b, n in _findings(f)],
        "demographics": [
            (age, sex, f, status, n)
            for f, *_ in FACTORS
            for age, sex, status, n in _spread(_findings(f))
        ],
        "drug_counts": DRUGS,
        "factors": FACTORS,
        "warnings": ["3 drug concepts reached an ingredient only by name"],
    }
    fields.update(changes)
    return ReportData(**fields)  # type: ignore[arg-type]


class _Page(HTMLParser):
    """Checks that tags nest and close, and collects counts, links and headings."""

    VOID = frozenset({"meta", "br", "hr", "img", "input", "link", "area", "base", "col", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.references: list[str] = []
        self.ids: set[str] = set()
        self.counts: list[str] = []
        self.chart_texts: list[str] = []
        self._count_depth: int | None = None
        self._chart_text = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.references += [v or "" for k, v in attrs if k in ("src", "href", "srcset", "data")]
        self.references += re.findall(r"url\(([^)]*)\)", " ".join(v or "" for _, v in attrs))
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag in self.VOID:
            return
        self.stack.append(tag)
        if tag == "td" and "n" in (values.get("class") or "").split():
            self._count_depth = len(self.stack)
            self.counts.append("")
        self._chart_text = tag in ("title", "text") and "svg" in self.stack

    def handle_startendtag(self, _tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.references += [v or "" for k, v in attrs if k in ("src", "href", "srcset", "data")]

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else ''}>")
            return
        if self._count_depth == len(self.stack):
            self._count_depth = None
        self.stack.pop()
        self._chart_text = False

    def handle_data(self, data: str) -> None:
        if self._count_depth is not None:
            self.counts[-1] += data
        if self._chart_text:
            self.chart_texts.append(data)


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def _numbers(text: str) -> list[int]:
    """Whole counts in a text, leaving out percentages such as '20.0 %'."""
    text = re.sub(r"\d+(\.\d+)?\s*%", "", text)
    return [int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", text)]


def _row(html: str, label: str) -> list[str]:
    """The count cells of the table row headed `label`, without their percentages."""
    match = re.search(rf'<tr[^>]*><th scope="row">{re.escape(label)}</th>(.*?)</tr>', html)
    assert match, label
    cells = re.findall(r'<td class="n[^"]*">(.*?)</td>', match.group(1))
    return [re.sub(r'\s*<span class="pct">.*?</span>', "", cell) for cell in cells]


@pytest.fixture(scope="module")
def page() -> str:
    return render_report(_data())


def test_the_page_is_well_formed_html(page: str) -> None:
    parsed = _parse(page)
    assert page.startswith("<!DOCTYPE html>")
    assert not parsed.problems
    assert parsed.stack == []


def test_every_section_and_chart_is_rendered(page: str) -> None:
    ids = _parse(page).ids
    for section in ("notice", "attrition", "prevalence", "iron", "drugs", "people", "warnings"):
        assert f"{section}-heading" in ids
    for chart in ("prevalence", "iron", "drugs", "people"):
        assert f"{chart}-title" in ids and f"{chart}-hatch" in ids
    for title, words in [
        ("Iron deficiency", "Prevalence"),
        ("Screened", "Who was screened"),
        ("85 and over", "Age and sex"),
        ("age not known", "Age and sex"),
        ("diphenhydramine", "Aggravating drugs by class"),
        ("omop-parquet", "ekbom cohort report"),
        ("v5.0 31-AUG-23", "ekbom cohort report"),
        ("3 drug concepts reached an ingredient only by name", "Warnings"),
    ]:
        assert title in page and words in page


def test_the_decision_support_notice_comes_before_any_count(page: str) -> None:
    assert page.index('id="notice-heading"') < page.index('<td class="n')
    assert "not a diagnosis" in page
    assert "counts from 1 to\n  10 are suppressed" in page


def test_no_count_below_11_appears_in_a_table_or_a_chart(page: str) -> None:
    parsed = _parse(page)
    shown = [n for text in parsed.counts + parsed.chart_texts for n in _numbers(text)]
    assert shown, "the page shows no count at all"
    assert all(n == 0 or n >= MINIMUM for n in shown), sorted(set(shown))
    assert any("suppressed" in text for text in parsed.counts)


def test_every_count_the_page_lets_a_reader_work_out_is_safe() -> None:
    counts, sums, hidden = page_counts(_data())
    _assert_safe(counts, sums, hidden)
    assert ("screened",) not in hidden
    assert ("iron", "stale") in hidden


def test_a_percentage_is_shown_only_beside_a_count_that_is_shown(page: str) -> None:
    for cell in _parse(page).counts:
        if "suppressed" in cell:
            assert "%" not in cell
    assert f'200 <span class="pct">({100 * 200 / SCREENED:.1f} %)' in page


def test_the_page_fetches_nothing_and_runs_no_script(page: str) -> None:
    references = _parse(page).references
    assert all(ref.startswith("#") for ref in references), references
    assert not re.search(r"(https?:)?//", page.replace("http-equiv", ""))
    assert "<script" not in page.lower()


def test_the_iron_studies_hide_a_small_stale_count(page: str) -> None:
    iron = page[page.index('id="iron-heading"') : page.index('id="drugs-heading"')]
    assert re.search(r"<th scope=\"row\">Stale</th><td class=\"n hidden\">suppressed", iron)
    assert "Iron deficiency" in iron


def test_drug_classes_list_their_top_ingredients_most_used_first(page: str) -> None:
    drugs = page[page.index('id="drugs-heading"') : page.index('id="people-heading"')]
    names = re.findall(r"<li>(\w+): ", drugs)
    assert names == ["g", "f", "e", "d", "c", "diphenhydramine", "doxylamine"]
    assert "and 2 more" in drugs
    assert re.search(r"doxylamine: <span class=\"hidden\">suppressed", drugs)


def test_ages_fall_into_the_policy_bands_and_unknown_ages_get_their_own_row(page: str) -> None:
    people = page[page.index('id="people-heading"') : page.index('id="warnings-heading"')]
    assert _row(people, "18-44") == ["150", "140", "0", "290"]
    assert _row(people, "45-64") == ["100", "90", "0", "190"]
    assert "suppressed" in _row(people, "85 and over")
    assert "suppressed" in _row(people, "age not known")
    assert _row(people, "All")[-1] == "600"


def test_a_run_that_screened_nobody_still_renders_every_section() -> None:
    empty = _data(
        screened=0,
        attrition=[("candidates", 0), ("screened", 0)],
        factor_counts=[],
        demographics=[],
        drug_counts=[],
        warnings=[],
    )
    page = render_report(empty)
    parsed = _parse(page)
    assert not parsed.problems and parsed.stack == []
    assert "Screened pairs: <strong>0</strong>" in page
    assert "No age and sex breakdown was given for this run." in page


MEDICATION_BASES = {
    "present": "active-exposure",
    "possible": "low-implication-exposure",
    "absent": "not-recorded",
}


@st.composite
def _small_runs(draw: st.DrawFn) -> ReportData:
    """A few factors over a few age and sex groups, with counts often small."""
    factors = [f for f in FACTORS if f[0] in ("iron-deficiency", "antihistamine", "diabetes")]
    groups = draw(
        st.lists(
            st.tuples(
                st.sampled_from([None, 5, 30, 70, 95]), st.sampled_from([None, "female", "male"])
            ),
            min_size=1,
            max_size=5,
            unique=True,
        )
    )
    sizes = [draw(st.one_of(st.integers(0, 15), st.integers(0, 300))) for _ in groups]
    statuses = [
        ("present", "abnormal-result"),
        ("possible", "stale-result"),
        ("absent", "normal-result"),
        ("unknown", "no-data"),
    ]
    demographics, counts = [], {}
    for factor, _, category in factors:
        for (age, sex), size in zip(groups, sizes, strict=True):
            left = size
            for index, (status, basis) in enumerate(statuses):
                take = left if index == len(statuses) - 1 else draw(st.integers(0, left))
                left -= take
                if category == "medication":
                    basis = MEDICATION_BASES.get(status, basis)  # noqa: PLW2901
                demographics.append((age, sex, factor, status, take))
                counts[factor, status, basis] = counts.get((factor, status, basis), 0) + take
    drugs = [("antihistamine", name, draw(st.integers(0, 30))) for name in ("a", "b")]
    total = sum(sizes)
    return ReportData(
        versions={"ekbom": "0"},
        parameters={},
        screened=total,
        attrition=[("candidates", total + 2), ("after-death", 2), ("screened", total)],
        factor_counts=[(f, s, b, n) for (f, s, b), n in counts.items()],
        demographics=demographics,
        drug_counts=drugs,
        factors=factors,
    )


@settings(max_examples=40, deadline=None)
@given(_small_runs())
def test_generated_runs_never_show_or_leak_a_small_count(data: ReportData) -> None:
    counts, sums, hidden = page_counts(data)
    _assert_safe(counts, sums, hidden)
    parsed = _parse(render_report(data))
    assert not parsed.problems and parsed.stack == []
    shown = [n for text in parsed.counts + parsed.chart_texts for n in _numbers(text)]
    assert all(n == 0 or n >= MINIMUM for n in shown), sorted(set(shown))


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"screened": SCREENED + 1}, "do not add up to the screened pairs"),
        ({"attrition": [("candidates", 5), ("screened", SCREENED)]}, "attrition"),
        ({"factor_counts": [("iron-deficiency", "present", "no-data", SCREENED)]}, "not a known"),
        ({"drug_counts": [("no-such-factor", "x", 20)]}, "not in factors"),
        ({"demographics": [(30, "female", "diabetes", "present", 3)]}, "demographics"),
        ({"factor_counts": [("iron-deficiency", "present", "abnormal-result", -1)]}, "0 or more"),
    ],
)
def test_inconsistent_aggregates_are_refused_with_the_reason(
    changes: dict[str, object], words: str
) -> None:
    with pytest.raises(ValueError, match=words):
        _data(**changes)


def test_the_policy_holds_the_minimum_and_the_age_bands_with_citations() -> None:
    policy = report_policy()
    assert policy.suppression.minimum == MINIMUM
    assert [band.label for band in policy.age_bands.bands][:2] == ["0-17", "18-44"]
    assert {c.id for c in policy.citations} >= {"cms-cell-size", "hundepool-2012"}


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("  minimum: 11\n", "  minimum: 11\n  minimun: 5\n", "suppression.minimun: unknown key"),
        ('{label: "18-44", from: 18', '{label: "18-44", from: 19', "starts at 19; expected 18"),
        ("cite: [cms-cell-size, hundepool-2012]", "cite: [nowhere]", "cites ['nowhere']"),
        ("  missing: no-data\n", "  missing: nothing\n", "iron_studies.missing"),
    ],
)
def test_a_broken_policy_names_the_file_the_key_and_the_fix(
    tmp_path: Path, old: str, new: str, words: str
) -> None:
    source = default_path() / "tables" / "report.yaml"
    (tmp_path / "tables").mkdir()
    text = source.read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "tables" / "report.yaml").write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        report_policy(tmp_path)
    assert "tables/report.yaml" in str(caught.value)
    assert words in str(caught.value)
    shutil.rmtree(tmp_path / "tables")


class _Recording:
    """A real DuckDB connection that remembers the statements it ran."""

    def __init__(self) -> None:
        import duckdb

        self.con = duckdb.connect()
        self.statements: list[str] = []

    def execute(self, query: str, parameters: object = None) -> object:
        self.statements.append(query)
        return self.con.execute(query, parameters)

    def executemany(self, query: str, parameters: object) -> object:
        return self.con.executemany(query, parameters)


def test_the_aggregates_come_from_group_by_queries_in_the_engine() -> None:
    from ekbom.cohort.backend import Backend
    from ekbom.cohort.report import build_report_data

    con = _Recording()
    knowledge = load_knowledge()
    ids = [f.id for f in knowledge.factors]
    con.con.execute(
        "CREATE TEMP TABLE ekbom_findings (person_id BIGINT, index_date DATE, factor VARCHAR, "
        "status VARCHAR, basis VARCHAR, rule_index INTEGER)"
    )
    con.con.execute(
        "CREATE TEMP TABLE ekbom_person (person_id BIGINT, sex VARCHAR, "
        "birth_lo DATE, birth_hi DATE)"
    )
    con.con.execute(
        "CREATE TEMP TABLE ekbom_drug_span (person_id BIGINT, drug_exposure_id BIGINT, "
        "ingredient VARCHAR, start_day DATE, end_day DATE, active_until DATE)"
    )
    con.con.execute(
        "CREATE TEMP TABLE ekbom_drug_factor (factor VARCHAR, ingredient VARCHAR, "
        "implication VARCHAR)"
    )
    people = [
        (1, "female", "1980-03-01", "1980-03-01"),
        (2, "male", "2003-01-01", "2003-12-31"),
        (3, None, None, None),
    ]
    con.con.executemany("INSERT INTO ekbom_person VALUES (?, ?, ?, ?)", people)
    for person, *_ in people:
        for factor in ids:
            status, basis = ("unknown", "no-data")
            if factor == "antihistamine" and person != 3:
                status, basis = ("present", "active-exposure")
            con.con.execute(
                "INSERT INTO ekbom_findings VALUES (?, DATE '2020-06-01', ?, ?, ?, NULL)",
                [person, factor, status, basis],
            )
    con.con.executemany(
        "INSERT INTO ekbom_drug_span VALUES (?, ?, ?, DATE '2020-05-01', DATE '2020-07-01', "
        "DATE '2020-07-01')",
        [(1, 10, "diphenhydramine"), (2, 11, "diphenhydramine"), (2, 12, "loratadine")],
    )
    con.con.executemany(
        "INSERT INTO ekbom_drug_factor VALUES ('antihistamine', ?, ?)",
        [("diphenhydramine", "high"), ("loratadine", "exception")],
    )
    summary = {
        "ekbom_version": "0.1.0",
        "knowledge_version": knowledge.version,
        "vocabulary_version": None,
        "created": "2026-11-25T00:00:00+00:00",
        "source": "folder",
        "parameters": {"index": "as-of", "engine": "duckdb", "as_of": "2020-06-01"},
        "attrition": [
            {"step": "candidates", "count": 4},
            {"step": "after-death", "count": 1},
            {"step": "screened", "count": 3},
        ],
        "screened": 3,
        "warnings": ["one warning"],
    }
    data = build_report_data(knowledge, Backend(con), summary)
    assert data.screened == 3 and [f for f, *_ in data.factors] == ids
    assert ("antihistamine", "present", "active-exposure", 2) in data.factor_counts
    assert (40, "female", "antihistamine", "present", 1) in data.demographics
    assert (16, "male", "antihistamine", "present", 1) in data.demographics
    assert (None, None, "antihistamine", "unknown", 1) in data.demographics
    assert list(data.drug_counts) == [("antihistamine", "diphenhydramine", 2)]
    assert data.parameters["as_of"] == "2020-06-01" and data.versions["vocabulary"] is None
    queried = [s for s in con.statements if "ekbom_findings" in s]
    assert queried and all("GROUP BY" in s for s in queried)
    page = render_report(data)
    assert "Screened pairs: <strong>suppressed</strong>" in page
