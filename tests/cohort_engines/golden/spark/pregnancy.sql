WITH prm AS (
  SELECT
    COUNT(*) AS n_params,
    MAX(num) FILTER(WHERE
      path = 'r3.0.lower') AS p0,
    MAX(num) FILTER(WHERE
      path = 'r3.0.lower_inclusive') AS p1,
    MAX(num) FILTER(WHERE
      path = 'r3.0.upper') AS p2,
    MAX(num) FILTER(WHERE
      path = 'r3.0.upper_inclusive') AS p3,
    MAX(num) FILTER(WHERE
      path = 'r8.0.lower') AS p4,
    MAX(num) FILTER(WHERE
      path = 'r8.0.lower_inclusive') AS p5,
    MAX(num) FILTER(WHERE
      path = 'r8.0.upper') AS p6,
    MAX(num) FILTER(WHERE
      path = 'r8.0.upper_inclusive') AS p7,
    MAX(num) FILTER(WHERE
      path = 'r13.1.lower') AS p8,
    MAX(num) FILTER(WHERE
      path = 'r13.1.lower_inclusive') AS p9,
    MAX(num) FILTER(WHERE
      path = 'r13.1.upper') AS p10,
    MAX(num) FILTER(WHERE
      path = 'r13.1.upper_inclusive') AS p11,
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
      path = 'r11.present') AS p23,
    MAX(num) FILTER(WHERE
      path = 'r12.present') AS p24,
    MAX(num) FILTER(WHERE
      path = 'r13.present') AS p25,
    MAX(num) FILTER(WHERE
      path = 'stale_results') AS p26
  FROM ekbom_param
  WHERE
    factor = 'pregnancy'
), win AS (
  SELECT
    COUNT(*) AS n_windows,
    MAX(days) FILTER(WHERE
      key = 'r0.0.0.within_days') AS d_w0,
    MAX(days) FILTER(WHERE
      key = 'r0.0.1.n.0.within_days') AS d_w1,
    MAX(days) FILTER(WHERE
      key = 'r0.0.1.n.1.within_days') AS d_w2,
    MAX(days) FILTER(WHERE
      key = 'r0.0.1.n.2.within_days') AS d_w3,
    MAX(days) FILTER(WHERE
      key = 'r0.1.0.within_days') AS d_w4,
    MAX(days) FILTER(WHERE
      key = 'r0.1.1.n.within_days') AS d_w5,
    MAX(days) FILTER(WHERE
      key = 'r0.1.2.n.0.within_days') AS d_w6,
    MAX(days) FILTER(WHERE
      key = 'r0.1.2.n.1.within_days') AS d_w7,
    MAX(days) FILTER(WHERE
      key = 'r0.1.2.n.2.within_days') AS d_w8,
    MAX(days) FILTER(WHERE
      key = 'r0.2.0.within_days') AS d_w9,
    MAX(days) FILTER(WHERE
      key = 'r0.2.1.n.within_days') AS d_w10,
    MAX(days) FILTER(WHERE
      key = 'r0.2.2.n.0.within_days') AS d_w11,
    MAX(days) FILTER(WHERE
      key = 'r0.2.2.n.1.within_days') AS d_w12,
    MAX(days) FILTER(WHERE
      key = 'r0.2.2.n.2.within_days') AS d_w13,
    MAX(days) FILTER(WHERE
      key = 'r0.3.0.within_days') AS d_w14,
    MAX(days) FILTER(WHERE
      key = 'r0.3.1.n.within_days') AS d_w15,
    MAX(days) FILTER(WHERE
      key = 'r0.3.2.n.0.within_days') AS d_w16,
    MAX(days) FILTER(WHERE
      key = 'r0.3.2.n.1.within_days') AS d_w17,
    MAX(days) FILTER(WHERE
      key = 'r0.3.2.n.2.within_days') AS d_w18,
    MAX(days) FILTER(WHERE
      key = 'r0.4.0.within_days') AS d_w19,
    MAX(days) FILTER(WHERE
      key = 'r0.4.1.n.within_days') AS d_w20,
    MAX(days) FILTER(WHERE
      key = 'r0.4.2.n.0.within_days') AS d_w21,
    MAX(days) FILTER(WHERE
      key = 'r0.4.2.n.1.within_days') AS d_w22,
    MAX(days) FILTER(WHERE
      key = 'r0.4.2.n.2.within_days') AS d_w23,
    MAX(days) FILTER(WHERE
      key = 'r0.5.0.within_days') AS d_w24,
    MAX(days) FILTER(WHERE
      key = 'r0.5.1.n.within_days') AS d_w25,
    MAX(days) FILTER(WHERE
      key = 'r0.5.2.n.0.within_days') AS d_w26,
    MAX(days) FILTER(WHERE
      key = 'r0.5.2.n.1.within_days') AS d_w27,
    MAX(days) FILTER(WHERE
      key = 'r0.5.2.n.2.within_days') AS d_w28,
    MAX(days) FILTER(WHERE
      key = 'r0.6.0.within_days') AS d_w29,
    MAX(days) FILTER(WHERE
      key = 'r0.6.1.n.within_days') AS d_w30,
    MAX(days) FILTER(WHERE
      key = 'r0.6.2.n.0.within_days') AS d_w31,
    MAX(days) FILTER(WHERE
      key = 'r0.6.2.n.1.within_days') AS d_w32,
    MAX(days) FILTER(WHERE
      key = 'r0.6.2.n.2.within_days') AS d_w33,
    MAX(days) FILTER(WHERE
      key = 'r0.7.0.within_days') AS d_w34,
    MAX(days) FILTER(WHERE
      key = 'r0.7.1.n.within_days') AS d_w35,
    MAX(days) FILTER(WHERE
      key = 'r0.7.2.n.0.within_days') AS d_w36,
    MAX(days) FILTER(WHERE
      key = 'r0.7.2.n.1.within_days') AS d_w37,
    MAX(days) FILTER(WHERE
      key = 'r0.7.2.n.2.within_days') AS d_w38,
    MAX(days) FILTER(WHERE
      key = 'r0.8.0.within_days') AS d_w39,
    MAX(days) FILTER(WHERE
      key = 'r0.8.1.n.within_days') AS d_w40,
    MAX(days) FILTER(WHERE
      key = 'r0.8.2.n.0.within_days') AS d_w41,
    MAX(days) FILTER(WHERE
      key = 'r0.8.2.n.1.within_days') AS d_w42,
    MAX(days) FILTER(WHERE
      key = 'r0.8.2.n.2.within_days') AS d_w43,
    MAX(days) FILTER(WHERE
      key = 'r0.9.0.within_days') AS d_w44,
    MAX(days) FILTER(WHERE
      key = 'r0.9.1.n.within_days') AS d_w45,
    MAX(days) FILTER(WHERE
      key = 'r0.9.2.n.0.within_days') AS d_w46,
    MAX(days) FILTER(WHERE
      key = 'r0.9.2.n.1.within_days') AS d_w47,
    MAX(days) FILTER(WHERE
      key = 'r0.9.2.n.2.within_days') AS d_w48,
    MAX(days) FILTER(WHERE
      key = 'r0.10.0.within_days') AS d_w49,
    MAX(days) FILTER(WHERE
      key = 'r0.10.1.n.within_days') AS d_w50,
    MAX(days) FILTER(WHERE
      key = 'r0.10.2.n.0.within_days') AS d_w51,
    MAX(days) FILTER(WHERE
      key = 'r0.10.2.n.1.within_days') AS d_w52,
    MAX(days) FILTER(WHERE
      key = 'r0.10.2.n.2.within_days') AS d_w53,
    MAX(days) FILTER(WHERE
      key = 'r1.0.within_days') AS d_w54,
    MAX(days) FILTER(WHERE
      key = 'r1.1.within_days') AS d_w55,
    MAX(days) FILTER(WHERE
      key = 'r1.2.within_days') AS d_w56,
    MAX(days) FILTER(WHERE
      key = 'window') AS d_w57,
    MAX(days) FILTER(WHERE
      key = 'r2.1.n.0.within_days') AS d_w58,
    MAX(days) FILTER(WHERE
      key = 'r2.1.n.1.within_days') AS d_w59,
    MAX(days) FILTER(WHERE
      key = 'r2.1.n.2.within_days') AS d_w60,
    MAX(days) FILTER(WHERE
      key = 'r3.2.n.0.within_days') AS d_w61,
    MAX(days) FILTER(WHERE
      key = 'r3.2.n.1.within_days') AS d_w62,
    MAX(days) FILTER(WHERE
      key = 'r3.2.n.2.within_days') AS d_w63,
    MAX(days) FILTER(WHERE
      key = 'r4.1.n.0.within_days') AS d_w64,
    MAX(days) FILTER(WHERE
      key = 'r4.1.n.1.within_days') AS d_w65,
    MAX(days) FILTER(WHERE
      key = 'r4.1.n.2.within_days') AS d_w66,
    MAX(days) FILTER(WHERE
      key = 'r7.0.0.within_days') AS d_w67,
    MAX(days) FILTER(WHERE
      key = 'r7.0.1.within_days') AS d_w68,
    MAX(days) FILTER(WHERE
      key = 'r7.1.n.0.within_days') AS d_w69,
    MAX(days) FILTER(WHERE
      key = 'r7.1.n.1.within_days') AS d_w70,
    MAX(days) FILTER(WHERE
      key = 'r7.1.n.2.within_days') AS d_w71,
    MAX(days) FILTER(WHERE
      key = 'r8.2.n.0.within_days') AS d_w72,
    MAX(days) FILTER(WHERE
      key = 'r8.2.n.1.within_days') AS d_w73,
    MAX(days) FILTER(WHERE
      key = 'r8.2.n.2.within_days') AS d_w74,
    MAX(days) FILTER(WHERE
      key = 'r9.1.n.0.within_days') AS d_w75,
    MAX(days) FILTER(WHERE
      key = 'r9.1.n.1.within_days') AS d_w76,
    MAX(days) FILTER(WHERE
      key = 'r9.1.n.2.within_days') AS d_w77,
    MAX(days) FILTER(WHERE
      key = 'r13.0.within_days') AS d_w78,
    MAX(days) FILTER(WHERE
      key = 'r13.1.within_days') AS d_w79
  FROM ekbom_window
  WHERE
    factor = 'pregnancy'
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
    i.index_date - CAST(win.d_w3 AS INT) AS w3,
    CAST(win.d_w3 AS INT) AS nw3,
    i.index_date - CAST(win.d_w4 AS INT) AS w4,
    CAST(win.d_w4 AS INT) AS nw4,
    i.index_date - CAST(win.d_w5 AS INT) AS w5,
    CAST(win.d_w5 AS INT) AS nw5,
    i.index_date - CAST(win.d_w6 AS INT) AS w6,
    CAST(win.d_w6 AS INT) AS nw6,
    i.index_date - CAST(win.d_w7 AS INT) AS w7,
    CAST(win.d_w7 AS INT) AS nw7,
    i.index_date - CAST(win.d_w8 AS INT) AS w8,
    CAST(win.d_w8 AS INT) AS nw8,
    i.index_date - CAST(win.d_w9 AS INT) AS w9,
    CAST(win.d_w9 AS INT) AS nw9,
    i.index_date - CAST(win.d_w10 AS INT) AS w10,
    CAST(win.d_w10 AS INT) AS nw10,
    i.index_date - CAST(win.d_w11 AS INT) AS w11,
    CAST(win.d_w11 AS INT) AS nw11,
    i.index_date - CAST(win.d_w12 AS INT) AS w12,
    CAST(win.d_w12 AS INT) AS nw12,
    i.index_date - CAST(win.d_w13 AS INT) AS w13,
    CAST(win.d_w13 AS INT) AS nw13,
    i.index_date - CAST(win.d_w14 AS INT) AS w14,
    CAST(win.d_w14 AS INT) AS nw14,
    i.index_date - CAST(win.d_w15 AS INT) AS w15,
    CAST(win.d_w15 AS INT) AS nw15,
    i.index_date - CAST(win.d_w16 AS INT) AS w16,
    CAST(win.d_w16 AS INT) AS nw16,
    i.index_date - CAST(win.d_w17 AS INT) AS w17,
    CAST(win.d_w17 AS INT) AS nw17,
    i.index_date - CAST(win.d_w18 AS INT) AS w18,
    CAST(win.d_w18 AS INT) AS nw18,
    i.index_date - CAST(win.d_w19 AS INT) AS w19,
    CAST(win.d_w19 AS INT) AS nw19,
    i.index_date - CAST(win.d_w20 AS INT) AS w20,
    CAST(win.d_w20 AS INT) AS nw20,
    i.index_date - CAST(win.d_w21 AS INT) AS w21,
    CAST(win.d_w21 AS INT) AS nw21,
    i.index_date - CAST(win.d_w22 AS INT) AS w22,
    CAST(win.d_w22 AS INT) AS nw22,
    i.index_date - CAST(win.d_w23 AS INT) AS w23,
    CAST(win.d_w23 AS INT) AS nw23,
    i.index_date - CAST(win.d_w24 AS INT) AS w24,
    CAST(win.d_w24 AS INT) AS nw24,
    i.index_date - CAST(win.d_w25 AS INT) AS w25,
    CAST(win.d_w25 AS INT) AS nw25,
    i.index_date - CAST(win.d_w26 AS INT) AS w26,
    CAST(win.d_w26 AS INT) AS nw26,
    i.index_date - CAST(win.d_w27 AS INT) AS w27,
    CAST(win.d_w27 AS INT) AS nw27,
    i.index_date - CAST(win.d_w28 AS INT) AS w28,
    CAST(win.d_w28 AS INT) AS nw28,
    i.index_date - CAST(win.d_w29 AS INT) AS w29,
    CAST(win.d_w29 AS INT) AS nw29,
    i.index_date - CAST(win.d_w30 AS INT) AS w30,
    CAST(win.d_w30 AS INT) AS nw30,
    i.index_date - CAST(win.d_w31 AS INT) AS w31,
    CAST(win.d_w31 AS INT) AS nw31,
    i.index_date - CAST(win.d_w32 AS INT) AS w32,
    CAST(win.d_w32 AS INT) AS nw32,
    i.index_date - CAST(win.d_w33 AS INT) AS w33,
    CAST(win.d_w33 AS INT) AS nw33,
    i.index_date - CAST(win.d_w34 AS INT) AS w34,
    CAST(win.d_w34 AS INT) AS nw34,
    i.index_date - CAST(win.d_w35 AS INT) AS w35,
    CAST(win.d_w35 AS INT) AS nw35,
    i.index_date - CAST(win.d_w36 AS INT) AS w36,
    CAST(win.d_w36 AS INT) AS nw36,
    i.index_date - CAST(win.d_w37 AS INT) AS w37,
    CAST(win.d_w37 AS INT) AS nw37,
    i.index_date - CAST(win.d_w38 AS INT) AS w38,
    CAST(win.d_w38 AS INT) AS nw38,
    i.index_date - CAST(win.d_w39 AS INT) AS w39,
    CAST(win.d_w39 AS INT) AS nw39,
    i.index_date - CAST(win.d_w40 AS INT) AS w40,
    CAST(win.d_w40 AS INT) AS nw40,
    i.index_date - CAST(win.d_w41 AS INT) AS w41,
    CAST(win.d_w41 AS INT) AS nw41,
    i.index_date - CAST(win.d_w42 AS INT) AS w42,
    CAST(win.d_w42 AS INT) AS nw42,
    i.index_date - CAST(win.d_w43 AS INT) AS w43,
    CAST(win.d_w43 AS INT) AS nw43,
    i.index_date - CAST(win.d_w44 AS INT) AS w44,
    CAST(win.d_w44 AS INT) AS nw44,
    i.index_date - CAST(win.d_w45 AS INT) AS w45,
    CAST(win.d_w45 AS INT) AS nw45,
    i.index_date - CAST(win.d_w46 AS INT) AS w46,
    CAST(win.d_w46 AS INT) AS nw46,
    i.index_date - CAST(win.d_w47 AS INT) AS w47,
    CAST(win.d_w47 AS INT) AS nw47,
    i.index_date - CAST(win.d_w48 AS INT) AS w48,
    CAST(win.d_w48 AS INT) AS nw48,
    i.index_date - CAST(win.d_w49 AS INT) AS w49,
    CAST(win.d_w49 AS INT) AS nw49,
    i.index_date - CAST(win.d_w50 AS INT) AS w50,
    CAST(win.d_w50 AS INT) AS nw50,
    i.index_date - CAST(win.d_w51 AS INT) AS w51,
    CAST(win.d_w51 AS INT) AS nw51,
    i.index_date - CAST(win.d_w52 AS INT) AS w52,
    CAST(win.d_w52 AS INT) AS nw52,
    i.index_date - CAST(win.d_w53 AS INT) AS w53,
    CAST(win.d_w53 AS INT) AS nw53,
    i.index_date - CAST(win.d_w54 AS INT) AS w54,
    CAST(win.d_w54 AS INT) AS nw54,
    i.index_date - CAST(win.d_w55 AS INT) AS w55,
    CAST(win.d_w55 AS INT) AS nw55,
    i.index_date - CAST(win.d_w56 AS INT) AS w56,
    CAST(win.d_w56 AS INT) AS nw56,
    i.index_date - CAST(win.d_w57 AS INT) AS w57,
    CAST(win.d_w57 AS INT) AS nw57,
    i.index_date - CAST(win.d_w58 AS INT) AS w58,
    CAST(win.d_w58 AS INT) AS nw58,
    i.index_date - CAST(win.d_w59 AS INT) AS w59,
    CAST(win.d_w59 AS INT) AS nw59,
    i.index_date - CAST(win.d_w60 AS INT) AS w60,
    CAST(win.d_w60 AS INT) AS nw60,
    i.index_date - CAST(win.d_w61 AS INT) AS w61,
    CAST(win.d_w61 AS INT) AS nw61,
    i.index_date - CAST(win.d_w62 AS INT) AS w62,
    CAST(win.d_w62 AS INT) AS nw62,
    i.index_date - CAST(win.d_w63 AS INT) AS w63,
    CAST(win.d_w63 AS INT) AS nw63,
    i.index_date - CAST(win.d_w64 AS INT) AS w64,
    CAST(win.d_w64 AS INT) AS nw64,
    i.index_date - CAST(win.d_w65 AS INT) AS w65,
    CAST(win.d_w65 AS INT) AS nw65,
    i.index_date - CAST(win.d_w66 AS INT) AS w66,
    CAST(win.d_w66 AS INT) AS nw66,
    i.index_date - CAST(win.d_w67 AS INT) AS w67,
    CAST(win.d_w67 AS INT) AS nw67,
    i.index_date - CAST(win.d_w68 AS INT) AS w68,
    CAST(win.d_w68 AS INT) AS nw68,
    i.index_date - CAST(win.d_w69 AS INT) AS w69,
    CAST(win.d_w69 AS INT) AS nw69,
    i.index_date - CAST(win.d_w70 AS INT) AS w70,
    CAST(win.d_w70 AS INT) AS nw70,
    i.index_date - CAST(win.d_w71 AS INT) AS w71,
    CAST(win.d_w71 AS INT) AS nw71,
    i.index_date - CAST(win.d_w72 AS INT) AS w72,
    CAST(win.d_w72 AS INT) AS nw72,
    i.index_date - CAST(win.d_w73 AS INT) AS w73,
    CAST(win.d_w73 AS INT) AS nw73,
    i.index_date - CAST(win.d_w74 AS INT) AS w74,
    CAST(win.d_w74 AS INT) AS nw74,
    i.index_date - CAST(win.d_w75 AS INT) AS w75,
    CAST(win.d_w75 AS INT) AS nw75,
    i.index_date - CAST(win.d_w76 AS INT) AS w76,
    CAST(win.d_w76 AS INT) AS nw76,
    i.index_date - CAST(win.d_w77 AS INT) AS w77,
    CAST(win.d_w77 AS INT) AS nw77,
    i.index_date - CAST(win.d_w78 AS INT) AS w78,
    CAST(win.d_w78 AS INT) AS nw78,
    i.index_date - CAST(win.d_w79 AS INT) AS w79,
    CAST(win.d_w79 AS INT) AS nw79,
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
        AND c.set_name = 'pregnancy:pregnant'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w0
    ) AS e0,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:ended'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w1
    ) AS e1,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:ended'
        AND c.start_day <= s.index_date
        AND c.end_day <= s.index_date
        AND c.start_day >= s.w2
    ) AS e2,
    EXISTS(
      SELECT
        1
      FROM ekbom_procedure AS x
      WHERE
        x.person_id = s.person_id
        AND x.set_name = 'pregnancy:ended'
        AND x.day BETWEEN s.w3 AND s.index_date
    ) AS e3,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:pregnant'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w4
    ) AS e4,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:pregnant'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w5
    ) AS e5,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:ended'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w6
    ) AS e6,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:ended'
        AND c.start_day <= s.index_date
        AND c.end_day <= s.index_date
        AND c.start_day >= s.w7
    ) AS e7
  FROM s
), g1 AS (
  SELECT
    s.person_id,
    s.index_date,
    EXISTS(
      SELECT
        1
      FROM ekbom_procedure AS x
      WHERE
        x.person_id = s.person_id
        AND x.set_name = 'pregnancy:ended'
        AND x.day BETWEEN s.w8 AND s.index_date
    ) AS e8,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:pregnant'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w9
    ) AS e9,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:pregnant'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w10
    ) AS e10,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:ended'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w11
    ) AS e11,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:ended'
        AND c.start_day <= s.index_date
        AND c.end_day <= s.index_date
        AND c.start_day >= s.w12
    ) AS e12,
    EXISTS(
      SELECT
        1
      FROM ekbom_procedure AS x
      WHERE
        x.person_id = s.person_id
        AND x.set_name = 'pregnancy:ended'
        AND x.day BETWEEN s.w13 AND s.index_date
    ) AS e13,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:pregnant'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w14
    ) AS e14,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:pregnant'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w15
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
        AND c.set_name = 'pregnancy:ended'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w16
    ) AS e16,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:ended'
        AND c.start_day <= s.index_date
        AND c.end_day <= s.index_date
        AND c.start_day >= s.w17
    ) AS e17,
    EXISTS(
      SELECT
        1
      FROM ekbom_procedure AS x
      WHERE
        x.person_id = s.person_id
        AND x.set_name = 'pregnancy:ended'
        AND x.day BETWEEN s.w18 AND s.index_date
    ) AS e18,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:pregnant'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w19
    ) AS e19,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:pregnant'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w20
    ) AS e20,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:ended'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w21
    ) AS e21,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:ended'
        AND c.start_day <= s.index_date
        AND c.end_day <= s.index_date
        AND c.start_day >= s.w22
    ) AS e22,
    EXISTS(
      SELECT
        1
      FROM ekbom_procedure AS x
      WHERE
        x.person_id = s.person_id
        AND x.set_name = 'pregnancy:ended'
        AND x.day BETWEEN s.w23 AND s.index_date
    ) AS e23
  FROM s
), g3 AS (
  SELECT
    s.person_id,
    s.index_date,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:pregnant'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w24
    ) AS e24,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:pregnant'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w25
    ) AS e25,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:ended'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w26
    ) AS e26,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:ended'
        AND c.start_day <= s.index_date
        AND c.end_day <= s.index_date
        AND c.start_day >= s.w27
    ) AS e27,
    EXISTS(
      SELECT
        1
      FROM ekbom_procedure AS x
      WHERE
        x.person_id = s.person_id
        AND x.set_name = 'pregnancy:ended'
        AND x.day BETWEEN s.w28 AND s.index_date
    ) AS e28,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:pregnant'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w29
    ) AS e29,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:pregnant'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w30
    ) AS e30,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:ended'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w31
    ) AS e31
  FROM s
), g4 AS (
  SELECT
    s.person_id,
    s.index_date,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:ended'
        AND c.start_day <= s.index_date
        AND c.end_day <= s.index_date
        AND c.start_day >= s.w32
    ) AS e32,
    EXISTS(
      SELECT
        1
      FROM ekbom_procedure AS x
      WHERE
        x.person_id = s.person_id
        AND x.set_name = 'pregnancy:ended'
        AND x.day BETWEEN s.w33 AND s.index_date
    ) AS e33,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:pregnant'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w34
    ) AS e34,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:pregnant'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w35
    ) AS e35,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:ended'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w36
    ) AS e36,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:ended'
        AND c.start_day <= s.index_date
        AND c.end_day <= s.index_date
        AND c.start_day >= s.w37
    ) AS e37,
    EXISTS(
      SELECT
        1
      FROM ekbom_procedure AS x
      WHERE
        x.person_id = s.person_id
        AND x.set_name = 'pregnancy:ended'
        AND x.day BETWEEN s.w38 AND s.index_date
    ) AS e38,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:pregnant'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w39
    ) AS e39
  FROM s
), g5 AS (
  SELECT
    s.person_id,
    s.index_date,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:pregnant'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w40
    ) AS e40,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:ended'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w41
    ) AS e41,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:ended'
        AND c.start_day <= s.index_date
        AND c.end_day <= s.index_date
        AND c.start_day >= s.w42
    ) AS e42,
    EXISTS(
      SELECT
        1
      FROM ekbom_procedure AS x
      WHERE
        x.person_id = s.person_id
        AND x.set_name = 'pregnancy:ended'
        AND x.day BETWEEN s.w43 AND s.index_date
    ) AS e43,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:pregnant'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w44
    ) AS e44,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:pregnant'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w45
    ) AS e45,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:ended'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w46
    ) AS e46,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:ended'
        AND c.start_day <= s.index_date
        AND c.end_day <= s.index_date
        AND c.start_day >= s.w47
    ) AS e47
  FROM s
), g6 AS (
  SELECT
    s.person_id,
    s.index_date,
    EXISTS(
      SELECT
        1
      FROM ekbom_procedure AS x
      WHERE
        x.person_id = s.person_id
        AND x.set_name = 'pregnancy:ended'
        AND x.day BETWEEN s.w48 AND s.index_date
    ) AS e48,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:pregnant'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w49
    ) AS e49,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:pregnant'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w50
    ) AS e50,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:ended'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w51
    ) AS e51,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:ended'
        AND c.start_day <= s.index_date
        AND c.end_day <= s.index_date
        AND c.start_day >= s.w52
    ) AS e52,
    EXISTS(
      SELECT
        1
      FROM ekbom_procedure AS x
      WHERE
        x.person_id = s.person_id
        AND x.set_name = 'pregnancy:ended'
        AND x.day BETWEEN s.w53 AND s.index_date
    ) AS e53,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:delivery'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w54
    ) AS e54,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:delivery'
        AND c.start_day <= s.index_date
        AND c.end_day <= s.index_date
        AND c.start_day >= s.w55
    ) AS e55
  FROM s
), g7 AS (
  SELECT
    s.person_id,
    s.index_date,
    EXISTS(
      SELECT
        1
      FROM ekbom_procedure AS x
      WHERE
        x.person_id = s.person_id
        AND x.set_name = 'pregnancy:delivery'
        AND x.day BETWEEN s.w56 AND s.index_date
    ) AS e56,
    (
      SELECT
        EXISTS(
          SELECT
            1
          FROM ekbom_concept_set AS v
          WHERE
            v.set_name = 'pregnancy:positive' AND v.concept_id = o.value_concept_id
        ) AS hit
      FROM ekbom_observation AS o
      WHERE
        o.person_id = s.person_id
        AND o.set_name = 'pregnancy:hcg-test'
        AND o.day BETWEEN s.w57 AND s.index_date
      ORDER BY
        o.day DESC,
        hit DESC
      LIMIT 1
    ) AS e57,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:ended'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w58
    ) AS e58,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:ended'
        AND c.start_day <= s.index_date
        AND c.end_day <= s.index_date
        AND c.start_day >= s.w59
    ) AS e59,
    EXISTS(
      SELECT
        1
      FROM ekbom_procedure AS x
      WHERE
        x.person_id = s.person_id
        AND x.set_name = 'pregnancy:ended'
        AND x.day BETWEEN s.w60 AND s.index_date
    ) AS e60,
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
        AND l.test = 'hcg'
        AND l.reach = s.nw57
        AND l.tie = (
          CASE
            WHEN NOT s.p2 IS NULL AND s.p0 IS NULL
            THEN 'lowest'
            WHEN NOT s.p0 IS NULL AND s.p2 IS NULL
            THEN 'highest'
            ELSE 'rank'
          END
        )
    ) AS e61,
    (
      CASE
        WHEN NOT s.sex IS NULL
        THEN s.sex IN (
          SELECT
            t.txt
          FROM ekbom_param_text AS t
          WHERE
            t.factor = 'pregnancy' AND t.path = 'r3.1.sexes'
        )
        WHEN 'missing' IN (
          SELECT
            t.txt
          FROM ekbom_param_text AS t
          WHERE
            t.factor = 'pregnancy' AND t.path = 'r3.1.sexes'
        )
        THEN TRUE
      END
    ) AS e62,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:ended'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w61
    ) AS e63
  FROM s
), g8 AS (
  SELECT
    s.person_id,
    s.index_date,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:ended'
        AND c.start_day <= s.index_date
        AND c.end_day <= s.index_date
        AND c.start_day >= s.w62
    ) AS e64,
    EXISTS(
      SELECT
        1
      FROM ekbom_procedure AS x
      WHERE
        x.person_id = s.person_id
        AND x.set_name = 'pregnancy:ended'
        AND x.day BETWEEN s.w63 AND s.index_date
    ) AS e65,
    (
      SELECT
        EXISTS(
          SELECT
            1
          FROM ekbom_concept_set AS v
          WHERE
            v.set_name = 'pregnancy:status-pregnant' AND v.concept_id = o.value_concept_id
        ) AS hit
      FROM ekbom_observation AS o
      WHERE
        o.person_id = s.person_id
        AND o.set_name = 'pregnancy:pregnancy-status'
        AND o.day BETWEEN s.w57 AND s.index_date
      ORDER BY
        o.day DESC,
        hit DESC
      LIMIT 1
    ) AS e66,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:ended'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w64
    ) AS e67,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:ended'
        AND c.start_day <= s.index_date
        AND c.end_day <= s.index_date
        AND c.start_day >= s.w65
    ) AS e68,
    EXISTS(
      SELECT
        1
      FROM ekbom_procedure AS x
      WHERE
        x.person_id = s.person_id
        AND x.set_name = 'pregnancy:ended'
        AND x.day BETWEEN s.w66 AND s.index_date
    ) AS e69,
    CAST(NULL AS BOOLEAN) AS e70,
    EXISTS(
      SELECT
        1
      FROM ekbom_mention AS x
      WHERE
        x.person_id = s.person_id
        AND x.label = 'pregnancy'
        AND x.day BETWEEN s.w57 AND s.index_date
        AND NOT x.hypothetical
        AND NOT x.family
        AND NOT x.negated
        AND NOT x.uncertain
        AND NOT x.historical
    ) AS e71
  FROM s
), g9 AS (
  SELECT
    s.person_id,
    s.index_date,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:puerperium'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w67
    ) AS e72,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:puerperium'
        AND c.start_day <= s.index_date
        AND c.end_day <= s.index_date
        AND c.start_day >= s.w68
    ) AS e73,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:delivery'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w69
    ) AS e74,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:delivery'
        AND c.start_day <= s.index_date
        AND c.end_day <= s.index_date
        AND c.start_day >= s.w70
    ) AS e75,
    EXISTS(
      SELECT
        1
      FROM ekbom_procedure AS x
      WHERE
        x.person_id = s.person_id
        AND x.set_name = 'pregnancy:delivery'
        AND x.day BETWEEN s.w71 AND s.index_date
    ) AS e76,
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
        AND l.test = 'hcg'
        AND l.reach = s.nw57
        AND l.tie = (
          CASE
            WHEN NOT s.p6 IS NULL AND s.p4 IS NULL
            THEN 'lowest'
            WHEN NOT s.p4 IS NULL AND s.p6 IS NULL
            THEN 'highest'
            ELSE 'rank'
          END
        )
    ) AS e77,
    (
      CASE
        WHEN NOT s.sex IS NULL
        THEN s.sex IN (
          SELECT
            t.txt
          FROM ekbom_param_text AS t
          WHERE
            t.factor = 'pregnancy' AND t.path = 'r8.1.sexes'
        )
        WHEN 'missing' IN (
          SELECT
            t.txt
          FROM ekbom_param_text AS t
          WHERE
            t.factor = 'pregnancy' AND t.path = 'r8.1.sexes'
        )
        THEN TRUE
      END
    ) AS e78,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:ended'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w72
    ) AS e79
  FROM s
), g10 AS (
  SELECT
    s.person_id,
    s.index_date,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:ended'
        AND c.start_day <= s.index_date
        AND c.end_day <= s.index_date
        AND c.start_day >= s.w73
    ) AS e80,
    EXISTS(
      SELECT
        1
      FROM ekbom_procedure AS x
      WHERE
        x.person_id = s.person_id
        AND x.set_name = 'pregnancy:ended'
        AND x.day BETWEEN s.w74 AND s.index_date
    ) AS e81,
    FALSE AS e82,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:ended'
        AND c.start_day <= s.index_date
        AND (
          c.end_day IS NULL OR c.end_day > s.index_date
        )
        AND c.start_day >= s.w75
    ) AS e83,
    EXISTS(
      SELECT
        1
      FROM ekbom_condition AS c
      WHERE
        c.person_id = s.person_id
        AND c.set_name = 'pregnancy:ended'
        AND c.start_day <= s.index_date
        AND c.end_day <= s.index_date
        AND c.start_day >= s.w76
    ) AS e84,
    EXISTS(
      SELECT
        1
      FROM ekbom_procedure AS x
      WHERE
        x.person_id = s.person_id
        AND x.set_name = 'pregnancy:ended'
        AND x.day BETWEEN s.w77 AND s.index_date
    ) AS e85,
    EXISTS(
      SELECT
        1
      FROM ekbom_mention AS x
      WHERE
        x.person_id = s.person_id
        AND x.label = 'pregnancy'
        AND x.day BETWEEN s.w57 AND s.index_date
        AND NOT x.hypothetical
        AND NOT x.family
        AND NOT x.negated
        AND x.uncertain
        AND NOT x.historical
    ) AS e86,
    EXISTS(
      SELECT
        1
      FROM ekbom_mention AS x
      WHERE
        x.person_id = s.person_id
        AND x.label = 'pregnancy'
        AND x.day BETWEEN s.w57 AND s.index_date
        AND NOT x.hypothetical
        AND NOT x.family
        AND x.negated
        AND NOT x.historical
    ) AS e87
  FROM s
), g11 AS (
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
            v.set_name = 'pregnancy:negative' AND v.concept_id = o.value_concept_id
        ) AS hit
      FROM ekbom_observation AS o
      WHERE
        o.person_id = s.person_id
        AND o.set_name = 'pregnancy:hcg-test'
        AND o.day BETWEEN s.w78 AND s.index_date
      ORDER BY
        o.day DESC,
        hit DESC
      LIMIT 1
    ) AS e88,
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
        AND l.test = 'hcg'
        AND l.reach = s.nw79
        AND l.tie = (
          CASE
            WHEN NOT s.p10 IS NULL AND s.p8 IS NULL
            THEN 'lowest'
            WHEN NOT s.p8 IS NULL AND s.p10 IS NULL
            THEN 'highest'
            ELSE 'rank'
          END
        )
    ) AS e89,
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
        AND l.test = 'hcg'
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
    ) AS e90,
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
        AND l.test = 'hcg'
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
    ) AS e91,
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
          AND l.test = 'hcg'
          AND l.reach = s.nw57
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
    ) AS e92,
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
          AND l.test = 'hcg'
          AND l.reach = s.nw57
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
    ) AS e93,
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
          AND l.test = 'hcg'
          AND l.reach = s.nw79
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
    ) AS e94
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
    g8.e68,
    g8.e69,
    g8.e70,
    g8.e71,
    g9.e72,
    g9.e73,
    g9.e74,
    g9.e75,
    g9.e76,
    g9.e77,
    g9.e78,
    g9.e79,
    g10.e80,
    g10.e81,
    g10.e82,
    g10.e83,
    g10.e84,
    g10.e85,
    g10.e86,
    g10.e87,
    g11.e88,
    g11.e89,
    g11.e90,
    g11.e91,
    g11.e92,
    g11.e93,
    g11.e94
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
  JOIN g9
    ON g9.person_id = s.person_id AND g9.index_date = s.index_date
  JOIN g10
    ON g10.person_id = s.person_id AND g10.index_date = s.index_date
  JOIN g11
    ON g11.person_id = s.person_id AND g11.index_date = s.index_date
), judged AS (
  SELECT
    s.person_id,
    s.index_date,
    CASE
      WHEN (
        (
          s.e0 AND (
            NOT (
              s.e1 OR s.e2 OR s.e3
            )
          )
        )
        OR (
          s.e4 AND (
            NOT s.e5
          ) AND (
            NOT (
              s.e6 OR s.e7 OR s.e8
            )
          )
        )
        OR (
          s.e9 AND (
            NOT s.e10
          ) AND (
            NOT (
              s.e11 OR s.e12 OR s.e13
            )
          )
        )
        OR (
          s.e14 AND (
            NOT s.e15
          ) AND (
            NOT (
              s.e16 OR s.e17 OR s.e18
            )
          )
        )
        OR (
          s.e19 AND (
            NOT s.e20
          ) AND (
            NOT (
              s.e21 OR s.e22 OR s.e23
            )
          )
        )
        OR (
          s.e24 AND (
            NOT s.e25
          ) AND (
            NOT (
              s.e26 OR s.e27 OR s.e28
            )
          )
        )
        OR (
          s.e29 AND (
            NOT s.e30
          ) AND (
            NOT (
              s.e31 OR s.e32 OR s.e33
            )
          )
        )
        OR (
          s.e34 AND (
            NOT s.e35
          ) AND (
            NOT (
              s.e36 OR s.e37 OR s.e38
            )
          )
        )
        OR (
          s.e39 AND (
            NOT s.e40
          ) AND (
            NOT (
              s.e41 OR s.e42 OR s.e43
            )
          )
        )
        OR (
          s.e44 AND (
            NOT s.e45
          ) AND (
            NOT (
              s.e46 OR s.e47 OR s.e48
            )
          )
        )
        OR (
          s.e49 AND (
            NOT s.e50
          ) AND (
            NOT (
              s.e51 OR s.e52 OR s.e53
            )
          )
        )
      )
      THEN 0
      WHEN (
        s.e54 OR s.e55 OR s.e56
      )
      THEN 1
      WHEN (
        s.e57 AND (
          NOT (
            s.e58 OR s.e59 OR s.e60
          )
        )
      )
      THEN 2
      WHEN (
        s.e61 AND s.e62 AND (
          NOT (
            s.e63 OR s.e64 OR s.e65
          )
        )
      )
      THEN 3
      WHEN (
        s.e66 AND (
          NOT (
            s.e67 OR s.e68 OR s.e69
          )
        )
      )
      THEN 4
      WHEN s.e70
      THEN 5
      WHEN s.e71
      THEN 6
      WHEN (
        (
          s.e72 OR s.e73
        ) AND (
          NOT (
            s.e74 OR s.e75 OR s.e76
          )
        )
      )
      THEN 7
      WHEN (
        s.e77 AND s.e78 AND (
          NOT (
            s.e79 OR s.e80 OR s.e81
          )
        )
      )
      THEN 8
      WHEN (
        s.e82 AND (
          NOT (
            s.e83 OR s.e84 OR s.e85
          )
        )
      )
      THEN 9
      WHEN s.e86
      THEN 10
      WHEN s.e70
      THEN 11
      WHEN s.e87
      THEN 12
      WHEN (
        s.e88 OR s.e89
      )
      THEN 13
      WHEN (
        s.p26 = 1
      )
      AND (
        (
          (
            s.p12 = 1
          )
          AND (
            (
              s.e0 AND (
                NOT (
                  s.e1 OR s.e2 OR s.e3
                )
              )
            )
            OR (
              s.e4 AND (
                NOT s.e5
              ) AND (
                NOT (
                  s.e6 OR s.e7 OR s.e8
                )
              )
            )
            OR (
              s.e9 AND (
                NOT s.e10
              ) AND (
                NOT (
                  s.e11 OR s.e12 OR s.e13
                )
              )
            )
            OR (
              s.e14 AND (
                NOT s.e15
              ) AND (
                NOT (
                  s.e16 OR s.e17 OR s.e18
                )
              )
            )
            OR (
              s.e19 AND (
                NOT s.e20
              ) AND (
                NOT (
                  s.e21 OR s.e22 OR s.e23
                )
              )
            )
            OR (
              s.e24 AND (
                NOT s.e25
              ) AND (
                NOT (
                  s.e26 OR s.e27 OR s.e28
                )
              )
            )
            OR (
              s.e29 AND (
                NOT s.e30
              ) AND (
                NOT (
                  s.e31 OR s.e32 OR s.e33
                )
              )
            )
            OR (
              s.e34 AND (
                NOT s.e35
              ) AND (
                NOT (
                  s.e36 OR s.e37 OR s.e38
                )
              )
            )
            OR (
              s.e39 AND (
                NOT s.e40
              ) AND (
                NOT (
                  s.e41 OR s.e42 OR s.e43
                )
              )
            )
            OR (
              s.e44 AND (
                NOT s.e45
              ) AND (
                NOT (
                  s.e46 OR s.e47 OR s.e48
                )
              )
            )
            OR (
              s.e49 AND (
                NOT s.e50
              ) AND (
                NOT (
                  s.e51 OR s.e52 OR s.e53
                )
              )
            )
          )
        )
        OR (
          (
            s.p13 = 1
          ) AND (
            s.e54 OR s.e55 OR s.e56
          )
        )
        OR (
          (
            s.p14 = 1
          )
          AND (
            s.e57 AND (
              NOT (
                s.e58 OR s.e59 OR s.e60
              )
            )
          )
        )
        OR (
          (
            s.p15 = 1
          )
          AND (
            s.e90 AND s.e62 AND (
              NOT (
                s.e63 OR s.e64 OR s.e65
              )
            )
          )
        )
        OR (
          (
            s.p16 = 1
          )
          AND (
            s.e66 AND (
              NOT (
                s.e67 OR s.e68 OR s.e69
              )
            )
          )
        )
        OR (
          (
            s.p17 = 1
          ) AND s.e70
        )
        OR (
          (
            s.p18 = 1
          ) AND s.e71
        )
        OR (
          (
            s.p19 = 1
          )
          AND (
            (
              s.e72 OR s.e73
            ) AND (
              NOT (
                s.e74 OR s.e75 OR s.e76
              )
            )
          )
        )
        OR (
          (
            s.p20 = 1
          )
          AND (
            s.e91 AND s.e78 AND (
              NOT (
                s.e79 OR s.e80 OR s.e81
              )
            )
          )
        )
        OR (
          (
            s.p21 = 1
          )
          AND (
            s.e82 AND (
              NOT (
                s.e83 OR s.e84 OR s.e85
              )
            )
          )
        )
        OR (
          (
            s.p22 = 1
          ) AND s.e86
        )
        OR (
          (
            s.p23 = 1
          ) AND s.e70
        )
        OR (
          (
            s.p24 = 1
          ) AND s.e87
        )
        OR (
          (
            s.p25 = 1
          ) AND (
            s.e88 OR s.e89
          )
        )
      )
      THEN -1
    END AS fired,
    (
      (
        (
          (
            FALSE
          )
          OR (
            (
              FALSE OR FALSE OR FALSE
            ) AND (
              NOT s.e0 IS FALSE
            )
          )
        )
        OR (
          (
            FALSE
          )
          OR (
            FALSE AND (
              NOT s.e4 IS FALSE
            )
          )
          OR (
            (
              FALSE OR FALSE OR FALSE
            )
            AND (
              NOT s.e4 IS FALSE
            )
            AND (
              NOT (
                NOT s.e5
              ) IS FALSE
            )
          )
        )
        OR (
          (
            FALSE
          )
          OR (
            FALSE AND (
              NOT s.e9 IS FALSE
            )
          )
          OR (
            (
              FALSE OR FALSE OR FALSE
            )
            AND (
              NOT s.e9 IS FALSE
            )
            AND (
              NOT (
                NOT s.e10
              ) IS FALSE
            )
          )
        )
        OR (
          (
            FALSE
          )
          OR (
            FALSE AND (
              NOT s.e14 IS FALSE
            )
          )
          OR (
            (
              FALSE OR FALSE OR FALSE
            )
            AND (
              NOT s.e14 IS FALSE
            )
            AND (
              NOT (
                NOT s.e15
              ) IS FALSE
            )
          )
        )
        OR (
          (
            FALSE
          )
          OR (
            FALSE AND (
              NOT s.e19 IS FALSE
            )
          )
          OR (
            (
              FALSE OR FALSE OR FALSE
            )
            AND (
              NOT s.e19 IS FALSE
            )
            AND (
              NOT (
                NOT s.e20
              ) IS FALSE
            )
          )
        )
        OR (
          (
            FALSE
          )
          OR (
            FALSE AND (
              NOT s.e24 IS FALSE
            )
          )
          OR (
            (
              FALSE OR FALSE OR FALSE
            )
            AND (
              NOT s.e24 IS FALSE
            )
            AND (
              NOT (
                NOT s.e25
              ) IS FALSE
            )
          )
        )
        OR (
          (
            FALSE
          )
          OR (
            FALSE AND (
              NOT s.e29 IS FALSE
            )
          )
          OR (
            (
              FALSE OR FALSE OR FALSE
            )
            AND (
              NOT s.e29 IS FALSE
            )
            AND (
              NOT (
                NOT s.e30
              ) IS FALSE
            )
          )
        )
        OR (
          (
            FALSE
          )
          OR (
            FALSE AND (
              NOT s.e34 IS FALSE
            )
          )
          OR (
            (
              FALSE OR FALSE OR FALSE
            )
            AND (
              NOT s.e34 IS FALSE
            )
            AND (
              NOT (
                NOT s.e35
              ) IS FALSE
            )
          )
        )
        OR (
          (
            FALSE
          )
          OR (
            FALSE AND (
              NOT s.e39 IS FALSE
            )
          )
          OR (
            (
              FALSE OR FALSE OR FALSE
            )
            AND (
              NOT s.e39 IS FALSE
            )
            AND (
              NOT (
                NOT s.e40
              ) IS FALSE
            )
          )
        )
        OR (
          (
            FALSE
          )
          OR (
            FALSE AND (
              NOT s.e44 IS FALSE
            )
          )
          OR (
            (
              FALSE OR FALSE OR FALSE
            )
            AND (
              NOT s.e44 IS FALSE
            )
            AND (
              NOT (
                NOT s.e45
              ) IS FALSE
            )
          )
        )
        OR (
          (
            FALSE
          )
          OR (
            FALSE AND (
              NOT s.e49 IS FALSE
            )
          )
          OR (
            (
              FALSE OR FALSE OR FALSE
            )
            AND (
              NOT s.e49 IS FALSE
            )
            AND (
              NOT (
                NOT s.e50
              ) IS FALSE
            )
          )
        )
      )
      OR (
        FALSE OR FALSE OR FALSE
      )
      OR (
        (
          FALSE
        )
        OR (
          (
            FALSE OR FALSE OR FALSE
          ) AND (
            NOT s.e57 IS FALSE
          )
        )
      )
      OR (
        (
          s.e92
        )
        OR (
          FALSE AND (
            NOT s.e61 IS FALSE
          )
        )
        OR (
          (
            FALSE OR FALSE OR FALSE
          )
          AND (
            NOT s.e61 IS FALSE
          )
          AND (
            NOT s.e62 IS FALSE
          )
        )
      )
      OR (
        (
          FALSE
        )
        OR (
          (
            FALSE OR FALSE OR FALSE
          ) AND (
            NOT s.e66 IS FALSE
          )
        )
      )
      OR FALSE
      OR FALSE
      OR (
        (
          (
            FALSE OR FALSE
          )
        )
        OR (
          (
            FALSE OR FALSE OR FALSE
          ) AND (
            NOT (
              s.e72 OR s.e73
            ) IS FALSE
          )
        )
      )
      OR (
        (
          s.e93
        )
        OR (
          FALSE AND (
            NOT s.e77 IS FALSE
          )
        )
        OR (
          (
            FALSE OR FALSE OR FALSE
          )
          AND (
            NOT s.e77 IS FALSE
          )
          AND (
            NOT s.e78 IS FALSE
          )
        )
      )
      OR (
        (
          FALSE
        )
        OR (
          (
            FALSE OR FALSE OR FALSE
          ) AND (
            NOT s.e82 IS FALSE
          )
        )
      )
      OR FALSE
      OR FALSE
      OR FALSE
      OR (
        FALSE OR s.e94
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
  'pregnancy' AS factor,
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
  ON r.factor = 'pregnancy' AND r.rule_index = j.fired
