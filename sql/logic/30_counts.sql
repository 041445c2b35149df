-- 30_counts.sql: the county count of county.md, for one county and plan year.
-- C reads these results in their order and never counts again (src/count.c).

-- The selection rule of county c for plan year y (county.md): a priority is selected by count
-- when its count is strictly greater than min_share x N, or at least min_partnerships when
-- the register gives that instead. N is the partnerships in force. threshold is the number the
-- count is compared with, with no trailing zeros (5.5, 3); at_least says whether a count equal
-- to it is selected. basis names the register attribute that set it: 'min-share' or
-- 'min-partnerships'. No row when the county is unknown.
CREATE FUNCTION csa.selection_rule(c text, y integer)
RETURNS TABLE (partnerships integer, basis text, min_share numeric, min_partnerships integer,
               threshold numeric, at_least boolean)
LANGUAGE sql STABLE AS $$
    SELECT n.n, CASE WHEN k.min_partnerships IS NOT NULL THEN 'min-partnerships'
                     ELSE 'min-share' END,
           trim_scale(k.min_share), k.min_partnerships,
           trim_scale(coalesce(k.min_partnerships::numeric, k.min_share * n.n)),
           k.min_partnerships IS NOT NULL
      FROM csa.county k,
           (SELECT count(*)::integer AS n FROM csa.in_force(c, y)) n
     WHERE k.code = c
$$;

-- The county additions of the agreement period covering plan year y (its priority or its
-- theme): none when no period covers y, so a year never takes another period's additions.
-- (csa.period_additions in 35_register_text.sql gives them with their titles and reasons.)
CREATE FUNCTION csa.period_added(c text, y integer)
RETURNS TABLE (priority text, theme text)
LANGUAGE sql STABLE AS $$
    SELECT a.priority, a.theme
      FROM csa.reg_period_addition a
      JOIN csa.reg_period p ON p.county = a.county AND p.id = a.period
     WHERE a.county = c AND y BETWEEN p.first_year AND p.last_year
$$;

