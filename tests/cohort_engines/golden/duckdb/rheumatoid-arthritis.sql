WITH prm AS (
  SELECT count(*) AS n_params, max(num) FILTER (WHERE path = 'r0.present') AS p0, max(num) FILTER (WHERE path = 'r1.present') AS p1, max(num) FILTER (WHERE path = 'r2.present') AS p2, max(num) FILTER (WHERE path = 'r3.present') AS p3, max(num) FILTER (WHERE path = 'r4.present') AS p4, max(num) FILTER (WHERE path = 'r5.present') AS p5, max(num) FILTER (WHERE path = 'r6.present') AS p6, max(num) FILTER (WHERE path = 'r7.present') AS p7, max(num) FILTER (WHERE path = 'r8.present') AS p8, max(num) FILTER (WHERE path = 'stale_results') AS p9
  FROM ekbom_param WHERE factor = 'rheumatoid-arthritis'),
win AS (
  SELECT count(*) AS n_windows, max(days) FILTER (WHERE key = 'window') AS d_w0
  FROM ekbom_window WHERE factor = 'rheumatoid-arthritis'),
s AS (
  SELECT i.person_id, i.index_date, prm.*, i.index_date - CAST(win.d_w0 AS INTEGER) AS w0, CAST(win.d_w0 AS INTEGER) AS nw0, pe.sex, pe.birth_lo, pe.birth_hi
  FROM ekbom_index i CROSS JOIN prm CROSS JOIN win
  LEFT JOIN ekbom_person pe ON pe.person_id = i.person_id),
g0 AS MATERIALIZED (
  SELECT s.person_id, s.index_date,
    EXISTS (SELECT 1 FROM ekbom_condition c WHERE c.person_id = s.person_id AND c.set_name = 'rheumatoid-arthritis:rheumatoid-arthritis' AND c.start_day <= s.index_date AND (c.end_day IS NULL OR c.end_day > s.index_date)) AS e0,
    CAST(NULL AS BOOLEAN) AS e1,
    EXISTS (SELECT 1 FROM ekbom_mention x WHERE x.person_id = s.person_id AND x.label = 'rheumatoid-arthritis' AND x.day BETWEEN s.w0 AND s.index_date AND NOT x.hypothetical AND NOT x.family AND NOT x.negated AND NOT x.uncertain) AS e2,
    FALSE AS e3,
    EXISTS (SELECT 1 FROM ekbom_condition c WHERE c.person_id = s.person_id AND c.set_name = 'rheumatoid-arthritis:rheumatoid-arthritis' AND c.start_day <= s.index_date AND c.end_day <= s.index_date) AS e4,
    EXISTS (SELECT 1 FROM ekbom_condition c WHERE c.person_id = s.person_id AND c.set_name = 'rheumatoid-arthritis:inflammatory' AND c.start_day <= s.index_date AND (c.end_day IS NULL OR c.end_day > s.index_date)) AS e5,
    EXISTS (SELECT 1 FROM ekbom_mention x WHERE x.person_id = s.person_id AND x.label = 'rheumatoid-arthritis' AND x.day BETWEEN s.w0 AND s.index_date AND NOT x.hypothetical AND NOT x.family AND NOT x.negated AND x.uncertain) AS e6,
    EXISTS (SELECT 1 FROM ekbom_mention x WHERE x.person_id = s.person_id AND x.label = 'rheumatoid-arthritis' AND x.day BETWEEN s.w0 AND s.index_date AND NOT x.hypothetical AND NOT x.family AND x.negated) AS e7
  FROM s),
g1 AS MATERIALIZED (
  SELECT s.person_id, s.index_date,
    (EXISTS (SELECT 1 FROM condition_occurrence c WHERE c.person_id = s.person_id AND c.condition_start_date <= s.index_date) AND EXISTS (SELECT 1 FROM ekbom_observation_period op WHERE op.person_id = s.person_id AND op.start_day <= s.w0 AND op.end_day >= s.index_date)) AS e8
  FROM s),
ev AS (
  SELECT s.*, g0.e0, g0.e1, g0.e2, g0.e3, g0.e4, g0.e5, g0.e6, g0.e7, g1.e8
  FROM s
  JOIN g0 ON g0.person_id = s.person_id AND g0.index_date = s.index_date
  JOIN g1 ON g1.person_id = s.person_id AND g1.index_date = s.index_date),
judged AS (
  SELECT s.person_id, s.index_date,
    CASE WHEN s.e0 THEN 0 WHEN s.e1 THEN 1 WHEN s.e2 THEN 2 WHEN (s.e3 OR s.e4) THEN 3 WHEN s.e5 THEN 4 WHEN s.e6 THEN 5 WHEN s.e1 THEN 6 WHEN s.e7 THEN 7 WHEN (s.e8 AND (NOT s.e0)) THEN 8 WHEN (s.p9 = 1) AND (((s.p0 = 1) AND s.e0) OR ((s.p1 = 1) AND s.e1) OR ((s.p2 = 1) AND s.e2) OR ((s.p3 = 1) AND (s.e3 OR s.e4)) OR ((s.p4 = 1) AND s.e5) OR ((s.p5 = 1) AND s.e6) OR ((s.p6 = 1) AND s.e1) OR ((s.p7 = 1) AND s.e7) OR ((s.p8 = 1) AND (s.e8 AND (NOT s.e0)))) THEN -1 END AS fired,
    (FALSE OR FALSE OR FALSE OR (FALSE OR FALSE) OR FALSE OR FALSE OR FALSE OR FALSE OR ((FALSE) OR (FALSE AND (s.e8 IS NOT FALSE)))) AS uninterpretable,
    (FALSE) AS unresolved
  FROM ev s)
SELECT j.person_id, j.index_date, 'rheumatoid-arthritis' AS factor,
  coalesce(r.status, 'unknown') AS status,
  CASE WHEN r.basis IS NOT NULL THEN r.basis
       WHEN j.unresolved THEN 'unresolved-medication'
       WHEN j.uninterpretable THEN 'uninterpretable-result'
       ELSE 'no-data' END AS basis,
  j.fired AS rule_index
FROM judged j LEFT JOIN ekbom_rule r ON r.factor = 'rheumatoid-arthritis' AND r.rule_index = j.fired
