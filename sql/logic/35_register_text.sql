-- 35_register_text.sql: what the register says for one plan year, for the draft's words
-- (doc/county.md, "Agreement periods", "Names in force", "Draws-on", "Evidence ties"): the
-- agreement period covering the year with its additions and workshop items, the names in
-- force then, the partnerships a county priority draws on, and the evidence tied to each
-- priority (csa.agreement_period itself is in 28_period.sql, since the count uses it too).
-- Each returns named columns in a fixed order; C reads them by name. Nothing here
-- renders: a NULL is something the register does not give (the draft says TBC).

-- The county additions of the period covering plan year y, in register order, each with
-- the title of the priority or theme it adds. None when no period covers y.
CREATE FUNCTION csa.period_additions(c text, y integer)
RETURNS TABLE (ord integer, priority text, theme text, title text, reason text)
LANGUAGE sql STABLE AS $$
    SELECT a.ord, a.priority, a.theme, coalesce(rp.title, rt.title), a.reason
      FROM csa.agreement_period(c, y) p
      JOIN csa.reg_period_addition a ON a.county = c AND a.period = p.id
      LEFT JOIN csa.reg_priority rp ON rp.county = c AND rp.id = a.priority
      LEFT JOIN csa.reg_theme rt ON rt.county = c AND rt.id = a.theme
     ORDER BY a.ord
$$;

-- The stakeholder workshop items of the period covering plan year y and what became of each:
-- became is 'priority', 'theme', 'not-adopted' or NULL (not known); became_title the title
-- of that priority or theme. None when no period covers y or it records no workshop.
CREATE FUNCTION csa.period_workshop(c text, y integer)
RETURNS TABLE (ord integer, item text, became text, priority text, theme text,
               became_title text, workshop_when text)
LANGUAGE sql STABLE AS $$
    SELECT w.ord, w.item, w.became, w.priority, w.theme, coalesce(rp.title, rt.title),
           p.workshop_when
      FROM csa.agreement_period(c, y) p
      JOIN csa.reg_workshop_item w ON w.county = c AND w.period = p.id
      LEFT JOIN csa.reg_priority rp ON rp.county = c AND rp.id = w.priority
      LEFT JOIN csa.reg_theme rt ON rt.county = c AND rt.id = w.theme
     ORDER BY w.ord
$$;

-- The name of partnership p of county c in force on 1 April of plan year y: the earliest-
-- ending former name still in force then, else its current name; NULL for no such
-- partnership. The same rule as register_partnership_name (register_period.c).
CREATE FUNCTION csa.partnership_name_in(c text, p text, y integer) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT coalesce(
        (SELECT f.name FROM csa.reg_former_name f
          WHERE f.county = c AND f.partnership = p AND f.gss IS NULL
            AND f.until >= make_date(y, 4, 1)
          ORDER BY f.until LIMIT 1),
        (SELECT r.name FROM csa.reg_partnership r WHERE r.county = c AND r.code = p))
$$;

-- The name of district gss of county c on 1 April of plan year y (the same rule); NULL when
-- no partnership of c covers it.
CREATE FUNCTION csa.district_name_in(c text, gss text, y integer) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT coalesce(
        (SELECT f.name FROM csa.reg_former_name f
          WHERE f.county = c AND f.gss = district_name_in.gss
            AND f.until >= make_date(y, 4, 1)
          ORDER BY f.until LIMIT 1),
        (SELECT d.name FROM csa.reg_district d
          WHERE d.county = c AND d.gss = district_name_in.gss
          ORDER BY d.partnership LIMIT 1))
$$;

