-- 004_access.sql: who may do what (doc/cli.md, "Access"), and who loaded each submission
-- version from where (the audit).
--
-- The rights are rows here; what enforces them is logic (sql/logic/90_access.sql): the
-- privileges granted to each role from these rows, the SECURITY DEFINER functions every
-- write goes through, and the row-level security policies of the submission tables, whose
-- switch is thrown below (with no policy, a role that is not the owner sees no row at all).

-- One row per right: partnership NULL is the county unit's right (run the batch, load any
-- partnership and police.uk data, read everything); otherwise the role is an analyst of that
-- partnership. Roles are PostgreSQL login roles, named as pg_roles names them; csa never
-- creates them.
CREATE TABLE csa.access_right (
    role        text NOT NULL,
    partnership text CHECK (partnership ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    granted_at  timestamptz NOT NULL DEFAULT now(),
    granted_by  text NOT NULL DEFAULT session_user
);
CREATE UNIQUE INDEX access_right_one ON csa.access_right (role, coalesce(partnership, ''));

-- The audit: the database role that loaded a version (session_user, as the load function
-- sees it) and where the file came from: 'csa load', 'inbox' or 'inbox/CODE'. Versions
-- loaded before this migration are marked as such.
ALTER TABLE csa.submission
    ADD COLUMN loaded_by text NOT NULL DEFAULT '(before 004_access)',
    ADD COLUMN origin text NOT NULL DEFAULT '(before 004_access)';
ALTER TABLE csa.submission ALTER COLUMN loaded_by DROP DEFAULT,
                           ALTER COLUMN origin DROP DEFAULT;

-- A role other than the owner sees a submission table's rows only through a policy.
ALTER TABLE csa.submission ENABLE ROW LEVEL SECURITY;
ALTER TABLE csa.submission_priority ENABLE ROW LEVEL SECURITY;
ALTER TABLE csa.submission_theme ENABLE ROW LEVEL SECURITY;
ALTER TABLE csa.crime_period ENABLE ROW LEVEL SECURITY;
ALTER TABLE csa.crime_category ENABLE ROW LEVEL SECURITY;
ALTER TABLE csa.indicator ENABLE ROW LEVEL SECURITY;
ALTER TABLE csa.indicator_value ENABLE ROW LEVEL SECURITY;
ALTER TABLE csa.emerging_issue ENABLE ROW LEVEL SECURITY;
ALTER TABLE csa.submission_warning ENABLE ROW LEVEL SECURITY;

-- Nothing of csa is anyone's but the owner's until granted (tables already are; functions
-- are executable by PUBLIC when created, which 90_access.sql takes back at every apply).
REVOKE ALL ON SCHEMA csa FROM PUBLIC;
