-- bookkeeping.sql: the two tables that record what src/migrate.c has applied. Run before any
-- migration, so it must stay re-runnable on a database of any age: the first release
-- recorded migrations by name only, and the sha256 column is added to such a table here.
CREATE SCHEMA IF NOT EXISTS csa;
CREATE TABLE IF NOT EXISTS csa.schema_migration (
    name       text PRIMARY KEY,             -- e.g. sql/schema/001_schema.sql
    applied_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE csa.schema_migration ADD COLUMN IF NOT EXISTS sha256 text;
CREATE TABLE IF NOT EXISTS csa.schema_logic (
    name       text PRIMARY KEY,             -- e.g. sql/logic/30_counts.sql
    sha256     text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
);
