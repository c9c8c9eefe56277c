WITH prm AS (
  SELECT count(*) AS n_params, max(num) FILTER (WHERE path = 'r0.present') AS p0, max(num) FILTER (WHERE path = 'r1.present') AS p1, max(num) FILTER (WHERE path = 'r2.present') AS p2, max(num) FILTER (WHERE path = 'r3.present') AS p3, max(num) FILTER (WHERE path = 'r4.present') AS p4, max(num) FILTER (WHERE path = 'r5.present') AS p5, max(num) FILTER (WHERE path = 'r6.present') AS p6, max(num) FILTER (WHERE path = 'r7.present') AS p7, max(num) FILTER (WHERE path = 'stale_results') AS p8
  FROM ekbom_param WHERE factor = 'anticonvulsant'),
win AS (
  SELECT count(*) AS n_windows, max(days) FILTER (WHERE key = 'window') AS d_w0
  FROM ekbom_window WHERE factor = 'anticonvulsant'),
s AS (
  SELECT i.person_id, i.index_date, prm.*, i.index_date - CAST(win.d_w0 AS INTEGER) AS w0, CAST(win.d_w0 AS INTEGER) AS nw0, pe.sex, pe.birth_lo, pe.birth_hi
  FROM ekbom_index i CROSS JOIN prm CROSS JOIN win
  LEFT JOIN ekbom_person pe ON pe.person_id = i.person_id),
g0 AS MATERIALIZED (
  SELECT s.person_id, s.index_date,
    EXISTS (SELECT 1 FROM ekbom_drug_span d LEFT JOIN ekbom_drug_factor f ON f.factor = 'anticonvulsant' AND f.ingredient = d.ingredient WHERE d.person_id = s.person_id AND d.start_day <= s.index_date AND (d.active_until IS NULL OR s.index_date <= d.active_until) AND (CASE WHEN EXISTS (SELECT t.txt FROM ekbom_param_text t WHERE t.factor = 'anticonvulsant' AND t.path = 'r0.ingredients') THEN d.ingredient IN (SELECT t.txt FROM ekbom_param_text t WHERE t.factor = 'anticonvulsant' AND t.path = 'r0.ingredients') ELSE f.implication IN (SELECT t.txt FROM ekbom_param_text t WHERE t.factor = 'anticonvulsant' AND t.path = 'r0.implication') END)) AS e0,
    EXISTS (SELECT 1 FROM ekbom_mention x WHERE x.person_id = s.person_id AND x.label = 'anticonvulsant' AND x.day BETWEEN s.w0 AND s.index_date AND NOT x.hypothetical AND NOT x.family AND NOT x.negated AND NOT x.uncertain AND NOT x.historical) AS e1,
    EXISTS (SELECT 1 FROM ekbom_drug_span d LEFT JOIN ekbom_drug_factor f ON f.factor = 'anticonvulsant' AND f.ingredient = d.ingredient WHERE d.person_id = s.person_id AND d.start_day <= s.index_date AND (d.active_until IS NULL OR s.index_date <= d.active_until) AND (CASE WHEN EXISTS (SELECT t.txt FROM ekbom_param_text t WHERE t.factor = 'anticonvulsant' AND t.path = 'r2.ingredients') THEN d.ingredient IN (SELECT t.txt FROM ekbom_param_text t WHERE t.factor = 'anticonvulsant' AND t.path = 'r2.ingredients') ELSE f.implication IN (SELECT t.txt FROM ekbom_param_text t WHERE t.factor = 'anticonvulsant' AND t.path = 'r2.implication') END)) AS e2,
    CAST(NULL AS BOOLEAN) AS e3,
    EXISTS (SELECT 1 FROM ekbom_mention x WHERE x.person_id = s.person_id AND x.label = 'anticonvulsant' AND x.day BETWEEN s.w0 AND s.index_date AND NOT x.hypothetical AND NOT x.family AND NOT x.negated AND x.uncertain AND NOT x.historical) AS e4,
    EXISTS (SELECT 1 FROM ekbom_mention x WHERE x.person_id = s.person_id AND x.label = 'anticonvulsant' AND x.day BETWEEN s.w0 AND s.index_date AND NOT x.hypothetical AND NOT x.family AND x.negated AND NOT x.historical) AS e5,
    (NOT EXISTS (SELECT 1 FROM ekbom_medication m WHERE m.person_id = s.person_id AND m.start_day <= s.index_date AND (m.end_day IS NULL OR m.end_day >= s.w0) AND NOT m.resolved) AND (EXISTS (SELECT 1 FROM ekbom_medication m WHERE m.person_id = s.person_id AND m.start_day <= s.index_date AND (m.end_day IS NULL OR m.end_day >= s.w0)) OR EXISTS (SELECT 1 FROM ekbom_observation_period op WHERE op.person_id = s.person_id AND op.start_day <= s.w0 AND op.end_day >= s.index_date))) AS e6
  FROM s),
ev AS (
  SELECT s.*, g0.e0, g0.e1, g0.e2, g0.e3, g0.e4, g0.e5, g0.e6
  FROM s
  JOIN g0 ON g0.person_id = s.person_id AND g0.index_date = s.index_date),
judged AS (
  SELECT s.person_id, s.index_date,
    CASE WHEN s.e0 THEN 0 WHEN s.e1 THEN 1 WHEN s.e2 THEN 2 WHEN s.e3 THEN 3 WHEN s.e4 THEN 4 WHEN (s.e3 OR s.e3) THEN 5 WHEN s.e5 THEN 6 WHEN s.e6 THEN 7 WHEN (s.p8 = 1) AND (((s.p0 = 1) AND s.e0) OR ((s.p1 = 1) AND s.e1) OR ((s.p2 = 1) AND s.e2) OR ((s.p3 = 1) AND s.e3) OR ((s.p4 = 1) AND s.e4) OR ((s.p5 = 1) AND (s.e3 OR s.e3)) OR ((s.p6 = 1) AND s.e5) OR ((s.p7 = 1) AND s.e6)) THEN -1 END AS fired,
    (FALSE OR FALSE OR FALSE OR FALSE OR FALSE OR (FALSE OR FALSE) OR FALSE OR FALSE) AS uninterpretable,
    (EXISTS (SELECT 1 FROM ekbom_medication m WHERE m.person_id = s.person_id AND NOT m.resolved AND m.start_day <= s.index_date AND (m.end_day IS NULL OR m.end_day >= s.w0))) AS unresolved
  FROM ev s)
SELECT j.person_id, j.index_date, 'anticonvulsant' AS factor,
  coalesce(r.status, 'unknown') AS status,
  CASE WHEN r.basis IS NOT NULL THEN r.basis
       WHEN j.unresolved THEN 'unresolved-medication'
       WHEN j.uninterpretable THEN 'uninterpretable-result'
       ELSE 'no-data' END AS basis,
  j.fired AS rule_index
FROM judged j LEFT JOIN ekbom_rule r ON r.factor = 'anticonvulsant' AND r.rule_index = j.fired
