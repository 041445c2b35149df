-- 25_run.sql: the ledger of `csa run` (the tables are sql/schema/002_run.sql), written and
-- read through these functions by src/run.c.

-- Records the start of a run; returns its id.
CREATE FUNCTION csa.run_start(c text, inbox text, jobs integer)
RETURNS TABLE (id bigint)
LANGUAGE sql AS $$
    INSERT INTO csa.run (county, inbox, jobs) VALUES (c, inbox, jobs) RETURNING run.id
$$;

-- Closes the county's runs other than run that never finished (killed, or the database
-- lost) as failed, and returns the plan years they meant to draft, so that this run drafts
-- them: the years they recorded, and the years of every submission stored since they started
-- (a run killed between a commit and recording its years). A run that finished "failed"
-- just before this one (a draft that could not be written) is taken over the same way.
CREATE FUNCTION csa.run_take_over(c text, run bigint)
RETURNS TABLE (plan_year integer)
LANGUAGE sql AS $$
    WITH killed AS (
        UPDATE csa.run r SET finished_at = clock_timestamp(), outcome = 'failed'
         WHERE r.finished_at IS NULL AND r.county = c AND r.id <> run
        RETURNING r.started_at, r.years),
    previous AS (
        SELECT p.started_at, p.years FROM csa.run p
         WHERE p.id = (SELECT max(q.id) FROM csa.run q
                        WHERE q.county = c AND q.id <> run AND q.finished_at IS NOT NULL)
           AND p.outcome = 'failed'),
    unfinished AS (SELECT * FROM killed UNION ALL SELECT * FROM previous)
    SELECT DISTINCT y FROM (
        SELECT unnest(u.years) AS y FROM unfinished u
        UNION ALL
        SELECT s.plan_year FROM csa.submission s, unfinished u
         WHERE s.county = c AND s.received_at >= u.started_at) t
$$;

-- Writes the ledger row of one of a run's files, as soon as the file has ended. A name seen
-- twice in one run (a file left in processing by an interrupted run and a namesake waiting in
-- the inbox) keeps the row of the file that was handled. (PL/pgSQL: its plan is kept for the
-- session, where an SQL function is planned at every call, once a file.)
CREATE FUNCTION csa.run_record_file(run bigint, name text, outcome text, submission bigint,
                                    messages text, moved_to text)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO csa.run_file AS f (run, name, content_sha256, outcome, submission, messages,
                                   moved_to)
    SELECT $1, $2, s.content_sha256, $3, $4, $5, $6
      FROM (SELECT 1) one LEFT JOIN csa.submission s ON s.id = $4
    ON CONFLICT ON CONSTRAINT run_file_pkey DO UPDATE
       SET content_sha256 = EXCLUDED.content_sha256, outcome = EXCLUDED.outcome,
           submission = EXCLUDED.submission, messages = EXCLUDED.messages,
           moved_to = EXCLUDED.moved_to
     WHERE f.outcome = 'waiting';
END $$;

-- Adds to a running run's counts the files a batch loaded (new, unchanged) once they are
-- durable. The update is what matters: it writes WAL, so its synchronous commit flushes the
-- WAL up to its own commit record, every earlier (asynchronous) commit of the batch's loads
-- included; only then does src/run_load.c let a file of the batch leave the inbox. A commit
-- that wrote nothing would not wait for a flush. csa.run_finish recounts from csa.run_file.
CREATE FUNCTION csa.run_durable(run bigint, loaded integer, unchanged integer)
RETURNS void
LANGUAGE sql AS $$
    UPDATE csa.run r SET loaded = r.loaded + run_durable.loaded,
                         unchanged = r.unchanged + run_durable.unchanged
     WHERE r.id = run_durable.run
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

-- Brings the planner's statistics of the submission tables up to date after a run loaded
-- files (ANALYZE needs the tables' owner, so a county role runs it through this function).
CREATE FUNCTION csa.submission_analyze() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    ANALYZE csa.submission, csa.submission_priority, csa.submission_theme, csa.crime_period,
            csa.crime_category;
END $$;
