-- 05_access.sql: who the session's role is to csa (doc/cli.md, "Access"), and the owner's
-- functions that grant and revoke. The rights are the rows of csa.access_right
-- (sql/schema/004_access.sql); 90_access.sql turns them into privileges and policies.
--
-- Every check is of session_user, the role that logged in: inside a SECURITY DEFINER
-- function current_user is the owner, so only session_user says who is calling.

-- Whether the session's role is the owner of csa (the role that migrates; a superuser is).
CREATE FUNCTION csa.access_is_owner() RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT pg_has_role(session_user, n.nspowner, 'MEMBER')
                       FROM pg_namespace n WHERE n.nspname = 'csa'), false)
$$;

-- Whether the session's role is the owner or has the county unit's right.
CREATE FUNCTION csa.access_is_county() RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT csa.access_is_owner()
        OR EXISTS (SELECT 1 FROM csa.access_right a
                    WHERE a.role = session_user AND a.partnership IS NULL)
$$;

-- Whether the session's role may see (and load) partnership p's submissions.
CREATE FUNCTION csa.access_may_load(p text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT csa.access_is_county()
        OR EXISTS (SELECT 1 FROM csa.access_right a
                    WHERE a.role = session_user AND a.partnership = p)
$$;

-- The partnerships of the session's role as an analyst, "ashford" or "ashford, swale"
-- (NULL: none), for messages.
CREATE FUNCTION csa.access_partnership_list() RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT string_agg(a.partnership, ', ' ORDER BY a.partnership) FROM csa.access_right a
     WHERE a.role = session_user AND a.partnership IS NOT NULL
$$;

-- The policy of the submission tables' child rows: whether the session's role sees the
-- submission sid.
CREATE FUNCTION csa.access_sees_submission(sid bigint) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT csa.access_is_county()
        OR EXISTS (SELECT 1 FROM csa.submission s
                     JOIN csa.access_right a ON a.partnership = s.partnership
                    WHERE s.id = sid AND a.role = session_user)
$$;

-- What the command line asks before it runs a command: the session's role, whether it owns
-- csa, whether it has the county's right, and its partnerships as an analyst.
CREATE FUNCTION csa.access_whoami()
RETURNS TABLE (role text, owner boolean, county boolean, partnerships text)
LANGUAGE sql STABLE AS $$
    SELECT session_user::text, csa.access_is_owner(), csa.access_is_county(),
           csa.access_partnership_list()
$$;

-- ---- the owner's: csa access grant / revoke / list -----------------------------------------

-- Every right, by role, the county's first.
CREATE FUNCTION csa.access_list()
RETURNS TABLE (role text, partnership text, granted_at text, granted_by text)
LANGUAGE sql STABLE AS $$
    SELECT a.role, a.partnership, to_char(a.granted_at, 'YYYY-MM-DD HH24:MI'), a.granted_by
      FROM csa.access_right a
     ORDER BY a.role, a.partnership NULLS FIRST
$$;

-- Gives login role r the county's right (p NULL) or makes it an analyst of partnership p,
-- then brings r's privileges in line (csa.access_apply). Refuses an unknown role (CS002) and
-- a partnership the database's register has never held (CS003). Returns false when r
-- already had the right.
CREATE FUNCTION csa.access_grant(r text, p text) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    n integer;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r AND rolcanlogin) THEN
        RAISE EXCEPTION USING ERRCODE = 'CS002',
            MESSAGE = format('there is no login role "%s" in this cluster (csa grants rights '
                             'to existing login roles; it never creates them)', r);
    END IF;
    IF p IS NOT NULL AND NOT EXISTS (SELECT 1 FROM csa.partnership k WHERE k.code = p) THEN
        RAISE EXCEPTION USING ERRCODE = 'CS003',
            MESSAGE = format('unknown partnership "%s": the register in the database has %s',
                             p, coalesce((SELECT string_agg(DISTINCT k.code, ', ')
                                            FROM csa.partnership k), 'none yet'));
    END IF;
    INSERT INTO csa.access_right (role, partnership) VALUES (r, p) ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS n = ROW_COUNT;
    PERFORM csa.access_apply(r);
    RETURN n > 0;
END $$;

-- Takes partnerships ps away from r, or every right of r when ps is NULL or empty, then
-- brings r's privileges in line. Returns how many rights went.
CREATE FUNCTION csa.access_revoke(r text, ps text[]) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    n integer;
BEGIN
    DELETE FROM csa.access_right a
     WHERE a.role = r AND (coalesce(cardinality(ps), 0) = 0 OR a.partnership = ANY (ps));
    GET DIAGNOSTICS n = ROW_COUNT;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
        PERFORM csa.access_apply(r);
    END IF;
    RETURN n;
END $$;
