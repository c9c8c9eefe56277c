WITH prm AS (
  SELECT count(*) AS n_params, max(num) FILTER (WHERE path = 'r1.0.at_least') AS p0, max(num) FILTER (WHERE path = 'r1.0.below') AS p1, max(num) FILTER (WHERE path = 'r3.at_least') AS p2, max(num) FILTER (WHERE path = 'r3.below') AS p3, max(num) FILTER (WHERE path = 'r7.at_least') AS p4, max(num) FILTER (WHERE path = 'r7.below') AS p5, max(num) FILTER (WHERE path = 'r0.present') AS p6, max(num) FILTER (WHERE path = 'r1.present') AS p7, max(num) FILTER (WHERE path = 'r2.present') AS p8, max(num) FILTER (WHERE path = 'r3.present') AS p9, max(num) FILTER (WHERE path = 'r4.present') AS p10, max(num) FILTER (WHERE path = 'r5.present') AS p11, max(num) FILTER (WHERE path = 'r6.present') AS p12, max(num) FILTER (WHERE path = 'r7.present') AS p13, max(num) FILTER (WHERE path = 'stale_results') AS p14
  FROM ekbom_param WHERE factor = 'early-onset'),
win AS (
  SELECT count(*) AS n_windows, max(days) FILTER (WHERE key = 'window') AS d_w0
  FROM ekbom_window WHERE factor = 'early-onset'),
s AS (
  SELECT i.person_id, i.index_date, prm.*, i.index_date - CAST(win.d_w0 AS INTEGER) AS w0, CAST(win.d_w0 AS INTEGER) AS nw0, pe.sex, pe.birth_lo, pe.birth_hi, o0.day AS o0
  FROM ekbom_index i CROSS JOIN prm CROSS JOIN win
  LEFT JOIN ekbom_person pe ON pe.person_id = i.person_id
  LEFT JOIN ekbom_onset_day o0 ON o0.person_id = i.person_id AND o0.index_date = i.index_date AND o0.set_name = 'rls:rls'),
g0 AS MATERIALIZED (
  SELECT s.person_id, s.index_date,
    CAST(NULL AS BOOLEAN) AS e0,
    EXISTS (SELECT 1 FROM ekbom_condition c WHERE c.person_id = s.person_id AND c.set_name = 'rls:rls' AND c.start_day <= s.index_date AND (c.end_day IS NULL OR c.end_day > s.index_date)) AS e1,
    (CASE WHEN s.birth_lo IS NOT NULL AND s.o0 IS NOT NULL THEN ((CASE WHEN s.p0 IS NULL THEN TRUE WHEN (year(s.o0) - year(s.birth_hi) - CASE WHEN month(s.o0) * 100 + day(s.o0) < month(s.birth_hi) * 100 + day(s.birth_hi) THEN 1 ELSE 0 END) >= s.p0 THEN TRUE WHEN (year(s.o0) - year(s.birth_lo) - CASE WHEN month(s.o0) * 100 + day(s.o0) < month(s.birth_lo) * 100 + day(s.birth_lo) THEN 1 ELSE 0 END) < s.p0 THEN FALSE END) AND (CASE WHEN s.p1 IS NULL THEN TRUE WHEN (year(s.o0) - year(s.birth_lo) - CASE WHEN month(s.o0) * 100 + day(s.o0) < month(s.birth_lo) * 100 + day(s.birth_lo) THEN 1 ELSE 0 END) < s.p1 THEN TRUE WHEN (year(s.o0) - year(s.birth_hi) - CASE WHEN month(s.o0) * 100 + day(s.o0) < month(s.birth_hi) * 100 + day(s.birth_hi) THEN 1 ELSE 0 END) >= s.p1 THEN FALSE END)) END) AS e2,
    EXISTS (SELECT 1 FROM ekbom_condition c WHERE c.person_id = s.person_id AND c.set_name = 'rls:rls' AND c.start_day <= s.index_date AND c.end_day <= s.index_date) AS e3,
    EXISTS (SELECT 1 FROM ekbom_mention x WHERE x.person_id = s.person_id AND x.label = 'early-onset' AND x.day BETWEEN s.w0 AND s.index_date AND NOT x.hypothetical AND NOT x.family AND NOT x.negated AND NOT x.uncertain) AS e4,
    EXISTS (SELECT 1 FROM ekbom_mention x WHERE x.person_id = s.person_id AND x.label = 'rls' AND x.day BETWEEN s.w0 AND s.index_date AND NOT x.hypothetical AND NOT x.family AND NOT x.negated AND NOT x.uncertain) AS e5,
    (CASE WHEN s.birth_lo IS NOT NULL AND s.o0 IS NOT NULL THEN ((CASE WHEN s.p2 IS NULL THEN TRUE WHEN (year(s.o0) - year(s.birth_hi) - CASE WHEN month(s.o0) * 100 + day(s.o0) < month(s.birth_hi) * 100 + day(s.birth_hi) THEN 1 ELSE 0 END) >= s.p2 THEN TRUE WHEN (year(s.o0) - year(s.birth_lo) - CASE WHEN month(s.o0) * 100 + day(s.o0) < month(s.birth_lo) * 100 + day(s.birth_lo) THEN 1 ELSE 0 END) < s.p2 THEN FALSE END) AND (CASE WHEN s.p3 IS NULL THEN TRUE WHEN (year(s.o0) - year(s.birth_lo) - CASE WHEN month(s.o0) * 100 + day(s.o0) < month(s.birth_lo) * 100 + day(s.birth_lo) THEN 1 ELSE 0 END) < s.p3 THEN TRUE WHEN (year(s.o0) - year(s.birth_hi) - CASE WHEN month(s.o0) * 100 + day(s.o0) < month(s.birth_hi) * 100 + day(s.birth_hi) THEN 1 ELSE 0 END) >= s.p3 THEN FALSE END)) END) AS e6,
    EXISTS (SELECT 1 FROM ekbom_mention x WHERE x.person_id = s.person_id AND x.label = 'early-onset' AND x.day BETWEEN s.w0 AND s.index_date AND NOT x.hypothetical AND NOT x.family AND NOT x.negated AND x.uncertain) AS e7
  FROM s),
