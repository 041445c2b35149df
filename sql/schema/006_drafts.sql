-- 006_drafts.sql: the numbered drafts of each plan year's agreement (doc/cli.md, "Drafts").
--
-- A row is one numbered draft: its number (1, 2, ... per county and plan year), the date its
-- data is as of (the newest sign-off date of the submissions it counts), the SHA-256 of the
-- document's bytes without its draft control (so the same data gives the same hash) and a
-- snapshot of what the status box compares between drafts: the current submissions
-- (partnership, name, version) and the count table (priority, label, partnerships,
-- selected). Rows are only ever added, by csa.draft_record (sql/logic/55_drafts.sql), which
-- the owner and the county unit may call; no role writes this table directly.
CREATE TABLE csa.draft (
    county          text NOT NULL REFERENCES csa.county,
    plan_year       integer NOT NULL CHECK (plan_year BETWEEN 1990 AND 2200),
    number          integer NOT NULL CHECK (number > 0),
    data_as_of      date,
    content_sha256  bytea NOT NULL CHECK (length(content_sha256) = 32),
    snapshot        jsonb NOT NULL,
    written_at      timestamptz NOT NULL DEFAULT now(),
    written_by      text NOT NULL DEFAULT session_user,
    PRIMARY KEY (county, plan_year, number)
);
