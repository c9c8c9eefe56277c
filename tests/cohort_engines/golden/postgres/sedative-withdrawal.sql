WITH prm AS (
  SELECT
    COUNT(*) AS n_params,
    MAX(num) FILTER(WHERE
      path = 'r0.min_use_days') AS p0,
    MAX(num) FILTER(WHERE
      path = 'r4.min_use_days') AS p1,
    MAX(num) FILTER(WHERE
      path = 'r5.0.min_use_days') AS p2,
    MAX(num) FILTER(WHERE
      path = 'r7.0.min_use_days') AS p3,
    MAX(num) FILTER(WHERE
      path = 'r0.present') AS p4,
    MAX(num) FILTER(WHERE
      path = 'r1.present') AS p5,
    MAX(num) FILTER(WHERE
      path = 'r2.present') AS p6,
    MAX(num) FILTER(WHERE
      path = 'r3.present') AS p7,
    MAX(num) FILTER(WHERE
      path = 'r4.present') AS p8,
    MAX(num) FILTER(WHERE
      path = 'r5.present') AS p9,
    MAX(num) FILTER(WHERE
      path = 'r6.present') AS p10,
    MAX(num) FILTER(WHERE
      path = 'r7.present') AS p11,
    MAX(num) FILTER(WHERE
      path = 'r8.present') AS p12,
    MAX(num) FILTER(WHERE
      path = 'r9.present') AS p13,
    MAX(num) FILTER(WHERE
      path = 'r10.present') AS p14,
    MAX(num) FILTER(WHERE
      path = 'stale_results') AS p15
  FROM ekbom_param
  WHERE
    factor = 'sedative-withdrawal'
), win AS (
  SELECT
    COUNT(*) AS n_windows,
    MAX(days) FILTER(WHERE
      key = 'window') AS d_w0
  FROM ekbom_window
  WHERE
    factor = 'sedative-withdrawal'
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
    (
      NOT EXISTS(
        SELECT
          1
        FROM ekbom_drug_span AS d
        JOIN ekbom_drug_factor AS f
          ON f.factor = 'sedative-withdrawal'
          AND f.ingredient = d.ingredient
          AND NOT f.implication IN ('exception', 'unknown')
        WHERE
          d.person_id = s.person_id
          AND d.start_day <= s.index_date
          AND (
            d.active_until IS NULL OR s.index_date <= d.active_until
          )
      )
      AND EXISTS(
        SELECT
          1
        FROM (
          SELECT
            g.ingredient,
            MAX(g.end_day) AS stop,
            MAX(g.first) AS first
          FROM (
            SELECT
              i.*,
              MIN(i.start_day) OVER (PARTITION BY i.ingredient, i.island) AS first
            FROM (
              SELECT
                e.*,
                SUM(CASE WHEN e.reach IS NULL OR e.start_day > e.reach + 1 THEN 1 ELSE 0 END) OVER (
                  PARTITION BY e.ingredient
                  ORDER BY e.start_day, e.fin
                  ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
                ) AS island
              FROM (
                SELECT
                  d.ingredient,
                  d.start_day,
                  d.end_day,
                  COALESCE(d.end_day, d.start_day) AS fin,
                  MAX(COALESCE(d.end_day, d.start_day)) OVER (
                    PARTITION BY d.ingredient
                    ORDER BY d.start_day, COALESCE(d.end_day, d.start_day)
                    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
                  ) AS reach
                FROM ekbom_drug_span AS d
                JOIN ekbom_drug_factor AS f
                  ON f.factor = 'sedative-withdrawal'
                  AND f.ingredient = d.ingredient
                  AND NOT f.implication IN ('exception', 'unknown')
                  AND f.implication IN (
                    SELECT
                      t.txt
                    FROM ekbom_param_text AS t
                    WHERE
                      t.factor = 'sedative-withdrawal' AND t.path = 'r0.implication'
                  )
                WHERE
                  d.person_id = s.person_id AND d.start_day <= s.index_date
              ) AS e
            ) AS i
          ) AS g
          GROUP BY
            g.ingredient
        ) AS x
        LEFT JOIN ekbom_withdrawal_days AS wd
          ON wd.factor = 'sedative-withdrawal' AND wd.ingredient = x.ingredient
        WHERE
          NOT x.stop IS NULL
          AND x.stop <= s.index_date
          AND x.stop >= COALESCE(s.index_date - wd.days, s.w0)
          AND (
            s.p0 IS NULL OR (
              CAST(x.stop AS DATE) - CAST(x.first AS DATE)
            ) >= s.p0
          )
      )
    ) AS e0,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'sedative-withdrawal:withdrawal'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w0
    ) AS e1,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'sedative-withdrawal:withdrawal'
        AND c.start_day <= s.index_date
        AND c.end_day <= s.index_date
        AND c.start_day >= s.w0
    ) AS e2,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'sedative-withdrawal:alcohol-withdrawal'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w0
    ) AS e3,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'sedative-withdrawal:alcohol-withdrawal'
        AND c.start_day <= s.index_date
        AND c.end_day <= s.index_date
        AND c.start_day >= s.w0
    ) AS e4,
    EXISTS(
      SELECT
        1
      FROM ekbom_mention AS x
      WHERE
        x.person_id = s.person_id
        AND x.label = 'sedative-withdrawal'
        AND x.day BETWEEN s.w0 AND s.index_date
        AND NOT x.hypothetical
        AND NOT x.family
        AND NOT x.negated
        AND NOT x.uncertain
        AND NOT x.historical
    ) AS e5,
    (
      NOT EXISTS(
        SELECT
          1
        FROM ekbom_drug_span AS d
        JOIN ekbom_drug_factor AS f
          ON f.factor = 'sedative-withdrawal'
          AND f.ingredient = d.ingredient
          AND NOT f.implication IN ('exception', 'unknown')
        WHERE
          d.person_id = s.person_id
          AND d.start_day <= s.index_date
          AND (
            d.active_until IS NULL OR s.index_date <= d.active_until
          )
      )
      AND EXISTS(
        SELECT
          1
        FROM (
          SELECT
            g.ingredient,
            MAX(g.end_day) AS stop,
            MAX(g.first) AS first
          FROM (
            SELECT
              i.*,
              MIN(i.start_day) OVER (PARTITION BY i.ingredient, i.island) AS first
            FROM (
              SELECT
                e.*,
                SUM(CASE WHEN e.reach IS NULL OR e.start_day > e.reach + 1 THEN 1 ELSE 0 END) OVER (
                  PARTITION BY e.ingredient
                  ORDER BY e.start_day, e.fin
                  ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
                ) AS island
              FROM (
                SELECT
                  d.ingredient,
                  d.start_day,
                  d.end_day,
                  COALESCE(d.end_day, d.start_day) AS fin,
                  MAX(COALESCE(d.end_day, d.start_day)) OVER (
                    PARTITION BY d.ingredient
                    ORDER BY d.start_day, COALESCE(d.end_day, d.start_day)
                    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
                  ) AS reach
                FROM ekbom_drug_span AS d
                JOIN ekbom_drug_factor AS f
                  ON f.factor = 'sedative-withdrawal'
                  AND f.ingredient = d.ingredient
                  AND NOT f.implication IN ('exception', 'unknown')
                  AND f.implication IN (
                    SELECT
                      t.txt
                    FROM ekbom_param_text AS t
                    WHERE
                      t.factor = 'sedative-withdrawal' AND t.path = 'r4.implication'
                  )
                WHERE
                  d.person_id = s.person_id AND d.start_day <= s.index_date
              ) AS e
            ) AS i
          ) AS g
          GROUP BY
            g.ingredient
        ) AS x
        LEFT JOIN ekbom_withdrawal_days AS wd
          ON wd.factor = 'sedative-withdrawal' AND wd.ingredient = x.ingredient
        WHERE
          NOT x.stop IS NULL
          AND x.stop <= s.index_date
          AND x.stop >= COALESCE(s.index_date - wd.days, s.w0)
          AND (
            s.p1 IS NULL OR (
              CAST(x.stop AS DATE) - CAST(x.first AS DATE)
            ) >= s.p1
          )
      )
    ) AS e6,
    (
      NOT EXISTS(
        SELECT
          1
        FROM ekbom_drug_span AS d
        JOIN ekbom_drug_factor AS f
          ON f.factor = 'sedative-withdrawal'
          AND f.ingredient = d.ingredient
          AND NOT f.implication IN ('exception', 'unknown')
        WHERE
          d.person_id = s.person_id
          AND d.start_day <= s.index_date
          AND (
            d.active_until IS NULL OR s.index_date <= d.active_until
          )
      )
      AND EXISTS(
        SELECT
          1
        FROM (
          SELECT
            g.ingredient,
            MAX(g.end_day) AS stop,
            MAX(g.first) AS first
          FROM (
            SELECT
              i.*,
              MIN(i.start_day) OVER (PARTITION BY i.ingredient, i.island) AS first
            FROM (
              SELECT
                e.*,
                SUM(CASE WHEN e.reach IS NULL OR e.start_day > e.reach + 1 THEN 1 ELSE 0 END) OVER (
                  PARTITION BY e.ingredient
                  ORDER BY e.start_day, e.fin
                  ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
                ) AS island
              FROM (
                SELECT
                  d.ingredient,
                  d.start_day,
                  d.end_day,
                  COALESCE(d.end_day, d.start_day) AS fin,
                  MAX(COALESCE(d.end_day, d.start_day)) OVER (
                    PARTITION BY d.ingredient
                    ORDER BY d.start_day, COALESCE(d.end_day, d.start_day)
                    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
                  ) AS reach
                FROM ekbom_drug_span AS d
                JOIN ekbom_drug_factor AS f
                  ON f.factor = 'sedative-withdrawal'
                  AND f.ingredient = d.ingredient
                  AND NOT f.implication IN ('exception', 'unknown')
                  AND f.implication IN (
                    SELECT
                      t.txt
                    FROM ekbom_param_text AS t
                    WHERE
                      t.factor = 'sedative-withdrawal' AND t.path = 'r5.0.implication'
                  )
                WHERE
                  d.person_id = s.person_id AND d.start_day <= s.index_date
              ) AS e
            ) AS i
          ) AS g
          GROUP BY
            g.ingredient
        ) AS x
        LEFT JOIN ekbom_withdrawal_days AS wd
          ON wd.factor = 'sedative-withdrawal' AND wd.ingredient = x.ingredient
        WHERE
          NOT x.stop IS NULL
          AND x.stop <= s.index_date
          AND x.stop >= COALESCE(s.index_date - wd.days, s.w0)
          AND (
            s.p2 IS NULL OR (
              CAST(x.stop AS DATE) - CAST(x.first AS DATE)
            ) >= s.p2
          )
      )
    ) AS e7
  FROM s
), g1 AS MATERIALIZED (
  SELECT
    s.person_id,
    s.index_date,
    CAST(NULL AS BOOLEAN) AS e8,
    EXISTS(
      SELECT
        1
      FROM ekbom_mention AS x
      WHERE
        x.person_id = s.person_id
        AND x.label = 'sedative-withdrawal'
        AND x.day BETWEEN s.w0 AND s.index_date
        AND NOT x.hypothetical
        AND NOT x.family
        AND NOT x.negated
        AND x.uncertain
        AND NOT x.historical
    ) AS e9,
    (
      NOT EXISTS(
        SELECT
          1
        FROM ekbom_drug_span AS d
        JOIN ekbom_drug_factor AS f
          ON f.factor = 'sedative-withdrawal'
          AND f.ingredient = d.ingredient
          AND NOT f.implication IN ('exception', 'unknown')
        WHERE
          d.person_id = s.person_id
          AND d.start_day <= s.index_date
          AND (
            d.active_until IS NULL OR s.index_date <= d.active_until
          )
      )
      AND EXISTS(
        SELECT
          1
        FROM (
          SELECT
            g.ingredient,
            MAX(g.end_day) AS stop,
            MAX(g.first) AS first
          FROM (
            SELECT
              i.*,
              MIN(i.start_day) OVER (PARTITION BY i.ingredient, i.island) AS first
            FROM (
              SELECT
                e.*,
                SUM(CASE WHEN e.reach IS NULL OR e.start_day > e.reach + 1 THEN 1 ELSE 0 END) OVER (
                  PARTITION BY e.ingredient
                  ORDER BY e.start_day, e.fin
                  ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
                ) AS island
              FROM (
                SELECT
                  d.ingredient,
                  d.start_day,
                  d.end_day,
                  COALESCE(d.end_day, d.start_day) AS fin,
                  MAX(COALESCE(d.end_day, d.start_day)) OVER (
                    PARTITION BY d.ingredient
                    ORDER BY d.start_day, COALESCE(d.end_day, d.start_day)
                    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
                  ) AS reach
                FROM ekbom_drug_span AS d
                JOIN ekbom_drug_factor AS f
                  ON f.factor = 'sedative-withdrawal'
                  AND f.ingredient = d.ingredient
                  AND NOT f.implication IN ('exception', 'unknown')
                  AND f.implication IN (
                    SELECT
                      t.txt
                    FROM ekbom_param_text AS t
                    WHERE
                      t.factor = 'sedative-withdrawal' AND t.path = 'r7.0.implication'
                  )
                WHERE
                  d.person_id = s.person_id AND d.start_day <= s.index_date
              ) AS e
            ) AS i
          ) AS g
          GROUP BY
            g.ingredient
        ) AS x
        LEFT JOIN ekbom_withdrawal_days AS wd
          ON wd.factor = 'sedative-withdrawal' AND wd.ingredient = x.ingredient
        WHERE
          NOT x.stop IS NULL
          AND x.stop <= s.index_date
          AND x.stop >= COALESCE(s.index_date - wd.days, s.w0)
          AND (
            s.p3 IS NULL OR (
              CAST(x.stop AS DATE) - CAST(x.first AS DATE)
            ) >= s.p3
          )
      )
    ) AS e10,
    FALSE AS e11,
    EXISTS(
      SELECT
        1
      FROM ekbom_mention AS x
      WHERE
        x.person_id = s.person_id
        AND x.label = 'sedative-withdrawal'
        AND x.day BETWEEN s.w0 AND s.index_date
        AND NOT x.hypothetical
        AND NOT x.family
        AND x.negated
        AND NOT x.historical
    ) AS e12,
    (
      NOT EXISTS(
        SELECT
          1
        FROM ekbom_medication AS m
        WHERE
          m.person_id = s.person_id
          AND m.start_day <= s.index_date
          AND (
            m.end_day IS NULL OR m.end_day >= s.w0
          )
          AND NOT m.resolved
      )
      AND (
        EXISTS(
          SELECT
            1
          FROM ekbom_medication AS m
          WHERE
            m.person_id = s.person_id
            AND m.start_day <= s.index_date
            AND (
              m.end_day IS NULL OR m.end_day >= s.w0
            )
        )
        OR EXISTS(
          SELECT
            1
          FROM ekbom_observation_period AS op
          WHERE
            op.person_id = s.person_id AND op.start_day <= s.w0 AND op.end_day >= s.index_date
        )
      )
    ) AS e13
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
    g1.e13
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
        s.e1 OR s.e2
      )
      THEN 1
      WHEN (
        s.e3 OR s.e4
      )
      THEN 2
      WHEN s.e5
      THEN 3
      WHEN s.e6
      THEN 4
      WHEN (
        s.e7 AND s.e8
      )
      THEN 5
      WHEN s.e9
      THEN 6
      WHEN (
        s.e10 AND s.e11
      )
      THEN 7
      WHEN s.e8
      THEN 8
      WHEN s.e12
      THEN 9
      WHEN s.e13
      THEN 10
      WHEN (
        s.p15 = 1
      )
      AND (
        (
          (
            s.p4 = 1
          ) AND s.e0
        )
        OR (
          (
            s.p5 = 1
          ) AND (
            s.e1 OR s.e2
          )
        )
        OR (
          (
            s.p6 = 1
          ) AND (
            s.e3 OR s.e4
          )
        )
        OR (
          (
            s.p7 = 1
          ) AND s.e5
        )
        OR (
          (
            s.p8 = 1
          ) AND s.e6
        )
        OR (
          (
            s.p9 = 1
          ) AND (
            s.e7 AND s.e8
          )
        )
        OR (
          (
            s.p10 = 1
          ) AND s.e9
        )
        OR (
          (
            s.p11 = 1
          ) AND (
            s.e10 AND s.e11
          )
        )
        OR (
          (
            s.p12 = 1
          ) AND s.e8
        )
        OR (
          (
            s.p13 = 1
          ) AND s.e12
        )
        OR (
          (
            s.p14 = 1
          ) AND s.e13
        )
      )
      THEN -1
    END AS fired,
    (
      FALSE
      OR (
        FALSE OR FALSE
      )
      OR (
        FALSE OR FALSE
      )
      OR FALSE
      OR FALSE
      OR (
        (
          FALSE
        ) OR (
          FALSE AND (
            NOT s.e7 IS FALSE
          )
        )
      )
      OR FALSE
      OR (
        (
          FALSE
        ) OR (
          FALSE AND (
            NOT s.e10 IS FALSE
          )
        )
      )
      OR FALSE
      OR FALSE
      OR FALSE
    ) AS uninterpretable,
    (
      EXISTS(
        SELECT
          1
        FROM ekbom_medication AS m
        WHERE
          m.person_id = s.person_id
          AND NOT m.resolved
          AND m.start_day <= s.index_date
          AND (
            m.end_day IS NULL OR m.end_day >= s.w0
          )
      )
    ) AS unresolved
  FROM ev AS s
)
SELECT
  j.person_id,
  j.index_date,
  'sedative-withdrawal' AS factor,
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
  ON r.factor = 'sedative-withdrawal' AND r.rule_index = j.fired
