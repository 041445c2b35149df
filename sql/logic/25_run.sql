-- 25_run.sql: the ledger of `csa run` (the tables are sql/schema/002_run.sql), written and
-- read through these functions by src/run.c.

-- Records the start of a run; returns its id.
CREATE FUNCTION csa.run_start(c text, inbox text, jobs integer)
RETURNS TABLE (id bigint)
LANGUAGE sql AS $$
    INSERT INTO csa.run (county, inbox, jobs) VALUES (c, inbox, jobs) RETURNING run.id
$$;

-- Closes the county's runs other than run that never finished (killed) as failed, and
-- returns the plan years they meant to draft, so that this run drafts them.
CREATE FUNCTION csa.run_take_over(c text, run bigint)
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
CREATE FUNCTION csa.run_record_files(run bigint, files jsonb)
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
CREATE FUNCTION csa.run_set_years(run bigint, years integer[])
RETURNS void
LANGUAGE sql AS $$
    UPDATE csa.run r SET years = run_set_years.years WHERE r.id = run_set_years.run
$$;

-- Closes a run with its outcome; its counts are those of its csa.run_file rows.
CREATE FUNCTION csa.run_finish(run bigint, outcome text)
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
CREATE FUNCTION csa.current_plan_years(c text)
RETURNS TABLE (plan_year integer)
LANGUAGE sql STABLE AS $$
    SELECT DISTINCT s.plan_year FROM csa.submission s WHERE s.county = c AND s.is_current
$$;
