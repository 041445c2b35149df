-- 90_access.sql: the rights of csa.access_right made real, applied last of the logic, so that
-- every re-application (which drops and recreates every function and view, and with them
-- their grants) ends with the privileges and policies in place again.
--
--   * every function of csa: EXECUTE taken from PUBLIC; the entry points (what the command
--     line calls, and what the policies call) are SECURITY DEFINER with a fixed search_path,
--     so they run as the owner whoever calls them, and check who that is themselves;
--   * every role with a right: granted, directly, what csa.access_apply gives it (no group
--     roles: roles are cluster-wide, rights are per database);
--   * the submission tables: row-level security shows an analyst its own partnerships' rows.
-- No role but the owner may INSERT, UPDATE or DELETE any table of csa; the one exception is
-- INSERT on csa.crime_count for the county unit, whose police.uk loader streams its counts
-- there with COPY.

-- The functions a role may call: 'any' for every role with a right, 'county' for the county
-- unit. 'policy' functions are called by the row-level security policies (so by any role
-- that reads a submission table). Functions not listed are the owner's only.
CREATE FUNCTION csa.access_entry_points()
RETURNS TABLE (fn text, who text)
LANGUAGE sql IMMUTABLE AS $$
    VALUES ('access_is_owner', 'policy'), ('access_is_county', 'policy'),
           ('access_may_load', 'policy'), ('access_partnership_list', 'policy'),
           ('access_sees_submission', 'policy'), ('access_whoami', 'any'),
           ('load_submission', 'any'),
           ('status_summary', 'any'), ('status_partnerships', 'any'),
           ('status_warnings', 'any'), ('status_unmapped', 'any'), ('status_runs', 'any'),
           ('status_last_run_problems', 'any'),
           ('selection_rule', 'any'), ('count_table', 'any'), ('theme_table', 'any'),
           ('evidence_table', 'any'),
           ('agreement_partnerships', 'any'), ('agreement_counts', 'any'),
           ('agreement_additions', 'any'), ('agreement_themes', 'any'),
           ('agreement_unmapped', 'any'), ('agreement_crime', 'any'), ('agreement_date', 'any'),
           ('count_standing', 'any'), ('agreement_standing', 'any'),
           ('agreement_partnership_priorities', 'any'), ('agreement_draws_on', 'any'),
           ('agreement_indicators', 'any'), ('agreement_crime_ties', 'any'),
           ('crime_comparison', 'any'), ('crime_coverage', 'any'), ('crime_period_end', 'any'),
           ('crime_county_forces', 'any'), ('crime_lsoa_known', 'any'),
           ('crime_lsoa_table', 'any'),
           ('draft_state', 'any'), ('draft_compare', 'any'), ('draft_year_on_year', 'any'),
           ('draft_record', 'county'), ('draft_state_sha', 'any'), ('draft_record_sha', 'county'),
           ('count_json', 'any'), ('evidence_table_of', 'any'), ('draft_year_on_year_of', 'any'),
           ('agreement_period', 'any'), ('priority_leads', 'any'), ('period_additions', 'any'),
           ('period_workshop', 'any'), ('partnership_name_in', 'any'),
           ('district_name_in', 'any'), ('names_in_force', 'any'), ('draws_on_count', 'any'),
           ('indicator_evidence', 'any'), ('crime_type_ties', 'any'),
           ('sync_register', 'county'), ('submission_analyze', 'county'),
           ('run_start', 'county'), ('run_take_over', 'county'), ('run_record_file', 'county'),
           ('run_set_years', 'county'), ('run_finish', 'county'),
           ('run_durable', 'county'),
           ('current_plan_years', 'county'),
           ('crime_month_claim', 'county'),
           ('crime_month_record', 'county'), ('crime_file_record', 'county'),
           ('crime_analyze', 'county'),
           ('template_previous', 'any')
$$;