-- The partnerships in force for plan year y (csa.in_force), each with its name then by the
-- rule of csa.partnership_name_in and its current name, worked out for all at once: a draft
-- names 300 partnerships, and an entry point called once a row costs about 0.1 ms a call (it
-- runs as the owner, which keeps PostgreSQL from inlining it).
CREATE FUNCTION csa.in_force_named(c text, y integer)
RETURNS TABLE (code text, name text, current_name text, ord integer)
LANGUAGE sql STABLE AS $$
    SELECT f.code, coalesce(x.name, f.name), f.name, f.ord
      FROM csa.in_force(c, y) f
      LEFT JOIN (SELECT DISTINCT ON (n.partnership) n.partnership, n.name
                   FROM csa.reg_former_name n
                  WHERE n.county = c AND n.gss IS NULL AND n.until >= make_date(y, 4, 1)
                  ORDER BY n.partnership, n.until) x ON x.partnership = f.code
$$;

-- Each partnership of county c with districts, their names on 1 April of plan year y by the
-- rule of csa.district_name_in, in register order; all at once, as csa.in_force_named.
CREATE FUNCTION csa.district_names_at(c text, y integer)
RETURNS TABLE (partnership text, names text[])
LANGUAGE sql STABLE AS $$
    WITH former AS (
        SELECT DISTINCT ON (n.gss) n.gss, n.name FROM csa.reg_former_name n
         WHERE n.county = c AND n.gss IS NOT NULL AND n.until >= make_date(y, 4, 1)
         ORDER BY n.gss, n.until),
    named AS (
        SELECT DISTINCT ON (d.gss) d.gss, coalesce(f.name, d.name) AS name
          FROM csa.reg_district d LEFT JOIN former f ON f.gss = d.gss
         WHERE d.county = c
         ORDER BY d.gss, d.partnership)
    SELECT d.partnership, array_agg(n.name ORDER BY d.ord)
      FROM csa.reg_district d JOIN named n ON n.gss = d.gss
     WHERE d.county = c
     GROUP BY d.partnership
$$;

-- The partnerships in force for plan year y in register order, each with its name then,
-- its current name, and its districts' names then (in register order).
CREATE FUNCTION csa.names_in_force(c text, y integer)
RETURNS TABLE (code text, name text, current_name text, districts text[], ord integer)
LANGUAGE sql STABLE AS $$
    SELECT f.code, csa.partnership_name_in(c, f.code, y), f.name,
           ARRAY(SELECT csa.district_name_in(c, d.gss, y) FROM csa.reg_district d
                  WHERE d.county = c AND d.partnership = f.code ORDER BY d.ord),
           f.ord
      FROM csa.in_force(c, y) f
     ORDER BY f.ord
$$;

-- Per county priority with a draws-on list (register order): the distinct partnerships in
-- force whose current submission names any of the priorities drawn on (core, or subsidiary
-- too when the county counts subsidiary priorities), each partnership once, in register
-- order; submitted is how many partnerships in force have a current submission, in_force
-- how many are in force. "Eight of the eleven ... elements of acquisitive crime".
CREATE FUNCTION csa.draws_on_count(c text, y integer)
RETURNS TABLE (priority text, label text, title text, draws_on text[], partnerships integer,
               members text[], submitted integer, in_force integer, ord integer)
-- plpgsql with a generic plan, made once a session (see csa.count_table)
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH k AS (SELECT * FROM csa.county WHERE code = c),
    force AS (SELECT * FROM csa.in_force(c, y)),
    sums AS (
        SELECT count(*)::integer AS in_force,
               count(*) FILTER (WHERE EXISTS (
                   SELECT 1 FROM csa.submission s
                    WHERE s.county = c AND s.partnership = f.code AND s.plan_year = y
                      AND s.is_current))::integer AS submitted
          FROM force f),
    named AS (
        SELECT DISTINCT d.priority, m.partnership
          FROM csa.reg_draws_on d
          JOIN csa.priority_mapping m ON m.county = c AND m.plan_year = y
                                      AND m.priority = d.draws_on
          CROSS JOIN k
         WHERE d.county = c AND (m.kind = 'core' OR k.count_subsidiary)
           AND m.partnership IN (SELECT code FROM force))
    SELECT p.id, p.label, p.title,
           ARRAY(SELECT d.draws_on FROM csa.reg_draws_on d
                  WHERE d.county = c AND d.priority = p.id ORDER BY d.ord),
           (SELECT count(*)::integer FROM named n WHERE n.priority = p.id),
           ARRAY(SELECT n.partnership FROM named n JOIN force f ON f.code = n.partnership
                  WHERE n.priority = p.id ORDER BY f.ord),
           s.submitted, s.in_force, p.ord
      FROM csa.reg_priority p, sums s
     WHERE p.county = c
       AND EXISTS (SELECT 1 FROM csa.reg_draws_on d WHERE d.county = c AND d.priority = p.id)
     ORDER BY p.ord;
