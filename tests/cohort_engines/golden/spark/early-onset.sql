WITH prm AS (
  SELECT
    COUNT(*) AS n_params,
    MAX(num) FILTER(WHERE
      path = 'r1.0.at_least') AS p0,
    MAX(num) FILTER(WHERE
      path = 'r1.0.below') AS p1,
    MAX(num) FILTER(WHERE
      path = 'r3.at_least') AS p2,
    MAX(num) FILTER(WHERE
      path = 'r3.below') AS p3,
    MAX(num) FILTER(WHERE
      path = 'r7.at_least') AS p4,
    MAX(num) FILTER(WHERE
      path = 'r7.below') AS p5,
    MAX(num) FILTER(WHERE
      path = 'r0.present') AS p6,
    MAX(num) FILTER(WHERE
      path = 'r1.present') AS p7,
    MAX(num) FILTER(WHERE
      path = 'r2.present') AS p8,
    MAX(num) FILTER(WHERE
      path = 'r3.present') AS p9,
    MAX(num) FILTER(WHERE
      path = 'r4.present') AS p10,
    MAX(num) FILTER(WHERE
      path = 'r5.present') AS p11,
    MAX(num) FILTER(WHERE
      path = 'r6.present') AS p12,
    MAX(num) FILTER(WHERE
      path = 'r7.present') AS p13,
    MAX(num) FILTER(WHERE
      path = 'stale_results') AS p14
  FROM ekbom_param
  WHERE
    factor = 'early-onset'
), win AS (
  SELECT
    COUNT(*) AS n_windows,
    MAX(days) FILTER(WHERE
      key = 'window') AS d_w0
  FROM ekbom_window
  WHERE
    factor = 'early-onset'
), s AS (
  SELECT
    i.person_id,
    i.index_date,
    prm.*,
    i.index_date - CAST(win.d_w0 AS INT) AS w0,
    CAST(win.d_w0 AS INT) AS nw0,
    pe.sex,
    pe.birth_lo,
    pe.birth_hi,
    o0.day AS o0
  FROM ekbom_index AS i
  CROSS JOIN prm
  CROSS JOIN win
  LEFT JOIN ekbom_person AS pe
    ON pe.person_id = i.person_id
  LEFT JOIN ekbom_onset_day AS o0
    ON o0.person_id = i.person_id
    AND o0.index_date = i.index_date
    AND o0.set_name = 'rls:rls'
), g0 AS (
  SELECT
    s.person_id,
    s.index_date,
    CAST(NULL AS BOOLEAN) AS e0,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'rls:rls'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
    ) AS e1,
    (
      CASE
        WHEN NOT s.birth_lo IS NULL AND NOT s.o0 IS NULL
        THEN (
          (
            CASE
              WHEN s.p0 IS NULL
              THEN TRUE
              WHEN (
                YEAR(s.o0) - YEAR(s.birth_hi) - CASE
                  WHEN MONTH(s.o0) * 100 + DAY(s.o0) < MONTH(s.birth_hi) * 100 + DAY(s.birth_hi)
                  THEN 1
                  ELSE 0
                END
              ) >= s.p0
              THEN TRUE
              WHEN (
                YEAR(s.o0) - YEAR(s.birth_lo) - CASE
                  WHEN MONTH(s.o0) * 100 + DAY(s.o0) < MONTH(s.birth_lo) * 100 + DAY(s.birth_lo)
                  THEN 1
                  ELSE 0
                END
              ) < s.p0
              THEN FALSE
            END
          )
          AND (
            CASE
              WHEN s.p1 IS NULL
              THEN TRUE
              WHEN (
                YEAR(s.o0) - YEAR(s.birth_lo) - CASE
                  WHEN MONTH(s.o0) * 100 + DAY(s.o0) < MONTH(s.birth_lo) * 100 + DAY(s.birth_lo)
                  THEN 1
                  ELSE 0
                END
              ) < s.p1
              THEN TRUE
              WHEN (
                YEAR(s.o0) - YEAR(s.birth_hi) - CASE
                  WHEN MONTH(s.o0) * 100 + DAY(s.o0) < MONTH(s.birth_hi) * 100 + DAY(s.birth_hi)
                  THEN 1
                  ELSE 0
                END
              ) >= s.p1
              THEN FALSE
            END
          )
        )
      END
    ) AS e2,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'rls:rls'
        AND c.start_day <= s.index_date
        AND c.end_day <= s.index_date
    ) AS e3,
    EXISTS(
      SELECT
        1
      FROM ekbom_mention AS x
      WHERE
        x.person_id = s.person_id
        AND x.label = 'early-onset'
        AND x.day BETWEEN s.w0 AND s.index_date
        AND NOT x.hypothetical
        AND NOT x.family
        AND NOT x.negated
        AND NOT x.uncertain
    ) AS e4,
    EXISTS(
      SELECT
        1
      FROM ekbom_mention AS x
      WHERE
        x.person_id = s.person_id
        AND x.label = 'rls'
        AND x.day BETWEEN s.w0 AND s.index_date
        AND NOT x.hypothetical
        AND NOT x.family
        AND NOT x.negated
        AND NOT x.uncertain
    ) AS e5,
    (
      CASE
        WHEN NOT s.birth_lo IS NULL AND NOT s.o0 IS NULL
        THEN (
          (
            CASE
              WHEN s.p2 IS NULL
              THEN TRUE
              WHEN (
                YEAR(s.o0) - YEAR(s.birth_hi) - CASE
                  WHEN MONTH(s.o0) * 100 + DAY(s.o0) < MONTH(s.birth_hi) * 100 + DAY(s.birth_hi)
                  THEN 1
                  ELSE 0
                END
              ) >= s.p2
              THEN TRUE
              WHEN (
                YEAR(s.o0) - YEAR(s.birth_lo) - CASE
                  WHEN MONTH(s.o0) * 100 + DAY(s.o0) < MONTH(s.birth_lo) * 100 + DAY(s.birth_lo)
                  THEN 1
                  ELSE 0
                END
              ) < s.p2
              THEN FALSE
            END
          )
          AND (
            CASE
              WHEN s.p3 IS NULL
              THEN TRUE
              WHEN (
                YEAR(s.o0) - YEAR(s.birth_lo) - CASE
                  WHEN MONTH(s.o0) * 100 + DAY(s.o0) < MONTH(s.birth_lo) * 100 + DAY(s.birth_lo)
                  THEN 1
                  ELSE 0
                END
              ) < s.p3
              THEN TRUE
              WHEN (
                YEAR(s.o0) - YEAR(s.birth_hi) - CASE
                  WHEN MONTH(s.o0) * 100 + DAY(s.o0) < MONTH(s.birth_hi) * 100 + DAY(s.birth_hi)
                  THEN 1
                  ELSE 0
                END
              ) >= s.p3
              THEN FALSE
            END
          )
        )
      END
    ) AS e6,
    EXISTS(
      SELECT
        1
      FROM ekbom_mention AS x
      WHERE
        x.person_id = s.person_id
        AND x.label = 'early-onset'
        AND x.day BETWEEN s.w0 AND s.index_date
        AND NOT x.hypothetical
        AND NOT x.family
        AND NOT x.negated
        AND x.uncertain
    ) AS e7
  FROM s
), g1 AS (
  SELECT
    s.person_id,
    s.index_date,
    (
      CASE
        WHEN NOT s.birth_lo IS NULL AND NOT s.o0 IS NULL
        THEN (
          (
            CASE
              WHEN s.p4 IS NULL
              THEN TRUE
              WHEN (
                YEAR(s.o0) - YEAR(s.birth_hi) - CASE
                  WHEN MONTH(s.o0) * 100 + DAY(s.o0) < MONTH(s.birth_hi) * 100 + DAY(s.birth_hi)
                  THEN 1
                  ELSE 0
                END
              ) >= s.p4
              THEN TRUE
              WHEN (
                YEAR(s.o0) - YEAR(s.birth_lo) - CASE
                  WHEN MONTH(s.o0) * 100 + DAY(s.o0) < MONTH(s.birth_lo) * 100 + DAY(s.birth_lo)
                  THEN 1
                  ELSE 0
                END
              ) < s.p4
              THEN FALSE
            END
          )
          AND (
            CASE
              WHEN s.p5 IS NULL
              THEN TRUE
              WHEN (
                YEAR(s.o0) - YEAR(s.birth_lo) - CASE
                  WHEN MONTH(s.o0) * 100 + DAY(s.o0) < MONTH(s.birth_lo) * 100 + DAY(s.birth_lo)
                  THEN 1
                  ELSE 0
                END
              ) < s.p5
              THEN TRUE
              WHEN (
                YEAR(s.o0) - YEAR(s.birth_hi) - CASE
                  WHEN MONTH(s.o0) * 100 + DAY(s.o0) < MONTH(s.birth_hi) * 100 + DAY(s.birth_hi)
                  THEN 1
                  ELSE 0
                END
              ) >= s.p5
              THEN FALSE
            END
          )
        )
      END
    ) AS e8
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
    g1.e8
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
      WHEN (
        s.e0 AND (
          s.e1 OR (
            s.e0 AND s.e0 AND s.e0 AND s.e0 AND s.e0
          )
        )
      )
      THEN 0
      WHEN (
        s.e2 AND (
          s.e1 OR s.e3
        )
      )
      THEN 1
      WHEN (
        s.e4 AND (
          s.e1 OR s.e5
        )
      )
      THEN 2
      WHEN s.e6
      THEN 3
      WHEN (
        s.e0 AND s.e0
      )
      THEN 4
      WHEN s.e7
      THEN 5
      WHEN s.e0
      THEN 6
      WHEN s.e8
      THEN 7
      WHEN (
        s.p14 = 1
      )
      AND (
        (
          (
            s.p6 = 1
          )
          AND (
            s.e0 AND (
              s.e1 OR (
                s.e0 AND s.e0 AND s.e0 AND s.e0 AND s.e0
              )
            )
          )
        )
        OR (
          (
            s.p7 = 1
          ) AND (
            s.e2 AND (
              s.e1 OR s.e3
            )
          )
        )
        OR (
          (
            s.p8 = 1
          ) AND (
            s.e4 AND (
              s.e1 OR s.e5
            )
          )
        )
        OR (
          (
            s.p9 = 1
          ) AND s.e6
        )
        OR (
          (
            s.p10 = 1
          ) AND (
            s.e0 AND s.e0
          )
        )
        OR (
          (
            s.p11 = 1
          ) AND s.e7
        )
        OR (
          (
            s.p12 = 1
          ) AND s.e0
        )
        OR (
          (
            s.p13 = 1
          ) AND s.e8
        )
      )
      THEN -1
    END AS fired,
    (
      (
        (
          FALSE
        )
        OR (
          (
            FALSE
            OR (
              (
                FALSE
              )
              OR (
                FALSE AND (
                  NOT s.e0 IS FALSE
                )
              )
              OR (
                FALSE AND (
                  NOT s.e0 IS FALSE
                ) AND (
                  NOT s.e0 IS FALSE
                )
              )
              OR (
                FALSE
                AND (
                  NOT s.e0 IS FALSE
                )
                AND (
                  NOT s.e0 IS FALSE
                )
                AND (
                  NOT s.e0 IS FALSE
                )
              )
              OR (
                FALSE
                AND (
                  NOT s.e0 IS FALSE
                )
                AND (
                  NOT s.e0 IS FALSE
                )
                AND (
                  NOT s.e0 IS FALSE
                )
                AND (
                  NOT s.e0 IS FALSE
                )
              )
            )
          )
          AND (
            NOT s.e0 IS FALSE
          )
        )
      )
      OR (
        (
          FALSE
        ) OR (
          (
            FALSE OR FALSE
          ) AND (
            NOT s.e2 IS FALSE
          )
        )
      )
      OR (
        (
          FALSE
        ) OR (
          (
            FALSE OR FALSE
          ) AND (
            NOT s.e4 IS FALSE
          )
        )
      )
      OR FALSE
      OR (
        (
          FALSE
        ) OR (
          FALSE AND (
            NOT s.e0 IS FALSE
          )
        )
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
  'early-onset' AS factor,
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
  ON r.factor = 'early-onset' AND r.rule_index = j.fired
