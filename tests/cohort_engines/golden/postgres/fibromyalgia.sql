WITH prm AS (
  SELECT
    COUNT(*) AS n_params,
    MAX(num) FILTER(WHERE
      path = 'r0.present') AS p0,
    MAX(num) FILTER(WHERE
      path = 'r1.present') AS p1,
    MAX(num) FILTER(WHERE
      path = 'r2.present') AS p2,
    MAX(num) FILTER(WHERE
      path = 'r3.present') AS p3,
    MAX(num) FILTER(WHERE
      path = 'r4.present') AS p4,
    MAX(num) FILTER(WHERE
      path = 'r5.present') AS p5,
    MAX(num) FILTER(WHERE
      path = 'r6.present') AS p6,
    MAX(num) FILTER(WHERE
      path = 'r7.present') AS p7,
    MAX(num) FILTER(WHERE
      path = 'stale_results') AS p8
  FROM ekbom_param
  WHERE
    factor = 'fibromyalgia'
), win AS (
  SELECT
    COUNT(*) AS n_windows,
    MAX(days) FILTER(WHERE
      key = 'window') AS d_w0
  FROM ekbom_window
  WHERE
    factor = 'fibromyalgia'
), s AS (
  SELECT
    i.person_id,
    i.index_date,
    prm.*,
    i.index_date - CAST(win.d_w0 AS INT) AS w0,
    CAST(win.d_w0 AS INT) AS nw0,
    pe.sex,
    pe.birth_lo,
    pe.birth_hi
  FROM ekbom_index AS i
  CROSS JOIN prm
  CROSS JOIN win
  LEFT JOIN ekbom_person AS pe
    ON pe.person_id = i.person_id
), g0 AS MATERIALIZED (
  SELECT
    s.person_id,
    s.index_date,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'fibromyalgia:fibromyalgia'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
    ) AS e0,
    CAST(NULL AS BOOLEAN) AS e1,
    EXISTS(
      SELECT
        1
      FROM ekbom_mention AS x
      WHERE
        x.person_id = s.person_id
        AND x.label = 'fibromyalgia'
        AND x.day BETWEEN s.w0 AND s.index_date
        AND NOT x.hypothetical
        AND NOT x.family
        AND NOT x.negated
        AND NOT x.uncertain
    ) AS e2,
    FALSE AS e3,
    EXISTS(
      SELECT
        1
      FROM ekbom_mention AS x
      WHERE
        x.person_id = s.person_id
        AND x.label = 'fibromyalgia'
        AND x.day BETWEEN s.w0 AND s.index_date
        AND NOT x.hypothetical
        AND NOT x.family
        AND NOT x.negated
        AND x.uncertain
    ) AS e4,
    EXISTS(
      SELECT
        1
      FROM ekbom_mention AS x
      WHERE
        x.person_id = s.person_id
        AND x.label = 'fibromyalgia'
        AND x.day BETWEEN s.w0 AND s.index_date
        AND NOT x.hypothetical
        AND NOT x.family
        AND x.negated
    ) AS e5,
    (
      EXISTS(
        SELECT
          1
        FROM condition_occurrence AS c
        WHERE
          c.person_id = s.person_id AND c.condition_start_date <= s.index_date
      )
      AND EXISTS(
        SELECT
          1
        FROM ekbom_observation_period AS op
        WHERE
          op.person_id = s.person_id AND op.start_day <= s.w0 AND op.end_day >= s.index_date
      )
    ) AS e6
  FROM s
), ev AS (
  SELECT
    s.*,
    g0.e0,
    g0.e1,
    g0.e2,
    g0.e3,
    g0.e4,
    g0.e5,
    g0.e6
  FROM s
  JOIN g0
    ON g0.person_id = s.person_id AND g0.index_date = s.index_date
), judged AS (
  SELECT
    s.person_id,
    s.index_date,
    CASE
      WHEN s.e0
      THEN 0
      WHEN s.e1
      THEN 1
      WHEN s.e2
      THEN 2
      WHEN s.e3
      THEN 3
      WHEN s.e4
      THEN 4
      WHEN s.e1
      THEN 5
      WHEN s.e5
      THEN 6
      WHEN s.e6
      THEN 7
      WHEN (
        s.p8 = 1
      )
      AND (
        (
          (
            s.p0 = 1
          ) AND s.e0
        )
        OR (
          (
            s.p1 = 1
          ) AND s.e1
        )
        OR (
          (
            s.p2 = 1
          ) AND s.e2
        )
        OR (
          (
            s.p3 = 1
          ) AND s.e3
        )
        OR (
          (
            s.p4 = 1
          ) AND s.e4
        )
        OR (
          (
            s.p5 = 1
          ) AND s.e1
        )
        OR (
          (
            s.p6 = 1
          ) AND s.e5
        )
        OR (
          (
            s.p7 = 1
          ) AND s.e6
        )
      )
      THEN -1
    END AS fired,
    (
      FALSE OR FALSE OR FALSE OR FALSE OR FALSE OR FALSE OR FALSE OR FALSE
    ) AS uninterpretable,
    (
      FALSE
    ) AS unresolved
  FROM ev AS s
)
SELECT
  j.person_id,
  j.index_date,
  'fibromyalgia' AS factor,
  COALESCE(r.status, 'unknown') AS status,
  CASE
    WHEN NOT r.basis IS NULL
    THEN r.basis
    WHEN j.unresolved
    THEN 'unresolved-medication'
    WHEN j.uninterpretable
    THEN 'uninterpretable-result'
    ELSE 'no-data'
  END AS basis,
  j.fired AS rule_index
FROM judged AS j
LEFT JOIN ekbom_rule AS r
  ON r.factor = 'fibromyalgia' AND r.rule_index = j.fired
