"""Read the knowledge folder, validate it strictly and build the indexes.

Errors name the file, the key and the fix, for example::

    condition/iron-deficiency/item.yaml: rules[0].bogus: unknown key; remove it or check
    its spelling (allowed: basis, cite, explain, match, recommend, status)
"""

from __future__ import annotations

import csv
import functools
import re
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ekbom.errors import KnowledgeError
from ekbom.kb.codes import CodeEntry, CodeIndex
from ekbom.kb.drugs import DrugIndex
from ekbom.kb.knowledge import CompiledRule, Factor, Knowledge
from ekbom.kb.predicates import MatchError, parse_match
from ekbom.kb.references import check_references
from ekbom.kb.schema import (
    FactorItem,
    IngredientTable,
    LabTable,
    Messages,
    MimicTable,
    Registry,
    RegistryEntry,
    RouteTable,
    WarningTable,
    WorkupTable,
)
from ekbom.kb.units import Conversion, UnitTable
from ekbom.vocab import SHORT_SYSTEMS, Category

M = TypeVar("M", bound=BaseModel)
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
CODE_COLUMNS = [
    "set",
    "system",
    "code",
    "display",
    "match",
    "verified_source",
    "verified_date",
    "retired_in",
    "note",
]
LAB_COLUMNS = ["test", "system", "code", "display", "verified_source", "verified_date", "note"]
UNIT_COLUMNS = ["test", "unit", "multiply", "cite", "note"]
RLS = "rls"


def default_path() -> Path:
    """The knowledge folder shipped inside the package."""
    return Path(str(resources.files("ekbom") / "knowledge"))


@functools.cache
def load_knowledge(path: Path | None = None) -> Knowledge:
    """Load and validate a knowledge folder (the packaged one by default).

    Raises:
        KnowledgeError: a file breaks the schema; the message says where and how to fix it.
    """
    root = path or default_path()
    registry = _model(root, "factors.yaml", Registry)
    tables = root / "tables"
    labs = _model(root, "tables/labs.yaml", LabTable)
    ingredients = _ingredient_tables(root)
    routes = _model(root, "tables/routes.yaml", RouteTable)
    entries: list[CodeEntry] = []
    factors = tuple(_factor(root, entry, entries) for entry in registry.factors)
    rls_entry = RegistryEntry(
        id=RLS, category=Category.CONDITION, extension=False, seed_wording="restless legs"
    )
    rls = _factor(root, rls_entry, entries, folder=root / RLS)
    if rls.item is None:
        raise KnowledgeError("rls/item.yaml", "(file)", "missing; the rls block needs it")
    _check_stray_folders(root, registry)
    knowledge = Knowledge(
        version=registry.knowledge_version,
        factors=factors,
        rls=rls,
        codes=CodeIndex(entries),
        lab_codes=CodeIndex(_lab_codes(root)),
        labs=labs,
        units=UnitTable(_units(tables / "units.csv", root)),
        drugs=DrugIndex([row for _, table in ingredients for row in table.ingredients], routes),
        workup=_model(root, "tables/workup.yaml", WorkupTable),
        warnings=_model(root, "tables/warnings.yaml", WarningTable),
        mimics=_model(root, "tables/mimics.yaml", MimicTable),
        messages=_model(root, "tables/messages.yaml", Messages),
    )
    check_references(knowledge, ingredients)
    return knowledge


