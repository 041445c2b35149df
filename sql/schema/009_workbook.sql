-- 009_workbook.sql: submissions sent as Excel workbooks (doc/workbook.md).
--
-- What kind of file a version came from: 'xml', 'gzip' (XML compressed) or 'xlsx' (a workbook,
-- whose own bytes content_zlib keeps). Rows loaded before read 'xml' or 'gzip' by their flag.
-- A workbook's places are cells, not lines: a warning, a priority and a theme keep their cell
-- as Excel writes it (Priorities!C7), and their line holds its row.
ALTER TABLE csa.submission ADD COLUMN source_kind text NOT NULL DEFAULT 'xml'
    CHECK (source_kind IN ('xml', 'gzip', 'xlsx'));
UPDATE csa.submission SET source_kind = 'gzip' WHERE source_gzip;
ALTER TABLE csa.submission_warning ADD COLUMN cell text;
ALTER TABLE csa.submission_priority ADD COLUMN cell text;
ALTER TABLE csa.submission_theme ADD COLUMN cell text;
