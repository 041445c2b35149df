-- 011_crime_read.sql: the queries of `csa crime load` and `csa crime table`, each a function
-- with a fixed column list that the C code reads by column name. Functions only: it may be
-- applied again at any time.

-- Claims force f_name's month m for the loading transaction: the force's id (added when new),
-- an advisory lock so that one loader at a time holds a force-month (the second waits, then
-- replaces the first), and the month's rows deleted, so a month loaded again is replaced.
CREATE OR REPLACE FUNCTION csa.crime_month_claim(f_name text, m date)
RETURNS TABLE (force_id smallint)
LANGUAGE plpgsql AS $$
DECLARE
    f smallint := csa.crime_force_id(f_name);
BEGIN
    PERFORM pg_advisory_xact_lock(f::integer,
        (extract(year FROM m) * 12 + extract(month FROM m))::integer);
    DELETE FROM csa.street_crime s WHERE s.force = f AND s.month = m;
    RETURN QUERY SELECT f;
END $$;

-- Records that force f's month m now holds n rows, from the file named source.
CREATE OR REPLACE FUNCTION csa.crime_month_record(f smallint, m date, n bigint, source text)
RETURNS void
LANGUAGE sql AS $$
    INSERT INTO csa.crime_month (force, month, rows, source_name)
    VALUES (f, m, n, source)
    ON CONFLICT (force, month) DO UPDATE
       SET rows = excluded.rows, source_name = excluded.source_name, loaded_at = now()
$$;

-- Records a file loaded, with what was not loaded from it and why.
CREATE OR REPLACE FUNCTION csa.crime_file_record(source text, n_read bigint, n_loaded bigint,
                                                 n_outside bigint, n_no_location bigint,
                                                 n_bad bigint)
RETURNS void
LANGUAGE sql AS $$
    INSERT INTO csa.crime_file (source_name, rows_read, rows_loaded, outside, no_location,
                                bad_skipped)
    VALUES (source, n_read, n_loaded, n_outside, n_no_location, n_bad)
$$;

-- The months of the two twelve-month windows ending at e, oldest first, and whether any
-- force has data loaded for each.
CREATE OR REPLACE FUNCTION csa.crime_coverage(e date)
RETURNS TABLE (month text, loaded boolean)
LANGUAGE sql STABLE AS $$
    SELECT to_char(w.month, 'YYYY-MM'),
           EXISTS (SELECT 1 FROM csa.crime_month m WHERE m.month = w.month)
      FROM csa.crime_windows(e) w
     ORDER BY w.month
$$;
