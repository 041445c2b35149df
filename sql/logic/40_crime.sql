-- 40_crime.sql: the police.uk crime types, and the functions that load and count street-level
-- crime (the tables are sql/schema/003_crime.sql).

-- The police.uk crime types: the fourteen current ones and the two the site used before
-- May 2013. The groupings are those of a strategic assessment's crime table: victim-based
-- crime and its violent and acquisitive parts, crimes against society, and ASB kept apart
-- (police.uk publishes ASB incidents beside crimes; they are not crimes). The ids are the
-- ones src/policeuk.c gives each name; csa checks the two agree before it loads.
INSERT INTO csa.crime_type VALUES
    ( 1, 'Violence and sexual offences', 1,  true,  true,  false, false, false),
    ( 2, 'Violent crime',                2,  true,  true,  false, false, false),
    ( 3, 'Robbery',                      3,  true,  true,  true,  false, false),
    ( 4, 'Burglary',                     4,  true,  false, true,  false, false),
    ( 5, 'Vehicle crime',                5,  true,  false, true,  false, false),
    ( 6, 'Theft from the person',        6,  true,  false, true,  false, false),
    ( 7, 'Bicycle theft',                7,  true,  false, true,  false, false),
    ( 8, 'Shoplifting',                  8,  true,  false, true,  false, false),
    ( 9, 'Other theft',                  9,  true,  false, true,  false, false),
    (10, 'Criminal damage and arson',   10,  true,  false, false, false, false),
    (11, 'Drugs',                       11,  false, false, false, true,  false),
    (12, 'Possession of weapons',       12,  false, false, false, true,  false),
    (13, 'Public order',                13,  false, false, false, true,  false),
    (14, 'Public disorder and weapons', 14,  false, false, false, true,  false),
    (15, 'Other crime',                 15,  false, false, false, true,  false),
    (16, 'Anti-social behaviour',       16,  false, false, false, false, true),
    -- before September 2011 police.uk had six types, and "Other crime" held everything but
    -- ASB, burglary, robbery, vehicle and violent crime (thefts, criminal damage, drugs ...):
    -- crime_comparison counts those months' "Other crime" as this, in no grouping but all crime
    (17, 'Other crime (before September 2011)', 17, false, false, false, false, false)
ON CONFLICT (id) DO UPDATE
    SET name = excluded.name, ord = excluded.ord, victim_based = excluded.victim_based,
        violent = excluded.violent, acquisitive = excluded.acquisitive,
        against_society = excluded.against_society, asb = excluded.asb;

CREATE FUNCTION csa.crime_force_id(n text) RETURNS smallint
LANGUAGE plpgsql AS $$
DECLARE
    i smallint;
BEGIN
    SELECT id INTO i FROM csa.crime_force WHERE name = n;
    IF NOT FOUND THEN
        INSERT INTO csa.crime_force (name) VALUES (n)
        ON CONFLICT (name) DO NOTHING;
        SELECT id INTO i FROM csa.crime_force WHERE name = n;
    END IF;
    RETURN i;
END $$;


-- The months of the two twelve-month windows ending at e (a first of month): current is
-- e-11 .. e, previous e-23 .. e-12.
CREATE FUNCTION csa.crime_windows(e date)
RETURNS TABLE (month date, current boolean)
LANGUAGE sql IMMUTABLE AS $$
    SELECT (e - make_interval(months => k))::date, k < 12 FROM generate_series(0, 23) k
$$;

-- The areas of county c's crime table for plan year y: each partnership in force, with its
-- districts' GSS codes, and the county ('county', after them), with all of theirs.
CREATE FUNCTION csa.crime_areas(c text, y integer)
RETURNS TABLE (area text, area_name text, area_ord integer, gss text)
LANGUAGE sql STABLE AS $$
    SELECT f.code, f.name, f.ord, d.gss
      FROM csa.in_force(c, y) f
      JOIN csa.reg_district d ON d.county = c AND d.partnership = f.code
    UNION ALL
    SELECT 'county', k.name, 1000000, d.gss
      FROM csa.county k
      JOIN csa.reg_district d ON d.county = k.code
     WHERE k.code = c AND d.partnership IN (SELECT code FROM csa.in_force(c, y))
