-- role.sql: what the connected role may do to csa, read by src/migrate.c before anything of
-- csa is touched (so it must work on a database of any age, or with no csa at all). A role
-- may migrate when it owns schema csa (is, or is a member of, its owner; a superuser is), or,
-- before csa exists, when it may create schemas in the database. A role may use csa when it
-- has USAGE on the schema (the owner's grant), or csa does not exist yet.
SELECT current_user::text AS role,
       CASE WHEN n.oid IS NULL THEN has_database_privilege(current_database(), 'CREATE')
            ELSE pg_has_role(n.nspowner, 'MEMBER') END AS may_migrate,
       n.oid IS NULL OR has_schema_privilege(n.oid, 'USAGE') AS may_use
  FROM (SELECT 1) one LEFT JOIN pg_namespace n ON n.nspname = 'csa'
