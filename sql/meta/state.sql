-- state.sql: which bookkeeping tables this database has, read by src/migrate.c before it
-- reads them: a new database has neither, and one of the first release has
-- csa.schema_migration without its sha256 column.
SELECT to_regclass('csa.schema_migration') IS NOT NULL AS migration,
       to_regclass('csa.schema_logic') IS NOT NULL AS logic,
       EXISTS (SELECT 1 FROM pg_attribute
                WHERE attname = 'sha256' AND NOT attisdropped
                  AND attrelid = to_regclass('csa.schema_migration')) AS hashed
