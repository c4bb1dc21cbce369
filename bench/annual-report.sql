-- The annual report's aggregates as bare SQL for the sqlite3 shell: the baseline that
-- bench/annual-report.sh times the report against. It mirrors src/store/report.c query by
-- query (one SELECT per store function, same filters, same grouping, rows in a stable
-- order) and its numbers are identical to the store's. The age classes are the default
-- set (0, 6, 13, 18, 25, 35, 45, 55, 65) written out; the store binds them.
--
-- The report year Y is the shell parameter @y and the report covers Y-2..Y:
--   sqlite3 -cmd '.parameter set @y 2025' norrsken.db < bench/annual-report.sql
-- Where the store reads rows in an index's order and adds them up as they arrive (started
-- series, figures per type), this groups in SQL, in the fastest plain form found.

-- store_report_started
SELECT CAST(substr(started, 1, 4) AS INTEGER) AS year, type, start_gender,
  start_municipality,
  CASE WHEN start_age IS NULL OR start_age < 0 THEN -1 WHEN start_age >= 65 THEN 8
    WHEN start_age >= 55 THEN 7 WHEN start_age >= 45 THEN 6 WHEN start_age >= 35 THEN 5
    WHEN start_age >= 25 THEN 4 WHEN start_age >= 18 THEN 3 WHEN start_age >= 13 THEN 2
    WHEN start_age >= 6 THEN 1 ELSE 0 END AS ageclass,
  count(*) AS n
FROM intervention
WHERE started IS NOT NULL
  AND substr(started, 1, 4) BETWEEN printf('%04d', @y - 2) AND printf('%04d', @y)
GROUP BY year, type, start_gender, start_municipality, ageclass
ORDER BY year, type, start_gender, start_municipality, ageclass;

-- store_report_types: one pass over the series that matter for the years (started before the
-- last year ends, not ended before the first begins) with their held sessions, in id order:
-- per series its held sessions (all, and in each of the years Y-2, Y-1, Y: h0, h1, h2) and
-- whether one was in the home municipality; then those rows summed per type, one column per
-- year; then one row per year and type. The plain form — three grouped statements (series
-- ended per year and type with a count of their held sessions; held sessions per year, type
-- and basis joined to their series; series started per year and type with EXISTS a held
-- session in the home municipality) — gives the same rows but is slower in SQLite at
-- national scale: the join of the year's sessions to their series reads the series in date
-- order (a random lookup per session) and groups a million rows. `+i.started` keeps the
-- series in id order (the started index would not), so the session lookups move forward.
WITH s AS (
  SELECT i.type AS type, i.basis AS basis,
    CAST(substr(i.started, 1, 4) AS INTEGER) - @y + 2 AS sk,
    CAST(substr(i.ended, 1, 4) AS INTEGER) - @y + 2 AS ek,
    count(l.held) AS n,
    count(CASE WHEN l.held >= printf('%04d-01-01', @y - 2) AND l.held < printf('%04d-01-01', @y - 1) THEN 1 END) AS h0,
    count(CASE WHEN l.held >= printf('%04d-01-01', @y - 1) AND l.held < printf('%04d-01-01', @y) THEN 1 END) AS h1,
    count(CASE WHEN l.held >= printf('%04d-01-01', @y) AND l.held < printf('%04d-01-01', @y + 1) THEN 1 END) AS h2,
    coalesce(max(l.mode = 'home_municipality'), 0) AS home
  FROM intervention i LEFT JOIN session_log l ON l.intervention_id = i.id AND l.outcome = 'held'
  WHERE i.started IS NOT NULL AND +i.started < printf('%04d-01-01', @y + 1)
    AND coalesce(i.ended, '9999-12-31') >= printf('%04d-01-01', @y - 2)
  GROUP BY i.id),
t AS MATERIALIZED (
  SELECT type,
    sum(ek IS 0) AS e0, sum(ek IS 1) AS e1, sum(ek IS 2) AS e2,
    sum(CASE WHEN ek IS 0 THEN n ELSE 0 END) AS n0, sum(CASE WHEN ek IS 1 THEN n ELSE 0 END) AS n1,
    sum(CASE WHEN ek IS 2 THEN n ELSE 0 END) AS n2,
    sum(CASE WHEN basis = 'service' THEN h0 ELSE 0 END) AS s0,
    sum(CASE WHEN basis = 'service' THEN h1 ELSE 0 END) AS s1,
    sum(CASE WHEN basis = 'service' THEN h2 ELSE 0 END) AS s2,
    sum(CASE WHEN basis = 'aid_decision' THEN h0 ELSE 0 END) AS a0,
    sum(CASE WHEN basis = 'aid_decision' THEN h1 ELSE 0 END) AS a1,
    sum(CASE WHEN basis = 'aid_decision' THEN h2 ELSE 0 END) AS a2,
    sum(sk = 0 AND home) AS m0, sum(sk = 1 AND home) AS m1, sum(sk = 2 AND home) AS m2
  FROM s GROUP BY type)
SELECT f.y, f.type, f.ended, f.ended_held, f.held_service, f.held_aid, f.started_home
FROM (SELECT @y - 2 AS y, type, e0 AS ended, n0 AS ended_held, s0 AS held_service,
      a0 AS held_aid, m0 AS started_home FROM t
    UNION ALL SELECT @y - 1, type, e1, n1, s1, a1, m1 FROM t
    UNION ALL SELECT @y, type, e2, n2, s2, a2, m2 FROM t) f
  JOIN intervention_type it ON it.key = f.type
WHERE f.ended + f.ended_held + f.held_service + f.held_aid + f.started_home > 0
ORDER BY f.y, it.rowid;

