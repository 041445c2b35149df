-- 50_agreement.sql: what the agreement reader (src/count.c) reads, each as a named function
-- with a fixed column list. Lists that C reads are joined with the ASCII unit separator,
-- chr(31), a character XML 1.0 cannot carry, so no submitted or register text can contain it
-- (count.c splits them again).

-- The partnerships in force for plan year y, in register order, each by its name in force
-- then (csa.in_force_named: Shepway in 2011/12): whether each has a current
-- submission, its districts' names then (joined by chr(31)), and how many distinct districts
-- all the partnerships in force cover together (the same on every row).
CREATE FUNCTION csa.agreement_partnerships(c text, y integer)
RETURNS TABLE (code text, name text, submitted boolean, districts text, ndistricts integer)
-- plpgsql with a generic plan, made once a session (see csa.count_table)
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT f.code, f.name,
           EXISTS (SELECT 1 FROM csa.submission s
                    WHERE s.county = c AND s.partnership = f.code AND s.plan_year = y
                      AND s.is_current),
           coalesce(array_to_string(d.names, chr(31)), ''),
           (SELECT count(DISTINCT d.gss)::integer FROM csa.reg_district d
             WHERE d.county = c AND d.partnership IN (SELECT code FROM csa.in_force(c, y)))
      FROM csa.in_force_named(c, y) f
      LEFT JOIN csa.district_names_at(c, y) d ON d.partnership = f.code
     ORDER BY f.ord;
END $$;

-- csa.count_table with its lists joined by chr(31), in selection order; ct is the count the
-- draft worked out once (csa.count_json(c, y)).
CREATE FUNCTION csa.agreement_counts(c text, y integer, ct jsonb)
RETURNS TABLE (priority text, label text, title text, note text, folds_into text,
               partnerships integer, total_score text, selected boolean, basis text,
               members text, leads text)
LANGUAGE sql STABLE AS $$
    SELECT t.priority, t.label, t.title, t.note, t.folds_into, t.partnerships,
           t.total_score::text, t.selected, t.basis,
           array_to_string(t.members, chr(31)), array_to_string(t.leads, chr(31))
      FROM csa.count_rows(ct) t
     ORDER BY t.ord
$$;

-- The county additions of the agreement period covering plan year y (csa.period_additions),
-- in register order, each with its priority's or theme's title: none when no period covers
-- y, never another period's.
CREATE FUNCTION csa.agreement_additions(c text, y integer)
RETURNS TABLE (priority text, theme text, title text, reason text)
LANGUAGE sql STABLE AS $$
    SELECT x.priority, x.theme, x.title, x.reason
      FROM csa.period_additions(c, y) x
     ORDER BY x.ord
$$;

-- csa.theme_table with its lists joined by chr(31), in register order (ct: csa.count_json).
CREATE FUNCTION csa.agreement_themes(c text, y integer, ct jsonb)
RETURNS TABLE (theme text, title text, from_addition boolean, partnerships text, folded text)
-- plpgsql with a generic plan, made once a session (see csa.count_table)
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT t.theme, t.title, t.from_addition, array_to_string(t.partnerships, chr(31)),
           array_to_string(t.folded, chr(31))
      FROM csa.theme_table_of(c, y, ct) t;
END $$;

-- The wordings of partnerships in force that map to nothing, for review: what is 'theme' for
-- a theme, else the priority's kind ('core' or 'subsidiary'); norm is the normalised wording
-- the suggestions are computed from.
CREATE FUNCTION csa.agreement_unmapped(c text, y integer)
RETURNS TABLE (partnership text, file text, line integer, what text, wording text, norm text,
               cell text)
-- plpgsql with a generic plan, made once a session (see csa.count_table)
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT u.partnership, u.source_name, u.line::integer,
           CASE WHEN u.what = 'theme' THEN 'theme' ELSE u.kind END, u.wording, u.norm, u.cell
      FROM csa.unmapped_wording u
     WHERE u.county = c AND u.plan_year = y
       AND u.partnership IN (SELECT code FROM csa.in_force(c, y))
     ORDER BY u.partnership, u.what, u.line;
END $$;

-- The county rows of the police.uk crime table for the twelve months to the latest month
-- the county's principal force loaded before plan year y starts (April of y), the rule of
-- csa.crime_period_end (40_crime.sql) that `csa crime table` uses too; in category order,
-- each with that month ('YYYY-MM'), the forces covering the county that have data in the
-- window (the principal force first), and how many of the 24 months the principal force has
-- loaded. No rows when no such month is loaded; a row whose two counts are both 0 (a
-- grouping police.uk did not use yet, a type of another era) is left out: it says nothing.
CREATE FUNCTION csa.agreement_crime(c text, y integer)
RETURNS TABLE (category text, level integer, current bigint, previous bigint,
               period_end text, forces text, months integer)
LANGUAGE sql STABLE AS $$
    WITH e AS (SELECT csa.crime_period_end(c, make_date(y, 4, 1)) AS e),
    v AS (SELECT v.force, v.principal, v.month FROM e, csa.crime_coverage(c, e.e) v
           WHERE v.loaded)
    SELECT t.category, t.level, t.current, t.previous, to_char(e.e, 'YYYY-MM'),
           (SELECT string_agg(f.force, ', ' ORDER BY f.principal DESC, f.force)
              FROM (SELECT DISTINCT v.force, v.principal FROM v) f),
           (SELECT count(*)::integer FROM v WHERE v.principal)
      FROM e, csa.crime_comparison(c, y, e.e) t
     WHERE e.e IS NOT NULL AND t.area = 'county' AND (t.current <> 0 OR t.previous <> 0)
     ORDER BY t.category_ord
$$;

