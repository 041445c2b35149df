-- 20_status.sql: what is current, what is in force, and which wordings map to what.

-- Partnerships counted for plan year y: those whose dates cover 1 April of y (county.md).
CREATE FUNCTION csa.in_force(c text, y integer)
RETURNS TABLE (code text, name text, ord integer)
LANGUAGE sql STABLE AS $$
    SELECT p.code, p.name, p.ord FROM csa.reg_partnership p
     WHERE p.county = c
       AND (p.valid_from IS NULL OR p.valid_from <= make_date(y, 4, 1))
       AND (p.valid_until IS NULL OR p.valid_until >= make_date(y, 4, 1))
$$;

-- Each current submission's priority wordings with the register priority each maps to; a
-- compound alias listed under several priorities gives one row per priority, and a wording
-- that matches nothing gives one row with priority NULL.
CREATE VIEW csa.priority_mapping AS
SELECT s.county, s.plan_year, s.partnership, s.id AS submission, s.source_name,
       sp.ord, sp.wording, sp.norm, sp.kind, sp.rank, sp.score, sp.line, sp.cell, m.priority
  FROM csa.submission s
  JOIN csa.submission_priority sp ON sp.submission = s.id
  LEFT JOIN LATERAL (SELECT DISTINCT t.priority FROM csa.reg_priority_term t
                      WHERE t.county = s.county AND t.norm = sp.norm) m ON true
 WHERE s.is_current;

CREATE VIEW csa.theme_mapping AS
SELECT s.county, s.plan_year, s.partnership, s.id AS submission, s.source_name,
       st.ord, st.wording, st.norm, st.line, st.cell, m.theme
  FROM csa.submission s
  JOIN csa.submission_theme st ON st.submission = s.id
  LEFT JOIN LATERAL (SELECT DISTINCT t.theme FROM csa.reg_theme_term t
                      WHERE t.county = s.county AND t.norm = st.norm) m ON true
 WHERE s.is_current;

-- Wordings in current submissions that map to nothing: the review queue.
CREATE VIEW csa.unmapped_wording AS
SELECT county, plan_year, partnership, source_name, line, 'priority'::text AS what, kind,
       wording, norm, cell
  FROM csa.priority_mapping WHERE priority IS NULL
UNION ALL
SELECT county, plan_year, partnership, source_name, line, 'theme', NULL, wording, norm, cell
  FROM csa.theme_mapping WHERE theme IS NULL;

-- The queries behind `csa status`, each a named function with a fixed column list that C
-- reads by column name (src/status.c). Each is SECURITY DEFINER (90_access.sql) and shows
-- the session's role what it may see: the owner and the county unit everything, an analyst
-- its own partnerships' submissions, warnings and wordings, and of the others only how many
-- have submitted (csa.status_summary).

-- How many partnerships are in force for plan year y, how many of them have a current
-- submission, and whether the session's role sees them all (else its own only).
CREATE FUNCTION csa.status_summary(c text, y integer)
RETURNS TABLE (in_force bigint, submitted bigint, sees_all boolean)
LANGUAGE sql STABLE AS $$
    SELECT count(*), count(s.id), csa.access_is_county()
      FROM csa.in_force(c, y) f
      LEFT JOIN csa.submission s ON s.county = c AND s.partnership = f.code
           AND s.plan_year = y AND s.is_current
$$;

-- Every partnership in force for plan year y that the session's role sees, in register
-- order, with its current submission (version NULL when it has none), who loaded it from
-- where, and the number of warnings held with that submission.
CREATE FUNCTION csa.status_partnerships(c text, y integer)
RETURNS TABLE (code text, name text, version integer, submitted text, source_name text,
               loaded_by text, origin text, warnings bigint)
LANGUAGE sql STABLE AS $$
    SELECT f.code, f.name, s.version, s.submitted::text, s.source_name, s.loaded_by, s.origin,
           (SELECT count(*) FROM csa.submission_warning w WHERE w.submission = s.id)
      FROM csa.in_force(c, y) f
      LEFT JOIN csa.submission s ON s.county = c AND s.partnership = f.code
           AND s.plan_year = y AND s.is_current
     WHERE csa.access_may_load(f.code)
     ORDER BY f.ord
$$;

-- The warnings held with the current submissions of plan year y that the session's role
-- sees, by partnership and order.
CREATE FUNCTION csa.status_warnings(c text, y integer)
RETURNS TABLE (source_name text, line integer, message text, cell text)
LANGUAGE sql STABLE AS $$
    SELECT s.source_name, w.line, w.message, w.cell
      FROM csa.submission s
      JOIN csa.submission_warning w ON w.submission = s.id
     WHERE s.county = c AND s.plan_year = y AND s.is_current
       AND csa.access_may_load(s.partnership)
     ORDER BY s.partnership, w.ord
$$;

-- The review queue of plan year y: wordings that map to nothing (what: priority or theme;
-- kind: core or subsidiary for a priority, NULL for a theme; norm: the normalised wording),
-- of the partnerships the session's role sees.
CREATE FUNCTION csa.status_unmapped(c text, y integer)
RETURNS TABLE (source_name text, line integer, what text, kind text, wording text, norm text,
               cell text)
LANGUAGE sql STABLE AS $$
    SELECT u.source_name, u.line, u.what, u.kind, u.wording, u.norm, u.cell
      FROM csa.unmapped_wording u
     WHERE u.county = c AND u.plan_year = y AND csa.access_may_load(u.partnership)
     ORDER BY u.partnership, u.what, u.line
$$;

-- The county's last n runs, newest first (outcome 'running' while unfinished); none for an
-- analyst, who may not read the run ledger.
CREATE FUNCTION csa.status_runs(c text, n integer)
RETURNS TABLE (id bigint, started_at text, outcome text, seen integer, loaded integer,
               unchanged integer, rejected integer, waiting integer, skipped integer)
LANGUAGE sql STABLE AS $$
    SELECT r.id, to_char(r.started_at, 'YYYY-MM-DD HH24:MI'), coalesce(r.outcome, 'running'),
           r.seen, r.loaded, r.unchanged, r.rejected, r.waiting, r.skipped
      FROM csa.run r WHERE r.county = c AND csa.access_is_county() ORDER BY r.id DESC LIMIT n
$$;

-- The files of the county's last run that did not load, by name (moved_to NULL: the file
-- was left in the inbox); none for an analyst.
CREATE FUNCTION csa.status_last_run_problems(c text)
RETURNS TABLE (name text, outcome text, moved_to text)
LANGUAGE sql STABLE AS $$
    SELECT f.name, f.outcome, f.moved_to
      FROM csa.run_file f
     WHERE f.run = (SELECT max(r.id) FROM csa.run r WHERE r.county = c)
       AND f.outcome NOT IN ('loaded', 'unchanged') AND csa.access_is_county()
     ORDER BY f.name
$$;
