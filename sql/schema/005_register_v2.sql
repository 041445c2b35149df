-- 005_register_v2.sql: the county register's optional elements of issue 11 (doc/county.md):
-- agreement periods with their own front matter, names in force by date, a priority's
-- draws-on list and its evidence ties. Filled by csa.sync_register (sql/logic/10_load.sql)
-- from the register's JSON; read through the functions of sql/logic/35_register_text.sql.
-- A NULL text or list is one the register does not give: the draft marks it TBC.

-- One agreement period; it covers plan year y when start_date <= 1 April y <= end_date
-- (first_year..last_year). A register of the first format has one, from_agreement.
CREATE TABLE csa.reg_period (
    county             text NOT NULL REFERENCES csa.county,
    id                 text NOT NULL,
    ord                integer NOT NULL,
    start_date         date NOT NULL,
    end_date           date NOT NULL,
    first_year         integer NOT NULL,
    last_year          integer NOT NULL,
    title              text,
    period_words       text,       -- as printed: "April 2011 to March 2014"
    body               text,
    committee          text,
    version            text,
    source             text,       -- where the facts come from
    foreword           text[],     -- paragraphs
    signed_by          text,
    signer_titles      text[],
    purpose            text[],
    governance         text[],
    statutory_partners text[],
    plans              text[],
    signatories        text[],
    contact_name       text,
    contact_address    text[],
    contact_email      text,
    contact_phone      text,
    alt_formats        text,
    alt_formats_phone  text,
    workshop_when      text,
    from_agreement     boolean NOT NULL,
    PRIMARY KEY (county, id),
    CHECK (start_date <= end_date)
);
CREATE INDEX ON csa.reg_period (county, first_year, last_year);

CREATE TABLE csa.reg_period_addition (
    county   text NOT NULL,
    period   text NOT NULL,
    ord      integer NOT NULL,
    priority text,
    theme    text,
    reason   text NOT NULL,
    PRIMARY KEY (county, period, ord),
    CHECK ((priority IS NULL) <> (theme IS NULL)),
    FOREIGN KEY (county, period) REFERENCES csa.reg_period ON DELETE CASCADE,
    FOREIGN KEY (county, priority) REFERENCES csa.reg_priority,
    FOREIGN KEY (county, theme) REFERENCES csa.reg_theme
);

-- A stakeholder workshop item and what became of it (NULL: not known).
CREATE TABLE csa.reg_workshop_item (
    county   text NOT NULL,
    period   text NOT NULL,
    ord      integer NOT NULL,
    item     text NOT NULL,
    became   text CHECK (became IN ('priority', 'theme', 'not-adopted')),
    priority text,
    theme    text,
    PRIMARY KEY (county, period, ord),
    FOREIGN KEY (county, period) REFERENCES csa.reg_period ON DELETE CASCADE,
    FOREIGN KEY (county, priority) REFERENCES csa.reg_priority,
    FOREIGN KEY (county, theme) REFERENCES csa.reg_theme
);

-- An earlier name and the last day it was in force: the partnership's own (gss NULL) or
-- one of its districts'.
CREATE TABLE csa.reg_former_name (
    county      text NOT NULL,
    partnership text NOT NULL,
    gss         text CHECK (gss ~ '^E[0-9]{8}$'),
    ord         integer NOT NULL,
    name        text NOT NULL,
    until       date NOT NULL,
    PRIMARY KEY (county, partnership, ord),
    FOREIGN KEY (county, partnership) REFERENCES csa.reg_partnership ON DELETE CASCADE
);

-- The district priorities a county priority's sentence counts together.
CREATE TABLE csa.reg_draws_on (
    county   text NOT NULL,
    priority text NOT NULL,
    ord      integer NOT NULL,
    draws_on text NOT NULL,
    PRIMARY KEY (county, priority, draws_on),
    FOREIGN KEY (county, priority) REFERENCES csa.reg_priority ON DELETE CASCADE,
    FOREIGN KEY (county, draws_on) REFERENCES csa.reg_priority ON DELETE CASCADE
);

-- A submitted indicator tied to a priority: indicator is the register's name for it, text
-- each name it matches (the name itself and its aliases), norm its csa.indicator_key.
CREATE TABLE csa.reg_indicator_tie (
    county    text NOT NULL,
    priority  text NOT NULL,
    ord       integer NOT NULL,
    indicator text NOT NULL,
    text      text NOT NULL,
    norm      text NOT NULL,
    PRIMARY KEY (county, priority, norm),
    FOREIGN KEY (county, priority) REFERENCES csa.reg_priority ON DELETE CASCADE
);

-- A police.uk crime type tied to a priority, by name. No foreign key to csa.crime_type: the
-- reader checks the name against the police.uk names csa knows (puk_crime_type), and a sync
-- must not fail before the crime commands report a database whose types differ from csa's.
CREATE TABLE csa.reg_crime_type_tie (
    county     text NOT NULL,
    priority   text NOT NULL,
    ord        integer NOT NULL,
    crime_type text NOT NULL,
    PRIMARY KEY (county, priority, crime_type),
    FOREIGN KEY (county, priority) REFERENCES csa.reg_priority ON DELETE CASCADE
);
