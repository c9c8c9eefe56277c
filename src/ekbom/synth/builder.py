"""Build a catalog: walk every factor's rules and collect the templates they call for."""

from __future__ import annotations

from ekbom.facts import Code
from ekbom.kb.codes import CodeEntry
from ekbom.kb.knowledge import Knowledge
from ekbom.synth.catalog import LOCAL_DRUGS, OMOP_OF, Catalog, Template
from ekbom.synth.drug_templates import add_drugs
from ekbom.synth.lab_templates import add_labs
from ekbom.synth.prevalence import Prevalence, Span
from ekbom.synth.rules import Needs, step
from ekbom.vocab import System


def _codes(entries: list[CodeEntry], name: str) -> list[CodeEntry]:
    return [e for e in entries if e.set == name and e.match != "exclude"]


class Builder:
    """Collects the templates, concepts and tables of one catalog."""

    def __init__(self, knowledge: Knowledge, prevalence: Prevalence) -> None:
        self.k = knowledge
        self.p = prevalence
        self.c = Catalog()
        self.entries = list(knowledge.codes.entries)

    def concept(self, system: str, code: str, name: str, domain: str, klass: str) -> None:
        vocabulary = OMOP_OF.get(system)
        if vocabulary is not None:
            self.c.names.setdefault((vocabulary, code), (name, domain, klass))

    def build(self) -> Catalog:
        windows = [f.item.window_days for f in self.k.factors if f.item is not None]
        self.c.min_window = min(w for w in windows if w)
        for factor in self.k.factors:
            if factor.item is None:
                continue
            needs = Needs.of(factor, self.k)
            needs.ingredients.discard("")
            self.c.ages |= needs.ages
            self.factor(factor.id, needs)
        self.rls()
        self.units()
        self.background()
        self.drug_concepts()
        return self.c

    # factors ----------------------------------------------------------------------------

    def factor(self, fid: str, needs: Needs) -> None:
        pool = f"f:{fid}"
        sex = "not-male" if needs.sexes and "male" not in needs.sexes else None
        onset = self.p.timing.condition_onset
        for name, windows in sorted(needs.sets.items()):
            timed = [w for w in windows if w is not None]
            when = Span(low=0, high=2 * max(timed)) if timed else onset
            for entry in _codes(self.entries, name):
                self.add(self.condition(pool, fid, entry, when, sex))
            for entry in _codes(self.entries, name)[:1]:
                future = self.condition("edge", fid, entry, Span(low=-1, high=-1), sex)
                future.edge, future.abates = "after-as-of", False
                self.add(future)
                back = int(when.high)
                for days in (back - 1, back):
                    t = self.condition("edge", fid, entry, Span(low=back, high=back), sex)
                    t.edge, t.length_lo, t.length_hi = "abatement", days, days
                    self.add(t)
                for w in sorted(x for x in windows if x is not None):
                    for back in (w, w + 1):
                        edge = self.condition(pool, fid, entry, Span(low=back, high=back), sex)
                        edge.pool, edge.edge, edge.abates = "edge", "window", False
                        self.add(edge)
        for name, ages in sorted(needs.onset_ages.items()):
            for entry in _codes(self.entries, name):
                for age in sorted(ages):
                    for at in (age - 1, age):
                        t = self.condition("edge", fid, entry, onset, sex)
                        t.onset_age, t.edge, t.abates = at, "onset-age", False
                        self.add(t)
        for name, windows in sorted(needs.procedures.items()):
            for entry in _codes(self.entries, name):
                self.add(self.procedure(pool, fid, entry, self.p.timing.lab, None))
                for w in sorted(x for x in windows if x is not None):
                    for back in (w, w + 1):
                        self.add(self.procedure("edge", fid, entry, Span(low=back, high=back), w))
        for name, values in sorted(needs.observations):
            seen = needs.observation_windows.get(name)
            lab = self.p.timing.lab
            when = Span(low=0, high=2 * min(seen)) if seen else lab
            for span in sorted({(when.low, when.high), (lab.low, lab.high)}):
                self.observation(pool, fid, name, values, Span(low=span[0], high=span[1]))
        for name, relation in sorted(needs.families):
            self.family(pool, fid, name, relation)
        for test, bounds in sorted(needs.tests.items()):
            add_labs(self, pool, fid, test, bounds, needs.test_windows.get(test, set()), sex)
        for ingredient in sorted(needs.ingredients):
            add_drugs(self, pool, fid, ingredient, needs)

    def add(self, template: Template) -> None:
        self.c.templates.append(template)

    def condition(
        self, pool: str, fid: str, entry: CodeEntry, when: Span, sex: str | None
    ) -> Template:
        self.concept(entry.system, entry.code, entry.display or entry.code, "Condition", "Code")
        return Template(
            pool=pool,
            kind="condition",
            system=entry.system,
            code=entry.code,
            display=entry.display or entry.code,
            factor=fid,
            back_lo=int(when.low),
            back_hi=int(when.high),
            length_lo=int(self.p.timing.condition_onset.low),
            length_hi=int(self.p.timing.condition_onset.high),
            abates=True,
            sex=sex,
            subpool=entry.set,
        )

    def procedure(
        self, pool: str, fid: str, entry: CodeEntry, when: Span, edge: int | None
    ) -> Template:
        self.concept(entry.system, entry.code, entry.display or entry.code, "Procedure", "Code")
        return Template(
            pool=pool,
            kind="procedure",
            system=entry.system,
            code=entry.code,
            display=entry.display or entry.code,
            factor=fid,
            back_lo=int(when.low),
            back_hi=int(when.high),
            edge=None if edge is None else "window",
        )

    def observation(self, pool: str, fid: str, name: str, values: str, when: Span) -> None:
        value_sets = [values] if values else []
        for entry in _codes(self.entries, name):
            self.concept(
                entry.system, entry.code, entry.display or entry.code, "Observation", "Code"
            )
            for value_set in value_sets:
                for value in _codes(self.entries, value_set):
                    self.concept(
                        value.system, value.code, value.display or value.code, "Observation", "Code"
                    )
                    self.add(
                        Template(
                            pool=pool,
                            kind="observation",
                            system=entry.system,
                            code=entry.code,
                            display=entry.display or entry.code,
                            factor=fid,
                            value_system=value.system,
                            value_code=value.code,
                            value_display=value.display or value.code,
                            back_lo=int(when.low),
                            back_hi=int(when.high),
                        )
                    )

    def family(self, pool: str, fid: str, name: str, relation: str) -> None:
        relatives = _codes(self.entries, relation)
        for entry in _codes(self.entries, name)[:1]:
            for rel in relatives:
                self.add(
                    Template(
                        pool=pool,
                        kind="family",
                        system=entry.system,
                        code=entry.code,
                        display=entry.display or entry.code,
                        factor=fid,
                        value_system=rel.system,
                        value_code=rel.code,
                        value_display=rel.display or rel.code,
                        omop=False,
                        edge="fhir-only",
                    )
                )

    # the rest ---------------------------------------------------------------------------

    def rls(self) -> None:
        needs = Needs.of(self.k.rls, self.k)
        for name in sorted(needs.sets):
            for entry in _codes(self.entries, name):
                t = self.condition("rls", "rls", entry, self.p.timing.condition_onset, None)
                t.abates = False
                self.add(t)
        self.c.rls_given = {f: v.value for f, v in self.p.rls.given_factor.items()}
        self.c.shares = {
            f.id: self.p.factors.share.get(f.id, self.p.factors.default).value
            for f in self.k.factors
            if f.item is not None
        }
        text = self.p.edges.unresolved_medication.text
        for resource in ("MedicationRequest", "MedicationStatement"):
            self.add(
                Template(
                    pool="edge",
                    kind="drug",
                    system=None,
                    code=None,
                    display=text,
                    back_lo=0,
                    back_hi=self.c.min_window,
                    length_lo=self.c.min_window,
                    length_hi=max(self.c.min_window, int(self.p.timing.drug_length.high)),
                    edge="unresolved-medication",
                    resource=resource,
                )
            )

    def units(self) -> None:
        self.c.canonical = {name: spec.unit for name, spec in self.k.labs.tests.items()}
        for conversion in self.k.units.conversions:
            unit = conversion.unit.strip()
            if unit:
                self.c.units.append((conversion.test, unit, conversion.multiply))
                self.concept(System.UCUM.value, unit, unit, "Unit", "Unit")
        unknown = self.p.edges.unknown_unit.text
        if any(u == unknown for _, u, _ in self.c.units):
            raise ValueError(f"prevalence.yaml: edges.unknown_unit {unknown!r} is in units.csv")
        self.concept(System.UCUM.value, unknown, unknown, "Unit", "Unit")

    def background(self) -> None:
        bg = self.p.background
        loinc, snomed = System.LOINC.value, System.SNOMED.value
        for m in bg.measurements:
            self._unrelated(loinc, m.code)
            self.concept(loinc, m.code, m.display, "Measurement", "Lab Test")
            self.concept(System.UCUM.value, m.unit, m.unit, "Unit", "Unit")
            fine = min(step(m.low), step(m.high))
            self.add(
                Template(
                    pool="bg:measurement",
                    kind="lab",
                    system=loinc,
                    code=m.code,
                    display=m.display,
                    unit=m.unit,
                    value_lo=m.low,
                    value_hi=m.high,
                    value_step=fine,
                )
            )
        for kind, items in (("condition", bg.conditions), ("procedure", bg.procedures)):
            for c in items:
                self._unrelated(snomed, c.code)
                self.concept(snomed, c.code, c.display, kind.title(), "Clinical Finding")
                self.add(
                    Template(
                        pool=f"bg:{kind}", kind=kind, system=snomed, code=c.code, display=c.display
                    )
                )
        for d in bg.drugs:
            if self.k.drugs.names_in(d.display):
                raise ValueError(f"prevalence.yaml: background drug {d.display!r} is in the tables")
            rxnorm = System.RXNORM.value
            self.concept(rxnorm, d.code, d.display, "Drug", "Clinical Drug")
            self.c.names[("RxNorm", d.ingredient)] = (d.ingredient_name, "Drug", "Ingredient")
            self.c.has_ing.add((f"rxnorm:{d.code}", f"rxnorm:{d.ingredient}"))
            self.add(
                Template(
                    pool="bg:drug",
                    kind="drug",
                    system=rxnorm,
                    code=d.code,
                    display=d.display,
                    length_lo=int(self.p.timing.drug_length.low),
                    length_hi=int(self.p.timing.drug_length.high),
                )
            )

    def _unrelated(self, system: str, code: str) -> None:
        hit = self.k.codes.sets_of(Code(system, code)) | self.k.lab_codes.sets_of(
            Code(system, code)
        )
        if hit:
            raise ValueError(f"prevalence.yaml: background code {code} is in {sorted(hit)}")

    def drug_concepts(self) -> None:
        for row in self.k.drugs.rows.values():
            if row.rxcui:
                self.c.names[("RxNorm", row.rxcui)] = (row.id, "Drug", "Ingredient")
            else:
                self.c.names[(LOCAL_DRUGS, f"ekbom-ing-{row.id}")] = (row.id, "Drug", "Ingredient")