-- The newest sign-off date of plan year y's current submissions, as text (NULL when none):
-- a date that depends only on the data, so a rerun gives the same document.
CREATE FUNCTION csa.agreement_date(c text, y integer)
RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT max(s.submitted)::text FROM csa.submission s
     WHERE s.county = c AND s.plan_year = y AND s.is_current
$$;

-- csa.count_standing as the agreement reads it, in the same order (ct: csa.count_json).
CREATE FUNCTION csa.agreement_standing(c text, y integer, ct jsonb)
RETURNS TABLE (priority text, label text, title text, partnerships integer, submitted integer,
               expected integer, provisional boolean, could_cross boolean, needs integer,
               selected boolean, listed boolean)
-- plpgsql with a generic plan, made once a session (see csa.count_table)
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT * FROM csa.count_standing_of(c, y, ct);
END $$;

-- Appendix A's partnership x priority table: for each partnership in force, in register
-- order, each priority wording of its current submission in the order it wrote them, with
-- its kind ('core' or 'subsidiary'), the register priorities it maps to (labels joined by
-- chr(31), register order; empty when it maps to nothing) and whether it counts (it maps to
-- something and is core, or the county counts subsidiaries too). A partnership in force with
-- no current submission gives one row with wording NULL.
CREATE FUNCTION csa.agreement_partnership_priorities(c text, y integer)
RETURNS TABLE (partnership text, name text, wording text, kind text, labels text,
               counted boolean)
-- plpgsql with a generic plan, made once a session (see csa.count_table)
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH k AS (SELECT * FROM csa.county WHERE code = c),
    -- per wording of a current submission (csa.priority_mapping's rule), the labels of the
    -- priorities it maps to, worked out once per distinct wording rather than grouped again
    -- from one row per priority
    w AS (SELECT s.partnership, sp.ord, sp.wording, sp.kind, l.labels,
                 l.labels IS NOT NULL AS mapped
            FROM csa.submission s
            JOIN csa.submission_priority sp ON sp.submission = s.id
            LEFT JOIN LATERAL (
                SELECT array_to_string(array_agg(p.label ORDER BY p.ord), chr(31)) AS labels
                  FROM csa.reg_priority p
                 WHERE p.county = s.county
                   AND p.id IN (SELECT t.priority FROM csa.reg_priority_term t
                                 WHERE t.county = s.county AND t.norm = sp.norm)) l ON true
           WHERE s.county = c AND s.plan_year = y AND s.is_current),
    -- each partnership's name worked out once, not once per wording
    f AS MATERIALIZED (SELECT i.code, i.ord, i.name FROM csa.in_force_named(c, y) i)
    SELECT f.code, f.name, w.wording, w.kind,
           coalesce(w.labels, ''),
           coalesce(w.mapped AND (w.kind = 'core' OR k.count_subsidiary), false)
      FROM f
      CROSS JOIN k
      LEFT JOIN w ON w.partnership = f.code
     ORDER BY f.ord, w.ord;
END $$;

-- csa.draws_on_count as Appendix B reads it, in register order: per county priority with a
-- draws-on list, how many distinct partnerships in force named any priority it draws on
-- (members: their codes joined by chr(31), register order), how many have submitted and how
-- many are in force, so the sentence can say what it counts over.
CREATE FUNCTION csa.agreement_draws_on(c text, y integer)
RETURNS TABLE (priority text, partnerships integer, members text, submitted integer,
               in_force integer)
LANGUAGE sql STABLE AS $$
    SELECT d.priority, d.partnerships, array_to_string(d.members, chr(31)), d.submitted,
           d.in_force
      FROM csa.draws_on_count(c, y) d
     ORDER BY d.ord
$$;

-- csa.indicator_evidence as Appendix B reads it: per priority and tied indicator, per
-- reporting period (dates as 'YYYY-MM-DD') and unit, the county total (as text, no trailing
-- zeros), how many partnerships reported it and how many have submitted; in register order,
-- then tie order, then period. A total of 0 is left out: it says nothing.
CREATE FUNCTION csa.agreement_indicators(c text, y integer)
RETURNS TABLE (priority text, indicator text, unit text, period_start text, period_end text,
               total text, partnerships integer, submitted integer)
LANGUAGE sql STABLE AS $$
    SELECT e.priority, e.indicator, e.unit, e.period_start::text, e.period_end::text,
           trim_scale(e.total)::text, e.partnerships, e.submitted
      FROM csa.indicator_evidence(c, y) e
     WHERE e.total <> 0
     ORDER BY e.priority_ord, e.indicator_ord, e.period_start, e.period_end, e.unit
$$;

-- The police.uk crime types tied to each priority (csa.crime_type_ties), in register order
-- then tie order; Appendix B takes each type's county figures from csa.agreement_crime's
-- row of that name at level 1. submitted_category names the submitted crime-table category
-- the register ties to the same priority (its `evidence`, csa.evidence_table's rows) that is
-- the same measure under the partnerships' name for it (the same name, ignoring case:
-- "Violent Crime" and police.uk's "Violent crime"), NULL when there is none: where both have
-- figures the draft sets the two sources side by side. y is unused (the ties are the
-- register's) but kept so every agreement reader takes the county and the year.
CREATE FUNCTION csa.agreement_crime_ties(c text, y integer)
RETURNS TABLE (priority text, crime_type text, submitted_category text)
LANGUAGE sql STABLE AS $$
    SELECT t.priority, t.crime_type,
           (SELECT min(e.category) FROM csa.reg_evidence e
             WHERE e.county = c AND e.priority = t.priority
               AND lower(e.category) = lower(t.crime_type))
      FROM csa.crime_type_ties(c) t
     ORDER BY t.priority_ord, t.tie_ord
$$;