-- Per register priority: the distinct partnerships in force whose current submission names
-- it (core, or subsidiary too when the county says so), their total score, and whether it
-- is selected, by count or as a county addition, and its leads for the year (the period's
-- or the register's, csa.priority_leads; empty: TBC). Two wordings of one priority in one
-- file count once, with that partnership's highest score for it.
CREATE FUNCTION csa.count_table(c text, y integer)
RETURNS TABLE (priority text, label text, title text, note text, folds_into text,
               partnerships integer, total_score numeric, selected boolean, basis text,
               members text[], leads text[], ord integer)
-- plpgsql with a generic plan, so that the plan is made once a session rather than at every
-- call: the queries of an SQL function are planned again each time it is called, about a
-- third of this count's 8 ms at national scale (300 partnerships); csa run's drafting
-- connections each count several years. Its readers below and in 50_agreement.sql do the same.
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH k AS (SELECT * FROM csa.county WHERE code = c),
    force AS (SELECT * FROM csa.in_force(c, y)),
    rule AS (SELECT * FROM csa.selection_rule(c, y)),
    period_added AS (SELECT * FROM csa.period_added(c, y)),
    leads AS MATERIALIZED (SELECT * FROM csa.priority_leads(c, y)), -- once, not once a row
    named AS (
        SELECT m.priority, m.partnership, max(m.score) AS score
          FROM csa.priority_mapping m, k
         WHERE m.county = c AND m.plan_year = y AND m.priority IS NOT NULL
           AND (m.kind = 'core' OR k.count_subsidiary)
           AND m.partnership IN (SELECT code FROM force)
         GROUP BY m.priority, m.partnership),
    -- added up per priority first, then set beside the register's priorities: grouping
    -- 2,000 rows by a short key, not by every column of the priority
    per AS (
        SELECT x.priority, count(*)::integer AS partnerships, sum(x.score) AS total_score,
               array_agg(x.partnership ORDER BY f.ord) AS members
          FROM named x
          JOIN force f ON f.code = x.partnership
         GROUP BY x.priority),
    counted AS (
        SELECT p.id, p.label, p.title, p.note, p.folds_into, p.ord,
               coalesce(per.partnerships, 0) AS partnerships,
               coalesce(per.total_score, 0) AS total_score,
               coalesce(per.members, '{}'::text[]) AS members,
               EXISTS (SELECT 1 FROM period_added a WHERE a.priority = p.id) AS added
          FROM csa.reg_priority p
          LEFT JOIN per ON per.priority = p.id
         WHERE p.county = c),
    judged AS (
        SELECT counted.*,
               CASE WHEN r.at_least THEN counted.partnerships >= r.threshold
                    ELSE counted.partnerships > r.threshold END AS by_count
          FROM counted, rule r)
    SELECT j.id, j.label, j.title, j.note, j.folds_into, j.partnerships, j.total_score,
           j.by_count OR j.added,
           CASE WHEN j.by_count THEN 'count' WHEN j.added THEN 'addition' ELSE '' END,
           j.members,
           coalesce((SELECT l.leads FROM leads l WHERE l.priority = j.id), '{}'),
           (row_number() OVER (ORDER BY (j.by_count OR j.added) DESC, j.partnerships DESC,
                                        j.total_score DESC, j.ord))::integer
      FROM judged j
     WHERE j.partnerships > 0 OR j.added
     ORDER BY 12;
END $$;


-- csa.count_table as one jsonb array of its rows, in selection order: a draft works its count
-- out once (10-20 ms at national scale) and hands it to every reader that needs it (the *_of
-- functions below and in 50_agreement.sql and 55_drafts.sql), so all of them see one count.
CREATE FUNCTION csa.count_json(c text, y integer) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT coalesce(jsonb_agg(to_jsonb(t) ORDER BY t.ord), '[]'::jsonb)
      FROM csa.count_table(c, y) t
$$;

-- The rows of a csa.count_json array back as csa.count_table returns them, values unchanged
-- (jsonb keeps a numeric's scale, so total_score reads as it did).
CREATE FUNCTION csa.count_rows(ct jsonb)
RETURNS TABLE (priority text, label text, title text, note text, folds_into text,
               partnerships integer, total_score numeric, selected boolean, basis text,
               members text[], leads text[], ord integer)
LANGUAGE sql IMMUTABLE AS $$
    SELECT * FROM jsonb_to_recordset(ct)
        AS x(priority text, label text, title text, note text, folds_into text,
             partnerships integer, total_score numeric, selected boolean, basis text,
             members text[], leads text[], ord integer)
$$;


-- The merged cross-cutting themes: county additions, the districts' own themes, and
-- priorities below the selection line that fold into a theme; each with the partnerships
-- that raised it, directly or through a folded priority, in register order. ct is the year's
-- count as the caller worked it out (csa.count_json(c, y)).
CREATE FUNCTION csa.theme_table_of(c text, y integer, ct jsonb)
RETURNS TABLE (theme text, title text, from_addition boolean, partnerships text[],
               folded text[])
LANGUAGE sql STABLE AS $$
    WITH force AS (SELECT * FROM csa.in_force(c, y)),
    direct AS (
        SELECT m.theme, m.partnership FROM csa.theme_mapping m
         WHERE m.county = c AND m.plan_year = y AND m.theme IS NOT NULL
           AND m.partnership IN (SELECT code FROM force)),
    folded AS (
        SELECT t.folds_into AS theme, t.label, unnest(t.members) AS partnership
          FROM csa.count_rows(ct) t
         WHERE NOT t.selected AND t.folds_into IS NOT NULL AND t.partnerships > 0),
    added AS (
        SELECT a.theme FROM csa.period_added(c, y) a WHERE a.theme IS NOT NULL),
    raised AS (
        SELECT theme, partnership FROM direct UNION SELECT theme, partnership FROM folded)
    SELECT t.id, t.title, t.id IN (SELECT theme FROM added),
           ARRAY(SELECT r.partnership FROM raised r JOIN force f ON f.code = r.partnership
                  WHERE r.theme = t.id ORDER BY f.ord),
           ARRAY(SELECT DISTINCT fo.label FROM folded fo WHERE fo.theme = t.id ORDER BY 1)
      FROM csa.reg_theme t
     WHERE t.county = c
       AND (t.id IN (SELECT theme FROM added) OR t.id IN (SELECT theme FROM raised))
     ORDER BY t.ord
$$;

-- csa.theme_table_of with the count worked out here (ct: csa.count_json(c, y)).
CREATE FUNCTION csa.theme_table(c text, y integer)
RETURNS TABLE (theme text, title text, from_addition boolean, partnerships text[],
               folded text[])
LANGUAGE sql STABLE AS $$
    SELECT * FROM csa.theme_table_of(c, y, csa.count_json(c, y))
$$;

-- County totals of the crime categories that bear on each selected priority (the register's
-- evidence), over the current submissions of partnerships in force, with the span of the
-- current and previous periods added up. A category whose totals are both 0 is left out:
-- it says nothing. ct: the year's count, as csa.theme_table_of's.
CREATE FUNCTION csa.evidence_table_of(c text, y integer, ct jsonb)
RETURNS TABLE (priority text, category text, current bigint, previous bigint,
               partnerships integer, period_start date, period_end date,
               previous_start date, previous_end date)
-- plpgsql with a generic plan, made once a session (see csa.count_table)
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    -- each category added up once over the year's submissions, then set beside every
    -- selected priority whose evidence it is. This runs as the owner and adds up every
    -- partnership's figures, so which priorities are selected is taken from the caller only
    -- when the caller is the county unit (csa run's drafts); anyone else's ct is worked out
    -- again here, so a forged count cannot reveal totals the agreement does not show.
    WITH wanted AS (
        SELECT t.ord, t.priority, e.category
          FROM csa.count_rows(CASE WHEN csa.access_is_county() THEN ct
                                   ELSE csa.count_json(c, y) END) t
          JOIN csa.reg_evidence e ON e.county = c AND e.priority = t.priority
         WHERE t.selected),
    summed AS (
        SELECT cc.name, sum(cc.current)::bigint AS current, sum(cc.previous)::bigint AS previous,
               count(DISTINCT s.partnership)::integer AS partnerships,
               min(cp.current_start) AS period_start, max(cp.current_end) AS period_end,
               min(cp.previous_start) AS previous_start, max(cp.previous_end) AS previous_end
          FROM csa.submission s
          JOIN csa.crime_period cp ON cp.submission = s.id
          JOIN csa.crime_category cc ON cc.submission = s.id
         WHERE s.county = c AND s.plan_year = y AND s.is_current
           AND s.partnership IN (SELECT code FROM csa.in_force(c, y))
           AND cc.name IN (SELECT category FROM wanted)
         GROUP BY cc.name
        HAVING sum(cc.current) <> 0 OR sum(cc.previous) <> 0)
    SELECT w.priority, w.category, x.current, x.previous, x.partnerships, x.period_start,
           x.period_end, x.previous_start, x.previous_end
      FROM wanted w JOIN summed x ON x.name = w.category
     ORDER BY w.ord, w.category;
END $$;

-- csa.evidence_table_of with the count worked out here (ct: csa.count_json(c, y)).
CREATE FUNCTION csa.evidence_table(c text, y integer)
RETURNS TABLE (priority text, category text, current bigint, previous bigint,
               partnerships integer, period_start date, period_end date,
               previous_start date, previous_end date)
LANGUAGE sql STABLE AS $$
    SELECT * FROM csa.evidence_table_of(c, y, csa.count_json(c, y))
$$;

-- How far each register priority's count can be trusted while submissions are still coming
-- (county.md's rule drawn over the partnerships in force, not over those that have
-- submitted). Per register priority, in count-table order then register order:
--   partnerships  the count so far (0 when no current submission names it)
--   submitted     partnerships in force with a current submission (the same on every row)
--   expected      partnerships in force (the same on every row)
--   provisional   some expected partnership has not submitted, so the count may still rise
--   could_cross   not selected by count now, but would be if every missing partnership named
--                 it (count + expected - submitted passes the threshold)
--   needs         how many more partnerships naming it would select it by count (0 when it
--                 is selected by count already)
--   selected      selected now, by count or as a county addition
--   listed        the row is in csa.count_table (named by someone, or added)
-- Nothing here can fall below the line as more arrive: the threshold is over the expected
-- partnerships and a count only rises as they submit (a revised submission that drops a
-- priority is a change the drafts report, not something to predict). ct: the year's count,
-- as csa.theme_table_of's.
CREATE FUNCTION csa.count_standing_of(c text, y integer, ct jsonb)
RETURNS TABLE (priority text, label text, title text, partnerships integer, submitted integer,
               expected integer, provisional boolean, could_cross boolean, needs integer,
               selected boolean, listed boolean)
LANGUAGE sql STABLE AS $$
    WITH rule AS (SELECT * FROM csa.selection_rule(c, y)),
    n AS (SELECT count(*)::integer AS expected,
                 count(*) FILTER (WHERE EXISTS (
                     SELECT 1 FROM csa.submission s
                      WHERE s.county = c AND s.partnership = f.code AND s.plan_year = y
                        AND s.is_current))::integer AS submitted
            FROM csa.in_force(c, y) f),
    t AS (SELECT * FROM csa.count_rows(ct))
    SELECT p.id, p.label, p.title, coalesce(t.partnerships, 0), n.submitted, n.expected,
           n.submitted < n.expected,
           n.submitted < n.expected AND coalesce(t.basis, '') <> 'count'
             AND CASE WHEN r.at_least
                      THEN coalesce(t.partnerships, 0) + n.expected - n.submitted >= r.threshold
                      ELSE coalesce(t.partnerships, 0) + n.expected - n.submitted > r.threshold END,
           greatest(0, CASE WHEN r.at_least THEN ceil(r.threshold)::integer
                            ELSE floor(r.threshold)::integer + 1 END
                       - coalesce(t.partnerships, 0)),
           coalesce(t.selected, false), t.priority IS NOT NULL
      FROM csa.reg_priority p
      LEFT JOIN t ON t.priority = p.id
      CROSS JOIN n CROSS JOIN rule r
     WHERE p.county = c
     ORDER BY t.ord NULLS LAST, p.ord
$$;

-- csa.count_standing_of with the count worked out here (ct: csa.count_json(c, y)).
CREATE FUNCTION csa.count_standing(c text, y integer)
RETURNS TABLE (priority text, label text, title text, partnerships integer, submitted integer,
               expected integer, provisional boolean, could_cross boolean, needs integer,
               selected boolean, listed boolean)
LANGUAGE sql STABLE AS $$
    SELECT * FROM csa.count_standing_of(c, y, csa.count_json(c, y))
$$;