-- The tables every role with a right may read: 'public' (the register, police.uk crime,
-- what is applied) and 'submission' (with RLS, which shows an analyst its own partnerships'
-- rows). The county unit reads every table and view.
CREATE FUNCTION csa.access_tables(kind text) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE kind
        WHEN 'public' THEN ARRAY['schema_migration', 'schema_logic', 'county', 'partnership',
            'reg_partnership', 'reg_district', 'reg_theme', 'reg_priority', 'reg_priority_term',
            'reg_theme_term', 'reg_lead', 'reg_evidence', 'reg_addition', 'crime_type',
            'crime_force', 'street_crime', 'crime_month', 'crime_file', 'crime_count',
            'reg_period',
            'reg_period_addition', 'reg_workshop_item', 'reg_former_name', 'reg_draws_on',
            'reg_indicator_tie', 'reg_crime_type_tie', 'reg_period_lead']
        WHEN 'submission' THEN ARRAY['submission', 'submission_priority', 'submission_theme',
            'crime_period', 'crime_category', 'indicator', 'indicator_value', 'emerging_issue',
            'submission_warning']
    END
$$;

-- Brings role r's privileges on csa in line with its rows of csa.access_right: everything
-- taken away, then granted again from the rows (nothing, when it has none left).
CREATE FUNCTION csa.access_apply(r text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    county boolean := EXISTS (SELECT 1 FROM csa.access_right a
                               WHERE a.role = r AND a.partnership IS NULL);
    f record;
    t text;
BEGIN
    EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA csa FROM %I', r);
    EXECUTE format('REVOKE ALL ON ALL FUNCTIONS IN SCHEMA csa FROM %I', r);
    EXECUTE format('REVOKE ALL ON SCHEMA csa FROM %I', r);
    IF NOT EXISTS (SELECT 1 FROM csa.access_right a WHERE a.role = r) THEN
        RETURN;
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA csa TO %I', r);
    FOREACH t IN ARRAY csa.access_tables('public') || csa.access_tables('submission') LOOP
        EXECUTE format('GRANT SELECT ON csa.%I TO %I', t, r);
    END LOOP;
    IF county THEN -- reads everything: the run ledger, the views, the rights too
        EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA csa TO %I', r);
        EXECUTE format('GRANT INSERT ON csa.crime_count TO %I', r);
    END IF;
    FOR f IN SELECT p.oid::regprocedure::text AS sig
               FROM pg_proc p JOIN csa.access_entry_points() e ON e.fn = p.proname
              WHERE p.pronamespace = 'csa'::regnamespace
                AND (e.who IN ('any', 'policy') OR (e.who = 'county' AND county)) LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %I', f.sig, r);
    END LOOP;
END $$;

DO $$
DECLARE
    f record;
    t text;
BEGIN
    FOR f IN SELECT p.oid::regprocedure::text AS sig, p.proname::text AS name
               FROM pg_proc p WHERE p.pronamespace = 'csa'::regnamespace LOOP
        EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f.sig);
        IF EXISTS (SELECT 1 FROM csa.access_entry_points() e WHERE e.fn = f.name) THEN
            EXECUTE format('ALTER FUNCTION %s SECURITY DEFINER '
                           'SET search_path = pg_catalog, csa, pg_temp', f.sig);
        END IF;
    END LOOP;
    -- the policies call functions of this logic, so they are made again with it
    FOREACH t IN ARRAY csa.access_tables('submission') LOOP
        EXECUTE format('DROP POLICY IF EXISTS sees_own ON csa.%I', t);
        EXECUTE format('CREATE POLICY sees_own ON csa.%I FOR SELECT USING (%s)', t,
                       CASE t WHEN 'submission' THEN 'csa.access_may_load(partnership)'
                              ELSE 'csa.access_sees_submission(submission)' END);
    END LOOP;
    -- and every role's grants on the functions just made
    FOR f IN SELECT DISTINCT a.role FROM csa.access_right a
              WHERE EXISTS (SELECT 1 FROM pg_roles WHERE rolname = a.role) LOOP
        PERFORM csa.access_apply(f.role);
    END LOOP;
END $$;
