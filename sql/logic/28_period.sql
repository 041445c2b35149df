-- 28_period.sql: the agreement period covering a plan year (doc/county.md, "Agreement
-- periods") and the priority leads of that year ("Leads"). Before 30_counts.sql, whose count
-- table reads the leads, and 35_register_text.sql, whose front matter reads the period.

-- The agreement period of county c covering plan year y (start <= 1 April y <= end): one
-- row, or none when no period covers it.
CREATE FUNCTION csa.agreement_period(c text, y integer)
RETURNS SETOF csa.reg_period
LANGUAGE sql STABLE AS $$
    SELECT * FROM csa.reg_period p
     WHERE p.county = c AND y BETWEEN p.first_year AND p.last_year
     ORDER BY p.ord
     LIMIT 1
$$;

-- The leads of each priority of county c for plan year y, in order (the first is the lead
-- officer), with the period that gave them: the leads of the period covering y when it gives
-- any (then a priority it names no lead for has none: never another period's), else the
-- register's undated <priority><lead> (period NULL), as for a register of the first format.
CREATE FUNCTION csa.priority_leads(c text, y integer)
RETURNS TABLE (priority text, leads text[], period text)
LANGUAGE sql STABLE AS $$
    WITH dated AS (
        SELECT l.priority, l.ord, l.lead, l.period
          FROM csa.agreement_period(c, y) p
          JOIN csa.reg_period_lead l ON l.county = c AND l.period = p.id)
    SELECT d.priority, array_agg(d.lead ORDER BY d.ord), min(d.period)
      FROM dated d
     GROUP BY d.priority
    UNION ALL
    SELECT l.priority, array_agg(l.lead ORDER BY l.ord), NULL
      FROM csa.reg_lead l
     WHERE l.county = c AND NOT EXISTS (SELECT 1 FROM dated)
     GROUP BY l.priority
$$;
