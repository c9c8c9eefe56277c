WITH prm AS (
  SELECT
    COUNT(*) AS n_params,
    MAX(num) FILTER(WHERE
      path = 'r1.1.lower') AS p0,
    MAX(num) FILTER(WHERE
      path = 'r1.1.lower_inclusive') AS p1,
    MAX(num) FILTER(WHERE
      path = 'r1.1.upper') AS p2,
    MAX(num) FILTER(WHERE
      path = 'r1.1.upper_inclusive') AS p3,
    MAX(num) FILTER(WHERE
      path = 'r1.2.lower') AS p4,
    MAX(num) FILTER(WHERE
      path = 'r1.2.lower_inclusive') AS p5,
    MAX(num) FILTER(WHERE
      path = 'r1.2.upper') AS p6,
    MAX(num) FILTER(WHERE
      path = 'r1.2.upper_inclusive') AS p7,
    MAX(num) FILTER(WHERE
      path = 'r2.1.lower') AS p8,
    MAX(num) FILTER(WHERE
      path = 'r2.1.lower_inclusive') AS p9,
    MAX(num) FILTER(WHERE
      path = 'r2.1.upper') AS p10,
    MAX(num) FILTER(WHERE
      path = 'r2.1.upper_inclusive') AS p11,
    MAX(num) FILTER(WHERE
      path = 'r2.2.1.lower') AS p12,
    MAX(num) FILTER(WHERE
      path = 'r2.2.1.lower_inclusive') AS p13,
    MAX(num) FILTER(WHERE
      path = 'r2.2.1.upper') AS p14,
    MAX(num) FILTER(WHERE
      path = 'r2.2.1.upper_inclusive') AS p15,
    MAX(num) FILTER(WHERE
      path = 'r3.0.at_least') AS p16,
    MAX(num) FILTER(WHERE
      path = 'r3.0.below') AS p17,
    MAX(num) FILTER(WHERE
      path = 'r3.2.0.0.lower') AS p18,
    MAX(num) FILTER(WHERE
      path = 'r3.2.0.0.lower_inclusive') AS p19,
    MAX(num) FILTER(WHERE
      path = 'r3.2.0.0.upper') AS p20,
    MAX(num) FILTER(WHERE
      path = 'r3.2.0.0.upper_inclusive') AS p21,
    MAX(num) FILTER(WHERE
      path = 'r3.2.0.1.1.lower') AS p22,
    MAX(num) FILTER(WHERE
      path = 'r3.2.0.1.1.lower_inclusive') AS p23,
    MAX(num) FILTER(WHERE
      path = 'r3.2.0.1.1.upper') AS p24,
    MAX(num) FILTER(WHERE
      path = 'r3.2.0.1.1.upper_inclusive') AS p25,
    MAX(num) FILTER(WHERE
      path = 'r3.2.1.lower') AS p26,
    MAX(num) FILTER(WHERE
      path = 'r3.2.1.lower_inclusive') AS p27,
    MAX(num) FILTER(WHERE
      path = 'r3.2.1.upper') AS p28,
    MAX(num) FILTER(WHERE
      path = 'r3.2.1.upper_inclusive') AS p29,
    MAX(num) FILTER(WHERE
      path = 'r6.0.at_least') AS p30,
    MAX(num) FILTER(WHERE
      path = 'r6.0.below') AS p31,
    MAX(num) FILTER(WHERE
      path = 'r6.2.lower') AS p32,
    MAX(num) FILTER(WHERE
      path = 'r6.2.lower_inclusive') AS p33,
    MAX(num) FILTER(WHERE
      path = 'r6.2.upper') AS p34,
    MAX(num) FILTER(WHERE
      path = 'r6.2.upper_inclusive') AS p35,
    MAX(num) FILTER(WHERE
      path = 'r6.3.1.lower') AS p36,
    MAX(num) FILTER(WHERE
      path = 'r6.3.1.lower_inclusive') AS p37,
    MAX(num) FILTER(WHERE
      path = 'r6.3.1.upper') AS p38,
    MAX(num) FILTER(WHERE
      path = 'r6.3.1.upper_inclusive') AS p39,
    MAX(num) FILTER(WHERE
      path = 'r7.1.lower') AS p40,
    MAX(num) FILTER(WHERE
      path = 'r7.1.lower_inclusive') AS p41,
    MAX(num) FILTER(WHERE
      path = 'r7.1.upper') AS p42,
    MAX(num) FILTER(WHERE
      path = 'r7.1.upper_inclusive') AS p43,
    MAX(num) FILTER(WHERE
      path = 'r11.lower') AS p44,
    MAX(num) FILTER(WHERE
      path = 'r11.lower_inclusive') AS p45,
    MAX(num) FILTER(WHERE
      path = 'r11.upper') AS p46,
    MAX(num) FILTER(WHERE
      path = 'r11.upper_inclusive') AS p47,
    MAX(num) FILTER(WHERE
      path = 'r12.0.at_least') AS p48,
    MAX(num) FILTER(WHERE
      path = 'r12.0.below') AS p49,
    MAX(num) FILTER(WHERE
      path = 'r12.2.lower') AS p50,
    MAX(num) FILTER(WHERE
      path = 'r12.2.lower_inclusive') AS p51,
    MAX(num) FILTER(WHERE
      path = 'r12.2.upper') AS p52,
    MAX(num) FILTER(WHERE
      path = 'r12.2.upper_inclusive') AS p53,
    MAX(num) FILTER(WHERE
      path = 'r12.4.0.lower') AS p54,
    MAX(num) FILTER(WHERE
      path = 'r12.4.0.lower_inclusive') AS p55,
    MAX(num) FILTER(WHERE
      path = 'r12.4.0.upper') AS p56,
    MAX(num) FILTER(WHERE
      path = 'r12.4.0.upper_inclusive') AS p57,
    MAX(num) FILTER(WHERE
      path = 'r13.0.at_least') AS p58,
    MAX(num) FILTER(WHERE
      path = 'r13.0.below') AS p59,
    MAX(num) FILTER(WHERE
      path = 'r13.1.lower') AS p60,
    MAX(num) FILTER(WHERE
      path = 'r13.1.lower_inclusive') AS p61,
    MAX(num) FILTER(WHERE
      path = 'r13.1.upper') AS p62,
    MAX(num) FILTER(WHERE
      path = 'r13.1.upper_inclusive') AS p63,
    MAX(num) FILTER(WHERE
      path = 'r14.1.0.lower') AS p64,
    MAX(num) FILTER(WHERE
      path = 'r14.1.0.lower_inclusive') AS p65,
    MAX(num) FILTER(WHERE
      path = 'r14.1.0.upper') AS p66,
    MAX(num) FILTER(WHERE
      path = 'r14.1.0.upper_inclusive') AS p67,
    MAX(num) FILTER(WHERE
      path = 'r14.1.1.lower') AS p68,
    MAX(num) FILTER(WHERE
      path = 'r14.1.1.lower_inclusive') AS p69,
    MAX(num) FILTER(WHERE
      path = 'r14.1.1.upper') AS p70,
    MAX(num) FILTER(WHERE
      path = 'r14.1.1.upper_inclusive') AS p71,
    MAX(num) FILTER(WHERE
      path = 'r0.present') AS p72,
    MAX(num) FILTER(WHERE
      path = 'r1.present') AS p73,
    MAX(num) FILTER(WHERE
      path = 'r2.present') AS p74,
    MAX(num) FILTER(WHERE
      path = 'r3.present') AS p75,
    MAX(num) FILTER(WHERE
      path = 'r4.present') AS p76,
    MAX(num) FILTER(WHERE
      path = 'r5.present') AS p77,
    MAX(num) FILTER(WHERE
      path = 'r6.present') AS p78,
    MAX(num) FILTER(WHERE
      path = 'r7.present') AS p79,
    MAX(num) FILTER(WHERE
      path = 'r8.present') AS p80,
    MAX(num) FILTER(WHERE
      path = 'r9.present') AS p81,
    MAX(num) FILTER(WHERE
      path = 'r10.present') AS p82,
    MAX(num) FILTER(WHERE
      path = 'r11.present') AS p83,
    MAX(num) FILTER(WHERE
      path = 'r12.present') AS p84,
    MAX(num) FILTER(WHERE
      path = 'r13.present') AS p85,
    MAX(num) FILTER(WHERE
      path = 'r14.present') AS p86,
    MAX(num) FILTER(WHERE
      path = 'stale_results') AS p87
  FROM ekbom_param
  WHERE
    factor = 'iron-deficiency'
), win AS (
  SELECT
    COUNT(*) AS n_windows,
    MAX(days) FILTER(WHERE
      key = 'window') AS d_w0
  FROM ekbom_window
  WHERE
    factor = 'iron-deficiency'
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
        AND c.set_name = 'iron-deficiency:iron-deficiency'
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
        AND c.set_name = 'kidney-disease:esrd'
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
        AND l.test = 'ferritin'
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
        AND l.test = 'tsat'
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
    ) AS e3,
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
        AND l.test = 'ferritin'
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
    ) AS e4,
    COALESCE(
      (
        SELECT
          NOT l.interpretable
        FROM ekbom_lab_pick AS l
        WHERE
          l.person_id = s.person_id
          AND l.index_date = s.index_date
          AND l.test = 'tsat'
          AND l.reach = s.nw0
          AND l.tie = 'rank'
      ),
      TRUE
    ) AS e5,
    (
      SELECT
        (
          CASE
            WHEN l.interpretable
            THEN (
              (
                CASE
                  WHEN s.p12 IS NULL
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p12
                    OR (
                      l.low = s.p12 AND (
                        (
                          s.p13 = 1
                        ) OR l.low_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p12
                    OR (
                      l.high = s.p12 AND (
                        NOT (
                          s.p13 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN FALSE
                END
              )
              AND (
                CASE
                  WHEN s.p14 IS NULL
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p14
                    OR (
                      l.high = s.p14 AND (
                        (
                          s.p15 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p14
                    OR (
                      l.low = s.p14 AND (
                        NOT (
                          s.p15 = 1
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
        AND l.test = 'tsat'
        AND l.reach = s.nw0
        AND l.tie = (
          CASE
            WHEN NOT s.p14 IS NULL AND s.p12 IS NULL
            THEN 'lowest'
            WHEN NOT s.p12 IS NULL AND s.p14 IS NULL
            THEN 'highest'
            ELSE 'rank'
          END
        )
    ) AS e6,
    (
      CASE
        WHEN NOT s.birth_lo IS NULL AND NOT s.index_date IS NULL
        THEN (
          (
            CASE
              WHEN s.p16 IS NULL
              THEN TRUE
              WHEN (
                YEAR(s.index_date) - YEAR(s.birth_hi) - CASE
                  WHEN MONTH(s.index_date) * 100 + DAY(s.index_date) < MONTH(s.birth_hi) * 100 + DAY(s.birth_hi)
                  THEN 1
                  ELSE 0
                END
              ) >= s.p16
              THEN TRUE
              WHEN (
                YEAR(s.index_date) - YEAR(s.birth_lo) - CASE
                  WHEN MONTH(s.index_date) * 100 + DAY(s.index_date) < MONTH(s.birth_lo) * 100 + DAY(s.birth_lo)
                  THEN 1
                  ELSE 0
                END
              ) < s.p16
              THEN FALSE
            END
          )
          AND (
            CASE
              WHEN s.p17 IS NULL
              THEN TRUE
              WHEN (
                YEAR(s.index_date) - YEAR(s.birth_lo) - CASE
                  WHEN MONTH(s.index_date) * 100 + DAY(s.index_date) < MONTH(s.birth_lo) * 100 + DAY(s.birth_lo)
                  THEN 1
                  ELSE 0
                END
              ) < s.p17
              THEN TRUE
              WHEN (
                YEAR(s.index_date) - YEAR(s.birth_hi) - CASE
                  WHEN MONTH(s.index_date) * 100 + DAY(s.index_date) < MONTH(s.birth_hi) * 100 + DAY(s.birth_hi)
                  THEN 1
                  ELSE 0
                END
              ) >= s.p17
              THEN FALSE
            END
          )
        )
      END
    ) AS e7
  FROM s
), g1 AS (
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
                  WHEN s.p18 IS NULL
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p18
                    OR (
                      l.low = s.p18 AND (
                        (
                          s.p19 = 1
                        ) OR l.low_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p18
                    OR (
                      l.high = s.p18 AND (
                        NOT (
                          s.p19 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN FALSE
                END
              )
              AND (
                CASE
                  WHEN s.p20 IS NULL
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p20
                    OR (
                      l.high = s.p20 AND (
                        (
                          s.p21 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p20
                    OR (
                      l.low = s.p20 AND (
                        NOT (
                          s.p21 = 1
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
        AND l.test = 'ferritin'
        AND l.reach = s.nw0
        AND l.tie = (
          CASE
            WHEN NOT s.p20 IS NULL AND s.p18 IS NULL
            THEN 'lowest'
            WHEN NOT s.p18 IS NULL AND s.p20 IS NULL
            THEN 'highest'
            ELSE 'rank'
          END
        )
    ) AS e8,
    (
      SELECT
        (
          CASE
            WHEN l.interpretable
            THEN (
              (
                CASE
                  WHEN s.p22 IS NULL
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p22
                    OR (
                      l.low = s.p22 AND (
                        (
                          s.p23 = 1
                        ) OR l.low_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p22
                    OR (
                      l.high = s.p22 AND (
                        NOT (
                          s.p23 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN FALSE
                END
              )
              AND (
                CASE
                  WHEN s.p24 IS NULL
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p24
                    OR (
                      l.high = s.p24 AND (
                        (
                          s.p25 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p24
                    OR (
                      l.low = s.p24 AND (
                        NOT (
                          s.p25 = 1
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
        AND l.test = 'tsat'
        AND l.reach = s.nw0
        AND l.tie = (
          CASE
            WHEN NOT s.p24 IS NULL AND s.p22 IS NULL
            THEN 'lowest'
            WHEN NOT s.p22 IS NULL AND s.p24 IS NULL
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
                  WHEN s.p26 IS NULL
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p26
                    OR (
                      l.low = s.p26 AND (
                        (
                          s.p27 = 1
                        ) OR l.low_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p26
                    OR (
                      l.high = s.p26 AND (
                        NOT (
                          s.p27 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN FALSE
                END
              )
              AND (
                CASE
                  WHEN s.p28 IS NULL
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p28
                    OR (
                      l.high = s.p28 AND (
                        (
                          s.p29 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p28
                    OR (
                      l.low = s.p28 AND (
                        NOT (
                          s.p29 = 1
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
        AND l.test = 'tsat'
        AND l.reach = s.nw0
        AND l.tie = (
          CASE
            WHEN NOT s.p28 IS NULL AND s.p26 IS NULL
            THEN 'lowest'
            WHEN NOT s.p26 IS NULL AND s.p28 IS NULL
            THEN 'highest'
            ELSE 'rank'
          END
        )
    ) AS e10,
    CAST(NULL AS BOOLEAN) AS e11,
    EXISTS(
      SELECT
        1
      FROM ekbom_mention AS x
      WHERE
        x.person_id = s.person_id
        AND x.label = 'iron-deficiency'
        AND x.day BETWEEN s.w0 AND s.index_date
        AND NOT x.hypothetical
        AND NOT x.family
        AND NOT x.negated
        AND NOT x.uncertain
        AND NOT x.historical
    ) AS e12,
    (
      CASE
        WHEN NOT s.birth_lo IS NULL AND NOT s.index_date IS NULL
        THEN (
          (
            CASE
              WHEN s.p30 IS NULL
              THEN TRUE
              WHEN (
                YEAR(s.index_date) - YEAR(s.birth_hi) - CASE
                  WHEN MONTH(s.index_date) * 100 + DAY(s.index_date) < MONTH(s.birth_hi) * 100 + DAY(s.birth_hi)
                  THEN 1
                  ELSE 0
                END
              ) >= s.p30
              THEN TRUE
              WHEN (
                YEAR(s.index_date) - YEAR(s.birth_lo) - CASE
                  WHEN MONTH(s.index_date) * 100 + DAY(s.index_date) < MONTH(s.birth_lo) * 100 + DAY(s.birth_lo)
                  THEN 1
                  ELSE 0
                END
              ) < s.p30
              THEN FALSE
            END
          )
          AND (
            CASE
              WHEN s.p31 IS NULL
              THEN TRUE
              WHEN (
                YEAR(s.index_date) - YEAR(s.birth_lo) - CASE
                  WHEN MONTH(s.index_date) * 100 + DAY(s.index_date) < MONTH(s.birth_lo) * 100 + DAY(s.birth_lo)
                  THEN 1
                  ELSE 0
                END
              ) < s.p31
              THEN TRUE
              WHEN (
                YEAR(s.index_date) - YEAR(s.birth_hi) - CASE
                  WHEN MONTH(s.index_date) * 100 + DAY(s.index_date) < MONTH(s.birth_hi) * 100 + DAY(s.birth_hi)
                  THEN 1
                  ELSE 0
                END
              ) >= s.p31
              THEN FALSE
            END
          )
        )
      END
    ) AS e13,
    (
      SELECT
        (
          CASE
            WHEN l.interpretable
            THEN (
              (
                CASE
                  WHEN s.p32 IS NULL
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p32
                    OR (
                      l.low = s.p32 AND (
                        (
                          s.p33 = 1
                        ) OR l.low_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p32
                    OR (
                      l.high = s.p32 AND (
                        NOT (
                          s.p33 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN FALSE
                END
              )
              AND (
                CASE
                  WHEN s.p34 IS NULL
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p34
                    OR (
                      l.high = s.p34 AND (
                        (
                          s.p35 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p34
                    OR (
                      l.low = s.p34 AND (
                        NOT (
                          s.p35 = 1
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
        AND l.test = 'ferritin'
        AND l.reach = s.nw0
        AND l.tie = (
          CASE
            WHEN NOT s.p34 IS NULL AND s.p32 IS NULL
            THEN 'lowest'
            WHEN NOT s.p32 IS NULL AND s.p34 IS NULL
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
                  WHEN s.p36 IS NULL
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p36
                    OR (
                      l.low = s.p36 AND (
                        (
                          s.p37 = 1
                        ) OR l.low_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p36
                    OR (
                      l.high = s.p36 AND (
                        NOT (
                          s.p37 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN FALSE
                END
              )
              AND (
                CASE
                  WHEN s.p38 IS NULL
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p38
                    OR (
                      l.high = s.p38 AND (
                        (
                          s.p39 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p38
                    OR (
                      l.low = s.p38 AND (
                        NOT (
                          s.p39 = 1
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
        AND l.test = 'tsat'
        AND l.reach = s.nw0
        AND l.tie = (
          CASE
            WHEN NOT s.p38 IS NULL AND s.p36 IS NULL
            THEN 'lowest'
            WHEN NOT s.p36 IS NULL AND s.p38 IS NULL
            THEN 'highest'
            ELSE 'rank'
          END
        )
    ) AS e15
  FROM s
), g2 AS (
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
                  WHEN s.p40 IS NULL
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p40
                    OR (
                      l.low = s.p40 AND (
                        (
                          s.p41 = 1
                        ) OR l.low_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p40
                    OR (
                      l.high = s.p40 AND (
                        NOT (
                          s.p41 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN FALSE
                END
              )
              AND (
                CASE
                  WHEN s.p42 IS NULL
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p42
                    OR (
                      l.high = s.p42 AND (
                        (
                          s.p43 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p42
                    OR (
                      l.low = s.p42 AND (
                        NOT (
                          s.p43 = 1
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
        AND l.test = 'ferritin'
        AND l.reach = s.nw0
        AND l.tie = (
          CASE
            WHEN NOT s.p42 IS NULL AND s.p40 IS NULL
            THEN 'lowest'
            WHEN NOT s.p40 IS NULL AND s.p42 IS NULL
            THEN 'highest'
            ELSE 'rank'
          END
        )
    ) AS e16,
    EXISTS(
      SELECT
        1
      FROM ekbom_drug_span AS d
      LEFT JOIN ekbom_drug_factor AS f
        ON f.factor = 'iron-deficiency' AND f.ingredient = d.ingredient
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
                t.factor = 'iron-deficiency' AND t.path = 'r8.0.ingredients'
            )
            THEN d.ingredient IN (
              SELECT
                t.txt
              FROM ekbom_param_text AS t
              WHERE
                t.factor = 'iron-deficiency' AND t.path = 'r8.0.ingredients'
            )
            ELSE f.implication IN (
              SELECT
                t.txt
              FROM ekbom_param_text AS t
              WHERE
                t.factor = 'iron-deficiency' AND t.path = 'r8.0.implication'
            )
          END
        )
    ) AS e17,
    COALESCE(
      (
        SELECT
          NOT l.interpretable
        FROM ekbom_lab_pick AS l
        WHERE
          l.person_id = s.person_id
          AND l.index_date = s.index_date
          AND l.test = 'ferritin'
          AND l.reach = s.nw0
          AND l.tie = 'rank'
      ),
      TRUE
    ) AS e18,
    EXISTS(
      SELECT
        1
      FROM ekbom_mention AS x
      WHERE
        x.person_id = s.person_id
        AND x.label = 'iron-deficiency'
        AND x.day BETWEEN s.w0 AND s.index_date
        AND NOT x.hypothetical
        AND NOT x.family
        AND NOT x.negated
        AND x.uncertain
        AND NOT x.historical
    ) AS e19,
    (
      SELECT
        (
          CASE
            WHEN l.interpretable
            THEN (
              (
                CASE
                  WHEN s.p44 IS NULL
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p44
                    OR (
                      l.low = s.p44 AND (
                        (
                          s.p45 = 1
                        ) OR l.low_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p44
                    OR (
                      l.high = s.p44 AND (
                        NOT (
                          s.p45 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN FALSE
                END
              )
              AND (
                CASE
                  WHEN s.p46 IS NULL
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p46
                    OR (
                      l.high = s.p46 AND (
                        (
                          s.p47 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p46
                    OR (
                      l.low = s.p46 AND (
                        NOT (
                          s.p47 = 1
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
        AND l.test = 'tsat'
        AND l.reach = s.nw0
        AND l.tie = (
          CASE
            WHEN NOT s.p46 IS NULL AND s.p44 IS NULL
            THEN 'lowest'
            WHEN NOT s.p44 IS NULL AND s.p46 IS NULL
            THEN 'highest'
            ELSE 'rank'
          END
        )
    ) AS e20,
    (
      CASE
        WHEN NOT s.birth_lo IS NULL AND NOT s.index_date IS NULL
        THEN (
          (
            CASE
              WHEN s.p48 IS NULL
              THEN TRUE
              WHEN (
                YEAR(s.index_date) - YEAR(s.birth_hi) - CASE
                  WHEN MONTH(s.index_date) * 100 + DAY(s.index_date) < MONTH(s.birth_hi) * 100 + DAY(s.birth_hi)
                  THEN 1
                  ELSE 0
                END
              ) >= s.p48
              THEN TRUE
              WHEN (
                YEAR(s.index_date) - YEAR(s.birth_lo) - CASE
                  WHEN MONTH(s.index_date) * 100 + DAY(s.index_date) < MONTH(s.birth_lo) * 100 + DAY(s.birth_lo)
                  THEN 1
                  ELSE 0
                END
              ) < s.p48
              THEN FALSE
            END
          )
          AND (
            CASE
              WHEN s.p49 IS NULL
              THEN TRUE
              WHEN (
                YEAR(s.index_date) - YEAR(s.birth_lo) - CASE
                  WHEN MONTH(s.index_date) * 100 + DAY(s.index_date) < MONTH(s.birth_lo) * 100 + DAY(s.birth_lo)
                  THEN 1
                  ELSE 0
                END
              ) < s.p49
              THEN TRUE
              WHEN (
                YEAR(s.index_date) - YEAR(s.birth_hi) - CASE
                  WHEN MONTH(s.index_date) * 100 + DAY(s.index_date) < MONTH(s.birth_hi) * 100 + DAY(s.birth_hi)
                  THEN 1
                  ELSE 0
                END
              ) >= s.p49
              THEN FALSE
            END
          )
        )
      END
    ) AS e21,
    (
      SELECT
        (
          CASE
            WHEN l.interpretable
            THEN (
              (
                CASE
                  WHEN s.p50 IS NULL
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p50
                    OR (
                      l.low = s.p50 AND (
                        (
                          s.p51 = 1
                        ) OR l.low_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p50
                    OR (
                      l.high = s.p50 AND (
                        NOT (
                          s.p51 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN FALSE
                END
              )
              AND (
                CASE
                  WHEN s.p52 IS NULL
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p52
                    OR (
                      l.high = s.p52 AND (
                        (
                          s.p53 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p52
                    OR (
                      l.low = s.p52 AND (
                        NOT (
                          s.p53 = 1
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
        AND l.test = 'ferritin'
        AND l.reach = s.nw0
        AND l.tie = (
          CASE
            WHEN NOT s.p52 IS NULL AND s.p50 IS NULL
            THEN 'lowest'
            WHEN NOT s.p50 IS NULL AND s.p52 IS NULL
            THEN 'highest'
            ELSE 'rank'
          END
        )
    ) AS e22,
    EXISTS(
      SELECT
        1
      FROM ekbom_drug_span AS d
      LEFT JOIN ekbom_drug_factor AS f
        ON f.factor = 'iron-deficiency' AND f.ingredient = d.ingredient
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
                t.factor = 'iron-deficiency' AND t.path = 'r12.3.n.ingredients'
            )
            THEN d.ingredient IN (
              SELECT
                t.txt
              FROM ekbom_param_text AS t
              WHERE
                t.factor = 'iron-deficiency' AND t.path = 'r12.3.n.ingredients'
            )
            ELSE f.implication IN (
              SELECT
                t.txt
              FROM ekbom_param_text AS t
              WHERE
                t.factor = 'iron-deficiency' AND t.path = 'r12.3.n.implication'
            )
          END
        )
    ) AS e23
  FROM s
), g3 AS (
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
                  WHEN s.p54 IS NULL
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p54
                    OR (
                      l.low = s.p54 AND (
                        (
                          s.p55 = 1
                        ) OR l.low_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p54
                    OR (
                      l.high = s.p54 AND (
                        NOT (
                          s.p55 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN FALSE
                END
              )
              AND (
                CASE
                  WHEN s.p56 IS NULL
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p56
                    OR (
                      l.high = s.p56 AND (
                        (
                          s.p57 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p56
                    OR (
                      l.low = s.p56 AND (
                        NOT (
                          s.p57 = 1
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
        AND l.test = 'tsat'
        AND l.reach = s.nw0
        AND l.tie = (
          CASE
            WHEN NOT s.p56 IS NULL AND s.p54 IS NULL
            THEN 'lowest'
            WHEN NOT s.p54 IS NULL AND s.p56 IS NULL
            THEN 'highest'
            ELSE 'rank'
          END
        )
    ) AS e24,
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
    ) AS e25,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'rheumatoid-arthritis:rheumatoid-arthritis'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
    ) AS e26,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'kidney-disease:severe'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
    ) AS e27,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'kidney-disease:unstaged'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
    ) AS e28,
    (
      CASE
        WHEN NOT s.birth_lo IS NULL AND NOT s.index_date IS NULL
        THEN (
          (
            CASE
              WHEN s.p58 IS NULL
              THEN TRUE
              WHEN (
                YEAR(s.index_date) - YEAR(s.birth_hi) - CASE
                  WHEN MONTH(s.index_date) * 100 + DAY(s.index_date) < MONTH(s.birth_hi) * 100 + DAY(s.birth_hi)
                  THEN 1
                  ELSE 0
                END
              ) >= s.p58
              THEN TRUE
              WHEN (
                YEAR(s.index_date) - YEAR(s.birth_lo) - CASE
                  WHEN MONTH(s.index_date) * 100 + DAY(s.index_date) < MONTH(s.birth_lo) * 100 + DAY(s.birth_lo)
                  THEN 1
                  ELSE 0
                END
              ) < s.p58
              THEN FALSE
            END
          )
          AND (
            CASE
              WHEN s.p59 IS NULL
              THEN TRUE
              WHEN (
                YEAR(s.index_date) - YEAR(s.birth_lo) - CASE
                  WHEN MONTH(s.index_date) * 100 + DAY(s.index_date) < MONTH(s.birth_lo) * 100 + DAY(s.birth_lo)
                  THEN 1
                  ELSE 0
                END
              ) < s.p59
              THEN TRUE
              WHEN (
                YEAR(s.index_date) - YEAR(s.birth_hi) - CASE
                  WHEN MONTH(s.index_date) * 100 + DAY(s.index_date) < MONTH(s.birth_hi) * 100 + DAY(s.birth_hi)
                  THEN 1
                  ELSE 0
                END
              ) >= s.p59
              THEN FALSE
            END
          )
        )
      END
    ) AS e29,
    (
      SELECT
        (
          CASE
            WHEN l.interpretable
            THEN (
              (
                CASE
                  WHEN s.p60 IS NULL
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p60
                    OR (
                      l.low = s.p60 AND (
                        (
                          s.p61 = 1
                        ) OR l.low_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p60
                    OR (
                      l.high = s.p60 AND (
                        NOT (
                          s.p61 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN FALSE
                END
              )
              AND (
                CASE
                  WHEN s.p62 IS NULL
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p62
                    OR (
                      l.high = s.p62 AND (
                        (
                          s.p63 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p62
                    OR (
                      l.low = s.p62 AND (
                        NOT (
                          s.p63 = 1
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
        AND l.test = 'ferritin'
        AND l.reach = s.nw0
        AND l.tie = (
          CASE
            WHEN NOT s.p62 IS NULL AND s.p60 IS NULL
            THEN 'lowest'
            WHEN NOT s.p60 IS NULL AND s.p62 IS NULL
            THEN 'highest'
            ELSE 'rank'
          END
        )
    ) AS e30,
    (
      SELECT
        (
          CASE
            WHEN l.interpretable
            THEN (
              (
                CASE
                  WHEN s.p64 IS NULL
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p64
                    OR (
                      l.low = s.p64 AND (
                        (
                          s.p65 = 1
                        ) OR l.low_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p64
                    OR (
                      l.high = s.p64 AND (
                        NOT (
                          s.p65 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN FALSE
                END
              )
              AND (
                CASE
                  WHEN s.p66 IS NULL
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p66
                    OR (
                      l.high = s.p66 AND (
                        (
                          s.p67 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p66
                    OR (
                      l.low = s.p66 AND (
                        NOT (
                          s.p67 = 1
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
        AND l.test = 'ferritin'
        AND l.reach = s.nw0
        AND l.tie = (
          CASE
            WHEN NOT s.p66 IS NULL AND s.p64 IS NULL
            THEN 'lowest'
            WHEN NOT s.p64 IS NULL AND s.p66 IS NULL
            THEN 'highest'
            ELSE 'rank'
          END
        )
    ) AS e31
  FROM s
), g4 AS (
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
                  WHEN s.p68 IS NULL
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p68
                    OR (
                      l.low = s.p68 AND (
                        (
                          s.p69 = 1
                        ) OR l.low_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p68
                    OR (
                      l.high = s.p68 AND (
                        NOT (
                          s.p69 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN FALSE
                END
              )
              AND (
                CASE
                  WHEN s.p70 IS NULL
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p70
                    OR (
                      l.high = s.p70 AND (
                        (
                          s.p71 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p70
                    OR (
                      l.low = s.p70 AND (
                        NOT (
                          s.p71 = 1
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
        AND l.test = 'tsat'
        AND l.reach = s.nw0
        AND l.tie = (
          CASE
            WHEN NOT s.p70 IS NULL AND s.p68 IS NULL
            THEN 'lowest'
            WHEN NOT s.p68 IS NULL AND s.p70 IS NULL
            THEN 'highest'
            ELSE 'rank'
          END
        )
    ) AS e32,
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
        AND l.test = 'ferritin'
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
    ) AS e33,
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
        AND l.test = 'tsat'
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
    ) AS e34,
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
        AND l.test = 'ferritin'
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
    ) AS e35,
    COALESCE(
      (
        SELECT
          NOT l.interpretable
        FROM ekbom_lab_pick AS l
        WHERE
          l.person_id = s.person_id
          AND l.index_date = s.index_date
          AND l.test = 'tsat'
          AND l.reach = -1
          AND l.tie = 'rank'
      ),
      TRUE
    ) AS e36,
    (
      SELECT
        (
          CASE
            WHEN l.interpretable
            THEN (
              (
                CASE
                  WHEN s.p12 IS NULL
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p12
                    OR (
                      l.low = s.p12 AND (
                        (
                          s.p13 = 1
                        ) OR l.low_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p12
                    OR (
                      l.high = s.p12 AND (
                        NOT (
                          s.p13 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN FALSE
                END
              )
              AND (
                CASE
                  WHEN s.p14 IS NULL
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p14
                    OR (
                      l.high = s.p14 AND (
                        (
                          s.p15 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p14
                    OR (
                      l.low = s.p14 AND (
                        NOT (
                          s.p15 = 1
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
        AND l.test = 'tsat'
        AND l.reach = -1
        AND l.tie = (
          CASE
            WHEN NOT s.p14 IS NULL AND s.p12 IS NULL
            THEN 'lowest'
            WHEN NOT s.p12 IS NULL AND s.p14 IS NULL
            THEN 'highest'
            ELSE 'rank'
          END
        )
    ) AS e37,
    (
      SELECT
        (
          CASE
            WHEN l.interpretable
            THEN (
              (
                CASE
                  WHEN s.p18 IS NULL
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p18
                    OR (
                      l.low = s.p18 AND (
                        (
                          s.p19 = 1
                        ) OR l.low_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p18
                    OR (
                      l.high = s.p18 AND (
                        NOT (
                          s.p19 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN FALSE
                END
              )
              AND (
                CASE
                  WHEN s.p20 IS NULL
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p20
                    OR (
                      l.high = s.p20 AND (
                        (
                          s.p21 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p20
                    OR (
                      l.low = s.p20 AND (
                        NOT (
                          s.p21 = 1
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
        AND l.test = 'ferritin'
        AND l.reach = -1
        AND l.tie = (
          CASE
            WHEN NOT s.p20 IS NULL AND s.p18 IS NULL
            THEN 'lowest'
            WHEN NOT s.p18 IS NULL AND s.p20 IS NULL
            THEN 'highest'
            ELSE 'rank'
          END
        )
    ) AS e38,
    (
      SELECT
        (
          CASE
            WHEN l.interpretable
            THEN (
              (
                CASE
                  WHEN s.p22 IS NULL
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p22
                    OR (
                      l.low = s.p22 AND (
                        (
                          s.p23 = 1
                        ) OR l.low_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p22
                    OR (
                      l.high = s.p22 AND (
                        NOT (
                          s.p23 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN FALSE
                END
              )
              AND (
                CASE
                  WHEN s.p24 IS NULL
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p24
                    OR (
                      l.high = s.p24 AND (
                        (
                          s.p25 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p24
                    OR (
                      l.low = s.p24 AND (
                        NOT (
                          s.p25 = 1
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
        AND l.test = 'tsat'
        AND l.reach = -1
        AND l.tie = (
          CASE
            WHEN NOT s.p24 IS NULL AND s.p22 IS NULL
            THEN 'lowest'
            WHEN NOT s.p22 IS NULL AND s.p24 IS NULL
            THEN 'highest'
            ELSE 'rank'
          END
        )
    ) AS e39
  FROM s
), g5 AS (
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
                  WHEN s.p26 IS NULL
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p26
                    OR (
                      l.low = s.p26 AND (
                        (
                          s.p27 = 1
                        ) OR l.low_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p26
                    OR (
                      l.high = s.p26 AND (
                        NOT (
                          s.p27 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN FALSE
                END
              )
              AND (
                CASE
                  WHEN s.p28 IS NULL
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p28
                    OR (
                      l.high = s.p28 AND (
                        (
                          s.p29 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p28
                    OR (
                      l.low = s.p28 AND (
                        NOT (
                          s.p29 = 1
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
        AND l.test = 'tsat'
        AND l.reach = -1
        AND l.tie = (
          CASE
            WHEN NOT s.p28 IS NULL AND s.p26 IS NULL
            THEN 'lowest'
            WHEN NOT s.p26 IS NULL AND s.p28 IS NULL
            THEN 'highest'
            ELSE 'rank'
          END
        )
    ) AS e40,
    (
      SELECT
        (
          CASE
            WHEN l.interpretable
            THEN (
              (
                CASE
                  WHEN s.p32 IS NULL
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p32
                    OR (
                      l.low = s.p32 AND (
                        (
                          s.p33 = 1
                        ) OR l.low_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p32
                    OR (
                      l.high = s.p32 AND (
                        NOT (
                          s.p33 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN FALSE
                END
              )
              AND (
                CASE
                  WHEN s.p34 IS NULL
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p34
                    OR (
                      l.high = s.p34 AND (
                        (
                          s.p35 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p34
                    OR (
                      l.low = s.p34 AND (
                        NOT (
                          s.p35 = 1
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
        AND l.test = 'ferritin'
        AND l.reach = -1
        AND l.tie = (
          CASE
            WHEN NOT s.p34 IS NULL AND s.p32 IS NULL
            THEN 'lowest'
            WHEN NOT s.p32 IS NULL AND s.p34 IS NULL
            THEN 'highest'
            ELSE 'rank'
          END
        )
    ) AS e41,
    (
      SELECT
        (
          CASE
            WHEN l.interpretable
            THEN (
              (
                CASE
                  WHEN s.p36 IS NULL
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p36
                    OR (
                      l.low = s.p36 AND (
                        (
                          s.p37 = 1
                        ) OR l.low_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p36
                    OR (
                      l.high = s.p36 AND (
                        NOT (
                          s.p37 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN FALSE
                END
              )
              AND (
                CASE
                  WHEN s.p38 IS NULL
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p38
                    OR (
                      l.high = s.p38 AND (
                        (
                          s.p39 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p38
                    OR (
                      l.low = s.p38 AND (
                        NOT (
                          s.p39 = 1
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
        AND l.test = 'tsat'
        AND l.reach = -1
        AND l.tie = (
          CASE
            WHEN NOT s.p38 IS NULL AND s.p36 IS NULL
            THEN 'lowest'
            WHEN NOT s.p36 IS NULL AND s.p38 IS NULL
            THEN 'highest'
            ELSE 'rank'
          END
        )
    ) AS e42,
    (
      SELECT
        (
          CASE
            WHEN l.interpretable
            THEN (
              (
                CASE
                  WHEN s.p40 IS NULL
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p40
                    OR (
                      l.low = s.p40 AND (
                        (
                          s.p41 = 1
                        ) OR l.low_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p40
                    OR (
                      l.high = s.p40 AND (
                        NOT (
                          s.p41 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN FALSE
                END
              )
              AND (
                CASE
                  WHEN s.p42 IS NULL
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p42
                    OR (
                      l.high = s.p42 AND (
                        (
                          s.p43 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p42
                    OR (
                      l.low = s.p42 AND (
                        NOT (
                          s.p43 = 1
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
        AND l.test = 'ferritin'
        AND l.reach = -1
        AND l.tie = (
          CASE
            WHEN NOT s.p42 IS NULL AND s.p40 IS NULL
            THEN 'lowest'
            WHEN NOT s.p40 IS NULL AND s.p42 IS NULL
            THEN 'highest'
            ELSE 'rank'
          END
        )
    ) AS e43,
    COALESCE(
      (
        SELECT
          NOT l.interpretable
        FROM ekbom_lab_pick AS l
        WHERE
          l.person_id = s.person_id
          AND l.index_date = s.index_date
          AND l.test = 'ferritin'
          AND l.reach = -1
          AND l.tie = 'rank'
      ),
      TRUE
    ) AS e44,
    (
      SELECT
        (
          CASE
            WHEN l.interpretable
            THEN (
              (
                CASE
                  WHEN s.p44 IS NULL
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p44
                    OR (
                      l.low = s.p44 AND (
                        (
                          s.p45 = 1
                        ) OR l.low_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p44
                    OR (
                      l.high = s.p44 AND (
                        NOT (
                          s.p45 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN FALSE
                END
              )
              AND (
                CASE
                  WHEN s.p46 IS NULL
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p46
                    OR (
                      l.high = s.p46 AND (
                        (
                          s.p47 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p46
                    OR (
                      l.low = s.p46 AND (
                        NOT (
                          s.p47 = 1
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
        AND l.test = 'tsat'
        AND l.reach = -1
        AND l.tie = (
          CASE
            WHEN NOT s.p46 IS NULL AND s.p44 IS NULL
            THEN 'lowest'
            WHEN NOT s.p44 IS NULL AND s.p46 IS NULL
            THEN 'highest'
            ELSE 'rank'
          END
        )
    ) AS e45,
    (
      SELECT
        (
          CASE
            WHEN l.interpretable
            THEN (
              (
                CASE
                  WHEN s.p50 IS NULL
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p50
                    OR (
                      l.low = s.p50 AND (
                        (
                          s.p51 = 1
                        ) OR l.low_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p50
                    OR (
                      l.high = s.p50 AND (
                        NOT (
                          s.p51 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN FALSE
                END
              )
              AND (
                CASE
                  WHEN s.p52 IS NULL
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p52
                    OR (
                      l.high = s.p52 AND (
                        (
                          s.p53 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p52
                    OR (
                      l.low = s.p52 AND (
                        NOT (
                          s.p53 = 1
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
        AND l.test = 'ferritin'
        AND l.reach = -1
        AND l.tie = (
          CASE
            WHEN NOT s.p52 IS NULL AND s.p50 IS NULL
            THEN 'lowest'
            WHEN NOT s.p50 IS NULL AND s.p52 IS NULL
            THEN 'highest'
            ELSE 'rank'
          END
        )
    ) AS e46,
    (
      SELECT
        (
          CASE
            WHEN l.interpretable
            THEN (
              (
                CASE
                  WHEN s.p54 IS NULL
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p54
                    OR (
                      l.low = s.p54 AND (
                        (
                          s.p55 = 1
                        ) OR l.low_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p54
                    OR (
                      l.high = s.p54 AND (
                        NOT (
                          s.p55 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN FALSE
                END
              )
              AND (
                CASE
                  WHEN s.p56 IS NULL
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p56
                    OR (
                      l.high = s.p56 AND (
                        (
                          s.p57 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p56
                    OR (
                      l.low = s.p56 AND (
                        NOT (
                          s.p57 = 1
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
        AND l.test = 'tsat'
        AND l.reach = -1
        AND l.tie = (
          CASE
            WHEN NOT s.p56 IS NULL AND s.p54 IS NULL
            THEN 'lowest'
            WHEN NOT s.p54 IS NULL AND s.p56 IS NULL
            THEN 'highest'
            ELSE 'rank'
          END
        )
    ) AS e47
  FROM s
), g6 AS (
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
                  WHEN s.p60 IS NULL
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p60
                    OR (
                      l.low = s.p60 AND (
                        (
                          s.p61 = 1
                        ) OR l.low_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p60
                    OR (
                      l.high = s.p60 AND (
                        NOT (
                          s.p61 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN FALSE
                END
              )
              AND (
                CASE
                  WHEN s.p62 IS NULL
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p62
                    OR (
                      l.high = s.p62 AND (
                        (
                          s.p63 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p62
                    OR (
                      l.low = s.p62 AND (
                        NOT (
                          s.p63 = 1
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
        AND l.test = 'ferritin'
        AND l.reach = -1
        AND l.tie = (
          CASE
            WHEN NOT s.p62 IS NULL AND s.p60 IS NULL
            THEN 'lowest'
            WHEN NOT s.p60 IS NULL AND s.p62 IS NULL
            THEN 'highest'
            ELSE 'rank'
          END
        )
    ) AS e48,
    (
      SELECT
        (
          CASE
            WHEN l.interpretable
            THEN (
              (
                CASE
                  WHEN s.p64 IS NULL
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p64
                    OR (
                      l.low = s.p64 AND (
                        (
                          s.p65 = 1
                        ) OR l.low_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p64
                    OR (
                      l.high = s.p64 AND (
                        NOT (
                          s.p65 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN FALSE
                END
              )
              AND (
                CASE
                  WHEN s.p66 IS NULL
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p66
                    OR (
                      l.high = s.p66 AND (
                        (
                          s.p67 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p66
                    OR (
                      l.low = s.p66 AND (
                        NOT (
                          s.p67 = 1
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
        AND l.test = 'ferritin'
        AND l.reach = -1
        AND l.tie = (
          CASE
            WHEN NOT s.p66 IS NULL AND s.p64 IS NULL
            THEN 'lowest'
            WHEN NOT s.p64 IS NULL AND s.p66 IS NULL
            THEN 'highest'
            ELSE 'rank'
          END
        )
    ) AS e49,
    (
      SELECT
        (
          CASE
            WHEN l.interpretable
            THEN (
              (
                CASE
                  WHEN s.p68 IS NULL
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p68
                    OR (
                      l.low = s.p68 AND (
                        (
                          s.p69 = 1
                        ) OR l.low_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p68
                    OR (
                      l.high = s.p68 AND (
                        NOT (
                          s.p69 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN FALSE
                END
              )
              AND (
                CASE
                  WHEN s.p70 IS NULL
                  THEN TRUE
                  WHEN NOT l.high IS NULL
                  AND (
                    l.high < s.p70
                    OR (
                      l.high = s.p70 AND (
                        (
                          s.p71 = 1
                        ) OR l.high_open
                      )
                    )
                  )
                  THEN TRUE
                  WHEN NOT l.low IS NULL
                  AND (
                    l.low > s.p70
                    OR (
                      l.low = s.p70 AND (
                        NOT (
                          s.p71 = 1
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
        AND l.test = 'tsat'
        AND l.reach = -1
        AND l.tie = (
          CASE
            WHEN NOT s.p70 IS NULL AND s.p68 IS NULL
            THEN 'lowest'
            WHEN NOT s.p68 IS NULL AND s.p70 IS NULL
            THEN 'highest'
            ELSE 'rank'
          END
        )
    ) AS e50,
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
          AND l.test = 'ferritin'
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
    ) AS e51,
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
          AND l.test = 'tsat'
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
    ) AS e52,
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
          AND l.test = 'ferritin'
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
    ) AS e53,
    COALESCE(
      (
        SELECT
          NOT l.interpretable
        FROM ekbom_lab_pick AS l
        WHERE
          l.person_id = s.person_id
          AND l.index_date = s.index_date
          AND l.test = 'tsat'
          AND l.reach = s.nw0
          AND l.tie = 'rank'
      ),
      FALSE
    ) AS e54,
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
                      WHEN s.p12 IS NULL
                      THEN TRUE
                      WHEN NOT l.low IS NULL
                      AND (
                        l.low > s.p12
                        OR (
                          l.low = s.p12 AND (
                            (
                              s.p13 = 1
                            ) OR l.low_open
                          )
                        )
                      )
                      THEN TRUE
                      WHEN NOT l.high IS NULL
                      AND (
                        l.high < s.p12
                        OR (
                          l.high = s.p12 AND (
                            NOT (
                              s.p13 = 1
                            ) OR l.high_open
                          )
                        )
                      )
                      THEN FALSE
                    END
                  )
                  AND (
                    CASE
                      WHEN s.p14 IS NULL
                      THEN TRUE
                      WHEN NOT l.high IS NULL
                      AND (
                        l.high < s.p14
                        OR (
                          l.high = s.p14 AND (
                            (
                              s.p15 = 1
                            ) OR l.high_open
                          )
                        )
                      )
                      THEN TRUE
                      WHEN NOT l.low IS NULL
                      AND (
                        l.low > s.p14
                        OR (
                          l.low = s.p14 AND (
                            NOT (
                              s.p15 = 1
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
          AND l.test = 'tsat'
          AND l.reach = s.nw0
          AND l.tie = (
            CASE
              WHEN NOT s.p14 IS NULL AND s.p12 IS NULL
              THEN 'lowest'
              WHEN NOT s.p12 IS NULL AND s.p14 IS NULL
              THEN 'highest'
              ELSE 'rank'
            END
          )
      ),
      FALSE
    ) AS e55
  FROM s
), g7 AS (
  SELECT
    s.person_id,
    s.index_date,
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
                      WHEN s.p18 IS NULL
                      THEN TRUE
                      WHEN NOT l.low IS NULL
                      AND (
                        l.low > s.p18
                        OR (
                          l.low = s.p18 AND (
                            (
                              s.p19 = 1
                            ) OR l.low_open
                          )
                        )
                      )
                      THEN TRUE
                      WHEN NOT l.high IS NULL
                      AND (
                        l.high < s.p18
                        OR (
                          l.high = s.p18 AND (
                            NOT (
                              s.p19 = 1
                            ) OR l.high_open
                          )
                        )
                      )
                      THEN FALSE
                    END
                  )
                  AND (
                    CASE
                      WHEN s.p20 IS NULL
                      THEN TRUE
                      WHEN NOT l.high IS NULL
                      AND (
                        l.high < s.p20
                        OR (
                          l.high = s.p20 AND (
                            (
                              s.p21 = 1
                            ) OR l.high_open
                          )
                        )
                      )
                      THEN TRUE
                      WHEN NOT l.low IS NULL
                      AND (
                        l.low > s.p20
                        OR (
                          l.low = s.p20 AND (
                            NOT (
                              s.p21 = 1
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
          AND l.test = 'ferritin'
          AND l.reach = s.nw0
          AND l.tie = (
            CASE
              WHEN NOT s.p20 IS NULL AND s.p18 IS NULL
              THEN 'lowest'
              WHEN NOT s.p18 IS NULL AND s.p20 IS NULL
              THEN 'highest'
              ELSE 'rank'
            END
          )
      ),
      FALSE
    ) AS e56,
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
                      WHEN s.p22 IS NULL
                      THEN TRUE
                      WHEN NOT l.low IS NULL
                      AND (
                        l.low > s.p22
                        OR (
                          l.low = s.p22 AND (
                            (
                              s.p23 = 1
                            ) OR l.low_open
                          )
                        )
                      )
                      THEN TRUE
                      WHEN NOT l.high IS NULL
                      AND (
                        l.high < s.p22
                        OR (
                          l.high = s.p22 AND (
                            NOT (
                              s.p23 = 1
                            ) OR l.high_open
                          )
                        )
                      )
                      THEN FALSE
                    END
                  )
                  AND (
                    CASE
                      WHEN s.p24 IS NULL
                      THEN TRUE
                      WHEN NOT l.high IS NULL
                      AND (
                        l.high < s.p24
                        OR (
                          l.high = s.p24 AND (
                            (
                              s.p25 = 1
                            ) OR l.high_open
                          )
                        )
                      )
                      THEN TRUE
                      WHEN NOT l.low IS NULL
                      AND (
                        l.low > s.p24
                        OR (
                          l.low = s.p24 AND (
                            NOT (
                              s.p25 = 1
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
          AND l.test = 'tsat'
          AND l.reach = s.nw0
          AND l.tie = (
            CASE
              WHEN NOT s.p24 IS NULL AND s.p22 IS NULL
              THEN 'lowest'
              WHEN NOT s.p22 IS NULL AND s.p24 IS NULL
              THEN 'highest'
              ELSE 'rank'
            END
          )
      ),
      FALSE
    ) AS e57,
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
                      WHEN s.p26 IS NULL
                      THEN TRUE
                      WHEN NOT l.low IS NULL
                      AND (
                        l.low > s.p26
                        OR (
                          l.low = s.p26 AND (
                            (
                              s.p27 = 1
                            ) OR l.low_open
                          )
                        )
                      )
                      THEN TRUE
                      WHEN NOT l.high IS NULL
                      AND (
                        l.high < s.p26
                        OR (
                          l.high = s.p26 AND (
                            NOT (
                              s.p27 = 1
                            ) OR l.high_open
                          )
                        )
                      )
                      THEN FALSE
                    END
                  )
                  AND (
                    CASE
                      WHEN s.p28 IS NULL
                      THEN TRUE
                      WHEN NOT l.high IS NULL
                      AND (
                        l.high < s.p28
                        OR (
                          l.high = s.p28 AND (
                            (
                              s.p29 = 1
                            ) OR l.high_open
                          )
                        )
                      )
                      THEN TRUE
                      WHEN NOT l.low IS NULL
                      AND (
                        l.low > s.p28
                        OR (
                          l.low = s.p28 AND (
                            NOT (
                              s.p29 = 1
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
          AND l.test = 'tsat'
          AND l.reach = s.nw0
          AND l.tie = (
            CASE
              WHEN NOT s.p28 IS NULL AND s.p26 IS NULL
              THEN 'lowest'
              WHEN NOT s.p26 IS NULL AND s.p28 IS NULL
              THEN 'highest'
              ELSE 'rank'
            END
          )
      ),
      FALSE
    ) AS e58,
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
                      WHEN s.p32 IS NULL
                      THEN TRUE
                      WHEN NOT l.low IS NULL
                      AND (
                        l.low > s.p32
                        OR (
                          l.low = s.p32 AND (
                            (
                              s.p33 = 1
                            ) OR l.low_open
                          )
                        )
                      )
                      THEN TRUE
                      WHEN NOT l.high IS NULL
                      AND (
                        l.high < s.p32
                        OR (
                          l.high = s.p32 AND (
                            NOT (
                              s.p33 = 1
                            ) OR l.high_open
                          )
                        )
                      )
                      THEN FALSE
                    END
                  )
                  AND (
                    CASE
                      WHEN s.p34 IS NULL
                      THEN TRUE
                      WHEN NOT l.high IS NULL
                      AND (
                        l.high < s.p34
                        OR (
                          l.high = s.p34 AND (
                            (
                              s.p35 = 1
                            ) OR l.high_open
                          )
                        )
                      )
                      THEN TRUE
                      WHEN NOT l.low IS NULL
                      AND (
                        l.low > s.p34
                        OR (
                          l.low = s.p34 AND (
                            NOT (
                              s.p35 = 1
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
          AND l.test = 'ferritin'
          AND l.reach = s.nw0
          AND l.tie = (
            CASE
              WHEN NOT s.p34 IS NULL AND s.p32 IS NULL
              THEN 'lowest'
              WHEN NOT s.p32 IS NULL AND s.p34 IS NULL
              THEN 'highest'
              ELSE 'rank'
            END
          )
      ),
      FALSE
    ) AS e59,
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
                      WHEN s.p36 IS NULL
                      THEN TRUE
                      WHEN NOT l.low IS NULL
                      AND (
                        l.low > s.p36
                        OR (
                          l.low = s.p36 AND (
                            (
                              s.p37 = 1
                            ) OR l.low_open
                          )
                        )
                      )
                      THEN TRUE
                      WHEN NOT l.high IS NULL
                      AND (
                        l.high < s.p36
                        OR (
                          l.high = s.p36 AND (
                            NOT (
                              s.p37 = 1
                            ) OR l.high_open
                          )
                        )
                      )
                      THEN FALSE
                    END
                  )
                  AND (
                    CASE
                      WHEN s.p38 IS NULL
                      THEN TRUE
                      WHEN NOT l.high IS NULL
                      AND (
                        l.high < s.p38
                        OR (
                          l.high = s.p38 AND (
                            (
                              s.p39 = 1
                            ) OR l.high_open
                          )
                        )
                      )
                      THEN TRUE
                      WHEN NOT l.low IS NULL
                      AND (
                        l.low > s.p38
                        OR (
                          l.low = s.p38 AND (
                            NOT (
                              s.p39 = 1
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
          AND l.test = 'tsat'
          AND l.reach = s.nw0
          AND l.tie = (
            CASE
              WHEN NOT s.p38 IS NULL AND s.p36 IS NULL
              THEN 'lowest'
              WHEN NOT s.p36 IS NULL AND s.p38 IS NULL
              THEN 'highest'
              ELSE 'rank'
            END
          )
      ),
      FALSE
    ) AS e60,
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
                      WHEN s.p40 IS NULL
                      THEN TRUE
                      WHEN NOT l.low IS NULL
                      AND (
                        l.low > s.p40
                        OR (
                          l.low = s.p40 AND (
                            (
                              s.p41 = 1
                            ) OR l.low_open
                          )
                        )
                      )
                      THEN TRUE
                      WHEN NOT l.high IS NULL
                      AND (
                        l.high < s.p40
                        OR (
                          l.high = s.p40 AND (
                            NOT (
                              s.p41 = 1
                            ) OR l.high_open
                          )
                        )
                      )
                      THEN FALSE
                    END
                  )
                  AND (
                    CASE
                      WHEN s.p42 IS NULL
                      THEN TRUE
                      WHEN NOT l.high IS NULL
                      AND (
                        l.high < s.p42
                        OR (
                          l.high = s.p42 AND (
                            (
                              s.p43 = 1
                            ) OR l.high_open
                          )
                        )
                      )
                      THEN TRUE
                      WHEN NOT l.low IS NULL
                      AND (
                        l.low > s.p42
                        OR (
                          l.low = s.p42 AND (
                            NOT (
                              s.p43 = 1
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
          AND l.test = 'ferritin'
          AND l.reach = s.nw0
          AND l.tie = (
            CASE
              WHEN NOT s.p42 IS NULL AND s.p40 IS NULL
              THEN 'lowest'
              WHEN NOT s.p40 IS NULL AND s.p42 IS NULL
              THEN 'highest'
              ELSE 'rank'
            END
          )
      ),
      FALSE
    ) AS e61,
    COALESCE(
      (
        SELECT
          NOT l.interpretable
        FROM ekbom_lab_pick AS l
        WHERE
          l.person_id = s.person_id
          AND l.index_date = s.index_date
          AND l.test = 'ferritin'
          AND l.reach = s.nw0
          AND l.tie = 'rank'
      ),
      FALSE
    ) AS e62,
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
                      WHEN s.p44 IS NULL
                      THEN TRUE
                      WHEN NOT l.low IS NULL
                      AND (
                        l.low > s.p44
                        OR (
                          l.low = s.p44 AND (
                            (
                              s.p45 = 1
                            ) OR l.low_open
                          )
                        )
                      )
                      THEN TRUE
                      WHEN NOT l.high IS NULL
                      AND (
                        l.high < s.p44
                        OR (
                          l.high = s.p44 AND (
                            NOT (
                              s.p45 = 1
                            ) OR l.high_open
                          )
                        )
                      )
                      THEN FALSE
                    END
                  )
                  AND (
                    CASE
                      WHEN s.p46 IS NULL
                      THEN TRUE
                      WHEN NOT l.high IS NULL
                      AND (
                        l.high < s.p46
                        OR (
                          l.high = s.p46 AND (
                            (
                              s.p47 = 1
                            ) OR l.high_open
                          )
                        )
                      )
                      THEN TRUE
                      WHEN NOT l.low IS NULL
                      AND (
                        l.low > s.p46
                        OR (
                          l.low = s.p46 AND (
                            NOT (
                              s.p47 = 1
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
          AND l.test = 'tsat'
          AND l.reach = s.nw0
          AND l.tie = (
            CASE
              WHEN NOT s.p46 IS NULL AND s.p44 IS NULL
              THEN 'lowest'
              WHEN NOT s.p44 IS NULL AND s.p46 IS NULL
              THEN 'highest'
              ELSE 'rank'
            END
          )
      ),
      FALSE
    ) AS e63
  FROM s
), g8 AS (
  SELECT
    s.person_id,
    s.index_date,
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
                      WHEN s.p50 IS NULL
                      THEN TRUE
                      WHEN NOT l.low IS NULL
                      AND (
                        l.low > s.p50
                        OR (
                          l.low = s.p50 AND (
                            (
                              s.p51 = 1
                            ) OR l.low_open
                          )
                        )
                      )
                      THEN TRUE
                      WHEN NOT l.high IS NULL
                      AND (
                        l.high < s.p50
                        OR (
                          l.high = s.p50 AND (
                            NOT (
                              s.p51 = 1
                            ) OR l.high_open
                          )
                        )
                      )
                      THEN FALSE
                    END
                  )
                  AND (
                    CASE
                      WHEN s.p52 IS NULL
                      THEN TRUE
                      WHEN NOT l.high IS NULL
                      AND (
                        l.high < s.p52
                        OR (
                          l.high = s.p52 AND (
                            (
                              s.p53 = 1
                            ) OR l.high_open
                          )
                        )
                      )
                      THEN TRUE
                      WHEN NOT l.low IS NULL
                      AND (
                        l.low > s.p52
                        OR (
                          l.low = s.p52 AND (
                            NOT (
                              s.p53 = 1
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
          AND l.test = 'ferritin'
          AND l.reach = s.nw0
          AND l.tie = (
            CASE
              WHEN NOT s.p52 IS NULL AND s.p50 IS NULL
              THEN 'lowest'
              WHEN NOT s.p50 IS NULL AND s.p52 IS NULL
              THEN 'highest'
              ELSE 'rank'
            END
          )
      ),
      FALSE
    ) AS e64,
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
                      WHEN s.p54 IS NULL
                      THEN TRUE
                      WHEN NOT l.low IS NULL
                      AND (
                        l.low > s.p54
                        OR (
                          l.low = s.p54 AND (
                            (
                              s.p55 = 1
                            ) OR l.low_open
                          )
                        )
                      )
                      THEN TRUE
                      WHEN NOT l.high IS NULL
                      AND (
                        l.high < s.p54
                        OR (
                          l.high = s.p54 AND (
                            NOT (
                              s.p55 = 1
                            ) OR l.high_open
                          )
                        )
                      )
                      THEN FALSE
                    END
                  )
                  AND (
                    CASE
                      WHEN s.p56 IS NULL
                      THEN TRUE
                      WHEN NOT l.high IS NULL
                      AND (
                        l.high < s.p56
                        OR (
                          l.high = s.p56 AND (
                            (
                              s.p57 = 1
                            ) OR l.high_open
                          )
                        )
                      )
                      THEN TRUE
                      WHEN NOT l.low IS NULL
                      AND (
                        l.low > s.p56
                        OR (
                          l.low = s.p56 AND (
                            NOT (
                              s.p57 = 1
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
          AND l.test = 'tsat'
          AND l.reach = s.nw0
          AND l.tie = (
            CASE
              WHEN NOT s.p56 IS NULL AND s.p54 IS NULL
              THEN 'lowest'
              WHEN NOT s.p54 IS NULL AND s.p56 IS NULL
              THEN 'highest'
              ELSE 'rank'
            END
          )
      ),
      FALSE
    ) AS e65,
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
                      WHEN s.p60 IS NULL
                      THEN TRUE
                      WHEN NOT l.low IS NULL
                      AND (
                        l.low > s.p60
                        OR (
                          l.low = s.p60 AND (
                            (
                              s.p61 = 1
                            ) OR l.low_open
                          )
                        )
                      )
                      THEN TRUE
                      WHEN NOT l.high IS NULL
                      AND (
                        l.high < s.p60
                        OR (
                          l.high = s.p60 AND (
                            NOT (
                              s.p61 = 1
                            ) OR l.high_open
                          )
                        )
                      )
                      THEN FALSE
                    END
                  )
                  AND (
                    CASE
                      WHEN s.p62 IS NULL
                      THEN TRUE
                      WHEN NOT l.high IS NULL
                      AND (
                        l.high < s.p62
                        OR (
                          l.high = s.p62 AND (
                            (
                              s.p63 = 1
                            ) OR l.high_open
                          )
                        )
                      )
                      THEN TRUE
                      WHEN NOT l.low IS NULL
                      AND (
                        l.low > s.p62
                        OR (
                          l.low = s.p62 AND (
                            NOT (
                              s.p63 = 1
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
          AND l.test = 'ferritin'
          AND l.reach = s.nw0
          AND l.tie = (
            CASE
              WHEN NOT s.p62 IS NULL AND s.p60 IS NULL
              THEN 'lowest'
              WHEN NOT s.p60 IS NULL AND s.p62 IS NULL
              THEN 'highest'
              ELSE 'rank'
            END
          )
      ),
      FALSE
    ) AS e66,
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
                      WHEN s.p64 IS NULL
                      THEN TRUE
                      WHEN NOT l.low IS NULL
                      AND (
                        l.low > s.p64
                        OR (
                          l.low = s.p64 AND (
                            (
                              s.p65 = 1
                            ) OR l.low_open
                          )
                        )
                      )
                      THEN TRUE
                      WHEN NOT l.high IS NULL
                      AND (
                        l.high < s.p64
                        OR (
                          l.high = s.p64 AND (
                            NOT (
                              s.p65 = 1
                            ) OR l.high_open
                          )
                        )
                      )
                      THEN FALSE
                    END
                  )
                  AND (
                    CASE
                      WHEN s.p66 IS NULL
                      THEN TRUE
                      WHEN NOT l.high IS NULL
                      AND (
                        l.high < s.p66
                        OR (
                          l.high = s.p66 AND (
                            (
                              s.p67 = 1
                            ) OR l.high_open
                          )
                        )
                      )
                      THEN TRUE
                      WHEN NOT l.low IS NULL
                      AND (
                        l.low > s.p66
                        OR (
                          l.low = s.p66 AND (
                            NOT (
                              s.p67 = 1
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
          AND l.test = 'ferritin'
          AND l.reach = s.nw0
          AND l.tie = (
            CASE
              WHEN NOT s.p66 IS NULL AND s.p64 IS NULL
              THEN 'lowest'
              WHEN NOT s.p64 IS NULL AND s.p66 IS NULL
              THEN 'highest'
              ELSE 'rank'
            END
          )
      ),
      FALSE
    ) AS e67,
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
                      WHEN s.p68 IS NULL
                      THEN TRUE
                      WHEN NOT l.low IS NULL
                      AND (
                        l.low > s.p68
                        OR (
                          l.low = s.p68 AND (
                            (
                              s.p69 = 1
                            ) OR l.low_open
                          )
                        )
                      )
                      THEN TRUE
                      WHEN NOT l.high IS NULL
                      AND (
                        l.high < s.p68
                        OR (
                          l.high = s.p68 AND (
                            NOT (
                              s.p69 = 1
                            ) OR l.high_open
                          )
                        )
                      )
                      THEN FALSE
                    END
                  )
                  AND (
                    CASE
                      WHEN s.p70 IS NULL
                      THEN TRUE
                      WHEN NOT l.high IS NULL
                      AND (
                        l.high < s.p70
                        OR (
                          l.high = s.p70 AND (
                            (
                              s.p71 = 1
                            ) OR l.high_open
                          )
                        )
                      )
                      THEN TRUE
                      WHEN NOT l.low IS NULL
                      AND (
                        l.low > s.p70
                        OR (
                          l.low = s.p70 AND (
                            NOT (
                              s.p71 = 1
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
          AND l.test = 'tsat'
          AND l.reach = s.nw0
          AND l.tie = (
            CASE
              WHEN NOT s.p70 IS NULL AND s.p68 IS NULL
              THEN 'lowest'
              WHEN NOT s.p68 IS NULL AND s.p70 IS NULL
              THEN 'highest'
              ELSE 'rank'
            END
          )
      ),
      FALSE
    ) AS e68
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
    g2.e19,
    g2.e20,
    g2.e21,
    g2.e22,
    g2.e23,
    g3.e24,
    g3.e25,
    g3.e26,
    g3.e27,
    g3.e28,
    g3.e29,
    g3.e30,
    g3.e31,
    g4.e32,
    g4.e33,
    g4.e34,
    g4.e35,
    g4.e36,
    g4.e37,
    g4.e38,
    g4.e39,
    g5.e40,
    g5.e41,
    g5.e42,
    g5.e43,
    g5.e44,
    g5.e45,
    g5.e46,
    g5.e47,
    g6.e48,
    g6.e49,
    g6.e50,
    g6.e51,
    g6.e52,
    g6.e53,
    g6.e54,
    g6.e55,
    g7.e56,
    g7.e57,
    g7.e58,
    g7.e59,
    g7.e60,
    g7.e61,
    g7.e62,
    g7.e63,
    g8.e64,
    g8.e65,
    g8.e66,
    g8.e67,
    g8.e68
  FROM s
  JOIN g0
    ON g0.person_id = s.person_id AND g0.index_date = s.index_date
  JOIN g1
    ON g1.person_id = s.person_id AND g1.index_date = s.index_date
  JOIN g2
    ON g2.person_id = s.person_id AND g2.index_date = s.index_date
  JOIN g3
    ON g3.person_id = s.person_id AND g3.index_date = s.index_date
  JOIN g4
    ON g4.person_id = s.person_id AND g4.index_date = s.index_date
  JOIN g5
    ON g5.person_id = s.person_id AND g5.index_date = s.index_date
  JOIN g6
    ON g6.person_id = s.person_id AND g6.index_date = s.index_date
  JOIN g7
    ON g7.person_id = s.person_id AND g7.index_date = s.index_date
  JOIN g8
    ON g8.person_id = s.person_id AND g8.index_date = s.index_date
), judged AS (
  SELECT
    s.person_id,
    s.index_date,
    CASE
      WHEN s.e0
      THEN 0
      WHEN (
        s.e1 AND s.e2 AND s.e3
      )
      THEN 1
      WHEN (
        (
          NOT s.e1
        ) AND s.e4 AND (
          s.e5 OR s.e6
        )
      )
      THEN 2
      WHEN (
        s.e7
        AND (
          NOT s.e1
        )
        AND (
          (
            s.e8 AND (
              s.e5 OR s.e9
            )
          ) OR s.e10
        )
      )
      THEN 3
      WHEN s.e11
      THEN 4
      WHEN s.e12
      THEN 5
      WHEN (
        s.e13 AND (
          NOT s.e1
        ) AND s.e14 AND (
          s.e5 OR s.e15
        )
      )
      THEN 6
      WHEN (
        s.e1 AND s.e16 AND s.e5
      )
      THEN 7
      WHEN (
        s.e17 AND s.e18 AND s.e5
      )
      THEN 8
      WHEN s.e11
      THEN 9
      WHEN s.e19
      THEN 10
      WHEN s.e20
      THEN 11
      WHEN (
        s.e21
        AND (
          NOT s.e1
        )
        AND s.e22
        AND (
          NOT s.e23
        )
        AND (
          s.e24
          OR (
            s.e5 AND (
              NOT s.e25
            ) AND (
              NOT s.e26
            ) AND (
              NOT s.e27
            ) AND (
              NOT s.e28
            )
          )
        )
      )
      THEN 12
      WHEN (
        s.e29 AND s.e30
      )
      THEN 13
      WHEN (
        s.e1 AND (
          s.e31 OR s.e32
        )
      )
      THEN 14
      WHEN (
        s.p87 = 1
      )
      AND (
        (
          (
            s.p72 = 1
          ) AND s.e0
        )
        OR (
          (
            s.p73 = 1
          ) AND (
            s.e1 AND s.e33 AND s.e34
          )
        )
        OR (
          (
            s.p74 = 1
          )
          AND (
            (
              NOT s.e1
            ) AND s.e35 AND (
              s.e36 OR s.e37
            )
          )
        )
        OR (
          (
            s.p75 = 1
          )
          AND (
            s.e7
            AND (
              NOT s.e1
            )
            AND (
              (
                s.e38 AND (
                  s.e36 OR s.e39
                )
              ) OR s.e40
            )
          )
        )
        OR (
          (
            s.p76 = 1
          ) AND s.e11
        )
        OR (
          (
            s.p77 = 1
          ) AND s.e12
        )
        OR (
          (
            s.p78 = 1
          )
          AND (
            s.e13 AND (
              NOT s.e1
            ) AND s.e41 AND (
              s.e36 OR s.e42
            )
          )
        )
        OR (
          (
            s.p79 = 1
          ) AND (
            s.e1 AND s.e43 AND s.e36
          )
        )
        OR (
          (
            s.p80 = 1
          ) AND (
            s.e17 AND s.e44 AND s.e36
          )
        )
        OR (
          (
            s.p81 = 1
          ) AND s.e11
        )
        OR (
          (
            s.p82 = 1
          ) AND s.e19
        )
        OR (
          (
            s.p83 = 1
          ) AND s.e45
        )
        OR (
          (
            s.p84 = 1
          )
          AND (
            s.e21
            AND (
              NOT s.e1
            )
            AND s.e46
            AND (
              NOT s.e23
            )
            AND (
              s.e47
              OR (
                s.e36
                AND (
                  NOT s.e25
                )
                AND (
                  NOT s.e26
                )
                AND (
                  NOT s.e27
                )
                AND (
                  NOT s.e28
                )
              )
            )
          )
        )
        OR (
          (
            s.p85 = 1
          ) AND (
            s.e29 AND s.e48
          )
        )
        OR (
          (
            s.p86 = 1
          ) AND (
            s.e1 AND (
              s.e49 OR s.e50
            )
          )
        )
      )
      THEN -1
    END AS fired,
    (
      FALSE
      OR (
        (
          FALSE
        )
        OR (
          s.e51 AND (
            NOT s.e1 IS FALSE
          )
        )
        OR (
          s.e52 AND (
            NOT s.e1 IS FALSE
          ) AND (
            NOT s.e2 IS FALSE
          )
        )
      )
      OR (
        (
          FALSE
        )
        OR (
          s.e53 AND (
            NOT (
              NOT s.e1
            ) IS FALSE
          )
        )
        OR (
          (
            s.e54 OR s.e55
          )
          AND (
            NOT (
              NOT s.e1
            ) IS FALSE
          )
          AND (
            NOT s.e4 IS FALSE
          )
        )
      )
      OR (
        (
          FALSE
        )
        OR (
          FALSE AND (
            NOT s.e7 IS FALSE
          )
        )
        OR (
          (
            (
              (
                s.e56
              ) OR (
                (
                  s.e54 OR s.e57
                ) AND (
                  NOT s.e8 IS FALSE
                )
              )
            )
            OR s.e58
          )
          AND (
            NOT s.e7 IS FALSE
          )
          AND (
            NOT (
              NOT s.e1
            ) IS FALSE
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
            NOT s.e13 IS FALSE
          )
        )
        OR (
          s.e59 AND (
            NOT s.e13 IS FALSE
          ) AND (
            NOT (
              NOT s.e1
            ) IS FALSE
          )
        )
        OR (
          (
            s.e54 OR s.e60
          )
          AND (
            NOT s.e13 IS FALSE
          )
          AND (
            NOT (
              NOT s.e1
            ) IS FALSE
          )
          AND (
            NOT s.e14 IS FALSE
          )
        )
      )
      OR (
        (
          FALSE
        )
        OR (
          s.e61 AND (
            NOT s.e1 IS FALSE
          )
        )
        OR (
          s.e54 AND (
            NOT s.e1 IS FALSE
          ) AND (
            NOT s.e16 IS FALSE
          )
        )
      )
      OR (
        (
          FALSE
        )
        OR (
          s.e62 AND (
            NOT s.e17 IS FALSE
          )
        )
        OR (
          s.e54 AND (
            NOT s.e17 IS FALSE
          ) AND (
            NOT s.e18 IS FALSE
          )
        )
      )
      OR FALSE
      OR FALSE
      OR s.e63
      OR (
        (
          FALSE
        )
        OR (
          FALSE AND (
            NOT s.e21 IS FALSE
          )
        )
        OR (
          s.e64 AND (
            NOT s.e21 IS FALSE
          ) AND (
            NOT (
              NOT s.e1
            ) IS FALSE
          )
        )
        OR (
          FALSE
          AND (
            NOT s.e21 IS FALSE
          )
          AND (
            NOT (
              NOT s.e1
            ) IS FALSE
          )
          AND (
            NOT s.e22 IS FALSE
          )
        )
        OR (
          (
            s.e65
            OR (
              (
                s.e54
              )
              OR (
                FALSE AND (
                  NOT s.e5 IS FALSE
                )
              )
              OR (
                FALSE AND (
                  NOT s.e5 IS FALSE
                ) AND (
                  NOT (
                    NOT s.e25
                  ) IS FALSE
                )
              )
              OR (
                FALSE
                AND (
                  NOT s.e5 IS FALSE
                )
                AND (
                  NOT (
                    NOT s.e25
                  ) IS FALSE
                )
                AND (
                  NOT (
                    NOT s.e26
                  ) IS FALSE
                )
              )
              OR (
                FALSE
                AND (
                  NOT s.e5 IS FALSE
                )
                AND (
                  NOT (
                    NOT s.e25
                  ) IS FALSE
                )
                AND (
                  NOT (
                    NOT s.e26
                  ) IS FALSE
                )
                AND (
                  NOT (
                    NOT s.e27
                  ) IS FALSE
                )
              )
            )
          )
          AND (
            NOT s.e21 IS FALSE
          )
          AND (
            NOT (
              NOT s.e1
            ) IS FALSE
          )
          AND (
            NOT s.e22 IS FALSE
          )
          AND (
            NOT (
              NOT s.e23
            ) IS FALSE
          )
        )
      )
      OR (
        (
          FALSE
        ) OR (
          s.e66 AND (
            NOT s.e29 IS FALSE
          )
        )
      )
      OR (
        (
          FALSE
        ) OR (
          (
            s.e67 OR s.e68
          ) AND (
            NOT s.e1 IS FALSE
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
  'iron-deficiency' AS factor,
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
  ON r.factor = 'iron-deficiency' AND r.rule_index = j.fired
