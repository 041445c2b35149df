-- 60_template.sql: what `csa template --from-version` pre-fills a workbook with (doc/cli.md,
-- doc/workbook.md): partnership p's current submission of plan year y, read from the loaded
-- rows (not from the stored document, whose bytes may be XML or a workbook).

-- The current submission of partnership p of county c for plan year y, as rows of one fixed
-- column list read by name (src/template_prev.c), in this order:
--   'header'    one row: version, partnership_name, submitted, contact_*, scoring;
--   'priority'  wording, kind, rank, score, by ord;
--   'theme'     wording, by ord;
--   'crime'     at most one row: the four period dates;
--   'category'  name, parent, current, previous, difference, percent_change, by ord;
--   'indicator' name, unit, by ord, each followed by its
--   'value'     rows (period_start, period_end, value), by sub;
--   'issue'     title, body, by ord.
-- No rows when there is no such submission, or when the session's role may not see p (an
-- analyst sees its own partnerships only: csa.access_may_load). Numbers are text as
-- PostgreSQL writes them (a score 81.50 stays "81.50"), dates YYYY-MM-DD.
CREATE FUNCTION csa.template_previous(c text, p text, y integer)
RETURNS TABLE (part text, ord integer, sub integer, version integer, partnership_name text,
               submitted text, contact_name text, contact_role text, contact_email text,
               scoring text, wording text, kind text, rank integer, score text, name text,
               parent text, current bigint, previous bigint, difference bigint,
               percent_change text, current_start text, current_end text,
               previous_start text, previous_end text, unit text, period_start text,
               period_end text, value text, title text, body text)
LANGUAGE sql STABLE AS $$
    WITH s AS (
        SELECT * FROM csa.submission
         WHERE county = c AND partnership = p AND plan_year = y AND is_current
           AND csa.access_may_load(p)
    ), rows AS (
        SELECT 1 AS seq, 'header' AS part, 0 AS ord, 0 AS sub, s.version, s.partnership_name,
               s.submitted::text AS submitted, s.contact_name, s.contact_role, s.contact_email,
               s.scoring, NULL::text AS wording, NULL::text AS kind, NULL::integer AS rank,
               NULL::text AS score, NULL::text AS name, NULL::text AS parent,
               NULL::bigint AS current, NULL::bigint AS previous, NULL::bigint AS difference,
               NULL::text AS percent_change, NULL::text AS current_start,
               NULL::text AS current_end, NULL::text AS previous_start,
               NULL::text AS previous_end, NULL::text AS unit, NULL::text AS period_start,
               NULL::text AS period_end, NULL::text AS value, NULL::text AS title,
               NULL::text AS body
          FROM s
        UNION ALL
        SELECT 2, 'priority', sp.ord, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, sp.wording,
               sp.kind, sp.rank, sp.score::text, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
               NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
          FROM s JOIN csa.submission_priority sp ON sp.submission = s.id
        UNION ALL
        SELECT 3, 'theme', st.ord, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, st.wording,
               NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
               NULL, NULL, NULL, NULL, NULL, NULL
          FROM s JOIN csa.submission_theme st ON st.submission = s.id
        UNION ALL
        SELECT 4, 'crime', 0, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
               NULL, NULL, NULL, NULL, NULL, NULL, NULL, cp.current_start::text,
               cp.current_end::text, cp.previous_start::text, cp.previous_end::text, NULL,
               NULL, NULL, NULL, NULL, NULL
          FROM s JOIN csa.crime_period cp ON cp.submission = s.id
        UNION ALL
        SELECT 5, 'category', cc.ord, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
               NULL, NULL, cc.name, cc.parent, cc.current, cc.previous, cc.difference,
               cc.percent_change::text, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
               NULL
          FROM s JOIN csa.crime_category cc ON cc.submission = s.id
        UNION ALL
        SELECT 6, 'indicator', i.ord, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
               NULL, NULL, i.name, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
               i.unit, NULL, NULL, NULL, NULL, NULL
          FROM s JOIN csa.indicator i ON i.submission = s.id
        UNION ALL
        SELECT 6, 'value', v.indicator, v.ord + 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
               NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
               NULL, NULL, v.period_start::text, v.period_end::text, v.value::text, NULL, NULL
          FROM s JOIN csa.indicator_value v ON v.submission = s.id
        UNION ALL
        SELECT 7, 'issue', e.ord, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
               NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
               NULL, NULL, NULL, e.title, e.body
          FROM s JOIN csa.emerging_issue e ON e.submission = s.id
    )
    SELECT part, ord, sub, version, partnership_name, submitted, contact_name, contact_role,
           contact_email, scoring, wording, kind, rank, score, name, parent, current, previous,
           difference, percent_change, current_start, current_end, previous_start,
           previous_end, unit, period_start, period_end, value, title, body
      FROM rows ORDER BY seq, ord, sub
$$;
