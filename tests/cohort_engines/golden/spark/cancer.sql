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
      path = 'r8.present') AS p8,
    MAX(num) FILTER(WHERE
      path = 'r9.present') AS p9,
    MAX(num) FILTER(WHERE
      path = 'r10.present') AS p10,
    MAX(num) FILTER(WHERE
      path = 'r11.present') AS p11,
    MAX(num) FILTER(WHERE
      path = 'r12.present') AS p12,
    MAX(num) FILTER(WHERE
      path = 'stale_results') AS p13
  FROM ekbom_param
  WHERE
    factor = 'cancer'
), win AS (
  SELECT
    COUNT(*) AS n_windows,
    MAX(days) FILTER(WHERE
      key = 'window') AS d_w0,
    MAX(days) FILTER(WHERE
      key = 'r5.0.within_days') AS d_w1,
    MAX(days) FILTER(WHERE
      key = 'r5.1.within_days') AS d_w2
  FROM ekbom_window
  WHERE
    factor = 'cancer'
), s AS (
  SELECT
    i.person_id,
    i.index_date,
    prm.*,
    i.index_date - CAST(win.d_w0 AS INT) AS w0,
    CAST(win.d_w0 AS INT) AS nw0,
    i.index_date - CAST(win.d_w1 AS INT) AS w1,
    CAST(win.d_w1 AS INT) AS nw1,
    i.index_date - CAST(win.d_w2 AS INT) AS w2,
    CAST(win.d_w2 AS INT) AS nw2,
    pe.sex,
    pe.birth_lo,
    pe.birth_hi
  FROM ekbom_index AS i
  CROSS JOIN prm
  CROSS JOIN win
  LEFT JOIN ekbom_person AS pe
    ON pe.person_id = i.person_id
), g0 AS (
  SELECT
    s.person_id,
    s.index_date,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'cancer:spinal-tumour'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
    ) AS e0,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'cancer:malignancy'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
    ) AS e1,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'cancer:chemotherapy'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w0
    ) AS e2,
    EXISTS(
      SELECT
        1
      FROM ekbom_procedure AS x
      WHERE
        x.person_id = s.person_id
        AND x.set_name = 'cancer:chemotherapy'
        AND x.day BETWEEN s.w0 AND s.index_date
    ) AS e3,
    CAST(NULL AS BOOLEAN) AS e4,
    EXISTS(
      SELECT
        1
      FROM ekbom_mention AS x
      WHERE
        x.person_id = s.person_id
        AND x.label = 'cancer'
        AND x.day BETWEEN s.w0 AND s.index_date
        AND NOT x.hypothetical
        AND NOT x.family
        AND NOT x.negated
        AND NOT x.uncertain
        AND NOT x.historical
    ) AS e5,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'cancer:chemotherapy'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w1
    ) AS e6,
    EXISTS(
      SELECT
        1
      FROM ekbom_procedure AS x
      WHERE
        x.person_id = s.person_id
        AND x.set_name = 'cancer:chemotherapy'
        AND x.day BETWEEN s.w2 AND s.index_date
    ) AS e7
  FROM s
), g1 AS (
  SELECT
    s.person_id,
    s.index_date,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'cancer:remission'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
    ) AS e8,
    FALSE AS e9,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'cancer:suspected'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
    ) AS e10,
    EXISTS(
      SELECT
        1
      FROM ekbom_mention AS x
      WHERE
        x.person_id = s.person_id
        AND x.label = 'cancer'
        AND x.day BETWEEN s.w0 AND s.index_date
        AND NOT x.hypothetical
        AND NOT x.family
        AND NOT x.negated
        AND x.uncertain
        AND NOT x.historical
    ) AS e11,
    EXISTS(
      SELECT
        1
      FROM ekbom_mention AS x
      WHERE
        x.person_id = s.person_id
        AND x.label = 'cancer'
        AND x.day BETWEEN s.w0 AND s.index_date
        AND NOT x.hypothetical
        AND NOT x.family
        AND x.negated
        AND NOT x.historical
    ) AS e12,
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
    ) AS e13,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'cancer:history'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
    ) AS e14,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'cancer:malignancy'
        AND c.start_day <= s.index_date
        AND c.end_day <= s.index_date
    ) AS e15
  FROM s
), g2 AS (
  SELECT
    s.person_id,
    s.index_date,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'cancer:spinal-tumour'
        AND c.start_day <= s.index_date
        AND c.end_day <= s.index_date
    ) AS e16
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
    g0.e6,
    g0.e7,
    g1.e8,
    g1.e9,
    g1.e10,
    g1.e11,
    g1.e12,
    g1.e13,
    g1.e14,
    g1.e15,
    g2.e16
  FROM s
  JOIN g0
    ON g0.person_id = s.person_id AND g0.index_date = s.index_date
  JOIN g1
    ON g1.person_id = s.person_id AND g1.index_date = s.index_date
  JOIN g2
    ON g2.person_id = s.person_id AND g2.index_date = s.index_date
), judged AS (
  SELECT
    s.person_id,
    s.index_date,
    CASE
      WHEN s.e0
      THEN 0
      WHEN s.e1
      THEN 1
      WHEN (
        s.e2 OR s.e3
      )
      THEN 2
      WHEN (
        s.e4 OR s.e4
      )
      THEN 3
      WHEN s.e5
      THEN 4
      WHEN (
        s.e6 OR s.e7
      )
      THEN 5
      WHEN s.e8
      THEN 6
      WHEN (
        s.e9 OR s.e9 OR s.e10
      )
      THEN 7
      WHEN s.e11
      THEN 8
      WHEN s.e4
      THEN 9
      WHEN s.e12
      THEN 10
      WHEN (
        s.e13 AND (
          s.e14 OR s.e15 OR s.e16
        )
      )
      THEN 11
      WHEN (
        s.e13 AND (
          NOT s.e1
        ) AND (
          NOT s.e0
        )
      )
      THEN 12
      WHEN (
        s.p13 = 1
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
          ) AND (
            s.e2 OR s.e3
          )
        )
        OR (
          (
            s.p3 = 1
          ) AND (
            s.e4 OR s.e4
          )
        )
        OR (
          (
            s.p4 = 1
          ) AND s.e5
        )
        OR (
          (
            s.p5 = 1
          ) AND (
            s.e6 OR s.e7
          )
        )
        OR (
          (
            s.p6 = 1
          ) AND s.e8
        )
        OR (
          (
            s.p7 = 1
          ) AND (
            s.e9 OR s.e9 OR s.e10
          )
        )
        OR (
          (
            s.p8 = 1
          ) AND s.e11
        )
        OR (
          (
            s.p9 = 1
          ) AND s.e4
        )
        OR (
          (
            s.p10 = 1
          ) AND s.e12
        )
        OR (
          (
            s.p11 = 1
          ) AND (
            s.e13 AND (
              s.e14 OR s.e15 OR s.e16
            )
          )
        )
        OR (
          (
            s.p12 = 1
          ) AND (
            s.e13 AND (
              NOT s.e1
            ) AND (
              NOT s.e0
            )
          )
        )
      )
      THEN -1
    END AS fired,
    (
      FALSE
      OR FALSE
      OR (
        FALSE OR FALSE
      )
      OR (
        FALSE OR FALSE
      )
      OR FALSE
      OR (
        FALSE OR FALSE
      )
      OR FALSE
      OR (
        FALSE OR FALSE OR FALSE
      )
      OR FALSE
      OR FALSE
      OR FALSE
      OR (
        (
          FALSE
        )
        OR (
          (
            FALSE OR FALSE OR FALSE
          ) AND (
            NOT s.e13 IS FALSE
          )
        )
      )
      OR (
        (
          FALSE
        )
        OR (
          FALSE AND (
            NOT s.e13 IS FALSE
          )
        )
        OR (
          FALSE AND (
            NOT s.e13 IS FALSE
          ) AND (
            NOT (
              NOT s.e1
            ) IS FALSE
          )
        )
      )
    ) AS uninterpretable,
    (
      FALSE
    ) AS unresolved
  FROM ev AS s
)
SELECT
  j.person_id,
  j.index_date,
  'cancer' AS factor,
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
  ON r.factor = 'cancer' AND r.rule_index = j.fired
