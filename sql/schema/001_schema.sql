-- 001_schema.sql: the store of csa.
--
-- Two halves. The register tables mirror the county register file (etl/counties/*.xml); csa
-- replaces a county's rows from the file whenever it changes (csa.sync_register), so they
-- are never edited by hand. The submission tables keep every version of every district
-- submission ever loaded, with what was written exactly as written; which version counts is
-- derived (is_current), and what a wording means is derived too, by joining its normalised
-- form to the register's terms, so a new alias takes effect without reloading anything.
-- The constraints state what must never happen, so the database refuses what csa should
-- never send.

CREATE SCHEMA IF NOT EXISTS csa;

-- ---- the register ----------------------------------------------------------------------

CREATE TABLE csa.county (
    code            text PRIMARY KEY CHECK (code ~ '^E[0-9]{8}$'),
    name            text NOT NULL,
    min_share       numeric NOT NULL CHECK (min_share > 0 AND min_share <= 1),
    min_partnerships integer CHECK (min_partnerships > 0),
    count_subsidiary boolean NOT NULL,
    register_json   jsonb NOT NULL,          -- the register as last synchronised
    synced_at       timestamptz NOT NULL DEFAULT now()
);

-- Every partnership code ever seen for a county; rows are never deleted, because
-- submissions refer to them even after the register drops a partnership.
CREATE TABLE csa.partnership (
    county      text NOT NULL REFERENCES csa.county,
    code        text NOT NULL CHECK (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    PRIMARY KEY (county, code)
);

-- The register's current view of each partnership (replaced on sync).
CREATE TABLE csa.reg_partnership (
    county      text NOT NULL,
    code        text NOT NULL,
    ord         integer NOT NULL,
    name        text NOT NULL,
    valid_from  date,
    valid_until date,
    PRIMARY KEY (county, code),
    FOREIGN KEY (county, code) REFERENCES csa.partnership,
    CHECK (valid_from IS NULL OR valid_until IS NULL OR valid_from <= valid_until)
);

CREATE TABLE csa.reg_district (
    county       text NOT NULL,
    partnership  text NOT NULL,
    gss          text NOT NULL CHECK (gss ~ '^E[0-9]{8}$'),
    ord          integer NOT NULL,
    name         text NOT NULL,
    former_names text,
    PRIMARY KEY (county, partnership, gss),
    FOREIGN KEY (county, partnership) REFERENCES csa.reg_partnership ON DELETE CASCADE
);

CREATE TABLE csa.reg_theme (
    county  text NOT NULL REFERENCES csa.county,
    id      text NOT NULL,
    ord     integer NOT NULL,
    title   text NOT NULL,
    PRIMARY KEY (county, id)
);

CREATE TABLE csa.reg_priority (
    county      text NOT NULL REFERENCES csa.county,
    id          text NOT NULL,
    ord         integer NOT NULL,   -- register order: the last tie-break
    label       text NOT NULL,
    title       text NOT NULL,
    note        text,
    folds_into  text,
    PRIMARY KEY (county, id),
    FOREIGN KEY (county, folds_into) REFERENCES csa.reg_theme
);

-- Label, title and aliases of a priority, normalised by csa (normalize.c) for matching.
CREATE TABLE csa.reg_priority_term (
    county   text NOT NULL,
    priority text NOT NULL,
    kind     text NOT NULL CHECK (kind IN ('label', 'title', 'alias')),
    text     text NOT NULL,
    norm     text NOT NULL,
    FOREIGN KEY (county, priority) REFERENCES csa.reg_priority ON DELETE CASCADE
);
CREATE INDEX ON csa.reg_priority_term (county, norm);
-- the same alias twice under one priority is a register error (county.md)
CREATE UNIQUE INDEX ON csa.reg_priority_term (county, priority, norm) WHERE kind = 'alias';

CREATE TABLE csa.reg_theme_term (
    county  text NOT NULL,
    theme   text NOT NULL,
    kind    text NOT NULL CHECK (kind IN ('title', 'alias')),
    text    text NOT NULL,
    norm    text NOT NULL,
    FOREIGN KEY (county, theme) REFERENCES csa.reg_theme ON DELETE CASCADE
);
CREATE INDEX ON csa.reg_theme_term (county, norm);
CREATE UNIQUE INDEX ON csa.reg_theme_term (county, theme, norm) WHERE kind = 'alias';

CREATE TABLE csa.reg_lead (
    county   text NOT NULL,
    priority text NOT NULL,
    ord      integer NOT NULL,          -- 1 is the lead officer, others secondary leads
    lead     text NOT NULL,
    PRIMARY KEY (county, priority, ord),
    FOREIGN KEY (county, priority) REFERENCES csa.reg_priority ON DELETE CASCADE
);

CREATE TABLE csa.reg_evidence (
    county   text NOT NULL,
    priority text NOT NULL,
    category text NOT NULL,
    PRIMARY KEY (county, priority, category),
    FOREIGN KEY (county, priority) REFERENCES csa.reg_priority ON DELETE CASCADE
);

CREATE TABLE csa.reg_addition (
    county   text NOT NULL REFERENCES csa.county,
    ord      integer NOT NULL,
    priority text,
    theme    text,
    reason   text NOT NULL,
    PRIMARY KEY (county, ord),
    CHECK ((priority IS NULL) <> (theme IS NULL)),
    FOREIGN KEY (county, priority) REFERENCES csa.reg_priority,
    FOREIGN KEY (county, theme) REFERENCES csa.reg_theme
);

-- ---- submissions -----------------------------------------------------------------------

CREATE TABLE csa.submission (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    county           text NOT NULL,
    partnership      text NOT NULL,
    plan_year        integer NOT NULL CHECK (plan_year BETWEEN 1990 AND 2200),
    version          integer NOT NULL CHECK (version > 0),
    is_current       boolean NOT NULL DEFAULT false,
    partnership_name text NOT NULL,     -- as the district wrote it
    submitted        date,
    contact_name     text,
    contact_role     text,
    contact_email    text,
    scoring          text,
    source_name      text NOT NULL,     -- the file's name when it arrived
    source_mtime     timestamptz,       -- its modification time then
    source_gzip      boolean NOT NULL,
    received_at      timestamptz NOT NULL DEFAULT now(),
    content_sha256   bytea NOT NULL CHECK (length(content_sha256) = 32),
    content_zlib     bytea NOT NULL,    -- the document's bytes, zlib-compressed
    content_bytes    integer NOT NULL CHECK (content_bytes >= 0),
    FOREIGN KEY (county, partnership) REFERENCES csa.partnership,
    UNIQUE (county, partnership, plan_year, version)
);
-- the same bytes are loaded once, whatever the file is called
CREATE UNIQUE INDEX submission_content ON csa.submission (content_sha256);
-- at most one current submission per partnership and plan year
CREATE UNIQUE INDEX submission_one_current ON csa.submission (county, partnership, plan_year)
    WHERE is_current;

CREATE TABLE csa.submission_priority (
    submission  bigint NOT NULL REFERENCES csa.submission ON DELETE CASCADE,
    ord         integer NOT NULL,
    wording     text NOT NULL,     -- as written
    norm        text NOT NULL CHECK (norm <> ''),
    kind        text NOT NULL CHECK (kind IN ('core', 'subsidiary')),
    rank        integer CHECK (rank > 0),
    score       numeric CHECK (score >= 0),
    line        integer NOT NULL,
    PRIMARY KEY (submission, ord)
);
CREATE INDEX ON csa.submission_priority (norm);
CREATE UNIQUE INDEX ON csa.submission_priority (submission, rank) WHERE kind = 'core';

CREATE TABLE csa.submission_theme (
    submission  bigint NOT NULL REFERENCES csa.submission ON DELETE CASCADE,
    ord         integer NOT NULL,
    wording     text NOT NULL,
    norm        text NOT NULL CHECK (norm <> ''),
    line        integer NOT NULL,
    PRIMARY KEY (submission, ord)
);

CREATE TABLE csa.crime_period (
    submission      bigint PRIMARY KEY REFERENCES csa.submission ON DELETE CASCADE,
    current_start   date NOT NULL,
    current_end     date NOT NULL,
    previous_start  date NOT NULL,
    previous_end    date NOT NULL,
    CHECK (current_start < current_end AND previous_start < previous_end)
);

CREATE TABLE csa.crime_category (
    submission      bigint NOT NULL REFERENCES csa.crime_period ON DELETE CASCADE,
    ord             integer NOT NULL,
    name            text NOT NULL,
    parent          text,
    current         bigint NOT NULL CHECK (current >= 0),
    previous        bigint NOT NULL CHECK (previous >= 0),
    difference      bigint,            -- as written; the counts are authoritative
    percent_change  numeric,           -- as written
    line            integer NOT NULL,
    PRIMARY KEY (submission, ord),
    UNIQUE (submission, name)
);

CREATE TABLE csa.indicator (
    submission  bigint NOT NULL REFERENCES csa.submission ON DELETE CASCADE,
    ord         integer NOT NULL,
    name        text NOT NULL,
    unit        text,
    PRIMARY KEY (submission, ord)
);

CREATE TABLE csa.indicator_value (
    submission  bigint NOT NULL,
    indicator   integer NOT NULL,
    ord         integer NOT NULL,
    period_start date NOT NULL,
    period_end   date NOT NULL CHECK (period_end >= period_start),
    value       numeric NOT NULL,
    PRIMARY KEY (submission, indicator, ord),
    FOREIGN KEY (submission, indicator) REFERENCES csa.indicator ON DELETE CASCADE
);

CREATE TABLE csa.emerging_issue (
    submission  bigint NOT NULL REFERENCES csa.submission ON DELETE CASCADE,
    ord         integer NOT NULL,
    title       text,
    body        text NOT NULL,
    PRIMARY KEY (submission, ord)
);

-- Warnings found when the submission was validated (it loads; they are kept with it).
CREATE TABLE csa.submission_warning (
    submission  bigint NOT NULL REFERENCES csa.submission ON DELETE CASCADE,
    ord         integer NOT NULL,
    line        integer NOT NULL CHECK (line >= 0),
    message     text NOT NULL,
    PRIMARY KEY (submission, ord)
);
