-- 008_crime_counts.sql: police.uk street-level crime kept as counts. csa counts each file as
-- it reads it (src/crime_tally.c): one row per force, month, district, LSOA and crime type,
-- with the number of records, instead of a row per record in csa.street_crime. The crime
-- table and the agreement's Appendix B add these up (sql/logic/40_crime.sql); the LSOA keeps
-- what a strategic assessment's hotspot tables need.
--
-- csa.street_crime (003_crime.sql) stays, as released migrations never change, but is no
-- longer written: its rows are moved here as counts (with no LSOA: the rows never had one),
-- so a database upgraded keeps every figure, and then emptied, so the two never disagree.

CREATE TABLE csa.crime_count (
    force       smallint NOT NULL,
    month       date NOT NULL CHECK (extract(day FROM month) = 1),
    district    text NOT NULL,      -- ONS GSS code of the district
    lsoa        text NOT NULL,      -- LSOA code; '' when the record had none (placed by its
                                    -- LSOA name) or was loaded before LSOAs were kept
    crime_type  smallint NOT NULL,
    n           integer NOT NULL CHECK (n > 0),
    lsoa_name   text NOT NULL,      -- as the file named the LSOA ('' with no code)
    PRIMARY KEY (force, month, district, lsoa, crime_type)
);

INSERT INTO csa.crime_count (force, month, district, lsoa, crime_type, n, lsoa_name)
SELECT force, month, district, '', crime_type, count(*), ''
  FROM csa.street_crime
 GROUP BY force, month, district, crime_type;

TRUNCATE csa.street_crime;