def _ingredient_tables(root: Path) -> list[tuple[str, IngredientTable]]:
    """Every file of tables/ingredients/, each with its own citations; ids unique across all."""
    folder = root / "tables" / "ingredients"
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise KnowledgeError("tables/ingredients/", "(folder)", "holds no *.yaml file; add one")
    tables = []
    seen: dict[str, str] = {}
    codes: dict[str, str] = {}
    for path in files:
        rel = path.relative_to(root).as_posix()
        table = _model(root, rel, IngredientTable)
        for index, row in enumerate(table.ingredients):
            if row.id in seen:
                raise KnowledgeError(
                    rel,
                    f"ingredients[{index}].id",
                    f"{row.id!r} is already defined in {seen[row.id]}; keep one row per ingredient",
                )
            seen[row.id] = rel
            for code in [f"RxCUI {row.rxcui}"] * bool(row.rxcui) + [f"ATC {a}" for a in row.atc]:
                if code in codes:
                    raise KnowledgeError(
                        rel,
                        f"ingredients[{index}] ({row.id})",
                        f"{code} is already given to {codes[code]}; one code names one ingredient",
                    )
                codes[code] = f"{row.id} in {rel}"
        tables.append((rel, table))
    return tables


def _factor(
    root: Path, entry: RegistryEntry, entries: list[CodeEntry], folder: Path | None = None
) -> Factor:
    folder = folder or root / entry.category.value / entry.id
    if not folder.is_dir():
        return Factor(entry=entry, item=None, rules=())
    rel = folder.relative_to(root).as_posix()
    item = _model(root, f"{rel}/item.yaml", FactorItem)
    if item.id != entry.id:
        raise KnowledgeError(
            f"{rel}/item.yaml",
            "id",
            f"is {item.id!r} but the folder is {entry.id!r}; make them equal",
        )
    rules = []
    for index, rule in enumerate(item.rules):
        try:
            predicate = parse_match(rule.match, f"rules[{index}].match", entry.id)
        except MatchError as error:
            raise KnowledgeError(f"{rel}/item.yaml", error.path, str(error)) from None
        rules.append(CompiledRule(rule=rule, predicate=predicate))
    codes = folder / "codes.csv"
    if codes.exists():
        entries.extend(_code_rows(codes, root, entry.id))
    return Factor(entry=entry, item=item, rules=tuple(rules))


def _model(root: Path, rel: str, model: type[M]) -> M:
    path = root / rel
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except FileNotFoundError:
        raise KnowledgeError(rel, "(file)", "missing; every knowledge folder needs it") from None
    except yaml.YAMLError as error:
        raise KnowledgeError(rel, "(file)", f"is not valid YAML: {error}") from None
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise KnowledgeError(rel, *_first_problem(error, model)) from None


def _first_problem(error: ValidationError, model: type[BaseModel]) -> tuple[str, str]:
    """The first validation problem as (key path, message with the fix)."""
    problem = error.errors()[0]
    key = _path(problem["loc"])
    kind = problem["type"]
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, problem["loc"][:-1])
        return key, f"unknown key; remove it or check its spelling (allowed: {allowed})"
    if kind == "missing":
        return key, "missing; add it"
    if kind == "enum":
        expected = problem.get("ctx", {}).get("expected", "")
        return key, f"got {problem['input']!r}; expected one of {expected}"
    message = problem["msg"].removeprefix("Value error, ")
    given = problem.get("input")
    if isinstance(given, dict | list):
        return key, message
    return key, f"{message} (got {given!r})"


def _allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    current: Any = model
    for part in loc:
        if isinstance(part, int) or not hasattr(current, "model_fields"):
            continue
        field = current.model_fields.get(part)
        if field is None:
            break
        current = _inner_model(field.annotation)
    if hasattr(current, "model_fields"):
        return ", ".join(sorted(current.model_fields))
    return "see docs/knowledge.md"


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top)"


def _rows(path: Path, root: Path, columns: list[str]) -> list[tuple[int, dict[str, str]]]:
    rel = path.relative_to(root).as_posix()
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != columns:
            raise KnowledgeError(
                rel,
                "header",
                f"expected the columns {','.join(columns)}; "
                f"got {','.join(reader.fieldnames or [])}",
            )
        rows = []
        for number, row in enumerate(reader, start=2):
            if None in row or any(v is None for v in row.values()):
                raise KnowledgeError(
                    rel, f"line {number}", f"expected {len(columns)} columns; check the commas"
                )
            rows.append((number, {k: v.strip() for k, v in row.items()}))
        return rows