$$;

-- The counts of the two twelve-month windows ending at e, by district, LSOA and crime type,
-- current marking the later window. Before September 2011 "Other crime" held thefts,
-- criminal damage, drugs and the rest: those months' "Other crime" is counted as type 17, in
-- no grouping but all crime.
CREATE FUNCTION csa.crime_window_counts(e date)
RETURNS TABLE (district text, lsoa text, lsoa_name text, month date, crime_type smallint,
               current boolean, n bigint)
LANGUAGE sql STABLE AS $$
    SELECT s.district, s.lsoa, s.lsoa_name, s.month,
           CASE WHEN s.crime_type = 15 AND s.month < DATE '2011-09-01' THEN 17::smallint
                ELSE s.crime_type END,
           w.current, s.n::bigint
      FROM csa.crime_count s
      JOIN csa.crime_windows(e) w ON w.month = s.month
$$;

-- The rows of a strategic assessment's crime table, in table order: the groupings (level 0:
-- all crime, victim-based crime and its violent and acquisitive parts, crimes against
-- society) and each crime type (level 1), each with the crime types it adds up.
CREATE FUNCTION csa.crime_categories()
RETURNS TABLE (category text, level integer, category_ord integer, types smallint[])
LANGUAGE sql STABLE AS $$
    SELECT name, 0, ord, types FROM (VALUES
        ('All crime', 1, ARRAY(SELECT id FROM csa.crime_type WHERE NOT asb)),
        ('Victim-based crime', 2, ARRAY(SELECT id FROM csa.crime_type WHERE victim_based)),
        ('Violent crime', 3, ARRAY(SELECT id FROM csa.crime_type WHERE violent)),
        ('Acquisitive crime', 4, ARRAY(SELECT id FROM csa.crime_type WHERE acquisitive)),
        ('Crimes against society', 5,
         ARRAY(SELECT id FROM csa.crime_type WHERE against_society))
    ) AS g(name, ord, types)
    UNION ALL
    SELECT t.name, 1, 10 + t.ord, ARRAY[t.id] FROM csa.crime_type t
$$;

-- The crime table of a strategic assessment, for every partnership in force for plan year y
-- and for the county: each grouping and each crime type, counted over the twelve months
-- ending with e against the twelve before, with the difference and the percentage change
-- (none when the previous count is 0).
CREATE FUNCTION csa.crime_comparison(c text, y integer, e date)
RETURNS TABLE (area text, area_name text, area_ord integer, category text, level integer,
               category_ord integer, current bigint, previous bigint, difference bigint,
               percent_change numeric)
LANGUAGE sql STABLE AS $$
    WITH areas AS (SELECT * FROM csa.crime_areas(c, y)),
    counts AS (
        SELECT a.area, s.crime_type, s.current, sum(s.n) AS n
          FROM csa.crime_window_counts(e) s
          JOIN areas a ON a.gss = s.district
         GROUP BY 1, 2, 3),
    areas1 AS (SELECT DISTINCT area, area_name, area_ord FROM areas),
    totals AS (
        SELECT a.area, a.area_name, a.area_ord, g.category, g.level, g.category_ord,
               coalesce(sum(n.n) FILTER (WHERE n.current), 0)::bigint AS current,
               coalesce(sum(n.n) FILTER (WHERE NOT n.current), 0)::bigint AS previous
          FROM areas1 a CROSS JOIN csa.crime_categories() g
          LEFT JOIN counts n ON n.area = a.area AND n.crime_type = ANY (g.types)
         GROUP BY a.area, a.area_name, a.area_ord, g.category, g.level, g.category_ord)
    SELECT area, area_name, area_ord, category, level, category_ord, current, previous,
           current - previous,
           CASE WHEN previous > 0
                THEN round(100.0 * (current - previous) / previous, 1) END
      FROM totals
     -- a crime type of the other scheme with nothing in either window says nothing
     WHERE level = 0 OR current > 0 OR previous > 0
     ORDER BY area_ord, category_ord