END $$;

-- Per priority and tied indicator (register order), per reporting period and unit: the
-- county total of the values the partnerships in force submitted for plan year y under any
-- name of the tie (csa.indicator_key), how many partnerships reported it and which (register
-- order), and how many partnerships in force have submitted at all. A partnership reporting
-- one tie twice for one period (under two of its names) counts once, with its first value.
-- Rows only where some partnership reported a value.
CREATE FUNCTION csa.indicator_evidence(c text, y integer)
RETURNS TABLE (priority text, indicator text, unit text, period_start date, period_end date,
               total numeric, partnerships integer, members text[], submitted integer,
               priority_ord integer, indicator_ord integer)
-- plpgsql with a generic plan, made once a session (see csa.count_table)
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH force AS (SELECT * FROM csa.in_force(c, y)),
    subs AS (
        SELECT s.id, s.partnership, f.ord
          FROM csa.submission s JOIN force f ON f.code = s.partnership
         WHERE s.county = c AND s.plan_year = y AND s.is_current),
    tie AS (
        SELECT t.priority, t.indicator, min(t.ord) AS ord, array_agg(t.norm) AS norms
          FROM csa.reg_indicator_tie t WHERE t.county = c
         GROUP BY t.priority, t.indicator),
    reported AS (
        SELECT DISTINCT ON (t.priority, t.indicator, s.partnership, i.unit, v.period_start,
                            v.period_end)
               t.priority, t.indicator, t.ord AS tie_ord, s.partnership, s.ord AS p_ord,
               i.unit, v.period_start, v.period_end, v.value
          FROM subs s
          JOIN csa.indicator i ON i.submission = s.id
          JOIN tie t ON csa.indicator_key(i.name) = ANY (t.norms)
          JOIN csa.indicator_value v ON v.submission = i.submission AND v.indicator = i.ord
         ORDER BY t.priority, t.indicator, s.partnership, i.unit, v.period_start,
                  v.period_end, i.ord, v.ord)
    SELECT r.priority, r.indicator, r.unit, r.period_start, r.period_end, sum(r.value),
           count(*)::integer, array_agg(r.partnership ORDER BY r.p_ord),
           (SELECT count(*)::integer FROM subs), rp.ord, min(r.tie_ord)
      FROM reported r
      JOIN csa.reg_priority rp ON rp.county = c AND rp.id = r.priority
     GROUP BY r.priority, r.indicator, r.unit, r.period_start, r.period_end, rp.ord
     ORDER BY rp.ord, min(r.tie_ord), r.period_start, r.period_end, r.unit;
END $$;

-- The police.uk crime types tied to each priority of county c, in register order then tie
-- order; crime_type_id is csa.crime_type's id (csa.crime_comparison names its rows by the
-- type's name).
CREATE FUNCTION csa.crime_type_ties(c text)
RETURNS TABLE (priority text, crime_type text, crime_type_id smallint, priority_ord integer,
               tie_ord integer)
LANGUAGE sql STABLE AS $$
    SELECT t.priority, t.crime_type, ct.id, p.ord, t.ord
      FROM csa.reg_crime_type_tie t
      JOIN csa.reg_priority p ON p.county = c AND p.id = t.priority
      JOIN csa.crime_type ct ON ct.name = t.crime_type
     WHERE t.county = c
     ORDER BY p.ord, t.ord
$$;