def _code_rows(path: Path, root: Path, owner: str) -> list[CodeEntry]:
    rel = path.relative_to(root).as_posix()
    out = []
    for number, row in _rows(path, root, CODE_COLUMNS):
        where = f"line {number}"
        system = _system(row["system"], rel, where)
        if row["match"] not in ("exact", "prefix", "exclude"):
            raise KnowledgeError(
                rel, f"{where}.match", f"got {row['match']!r}; expected exact, prefix or exclude"
            )
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", row["set"]):
            raise KnowledgeError(rel, f"{where}.set", "expected a kebab-case set name")
        _check_code_row(row, rel, where)
        out.append(
            CodeEntry(
                set=f"{owner}:{row['set']}",
                system=system,
                code=row["code"],
                display=row["display"],
                match=row["match"],
                verified_source=row["verified_source"] or None,
                verified_date=row["verified_date"] or None,
                retired_in=row["retired_in"] or None,
                file=rel,
                note=row["note"] or None,
            )
        )
    return out


def _check_code_row(row: dict[str, str], rel: str, where: str) -> None:
    if not row["code"]:
        raise KnowledgeError(rel, f"{where}.code", "empty; give the code")
    if not row["display"]:
        raise KnowledgeError(rel, f"{where}.display", "empty; give the code's display text")
    if bool(row["verified_source"]) != bool(row["verified_date"]):
        raise KnowledgeError(
            rel,
            f"{where}.verified_date",
            "verified_source and verified_date go together; fill both or neither",
        )
    if row["verified_date"] and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["verified_date"]):
        raise KnowledgeError(rel, f"{where}.verified_date", "expected YYYY-MM-DD")


def _system(short: str, rel: str, where: str) -> str:
    if short not in SHORT_SYSTEMS:
        raise KnowledgeError(
            rel, f"{where}.system", f"got {short!r}; expected one of {', '.join(SHORT_SYSTEMS)}"
        )
    return SHORT_SYSTEMS[short].value


def _lab_codes(root: Path) -> list[CodeEntry]:
    path = root / "tables" / "labs.csv"
    rel = path.relative_to(root).as_posix()
    out = []
    for number, row in _rows(path, root, LAB_COLUMNS):
        where = f"line {number}"
        system = _system(row["system"], rel, where)
        _check_code_row(row, rel, where)
        out.append(
            CodeEntry(
                set=row["test"],
                system=system,
                code=row["code"],
                display=row["display"],
                match="exact",
                verified_source=row["verified_source"] or None,
                verified_date=row["verified_date"] or None,
                retired_in=None,
                file=rel,
                note=row["note"] or None,
            )
        )
    return out


def _units(path: Path, root: Path) -> list[Conversion]:
    rel = path.relative_to(root).as_posix()
    out = []
    for number, row in _rows(path, root, UNIT_COLUMNS):
        try:
            multiply = float(row["multiply"])
        except ValueError:
            raise KnowledgeError(
                rel, f"line {number}.multiply", f"got {row['multiply']!r}; expected a number"
            ) from None
        if not row["cite"]:
            raise KnowledgeError(rel, f"line {number}.cite", "empty; name the citation id")
        out.append(Conversion(test=row["test"], unit=row["unit"], multiply=multiply))
    return out


def _check_stray_folders(root: Path, registry: Registry) -> None:
    known = {(e.category.value, e.id) for e in registry.factors}
    for category in Category:
        folder = root / category.value
        if not folder.is_dir():
            continue
        for child in sorted(folder.iterdir()):
            if child.is_dir() and (category.value, child.name) not in known:
                raise KnowledgeError(
                    f"{category.value}/{child.name}",
                    "(folder)",
                    "is not in factors.yaml under this category; add it there or move the folder",
                )