$$;

-- What `csa crime table --by lsoa` names: area a of county c's crime table for plan year y
-- (a partnership's code, or 'county') by its name, and category cat (a row of the crime
-- table, its case ignored) as the table spells it; each NULL when there is none such.
CREATE FUNCTION csa.crime_lsoa_known(c text, y integer, a text, cat text)
RETURNS TABLE (area_name text, category text)
LANGUAGE sql STABLE AS $$
    SELECT (SELECT max(r.area_name) FROM csa.crime_areas(c, y) r WHERE r.area = a),
           (SELECT min(g.category) FROM csa.crime_categories() g
             WHERE lower(g.category) = lower(cat))
$$;

-- The hotspots of a strategic assessment: area a's LSOAs (a as in csa.crime_lsoa_known)
-- with the most crime of category cat in the twelve months ending with e, top of them, each
-- against the twelve before, like csa.crime_comparison's rows. Ties rank by the previous
-- count, then by LSOA code. Only records that named their LSOA code count here (the months
-- loaded before csa kept LSOAs have none); each LSOA is named as its latest month names it.
CREATE FUNCTION csa.crime_lsoa_table(c text, y integer, e date, a text, cat text, top integer)
RETURNS TABLE (rank bigint, lsoa text, lsoa_name text, district text, current bigint,
               previous bigint, difference bigint, percent_change numeric)
LANGUAGE sql STABLE AS $$
    WITH g AS (SELECT types FROM csa.crime_categories() WHERE lower(category) = lower(cat)
               LIMIT 1),
    l AS (
        SELECT s.lsoa, (array_agg(s.lsoa_name ORDER BY s.month DESC))[1] AS lsoa_name,
               min(d.name) AS district,
               coalesce(sum(s.n) FILTER (WHERE s.current), 0)::bigint AS current,
               coalesce(sum(s.n) FILTER (WHERE NOT s.current), 0)::bigint AS previous
          FROM csa.crime_window_counts(e) s
          JOIN csa.crime_areas(c, y) r ON r.gss = s.district AND r.area = a
          JOIN csa.reg_district d ON d.county = c AND d.gss = s.district
          JOIN g ON s.crime_type = ANY (g.types)
         WHERE s.lsoa <> ''
         GROUP BY s.lsoa),
    ranked AS (
        SELECT row_number() OVER (ORDER BY current DESC, previous DESC, lsoa) AS rank, *
          FROM l)
    SELECT rank, lsoa, lsoa_name, district, current, previous, current - previous,
           CASE WHEN previous > 0
                THEN round(100.0 * (current - previous) / previous, 1) END
      FROM ranked
     WHERE rank <= top
     ORDER BY rank
$$;

-- What the loader (src/crime_load.c) and the crime table (src/crime_summary.c) call, each a
-- named function with a fixed column list.

