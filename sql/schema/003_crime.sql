-- 003_crime.sql: police.uk street-level crime, the evidence behind a strategic assessment's
-- crime table (seed 000 section 3.1). Rows are stored narrow and typed (month, force,
-- district, type), partitioned by month; what a row's district is was decided by csa when
-- it read the row (LSOA name or a lookup file), so the tables here only add up.
--
-- The rows of csa.crime_type, and the functions over these tables, are logic:
-- sql/logic/40_crime.sql.

-- The police.uk crime types and the groupings of a strategic assessment's crime table.
CREATE TABLE csa.crime_type (
    id              smallint PRIMARY KEY,
    name            text NOT NULL UNIQUE,
    ord             integer NOT NULL,
    victim_based    boolean NOT NULL,
    violent         boolean NOT NULL,
    acquisitive     boolean NOT NULL,
    against_society boolean NOT NULL,
    asb             boolean NOT NULL
);

CREATE TABLE csa.crime_force (
    id    smallint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name  text NOT NULL UNIQUE
);

CREATE TABLE csa.street_crime (
    month       date NOT NULL CHECK (extract(day FROM month) = 1),
    force       smallint NOT NULL,
    district    text NOT NULL,      -- ONS GSS code of the district
    crime_type  smallint NOT NULL
) PARTITION BY RANGE (month);
-- rows of a month that has no partition yet land here (a file holding an odd month)
CREATE TABLE csa.street_crime_other PARTITION OF csa.street_crime DEFAULT;

-- What is loaded: one row per force and month, replaced with its month.
CREATE TABLE csa.crime_month (
    force       smallint NOT NULL REFERENCES csa.crime_force,
    month       date NOT NULL,
    rows        bigint NOT NULL,
    source_name text NOT NULL,
    loaded_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (force, month)
);

-- Every file loaded, with what was not loaded from it and why.
CREATE TABLE csa.crime_file (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source_name   text NOT NULL,
    rows_read     bigint NOT NULL,
    rows_loaded   bigint NOT NULL,
    outside       bigint NOT NULL,  -- LSOA in no district of the register
    no_location   bigint NOT NULL,  -- no LSOA at all
    bad_skipped   bigint NOT NULL,  -- malformed rows skipped on request
    loaded_at     timestamptz NOT NULL DEFAULT now()
);

