-- drop_logic.sql: removes every function and view of schema csa, so that sql/logic/ can be
-- applied afresh (src/migrate.c runs this and the logic files in one transaction). A function
-- that a table needs (a column default or a CHECK) would be dropped with its user, so that is
-- refused instead: such a function belongs in a schema migration. A trigger belongs to the
-- logic file that defines its function, which creates it again.
DO $$
DECLARE
    o record;
BEGIN
    SELECT p.oid::regprocedure::text AS fn, d.classid::regclass::text AS what INTO o
      FROM pg_depend d
      JOIN pg_proc p ON p.oid = d.refobjid AND d.refclassid = 'pg_proc'::regclass
     WHERE p.pronamespace = 'csa'::regnamespace
       AND d.classid IN ('pg_attrdef'::regclass, 'pg_constraint'::regclass)
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'function % is used by a table (%), so sql/logic cannot replace it',
                        o.fn, o.what;
    END IF;
    FOR o IN SELECT c.oid::regclass::text AS name FROM pg_class c
              WHERE c.relnamespace = 'csa'::regnamespace AND c.relkind = 'v' LOOP
        EXECUTE format('DROP VIEW IF EXISTS %s CASCADE', o.name);
    END LOOP;
    FOR o IN SELECT p.oid::regprocedure::text AS sig, p.prokind FROM pg_proc p
              WHERE p.pronamespace = 'csa'::regnamespace LOOP
        EXECUTE format('DROP %s IF EXISTS %s CASCADE',
                       CASE o.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE'
                                      ELSE 'FUNCTION' END, o.sig);
    END LOOP;
END $$;
