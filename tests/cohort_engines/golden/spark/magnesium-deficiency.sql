WITH prm AS (
  SELECT
    COUNT(*) AS n_params,
    MAX(num) FILTER(WHERE
      path = 'r1.lower') AS p0,
    MAX(num) FILTER(WHERE
      path = 'r1.lower_inclusive') AS p1,
    MAX(num) FILTER(WHERE
      path = 'r1.upper') AS p2,
    MAX(num) FILTER(WHERE
      path = 'r1.upper_inclusive') AS p3,
    MAX(num) FILTER(WHERE
      path = 'r7.lower') AS p4,
    MAX(num) FILTER(WHERE
      path = 'r7.lower_inclusive') AS p5,
    MAX(num) FILTER(WHERE
      path = 'r7.upper') AS p6,
    MAX(num) FILTER(WHERE
      path = 'r7.upper_inclusive') AS p7,
    MAX(num) FILTER(WHERE
      path = 'r0.present') AS p8,
    MAX(num) FILTER(WHERE
      path = 'r1.present') AS p9,
    MAX(num) FILTER(WHERE
      path = 'r2.present') AS p10,
    MAX(num) FILTER(WHERE
      path = 'r3.present') AS p11,
    MAX(num) FILTER(WHERE
      path = 'r4.present') AS p12,
    MAX(num) FILTER(WHERE
      path = 'r5.present') AS p13,
    MAX(num) FILTER(WHERE
      path = 'r6.present') AS p14,
    MAX(num) FILTER(WHERE
      path = 'r7.present') AS p15,
    MAX(num) FILTER(WHERE
      path = 'stale_results') AS p16
  FROM ekbom_param
  WHERE
    factor = 'magnesium-deficiency'
), win AS (
  SELECT
    COUNT(*) AS n_windows,
    MAX(days) FILTER(WHERE
      key = 'window') AS d_w0
  FROM ekbom_window
  WHERE
    factor = 'magnesium-deficiency'
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
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'magnesium-deficiency:deficiency'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
    ) AS e0,
    (
      SELECT
        (
          CASE
            WHEN l.interpretable
            THEN (
              (
                CASE
                  WHEN s.p0 IS NULL
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p0
                    OR (
                      l.low = s.p0 AND (
                        (
                          s.p1 = 1
                        ) OR l.low_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p0
                    OR (
                      l.high = s.p0 AND (
                        NOT (
                          s.p1 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN FALSE
                END
              )
              AND (
                CASE
                  WHEN s.p2 IS NULL
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p2
                    OR (
                      l.high = s.p2 AND (
                        (
                          s.p3 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p2
                    OR (
                      l.low = s.p2 AND (
                        NOT (
                          s.p3 = 1
                        ) OR l.low_open
                      )
                    )
                  )
                  THEN FALSE
                END
              )
            )
          END
        )
      FROM ekbom_lab_pick AS l
      WHERE
        l.person_id = s.person_id
        AND l.index_date = s.index_date
        AND l.test = 'magnesium'
        AND l.reach = s.nw0
        AND l.tie = (
          CASE
            WHEN NOT s.p2 IS NULL AND s.p0 IS NULL
            THEN 'lowest'
            WHEN NOT s.p0 IS NULL AND s.p2 IS NULL
            THEN 'highest'
            ELSE 'rank'
          END
        )
    ) AS e1,
    CAST(NULL AS BOOLEAN) AS e2,
    EXISTS(
      SELECT
        1
      FROM ekbom_mention AS x
      WHERE
        x.person_id = s.person_id
        AND x.label = 'magnesium-deficiency'
        AND x.day BETWEEN s.w0 AND s.index_date
        AND NOT x.hypothetical
        AND NOT x.family
        AND NOT x.negated
        AND NOT x.uncertain
        AND NOT x.historical
    ) AS e3,
    FALSE AS e4,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'magnesium-deficiency:unspecified'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
    ) AS e5,
    COALESCE(
      (
        SELECT
          NOT l.interpretable
        FROM ekbom_lab_pick AS l
        WHERE
          l.person_id = s.person_id
          AND l.index_date = s.index_date
          AND l.test = 'magnesium'
          AND l.reach = s.nw0
          AND l.tie = 'rank'
      ),
      TRUE
    ) AS e6,
    EXISTS(
      SELECT
        1
      FROM ekbom_drug_span AS d
      LEFT JOIN ekbom_drug_factor AS f
        ON f.factor = 'magnesium-deficiency' AND f.ingredient = d.ingredient
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
                t.factor = 'magnesium-deficiency' AND t.path = 'r5.0.ingredients'
            )
            THEN d.ingredient IN (
              SELECT
                t.txt
              FROM ekbom_param_text AS t
              WHERE
                t.factor = 'magnesium-deficiency' AND t.path = 'r5.0.ingredients'
            )
            ELSE f.implication IN (
              SELECT
                t.txt
              FROM ekbom_param_text AS t
              WHERE
                t.factor = 'magnesium-deficiency' AND t.path = 'r5.0.implication'
            )
          END
        )
    ) AS e7
  FROM s
), g1 AS (
  SELECT
    s.person_id,
    s.index_date,
    EXISTS(
      SELECT
        1
      FROM ekbom_mention AS x
      WHERE
        x.person_id = s.person_id
        AND x.label = 'magnesium-deficiency'
        AND x.day BETWEEN s.w0 AND s.index_date
        AND NOT x.hypothetical
        AND NOT x.family
        AND NOT x.negated
        AND x.uncertain
        AND NOT x.historical
    ) AS e8,
    (
      SELECT
        (
          CASE
            WHEN l.interpretable
            THEN (
              (
                CASE
                  WHEN s.p4 IS NULL
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p4
                    OR (
                      l.low = s.p4 AND (
                        (
                          s.p5 = 1
                        ) OR l.low_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p4
                    OR (
                      l.high = s.p4 AND (
                        NOT (
                          s.p5 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN FALSE
                END
              )
              AND (
                CASE
                  WHEN s.p6 IS NULL
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p6
                    OR (
                      l.high = s.p6 AND (
                        (
                          s.p7 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p6
                    OR (
                      l.low = s.p6 AND (
                        NOT (
                          s.p7 = 1
                        ) OR l.low_open
                      )
                    )
                  )
                  THEN FALSE
                END
              )
            )
          END
        )
      FROM ekbom_lab_pick AS l
      WHERE
        l.person_id = s.person_id
        AND l.index_date = s.index_date
        AND l.test = 'magnesium'
        AND l.reach = s.nw0
        AND l.tie = (
          CASE
            WHEN NOT s.p6 IS NULL AND s.p4 IS NULL
            THEN 'lowest'
            WHEN NOT s.p4 IS NULL AND s.p6 IS NULL
            THEN 'highest'
            ELSE 'rank'
          END
        )
    ) AS e9,
    (
      SELECT
        (
          CASE
            WHEN l.interpretable
            THEN (
              (
                CASE
                  WHEN s.p0 IS NULL
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p0
                    OR (
                      l.low = s.p0 AND (
                        (
                          s.p1 = 1
                        ) OR l.low_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p0
                    OR (
                      l.high = s.p0 AND (
                        NOT (
                          s.p1 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN FALSE
                END
              )
              AND (
                CASE
                  WHEN s.p2 IS NULL
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p2
                    OR (
                      l.high = s.p2 AND (
                        (
                          s.p3 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p2
                    OR (
                      l.low = s.p2 AND (
                        NOT (
                          s.p3 = 1
                        ) OR l.low_open
                      )
                    )
                  )
                  THEN FALSE
                END
              )
            )
          END
        )
      FROM ekbom_lab_pick AS l
      WHERE
        l.person_id = s.person_id
        AND l.index_date = s.index_date
        AND l.test = 'magnesium'
        AND l.reach = -1
        AND l.tie = (
          CASE
            WHEN NOT s.p2 IS NULL AND s.p0 IS NULL
            THEN 'lowest'
            WHEN NOT s.p0 IS NULL AND s.p2 IS NULL
            THEN 'highest'
            ELSE 'rank'
          END
        )
    ) AS e10,
    COALESCE(
      (
        SELECT
          NOT l.interpretable
        FROM ekbom_lab_pick AS l
        WHERE
          l.person_id = s.person_id
          AND l.index_date = s.index_date
          AND l.test = 'magnesium'
          AND l.reach = -1
          AND l.tie = 'rank'
      ),
      TRUE
    ) AS e11,
    (
      SELECT
        (
          CASE
            WHEN l.interpretable
            THEN (
              (
                CASE
                  WHEN s.p4 IS NULL
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p4
                    OR (
                      l.low = s.p4 AND (
                        (
                          s.p5 = 1
                        ) OR l.low_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p4
                    OR (
                      l.high = s.p4 AND (
                        NOT (
                          s.p5 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN FALSE
                END
              )
              AND (
                CASE
                  WHEN s.p6 IS NULL
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p6
                    OR (
                      l.high = s.p6 AND (
                        (
                          s.p7 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p6
                    OR (
                      l.low = s.p6 AND (
                        NOT (
                          s.p7 = 1
                        ) OR l.low_open
                      )
                    )
                  )
                  THEN FALSE
                END
              )
            )
          END
        )
      FROM ekbom_lab_pick AS l
      WHERE
        l.person_id = s.person_id
        AND l.index_date = s.index_date
        AND l.test = 'magnesium'
        AND l.reach = -1
        AND l.tie = (
          CASE
            WHEN NOT s.p6 IS NULL AND s.p4 IS NULL
            THEN 'lowest'
            WHEN NOT s.p4 IS NULL AND s.p6 IS NULL
            THEN 'highest'
            ELSE 'rank'
          END
        )
    ) AS e12,
    COALESCE(
      (
        SELECT
          (
            NOT l.interpretable
            OR (
              CASE
                WHEN l.interpretable
                THEN (
                  (
                    CASE
                      WHEN s.p0 IS NULL
                      THEN TRUE
                      WHEN NOT l.low IS NULL
                      AND (
                        l.low > s.p0
                        OR (
                          l.low = s.p0 AND (
                            (
                              s.p1 = 1
                            ) OR l.low_open
                          )
                        )
                      )
                      THEN TRUE
                      WHEN NOT l.high IS NULL
                      AND (
                        l.high < s.p0
                        OR (
                          l.high = s.p0 AND (
                            NOT (
                              s.p1 = 1
                            ) OR l.high_open
                          )
                        )
                      )
                      THEN FALSE
                    END
                  )
                  AND (
                    CASE
                      WHEN s.p2 IS NULL
                      THEN TRUE
                      WHEN NOT l.high IS NULL
                      AND (
                        l.high < s.p2
                        OR (
                          l.high = s.p2 AND (
                            (
                              s.p3 = 1
                            ) OR l.high_open
                          )
                        )
                      )
                      THEN TRUE
                      WHEN NOT l.low IS NULL
                      AND (
                        l.low > s.p2
                        OR (
                          l.low = s.p2 AND (
                            NOT (
                              s.p3 = 1
                            ) OR l.low_open
                          )
                        )
                      )
                      THEN FALSE
                    END
                  )
                )
              END
            ) IS NULL
          )
        FROM ekbom_lab_pick AS l
        WHERE
          l.person_id = s.person_id
          AND l.index_date = s.index_date
          AND l.test = 'magnesium'
          AND l.reach = s.nw0
          AND l.tie = (
            CASE
              WHEN NOT s.p2 IS NULL AND s.p0 IS NULL
              THEN 'lowest'
              WHEN NOT s.p0 IS NULL AND s.p2 IS NULL
              THEN 'highest'
              ELSE 'rank'
            END
          )
      ),
      FALSE
    ) AS e13,
    COALESCE(
      (
        SELECT
          NOT l.interpretable
        FROM ekbom_lab_pick AS l
        WHERE
          l.person_id = s.person_id
          AND l.index_date = s.index_date
          AND l.test = 'magnesium'
          AND l.reach = s.nw0
          AND l.tie = 'rank'
      ),
      FALSE
    ) AS e14,
    COALESCE(
      (
        SELECT
          (
            NOT l.interpretable
            OR (
              CASE
                WHEN l.interpretable
                THEN (
                  (
                    CASE
                      WHEN s.p4 IS NULL
                      THEN TRUE
                      WHEN NOT l.low IS NULL
                      AND (
                        l.low > s.p4
                        OR (
                          l.low = s.p4 AND (
                            (
                              s.p5 = 1
                            ) OR l.low_open
                          )
                        )
                      )
                      THEN TRUE
                      WHEN NOT l.high IS NULL
                      AND (
                        l.high < s.p4
                        OR (
                          l.high = s.p4 AND (
                            NOT (
                              s.p5 = 1
                            ) OR l.high_open
                          )
                        )
                      )
                      THEN FALSE
                    END
                  )
                  AND (
                    CASE
                      WHEN s.p6 IS NULL
                      THEN TRUE
                      WHEN NOT l.high IS NULL
                      AND (
                        l.high < s.p6
                        OR (
                          l.high = s.p6 AND (
                            (
                              s.p7 = 1
                            ) OR l.high_open
                          )
                        )
                      )
                      THEN TRUE
                      WHEN NOT l.low IS NULL
                      AND (
                        l.low > s.p6
                        OR (
                          l.low = s.p6 AND (
                            NOT (
                              s.p7 = 1
                            ) OR l.low_open
                          )
                        )
                      )
                      THEN FALSE
                    END
                  )
                )
              END
            ) IS NULL
          )
        FROM ekbom_lab_pick AS l
        WHERE
          l.person_id = s.person_id
          AND l.index_date = s.index_date
          AND l.test = 'magnesium'
          AND l.reach = s.nw0
          AND l.tie = (
            CASE
              WHEN NOT s.p6 IS NULL AND s.p4 IS NULL
              THEN 'lowest'
              WHEN NOT s.p4 IS NULL AND s.p6 IS NULL
              THEN 'highest'
              ELSE 'rank'
            END
          )
      ),
      FALSE
    ) AS e15
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
    g1.e15
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
      WHEN s.e1
      THEN 1
      WHEN s.e2
      THEN 2
      WHEN s.e3
      THEN 3
      WHEN (
        s.e4 OR (
          s.e5 AND s.e6
        )
      )
      THEN 4
      WHEN (
        s.e7 AND s.e6
      )
      THEN 5
      WHEN s.e8
      THEN 6
      WHEN s.e9
      THEN 7
      WHEN (
        s.p16 = 1
      )
      AND (
        (
          (
            s.p8 = 1
          ) AND s.e0
        )
        OR (
          (
            s.p9 = 1
          ) AND s.e10
        )
        OR (
          (
            s.p10 = 1
          ) AND s.e2
        )
        OR (
          (
            s.p11 = 1
          ) AND s.e3
        )
        OR (
          (
            s.p12 = 1
          ) AND (
            s.e4 OR (
              s.e5 AND s.e11
            )
          )
        )
        OR (
          (
            s.p13 = 1
          ) AND (
            s.e7 AND s.e11
          )
        )
        OR (
          (
            s.p14 = 1
          ) AND s.e8
        )
        OR (
          (
            s.p15 = 1
          ) AND s.e12
        )
      )
      THEN -1
    END AS fired,
    (
      FALSE
      OR s.e13
      OR FALSE
      OR FALSE
      OR (
        FALSE
        OR (
          (
            FALSE
          ) OR (
            s.e14 AND (
              NOT s.e5 IS FALSE
            )
          )
        )
      )
      OR (
        (
          FALSE
        ) OR (
          s.e14 AND (
            NOT s.e7 IS FALSE
          )
        )
      )
      OR FALSE
      OR s.e15
    ) AS uninterpretable,
    (
      FALSE
    ) AS unresolved
  FROM ev AS s
)
SELECT
  j.person_id,
  j.index_date,
  'magnesium-deficiency' AS factor,
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
  ON r.factor = 'magnesium-deficiency' AND r.rule_index = j.fired