-- Claims force f_name's month m for the loading transaction: the force's id (added when new),
-- an advisory lock so that one loader at a time holds a force-month (the second waits, then
-- replaces the first), and the month's counts deleted, so a month loaded again is replaced.
-- A loading transaction claims one force-month only (a file is one force's month), and takes
-- its locks in this order, so concurrent loads cannot wait on each other in a cycle.
CREATE FUNCTION csa.crime_month_claim(f_name text, m date)
RETURNS TABLE (force_id smallint)
LANGUAGE plpgsql AS $$
DECLARE
    f smallint := csa.crime_force_id(f_name);
BEGIN
    PERFORM pg_advisory_xact_lock(f::integer,
        (extract(year FROM m) * 12 + extract(month FROM m))::integer);
    DELETE FROM csa.crime_count s WHERE s.force = f AND s.month = m;
    RETURN QUERY SELECT f;
END $$;

-- Records that force f's month m now holds n records (counted in csa.crime_count), from the
-- file named source.
CREATE FUNCTION csa.crime_month_record(f smallint, m date, n bigint, source text)
RETURNS void
LANGUAGE sql AS $$
    INSERT INTO csa.crime_month (force, month, rows, source_name)
    VALUES (f, m, n, source)
    ON CONFLICT (force, month) DO UPDATE
       SET rows = excluded.rows, source_name = excluded.source_name, loaded_at = now()
$$;

-- Records a file loaded, with what was not loaded from it and why.
CREATE FUNCTION csa.crime_file_record(source text, n_read bigint, n_loaded bigint,
                                                 n_outside bigint, n_no_location bigint,
                                                 n_bad bigint)
RETURNS void
LANGUAGE sql AS $$
    INSERT INTO csa.crime_file (source_name, rows_read, rows_loaded, outside, no_location,
                                bad_skipped)
    VALUES (source, n_read, n_loaded, n_outside, n_no_location, n_bad)
$$;

-- Which forces a county's crime table is about. The register names no forces, so csa learns
-- them from the data: the forces with a record counted in one of county c's districts (a
-- file's records outside the register's districts are never counted, so a force whose file held none
-- of the county is not one of them). Each with its rows loaded, and whether it is the
-- county's principal force: the one with the most rows (ties: by name). The territorial
-- force is the principal one; a force such as British Transport Police, a few rows in many
-- counties, covers the county beside it without setting its months.
CREATE FUNCTION csa.crime_county_forces(c text)
RETURNS TABLE (force smallint, name text, rows bigint, principal boolean)
LANGUAGE sql STABLE AS $$
    WITH d AS (SELECT array_agg(gss) AS gss FROM csa.reg_district WHERE county = c),
    f AS (
        SELECT m.force, sum(m.rows)::bigint AS rows
          FROM csa.crime_month m, d,
               -- one count of the force-month in the county is enough. LATERAL ... LIMIT 1
               -- makes it a probe per force-month (on the primary key's force and month),
               -- never a hash of the table
               LATERAL (SELECT 1 FROM csa.crime_count s
                         WHERE s.force = m.force AND s.month = m.month
                           AND s.district = ANY (d.gss)
                         LIMIT 1) hit
         WHERE m.rows > 0
         GROUP BY m.force)
    SELECT f.force, k.name, f.rows, row_number() OVER (ORDER BY f.rows DESC, k.name) = 1
      FROM f JOIN csa.crime_force k ON k.id = f.force
$$;

-- The default end of county c's crime window: the latest month its principal force has
-- loaded, before month `before` when that is given (the agreement: before its plan year
-- starts). Another force's months never move it: a British Transport Police file for a later
-- month, or for a much earlier one, leaves the county's window where its own force's data is.
-- NULL when no force covers the county (or none of its months is before `before`).
CREATE FUNCTION csa.crime_period_end(c text, before date)
RETURNS date
LANGUAGE sql STABLE AS $$
    SELECT max(m.month) FROM csa.crime_month m
     WHERE m.force = (SELECT f.force FROM csa.crime_county_forces(c) f WHERE f.principal)
       AND (before IS NULL OR m.month < before)
$$;

-- The months of the two twelve-month windows ending at e and, for each force covering county
-- c, whether it has that month loaded: one row per force and month, the principal force's
-- first, then by force name, oldest month first. The principal force's months are the
-- table's months loaded and missing; another force's missing months are named as missing
-- force-months. With no force covering the county, the 24 months with force NULL, unloaded.
CREATE FUNCTION csa.crime_coverage(c text, e date)
RETURNS TABLE (force text, principal boolean, month text, loaded boolean)
LANGUAGE sql STABLE AS $$
    SELECT f.name, coalesce(f.principal, true), to_char(w.month, 'YYYY-MM'),
           coalesce(EXISTS (SELECT 1 FROM csa.crime_month m
                             WHERE m.force = f.force AND m.month = w.month), false)
      FROM csa.crime_windows(e) w
      LEFT JOIN csa.crime_county_forces(c) f ON true
     ORDER BY f.principal DESC NULLS FIRST, f.name, w.month
$$;

-- Brings the planner's statistics of the crime counts up to date after a load (ANALYZE
-- needs the table's owner, so a county role runs it through this function).
CREATE FUNCTION csa.crime_analyze() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    ANALYZE csa.crime_count;
END $$;
