WITH prm AS (
  SELECT
    COUNT(*) AS n_params,
    MAX(num) FILTER(WHERE
      path = 'r2.lower') AS p0,
    MAX(num) FILTER(WHERE
      path = 'r2.lower_inclusive') AS p1,
    MAX(num) FILTER(WHERE
      path = 'r2.upper') AS p2,
    MAX(num) FILTER(WHERE
      path = 'r2.upper_inclusive') AS p3,
    MAX(num) FILTER(WHERE
      path = 'r3.1.lower') AS p4,
    MAX(num) FILTER(WHERE
      path = 'r3.1.lower_inclusive') AS p5,
    MAX(num) FILTER(WHERE
      path = 'r3.1.upper') AS p6,
    MAX(num) FILTER(WHERE
      path = 'r3.1.upper_inclusive') AS p7,
    MAX(num) FILTER(WHERE
      path = 'r6.2.lower') AS p8,
    MAX(num) FILTER(WHERE
      path = 'r6.2.lower_inclusive') AS p9,
    MAX(num) FILTER(WHERE
      path = 'r6.2.upper') AS p10,
    MAX(num) FILTER(WHERE
      path = 'r6.2.upper_inclusive') AS p11,
    MAX(num) FILTER(WHERE
      path = 'r0.present') AS p12,
    MAX(num) FILTER(WHERE
      path = 'r1.present') AS p13,
    MAX(num) FILTER(WHERE
      path = 'r2.present') AS p14,
    MAX(num) FILTER(WHERE
      path = 'r3.present') AS p15,
    MAX(num) FILTER(WHERE
      path = 'r4.present') AS p16,
    MAX(num) FILTER(WHERE
      path = 'r5.present') AS p17,
    MAX(num) FILTER(WHERE
      path = 'r6.present') AS p18,
    MAX(num) FILTER(WHERE
      path = 'r7.present') AS p19,
    MAX(num) FILTER(WHERE
      path = 'r8.present') AS p20,
    MAX(num) FILTER(WHERE
      path = 'r9.present') AS p21,
    MAX(num) FILTER(WHERE
      path = 'r10.present') AS p22,
    MAX(num) FILTER(WHERE
      path = 'stale_results') AS p23
  FROM ekbom_param
  WHERE
    factor = 'alcohol'
), win AS (
  SELECT
    COUNT(*) AS n_windows,
    MAX(days) FILTER(WHERE
      key = 'window') AS d_w0
  FROM ekbom_window
  WHERE
    factor = 'alcohol'
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
        AND c.set_name = 'alcohol:aud'
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
        AND c.set_name = 'alcohol:neuropathy'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
    ) AS e1,
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
        AND l.test = 'audit-c'
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
    ) AS e2,
    (
      CASE
        WHEN NOT s.sex IS NULL
        THEN s.sex IN (
          SELECT
            t.txt
          FROM ekbom_param_text AS t
          WHERE
            t.factor = 'alcohol' AND t.path = 'r3.0.sexes'
        )
        WHEN 'missing' IN (
          SELECT
            t.txt
          FROM ekbom_param_text AS t
          WHERE
            t.factor = 'alcohol' AND t.path = 'r3.0.sexes'
        )
        THEN TRUE
      END
    ) AS e3,
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
        AND l.test = 'audit-c'
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
    ) AS e4,
    CAST(NULL AS BOOLEAN) AS e5,
    EXISTS(
      SELECT
        1
      FROM ekbom_mention AS x
      WHERE
        x.person_id = s.person_id
        AND x.label = 'alcohol'
        AND x.day BETWEEN s.w0 AND s.index_date
        AND NOT x.hypothetical
        AND NOT x.family
        AND NOT x.negated
        AND NOT x.uncertain
        AND NOT x.historical
    ) AS e6,
    (
      CASE
        WHEN NOT s.sex IS NULL
        THEN s.sex IN (
          SELECT
            t.txt
          FROM ekbom_param_text AS t
          WHERE
            t.factor = 'alcohol' AND t.path = 'r6.0.n.sexes'
        )
        WHEN 'missing' IN (
          SELECT
            t.txt
          FROM ekbom_param_text AS t
          WHERE
            t.factor = 'alcohol' AND t.path = 'r6.0.n.sexes'
        )
        THEN TRUE
      END
    ) AS e7
  FROM s
), g1 AS MATERIALIZED (
  SELECT
    s.person_id,
    s.index_date,
    (
      CASE
        WHEN NOT s.sex IS NULL
        THEN s.sex IN (
          SELECT
            t.txt
          FROM ekbom_param_text AS t
          WHERE
            t.factor = 'alcohol' AND t.path = 'r6.1.n.sexes'
        )
        WHEN 'missing' IN (
          SELECT
            t.txt
          FROM ekbom_param_text AS t
          WHERE
            t.factor = 'alcohol' AND t.path = 'r6.1.n.sexes'
        )
        THEN TRUE
      END
    ) AS e8,
    (
      SELECT
        (
          CASE
            WHEN l.interpretable
            THEN (
              (
                CASE
                  WHEN s.p8 IS NULL
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p8
                    OR (
                      l.low = s.p8 AND (
                        (
                          s.p9 = 1
                        ) OR l.low_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p8
                    OR (
                      l.high = s.p8 AND (
                        NOT (
                          s.p9 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN FALSE
                END
              )
              AND (
                CASE
                  WHEN s.p10 IS NULL
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p10
                    OR (
                      l.high = s.p10 AND (
                        (
                          s.p11 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p10
                    OR (
                      l.low = s.p10 AND (
                        NOT (
                          s.p11 = 1
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
        AND l.test = 'audit-c'
        AND l.reach = s.nw0
        AND l.tie = (
          CASE
            WHEN NOT s.p10 IS NULL AND s.p8 IS NULL
            THEN 'lowest'
            WHEN NOT s.p8 IS NULL AND s.p10 IS NULL
            THEN 'highest'
            ELSE 'rank'
          END
        )
    ) AS e9,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'alcohol:alcohol-use'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
    ) AS e10,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'alcohol:liver'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
    ) AS e11,
    EXISTS(
      SELECT
        1
      FROM ekbom_mention AS x
      WHERE
        x.person_id = s.person_id
        AND x.label = 'alcohol'
        AND x.day BETWEEN s.w0 AND s.index_date
        AND NOT x.hypothetical
        AND NOT x.family
        AND NOT x.negated
        AND x.uncertain
        AND NOT x.historical
    ) AS e12,
    EXISTS(
      SELECT
        1
      FROM ekbom_mention AS x
      WHERE
        x.person_id = s.person_id
        AND x.label = 'alcohol'
        AND x.day BETWEEN s.w0 AND s.index_date
        AND NOT x.hypothetical
        AND NOT x.family
        AND x.negated
        AND NOT x.historical
    ) AS e13,
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
        AND l.test = 'audit-c'
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
    ) AS e14,
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
        AND l.test = 'audit-c'
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
    ) AS e15
  FROM s
), g2 AS MATERIALIZED (
  SELECT
    s.person_id,
    s.index_date,
    (
      SELECT
        (
          CASE
            WHEN l.interpretable
            THEN (
              (
                CASE
                  WHEN s.p8 IS NULL
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p8
                    OR (
                      l.low = s.p8 AND (
                        (
                          s.p9 = 1
                        ) OR l.low_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p8
                    OR (
                      l.high = s.p8 AND (
                        NOT (
                          s.p9 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN FALSE
                END
              )
              AND (
                CASE
                  WHEN s.p10 IS NULL
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p10
                    OR (
                      l.high = s.p10 AND (
                        (
                          s.p11 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p10
                    OR (
                      l.low = s.p10 AND (
                        NOT (
                          s.p11 = 1
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
        AND l.test = 'audit-c'
        AND l.reach = -1
        AND l.tie = (
          CASE
            WHEN NOT s.p10 IS NULL AND s.p8 IS NULL
            THEN 'lowest'
            WHEN NOT s.p8 IS NULL AND s.p10 IS NULL
            THEN 'highest'
            ELSE 'rank'
          END
        )
    ) AS e16,
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
          AND l.test = 'audit-c'
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
    ) AS e17,
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
          AND l.test = 'audit-c'
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
    ) AS e18,
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
                      WHEN s.p8 IS NULL
                      THEN TRUE
                      WHEN NOT l.low IS NULL
                      AND (
                        l.low > s.p8
                        OR (
                          l.low = s.p8 AND (
                            (
                              s.p9 = 1
                            ) OR l.low_open
                          )
                        )
                      )
                      THEN TRUE
                      WHEN NOT l.high IS NULL
                      AND (
                        l.high < s.p8
                        OR (
                          l.high = s.p8 AND (
                            NOT (
                              s.p9 = 1
                            ) OR l.high_open
                          )
                        )
                      )
                      THEN FALSE
                    END
                  )
                  AND (
                    CASE
                      WHEN s.p10 IS NULL
                      THEN TRUE
                      WHEN NOT l.high IS NULL
                      AND (
                        l.high < s.p10
                        OR (
                          l.high = s.p10 AND (
                            (
                              s.p11 = 1
                            ) OR l.high_open
                          )
                        )
                      )
                      THEN TRUE
                      WHEN NOT l.low IS NULL
                      AND (
                        l.low > s.p10
                        OR (
                          l.low = s.p10 AND (
                            NOT (
                              s.p11 = 1
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
          AND l.test = 'audit-c'
          AND l.reach = s.nw0
          AND l.tie = (
            CASE
              WHEN NOT s.p10 IS NULL AND s.p8 IS NULL
              THEN 'lowest'
              WHEN NOT s.p8 IS NULL AND s.p10 IS NULL
              THEN 'highest'
              ELSE 'rank'
            END
          )
      ),
      FALSE
    ) AS e19
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
    g2.e16,
    g2.e17,
    g2.e18,
    g2.e19
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
      WHEN s.e2
      THEN 2
      WHEN (
        s.e3 AND s.e4
      )
      THEN 3
      WHEN s.e5
      THEN 4
      WHEN s.e6
      THEN 5
      WHEN (
        (
          NOT s.e7
        ) AND (
          NOT s.e8
        ) AND s.e9
      )
      THEN 6
      WHEN (
        s.e10 OR s.e11
      )
      THEN 7
      WHEN s.e12
      THEN 8
      WHEN s.e5
      THEN 9
      WHEN s.e13
      THEN 10
      WHEN (
        s.p23 = 1
      )
      AND (
        (
          (
            s.p12 = 1
          ) AND s.e0
        )
        OR (
          (
            s.p13 = 1
          ) AND s.e1
        )
        OR (
          (
            s.p14 = 1
          ) AND s.e14
        )
        OR (
          (
            s.p15 = 1
          ) AND (
            s.e3 AND s.e15
          )
        )
        OR (
          (
            s.p16 = 1
          ) AND s.e5
        )
        OR (
          (
            s.p17 = 1
          ) AND s.e6
        )
        OR (
          (
            s.p18 = 1
          ) AND (
            (
              NOT s.e7
            ) AND (
              NOT s.e8
            ) AND s.e16
          )
        )
        OR (
          (
            s.p19 = 1
          ) AND (
            s.e10 OR s.e11
          )
        )
        OR (
          (
            s.p20 = 1
          ) AND s.e12
        )
        OR (
          (
            s.p21 = 1
          ) AND s.e5
        )
        OR (
          (
            s.p22 = 1
          ) AND s.e13
        )
      )
      THEN -1
    END AS fired,
    (
      FALSE
      OR FALSE
      OR s.e17
      OR (
        (
          FALSE
        ) OR (
          s.e18 AND (
            NOT s.e3 IS FALSE
          )
        )
      )
      OR FALSE
      OR FALSE
      OR (
        (
          FALSE
        )
        OR (
          FALSE AND (
            NOT (
              NOT s.e7
            ) IS FALSE
          )
        )
        OR (
          s.e19
          AND (
            NOT (
              NOT s.e7
            ) IS FALSE
          )
          AND (
            NOT (
              NOT s.e8
            ) IS FALSE
          )
        )
      )
      OR (
        FALSE OR FALSE
      )
      OR FALSE
      OR FALSE
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
  'alcohol' AS factor,
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
  ON r.factor = 'alcohol' AND r.rule_index = j.fired
