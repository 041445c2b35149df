-- 012_cli.sql: the queries behind `csa status` and the ledger of `csa run`, each a named
-- function with a fixed column list that C reads by column name. Functions only: no tables,
-- no data. CREATE OR REPLACE, so it can be applied again.

-- Every partnership in force for plan year y, in register order, with its current submission
-- (version NULL when it has none) and the number of warnings held with that submission.
CREATE OR REPLACE FUNCTION csa.status_partnerships(c text, y integer)
RETURNS TABLE (code text, name text, version integer, submitted text, source_name text,
               warnings bigint)
LANGUAGE sql STABLE AS $$
    SELECT f.code, f.name, s.version, s.submitted::text, s.source_name,
           (SELECT count(*) FROM csa.submission_warning w WHERE w.submission = s.id)
      FROM csa.in_force(c, y) f
      LEFT JOIN csa.submission s ON s.county = c AND s.partnership = f.code
           AND s.plan_year = y AND s.is_current
     ORDER BY f.ord
$$;

-- The warnings held with the current submissions of plan year y, by partnership and order.
CREATE OR REPLACE FUNCTION csa.status_warnings(c text, y integer)
RETURNS TABLE (source_name text, line integer, message text)
LANGUAGE sql STABLE AS $$
    SELECT s.source_name, w.line, w.message
      FROM csa.submission s
      JOIN csa.submission_warning w ON w.submission = s.id
     WHERE s.county = c AND s.plan_year = y AND s.is_current
     ORDER BY s.partnership, w.ord
$$;

-- The review queue of plan year y: wordings that map to nothing (what: priority or theme;
-- kind: core or subsidiary for a priority, NULL for a theme; norm: the normalised wording).
CREATE OR REPLACE FUNCTION csa.status_unmapped(c text, y integer)
RETURNS TABLE (source_name text, line integer, what text, kind text, wording text, norm text)
LANGUAGE sql STABLE AS $$
    SELECT u.source_name, u.line, u.what, u.kind, u.wording, u.norm
      FROM csa.unmapped_wording u
     WHERE u.county = c AND u.plan_year = y
     ORDER BY u.partnership, u.what, u.line
$$;

-- The county's last n runs, newest first (outcome 'running' while unfinished).
CREATE OR REPLACE FUNCTION csa.status_runs(c text, n integer)
RETURNS TABLE (id bigint, started_at text, outcome text, seen integer, loaded integer,
               unchanged integer, rejected integer, waiting integer, skipped integer)
LANGUAGE sql STABLE AS $$
    SELECT r.id, to_char(r.started_at, 'YYYY-MM-DD HH24:MI'), coalesce(r.outcome, 'running'),
           r.seen, r.loaded, r.unchanged, r.rejected, r.waiting, r.skipped
      FROM csa.run r WHERE r.county = c ORDER BY r.id DESC LIMIT n
$$;

-- The files of the county's last run that did not load, by name (moved_to NULL: the file
-- was left in the inbox).
CREATE OR REPLACE FUNCTION csa.status_last_run_problems(c text)
RETURNS TABLE (name text, outcome text, moved_to text)
LANGUAGE sql STABLE AS $$
    SELECT f.name, f.outcome, f.moved_to
      FROM csa.run_file f
     WHERE f.run = (SELECT max(r.id) FROM csa.run r WHERE r.county = c)
       AND f.outcome NOT IN ('loaded', 'unchanged')
     ORDER BY f.name
$$;

-- Records the start of a run; returns its id.
CREATE OR REPLACE FUNCTION csa.run_start(c text, inbox text, jobs integer)
RETURNS TABLE (id bigint)
LANGUAGE sql AS $$
    INSERT INTO csa.run (county, inbox, jobs) VALUES (c, inbox, jobs) RETURNING run.id
$$;

-- Closes the county's runs other than run that never finished (killed) as failed, and
-- returns the plan years they meant to draft, so that this run drafts them.
CREATE OR REPLACE FUNCTION csa.run_take_over(c text, run bigint)
RETURNS TABLE (plan_year integer)
LANGUAGE sql AS $$
    WITH killed AS (
        UPDATE csa.run r SET finished_at = clock_timestamp(), outcome = 'failed'
         WHERE r.finished_at IS NULL AND r.county = c AND r.id <> run
        RETURNING r.years)
    SELECT DISTINCT unnest(k.years) FROM killed k
$$;

-- Writes the ledger rows of a run's files from a JSON array of
-- {name, outcome, submission, messages, moved_to}.
CREATE OR REPLACE FUNCTION csa.run_record_files(run bigint, files jsonb)
RETURNS void
LANGUAGE sql AS $$
    INSERT INTO csa.run_file (run, name, content_sha256, outcome, submission, messages,
                              moved_to)
    SELECT run, x.name, s.content_sha256, x.outcome, x.submission, x.messages, x.moved_to
      FROM jsonb_to_recordset(files) AS x(name text, outcome text, submission bigint,
                                          messages text, moved_to text)
      LEFT JOIN csa.submission s ON s.id = x.submission
$$;

-- Records the plan years a run is about to draft (before drafting them, so that a run
-- killed while drafting is made good by the next).
CREATE OR REPLACE FUNCTION csa.run_set_years(run bigint, years integer[])
RETURNS void
LANGUAGE sql AS $$
    UPDATE csa.run r SET years = run_set_years.years WHERE r.id = run_set_years.run
$$;

-- Closes a run with its outcome; its counts are those of its csa.run_file rows.
CREATE OR REPLACE FUNCTION csa.run_finish(run bigint, outcome text)
RETURNS void
LANGUAGE sql AS $$
    UPDATE csa.run r SET finished_at = clock_timestamp(), outcome = run_finish.outcome,
           (seen, loaded, unchanged, rejected, waiting, skipped) =
           (SELECT count(*),
                   count(*) FILTER (WHERE f.outcome = 'loaded'),
                   count(*) FILTER (WHERE f.outcome = 'unchanged'),
                   count(*) FILTER (WHERE f.outcome = 'rejected'),
                   count(*) FILTER (WHERE f.outcome = 'waiting'),
                   count(*) FILTER (WHERE f.outcome = 'skipped')
              FROM csa.run_file f WHERE f.run = run_finish.run)
     WHERE r.id = run_finish.run
$$;

-- The plan years that have a current submission in the county.
CREATE OR REPLACE FUNCTION csa.current_plan_years(c text)
RETURNS TABLE (plan_year integer)
LANGUAGE sql STABLE AS $$
    SELECT DISTINCT s.plan_year FROM csa.submission s WHERE s.county = c AND s.is_current
$$;
