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
      path = 'stale_results') AS p10
  FROM ekbom_param
  WHERE
    factor = 'smoking'
), win AS (
  SELECT
    COUNT(*) AS n_windows,
    MAX(days) FILTER(WHERE
      key = 'window') AS d_w0
  FROM ekbom_window
  WHERE
    factor = 'smoking'
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
), g0 AS (
  SELECT
    s.person_id,
    s.index_date,
    (
      SELECT
        EXISTS(
          SELECT
            1
          FROM ekbom_concept_set AS v
          WHERE
            v.set_name = 'smoking:current' AND v.concept_id = o.value_concept_id
        ) AS hit
      FROM ekbom_observation AS o
      WHERE
        o.person_id = s.person_id
        AND o.set_name = 'smoking:status'
        AND o.day BETWEEN s.w0 AND s.index_date
      ORDER BY
        o.day DESC,
        hit DESC
      LIMIT 1
    ) AS e0,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'smoking:current'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w0
    ) AS e1,
    NOT EXISTS(
      SELECT
        1
      FROM ekbom_observation AS o
      WHERE
        o.person_id = s.person_id
        AND o.set_name = 'smoking:status'
        AND o.day BETWEEN s.w0 AND s.index_date
    ) AS e2,
    CAST(NULL AS BOOLEAN) AS e3,
    EXISTS(
      SELECT
        1
      FROM ekbom_mention AS x
      WHERE
        x.person_id = s.person_id
        AND x.label = 'smoking'
        AND x.day BETWEEN s.w0 AND s.index_date
        AND NOT x.hypothetical
        AND NOT x.family
        AND NOT x.negated
        AND NOT x.uncertain
        AND NOT x.historical
    ) AS e4,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'smoking:current'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
    ) AS e5,
    EXISTS(
      SELECT
        1
      FROM ekbom_drug_span AS d
      LEFT JOIN ekbom_drug_factor AS f
        ON f.factor = 'smoking' AND f.ingredient = d.ingredient
      WHERE
        d.person_id = s.person_id
        AND d.start_day <= s.index_date
        AND (
          d.active_until IS NULL OR s.index_date <= d.active_until
        )
        AND (
          CASE
            WHEN EXISTS(
              SELECT
                t.txt
              FROM ekbom_param_text AS t
              WHERE
                t.factor = 'smoking' AND t.path = 'r5.ingredients'
            )
            THEN d.ingredient IN (
              SELECT
                t.txt
              FROM ekbom_param_text AS t
              WHERE
                t.factor = 'smoking' AND t.path = 'r5.ingredients'
            )
            ELSE f.implication IN (
              SELECT
                t.txt
              FROM ekbom_param_text AS t
              WHERE
                t.factor = 'smoking' AND t.path = 'r5.implication'
            )
          END
        )
    ) AS e6,
    EXISTS(
      SELECT
        1
      FROM ekbom_mention AS x
      WHERE
        x.person_id = s.person_id
        AND x.label = 'smoking'
        AND x.day BETWEEN s.w0 AND s.index_date
        AND NOT x.hypothetical
        AND NOT x.family
        AND NOT x.negated
        AND x.uncertain
        AND NOT x.historical
    ) AS e7
  FROM s
), g1 AS (
  SELECT
    s.person_id,
    s.index_date,
    (
      SELECT
        EXISTS(
          SELECT
            1
          FROM ekbom_concept_set AS v
          WHERE
            v.set_name = 'smoking:former' AND v.concept_id = o.value_concept_id
        ) AS hit
      FROM ekbom_observation AS o
      WHERE
        o.person_id = s.person_id
        AND o.set_name = 'smoking:status'
        AND o.day BETWEEN s.w0 AND s.index_date
      ORDER BY
        o.day DESC,
        hit DESC
      LIMIT 1
    ) AS e8,
    (
      SELECT
        EXISTS(
          SELECT
            1
          FROM ekbom_concept_set AS v
          WHERE
            v.set_name = 'smoking:never' AND v.concept_id = o.value_concept_id
        ) AS hit
      FROM ekbom_observation AS o
      WHERE
        o.person_id = s.person_id
        AND o.set_name = 'smoking:status'
        AND o.day BETWEEN s.w0 AND s.index_date
      ORDER BY
        o.day DESC,
        hit DESC
      LIMIT 1
    ) AS e9,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'smoking:former'
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
        AND x.label = 'smoking'
        AND x.day BETWEEN s.w0 AND s.index_date
        AND NOT x.hypothetical
        AND NOT x.family
        AND x.negated
        AND NOT x.historical
    ) AS e11
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
    g1.e11
  FROM s
  JOIN g0
    ON g0.person_id = s.person_id AND g0.index_date = s.index_date
  JOIN g1
    ON g1.person_id = s.person_id AND g1.index_date = s.index_date
), judged AS (
  SELECT
    s.person_id,
    s.index_date,
    CASE
      WHEN s.e0
      THEN 0
      WHEN (
        s.e1 AND s.e2
      )
      THEN 1
      WHEN s.e3
      THEN 2
      WHEN s.e4
      THEN 3
      WHEN (
        s.e5 AND s.e2
      )
      THEN 4
      WHEN s.e6
      THEN 5
      WHEN s.e7
      THEN 6
      WHEN s.e3
      THEN 7
      WHEN (
        s.e8 OR s.e9 OR s.e10
      )
      THEN 8
      WHEN s.e11
      THEN 9
      WHEN (
        s.p10 = 1
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
          ) AND (
            s.e1 AND s.e2
          )
        )
        OR (
          (
            s.p2 = 1
          ) AND s.e3
        )
        OR (
          (
            s.p3 = 1
          ) AND s.e4
        )
        OR (
          (
            s.p4 = 1
          ) AND (
            s.e5 AND s.e2
          )
        )
        OR (
          (
            s.p5 = 1
          ) AND s.e6
        )
        OR (
          (
            s.p6 = 1
          ) AND s.e7
        )
        OR (
          (
            s.p7 = 1
          ) AND s.e3
        )
        OR (
          (
            s.p8 = 1
          ) AND (
            s.e8 OR s.e9 OR s.e10
          )
        )
        OR (
          (
            s.p9 = 1
          ) AND s.e11
        )
      )
      THEN -1
    END AS fired,
    (
      FALSE
      OR (
        (
          FALSE
        ) OR (
          FALSE AND (
            NOT s.e1 IS FALSE
          )
        )
      )
      OR FALSE
      OR FALSE
      OR (
        (
          FALSE
        ) OR (
          FALSE AND (
            NOT s.e5 IS FALSE
          )
        )
      )
      OR FALSE
      OR FALSE
      OR FALSE
      OR (
        FALSE OR FALSE OR FALSE
      )
      OR FALSE
    ) AS uninterpretable,
    (
      FALSE
    ) AS unresolved
  FROM ev AS s
)
SELECT
  j.person_id,
  j.index_date,
  'smoking' AS factor,
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
  ON r.factor = 'smoking' AND r.rule_index = j.fired
