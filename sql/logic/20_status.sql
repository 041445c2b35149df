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
       sp.ord, sp.wording, sp.norm, sp.kind, sp.rank, sp.score, sp.line, m.priority
  FROM csa.submission s
  JOIN csa.submission_priority sp ON sp.submission = s.id
  LEFT JOIN LATERAL (SELECT DISTINCT t.priority FROM csa.reg_priority_term t
                      WHERE t.county = s.county AND t.norm = sp.norm) m ON true
 WHERE s.is_current;

CREATE VIEW csa.theme_mapping AS
SELECT s.county, s.plan_year, s.partnership, s.id AS submission, s.source_name,
       st.ord, st.wording, st.norm, st.line, m.theme
  FROM csa.submission s
  JOIN csa.submission_theme st ON st.submission = s.id
  LEFT JOIN LATERAL (SELECT DISTINCT t.theme FROM csa.reg_theme_term t
                      WHERE t.county = s.county AND t.norm = st.norm) m ON true
 WHERE s.is_current;

-- Wordings in current submissions that map to nothing: the review queue.
CREATE VIEW csa.unmapped_wording AS
SELECT county, plan_year, partnership, source_name, line, 'priority'::text AS what, kind,
       wording, norm
  FROM csa.priority_mapping WHERE priority IS NULL
UNION ALL
SELECT county, plan_year, partnership, source_name, line, 'theme', NULL, wording, norm
  FROM csa.theme_mapping WHERE theme IS NULL;