g1 AS MATERIALIZED (
  SELECT s.person_id, s.index_date,
    (CASE WHEN s.birth_lo IS NOT NULL AND s.o0 IS NOT NULL THEN ((CASE WHEN s.p4 IS NULL THEN TRUE WHEN (year(s.o0) - year(s.birth_hi) - CASE WHEN month(s.o0) * 100 + day(s.o0) < month(s.birth_hi) * 100 + day(s.birth_hi) THEN 1 ELSE 0 END) >= s.p4 THEN TRUE WHEN (year(s.o0) - year(s.birth_lo) - CASE WHEN month(s.o0) * 100 + day(s.o0) < month(s.birth_lo) * 100 + day(s.birth_lo) THEN 1 ELSE 0 END) < s.p4 THEN FALSE END) AND (CASE WHEN s.p5 IS NULL THEN TRUE WHEN (year(s.o0) - year(s.birth_lo) - CASE WHEN month(s.o0) * 100 + day(s.o0) < month(s.birth_lo) * 100 + day(s.birth_lo) THEN 1 ELSE 0 END) < s.p5 THEN TRUE WHEN (year(s.o0) - year(s.birth_hi) - CASE WHEN month(s.o0) * 100 + day(s.o0) < month(s.birth_hi) * 100 + day(s.birth_hi) THEN 1 ELSE 0 END) >= s.p5 THEN FALSE END)) END) AS e8
  FROM s),
ev AS (
  SELECT s.*, g0.e0, g0.e1, g0.e2, g0.e3, g0.e4, g0.e5, g0.e6, g0.e7, g1.e8
  FROM s
  JOIN g0 ON g0.person_id = s.person_id AND g0.index_date = s.index_date
  JOIN g1 ON g1.person_id = s.person_id AND g1.index_date = s.index_date),
judged AS (
  SELECT s.person_id, s.index_date,
    CASE WHEN (s.e0 AND (s.e1 OR (s.e0 AND s.e0 AND s.e0 AND s.e0 AND s.e0))) THEN 0 WHEN (s.e2 AND (s.e1 OR s.e3)) THEN 1 WHEN (s.e4 AND (s.e1 OR s.e5)) THEN 2 WHEN s.e6 THEN 3 WHEN (s.e0 AND s.e0) THEN 4 WHEN s.e7 THEN 5 WHEN s.e0 THEN 6 WHEN s.e8 THEN 7 WHEN (s.p14 = 1) AND (((s.p6 = 1) AND (s.e0 AND (s.e1 OR (s.e0 AND s.e0 AND s.e0 AND s.e0 AND s.e0)))) OR ((s.p7 = 1) AND (s.e2 AND (s.e1 OR s.e3))) OR ((s.p8 = 1) AND (s.e4 AND (s.e1 OR s.e5))) OR ((s.p9 = 1) AND s.e6) OR ((s.p10 = 1) AND (s.e0 AND s.e0)) OR ((s.p11 = 1) AND s.e7) OR ((s.p12 = 1) AND s.e0) OR ((s.p13 = 1) AND s.e8)) THEN -1 END AS fired,
    (((FALSE) OR ((FALSE OR ((FALSE) OR (FALSE AND (s.e0 IS NOT FALSE)) OR (FALSE AND (s.e0 IS NOT FALSE) AND (s.e0 IS NOT FALSE)) OR (FALSE AND (s.e0 IS NOT FALSE) AND (s.e0 IS NOT FALSE) AND (s.e0 IS NOT FALSE)) OR (FALSE AND (s.e0 IS NOT FALSE) AND (s.e0 IS NOT FALSE) AND (s.e0 IS NOT FALSE) AND (s.e0 IS NOT FALSE)))) AND (s.e0 IS NOT FALSE))) OR ((FALSE) OR ((FALSE OR FALSE) AND (s.e2 IS NOT FALSE))) OR ((FALSE) OR ((FALSE OR FALSE) AND (s.e4 IS NOT FALSE))) OR FALSE OR ((FALSE) OR (FALSE AND (s.e0 IS NOT FALSE))) OR FALSE OR FALSE OR FALSE) AS uninterpretable,
    (FALSE) AS unresolved
  FROM ev s)
SELECT j.person_id, j.index_date, 'early-onset' AS factor,
  coalesce(r.status, 'unknown') AS status,
  CASE WHEN r.basis IS NOT NULL THEN r.basis
       WHEN j.unresolved THEN 'unresolved-medication'
       WHEN j.uninterpretable THEN 'uninterpretable-result'
       ELSE 'no-data' END AS basis,
  j.fired AS rule_index
FROM judged j LEFT JOIN ekbom_rule r ON r.factor = 'early-onset' AND r.rule_index = j.fired