-- store_report_waits
SELECT CAST(substr(started, 1, 4) AS INTEGER) AS year,
  CAST(substr(started, 6, 2) AS INTEGER) AS month, type,
  CAST(julianday(started) - julianday(requested) AS INTEGER) AS days, count(*) AS n
FROM intervention
WHERE started IS NOT NULL
  AND substr(started, 1, 7) BETWEEN printf('%04d-01', @y - 2) AND printf('%04d-12', @y)
GROUP BY substr(started, 1, 7), type, days
ORDER BY substr(started, 1, 7), type, days;

-- store_report_stays
SELECT y.id, y.apartment_id, y.move_in, y.move_out, c.gender,
  CASE WHEN y.adult_age IS NULL OR y.adult_age < 0 THEN -1 WHEN y.adult_age >= 65 THEN 8
    WHEN y.adult_age >= 55 THEN 7 WHEN y.adult_age >= 45 THEN 6 WHEN y.adult_age >= 35 THEN 5
    WHEN y.adult_age >= 25 THEN 4 WHEN y.adult_age >= 18 THEN 3 WHEN y.adult_age >= 13 THEN 2
    WHEN y.adult_age >= 6 THEN 1 ELSE 0 END AS ageclass,
  y.children_ages, y.children_count, y.home_municipality
FROM stay y JOIN client c ON c.id = y.client_id
WHERE y.move_in < printf('%04d-01-01', @y + 1)
  AND (y.move_out IS NULL OR y.move_out >= printf('%04d-01-01', @y - 2))
ORDER BY y.move_in, y.id;

-- store_report_apartments
SELECT count(*) FROM apartment WHERE active = 1;

-- store_report_trainings
SELECT CAST(substr(t.held_on, 1, 4) AS INTEGER) AS year, t.kind, o.municipality_code,
  count(DISTINCT t.id), coalesce(sum(p.participants), 0)
FROM training t
LEFT JOIN training_participant p ON p.training_id = t.id
LEFT JOIN organisation o ON o.id = p.organisation_id
WHERE t.held_on >= printf('%04d-01-01', @y - 2) AND t.held_on < printf('%04d-01-01', @y + 1)
GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;

-- store_report_training_counts
SELECT CAST(substr(t.held_on, 1, 4) AS INTEGER) AS year, t.kind, NULL, count(*),
  coalesce(sum((SELECT sum(p.participants) FROM training_participant p
    WHERE p.training_id = t.id)), 0)
FROM training t
WHERE t.held_on >= printf('%04d-01-01', @y - 2) AND t.held_on < printf('%04d-01-01', @y + 1)
GROUP BY 1, 2 ORDER BY 1, 2;

-- store_report_year_figures, once per year
WITH RECURSIVE yr(y, a, b) AS (SELECT @y - 2, printf('%04d-01-01', @y - 2),
    printf('%04d-01-01', @y - 1)
  UNION ALL SELECT y + 1, b, printf('%04d-01-01', y + 2) FROM yr WHERE y < @y)
SELECT y,
  (SELECT count(*) FROM case_file WHERE coalesce(closed, '9999-12-31') >= a
    AND opened < b) AS cases_active,
  (SELECT count(*) FROM session_log WHERE outcome = 'held' AND held >= a
    AND held < b) AS sessions_held,
  (SELECT coalesce(sum(minutes), 0) FROM session_log WHERE outcome = 'held'
    AND held >= a AND held < b) AS session_minutes,
  (SELECT count(*) FROM police_referral WHERE received_at >= a
    AND received_at < b) AS referrals,
  (SELECT count(*) FROM police_referral WHERE received_at >= a
    AND received_at < b AND first_contact_at IS NOT NULL
    AND CAST(strftime('%s', first_contact_at) AS INTEGER)
      - CAST(strftime('%s', received_at) AS INTEGER) <= 172800) AS referrals_48h,
  (SELECT count(*) FROM anon_contact WHERE contact_date >= a
    AND contact_date < b) AS anon_contacts,
  (SELECT count(*) FROM consultation WHERE consult_date >= a
    AND consult_date < b) AS consultations,
  (SELECT count(*) FROM mandatory_report WHERE report_date >= a
    AND report_date < b AND kind = 'orosanmalan') AS reports_concern,
  (SELECT count(*) FROM mandatory_report WHERE report_date >= a
    AND report_date < b AND kind = 'lex_sarah') AS reports_lex_sarah
FROM yr ORDER BY y;

-- store_report_input_get, once per year
SELECT year, staff_fte, goals, events, updated_at FROM report_year
WHERE year BETWEEN @y - 2 AND @y ORDER BY year;

-- store_report_year_span
SELECT min(CAST(substr(d, 1, 4) AS INTEGER)), max(CAST(substr(d, 1, 4) AS INTEGER))
FROM (SELECT (SELECT min(started) FROM intervention WHERE started IS NOT NULL) AS d
  UNION ALL SELECT (SELECT max(started) FROM intervention WHERE started IS NOT NULL)
  UNION ALL SELECT (SELECT min(move_in) FROM stay)
  UNION ALL SELECT (SELECT max(move_in) FROM stay)
  UNION ALL SELECT (SELECT min(contact_date) FROM anon_contact)
  UNION ALL SELECT (SELECT max(contact_date) FROM anon_contact)
  UNION ALL SELECT (SELECT min(consult_date) FROM consultation)
  UNION ALL SELECT (SELECT max(consult_date) FROM consultation)
  UNION ALL SELECT (SELECT min(received_at) FROM police_referral)
  UNION ALL SELECT (SELECT max(received_at) FROM police_referral)
  UNION ALL SELECT (SELECT min(held_on) FROM training)
  UNION ALL SELECT (SELECT max(held_on) FROM training));
