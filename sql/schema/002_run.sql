-- 002_run.sql: the run ledger of `csa run`, so the county unit can answer "what happened to
-- Swale's file on Tuesday" from csa status or from SQL.

CREATE TABLE csa.run (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    county       text NOT NULL REFERENCES csa.county,
    started_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at  timestamptz,
    inbox        text NOT NULL,
    jobs         integer NOT NULL CHECK (jobs > 0),
    outcome      text CHECK (outcome IN ('done', 'rejections', 'failed')),
    seen         integer NOT NULL DEFAULT 0,
    loaded       integer NOT NULL DEFAULT 0,
    unchanged    integer NOT NULL DEFAULT 0,
    rejected     integer NOT NULL DEFAULT 0,
    waiting      integer NOT NULL DEFAULT 0,
    skipped      integer NOT NULL DEFAULT 0,
    years        integer[] NOT NULL DEFAULT '{}'  -- plan years whose agreement was drafted
);

CREATE TABLE csa.run_file (
    run          bigint NOT NULL REFERENCES csa.run ON DELETE CASCADE,
    name         text NOT NULL,
    content_sha256 bytea,
    outcome      text NOT NULL CHECK (outcome IN ('loaded', 'unchanged', 'rejected',
                                                  'waiting', 'skipped', 'failed')),
    submission   bigint REFERENCES csa.submission,
    messages     text NOT NULL DEFAULT '',
    moved_to     text,
    at           timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (run, name)
);
CREATE INDEX ON csa.run_file (name);
