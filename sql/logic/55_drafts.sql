-- 55_drafts.sql: draft control (doc/cli.md, "Drafts"): which number a plan year's draft
-- has, the date its data is as of, what changed since the previous draft and since the
-- previous plan year. The drafts are the rows of csa.draft (sql/schema/006_drafts.sql).
--
-- A draft's number changes only when its content does: the caller hands over the document's
-- bytes without their draft control, and the same bytes are the same draft. Reading is
-- every role's (csa.draft_state); recording a new number is the owner's and the county
-- unit's only (csa.draft_record), so an analyst's `csa agreement` shows the latest recorded
-- number when nothing changed and an unrecorded draw otherwise.

-- What the status box compares between drafts, now: the current submissions (partnership,
-- its name in force, version; register order) and the count table (priority, label,
-- partnerships, selected; selection order). ct is the count, csa.count_json(c, y).
CREATE FUNCTION csa.draft_snapshot(c text, y integer, ct jsonb) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'submissions', coalesce((
            SELECT jsonb_agg(jsonb_build_object('partnership', s.partnership,
                                                'name', coalesce(f.name, s.partnership_name),
                                                'version', s.version)
                             ORDER BY f.ord NULLS LAST, s.partnership)
              FROM csa.submission s LEFT JOIN csa.in_force(c, y) f ON f.code = s.partnership
             WHERE s.county = c AND s.plan_year = y AND s.is_current), '[]'::jsonb),
        'counts', coalesce((
            SELECT jsonb_agg(jsonb_build_object('priority', t.priority, 'label', t.label,
                                                'partnerships', t.partnerships,
                                                'selected', t.selected)
                             ORDER BY t.ord)
              FROM csa.count_rows(ct) t), '[]'::jsonb))
$$;

-- The date the data of plan year y is as of: the newest sign-off date of its current
-- submissions, else (none gives one) the newest day one of them was received. NULL: none.
CREATE FUNCTION csa.draft_data_as_of(c text, y integer) RETURNS date
LANGUAGE sql STABLE AS $$
    SELECT coalesce(max(s.submitted), max(s.received_at)::date) FROM csa.submission s
     WHERE s.county = c AND s.plan_year = y AND s.is_current
$$;

-- csa.draft_state of the content whose SHA-256 is sha (of its UTF-8 bytes): the content
-- crosses to the server and is hashed once, by csa.draft_record_sha's caller.
CREATE FUNCTION csa.draft_state_sha(c text, y integer, sha bytea, ct jsonb)
RETURNS TABLE (number integer, recorded boolean, data_as_of text, previous integer,
               snapshot jsonb, previous_snapshot jsonb)
LANGUAGE sql STABLE AS $$
    WITH latest AS (
        SELECT d.* FROM csa.draft d WHERE d.county = c AND d.plan_year = y
         ORDER BY d.number DESC LIMIT 1),
    same AS (
        SELECT l.* FROM latest l WHERE l.content_sha256 = sha)
    SELECT s.number, true, s.data_as_of::text, s.number - 1, s.snapshot,
           (SELECT d.snapshot FROM csa.draft d
             WHERE d.county = c AND d.plan_year = y AND d.number = s.number - 1)
      FROM same s
    UNION ALL
    SELECT coalesce((SELECT l.number FROM latest l), 0) + 1, false,
           csa.draft_data_as_of(c, y)::text, coalesce((SELECT l.number FROM latest l), 0),
           csa.draft_snapshot(c, y, coalesce(ct, csa.count_json(c, y))),
           (SELECT l.snapshot FROM latest l)
     WHERE NOT EXISTS (SELECT 1 FROM same)
$$;

-- The draft the document whose bytes (without draft control) are content is. When the
-- latest recorded draft has those bytes: that draft (recorded), with its own date and
-- snapshot and the snapshot of the draft before it. Otherwise the next number, not yet
-- recorded, with today's data (date, snapshot) and the latest recorded draft as previous.
-- previous is 0 and previous_snapshot NULL for a first draft. ct is the count the caller
-- worked out (csa.count_json(c, y)); NULL: worked out here, and only when a snapshot is needed.
CREATE FUNCTION csa.draft_state(c text, y integer, content text, ct jsonb)
RETURNS TABLE (number integer, recorded boolean, data_as_of text, previous integer,
               snapshot jsonb, previous_snapshot jsonb)
LANGUAGE sql STABLE AS $$
    SELECT * FROM csa.draft_state_sha(c, y, sha256(convert_to(content, 'UTF8')), ct)
$$;

-- csa.draft_state with the count worked out when needed.
CREATE FUNCTION csa.draft_state(c text, y integer, content text)
RETURNS TABLE (number integer, recorded boolean, data_as_of text, previous integer,
               snapshot jsonb, previous_snapshot jsonb)
LANGUAGE sql STABLE AS $$
    SELECT * FROM csa.draft_state(c, y, content, NULL)
$$;

-- csa.draft_record of the content whose SHA-256 is sha (of its UTF-8 bytes).
CREATE FUNCTION csa.draft_record_sha(c text, y integer, sha bytea, ct jsonb) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    st record;
BEGIN
    IF NOT csa.access_is_county() THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = format('%s may not record a draft: that is the county unit''s right',
                             session_user);
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('csa.draft ' || c), y);
    SELECT * INTO st FROM csa.draft_state_sha(c, y, sha, ct);
    IF NOT st.recorded THEN
        INSERT INTO csa.draft (county, plan_year, number, data_as_of, content_sha256, snapshot)
        VALUES (c, y, st.number, st.data_as_of::date, sha, st.snapshot);
    END IF;
    RETURN st.number;
END $$;

-- Records the draft of plan year y whose bytes (without draft control) are content, unless
-- the latest recorded draft has those bytes; returns its number. The owner's and the county
-- unit's (an entry point for the county only). Two callers at once are serialised, so each
-- number is given once. The count is worked out when a snapshot needs it (csa run records
-- through csa.draft_record_sha, handing over the count it worked out).
CREATE FUNCTION csa.draft_record(c text, y integer, content text) RETURNS integer
LANGUAGE sql AS $$
    SELECT csa.draft_record_sha(c, y, sha256(convert_to(content, 'UTF8')), NULL)
$$;

-- What changed from snapshot old to snapshot new (csa.draft_snapshot's form), in the order
-- the status box lists it: submissions that arrived or were replaced (kind 'submission':
-- subject the partnership's name, before the old version or NULL, after the new one), then
-- per priority in new's order its count when it moved ('count': before -> after) and a
-- crossing of the line ('selected' or 'deselected'). Nothing when old is NULL.
CREATE FUNCTION csa.draft_compare(old jsonb, new jsonb)
RETURNS TABLE (kind text, subject text, before text, after text)
LANGUAGE sql IMMUTABLE AS $$
    WITH o AS (SELECT * FROM jsonb_to_recordset(old -> 'submissions')
                         AS x(partnership text, name text, version integer)),
    n AS (SELECT x.* FROM ROWS FROM (jsonb_to_recordset(new -> 'submissions')
                                  AS (partnership text, name text, version integer))
               WITH ORDINALITY AS x(partnership, name, version, ord)),
    oc AS (SELECT * FROM jsonb_to_recordset(old -> 'counts')
                     AS x(priority text, label text, partnerships integer, selected boolean)),
    nc AS (SELECT x.* FROM ROWS FROM (jsonb_to_recordset(new -> 'counts')
                                   AS (priority text, label text, partnerships integer,
                                       selected boolean))
               WITH ORDINALITY AS x(priority, label, partnerships, selected, ord)),
    rows AS (
        SELECT 1 AS part, n.ord, 0 AS sub, 'submission' AS kind, n.name AS subject,
               o.version::text AS before, n.version::text AS after
          FROM n LEFT JOIN o ON o.partnership = n.partnership
         WHERE old IS NOT NULL AND o.version IS DISTINCT FROM n.version
        UNION ALL
        SELECT 2, nc.ord, 0, 'count', nc.label, coalesce(oc.partnerships, 0)::text,
               nc.partnerships::text
          FROM nc LEFT JOIN oc ON oc.priority = nc.priority
         WHERE old IS NOT NULL AND coalesce(oc.partnerships, 0) <> nc.partnerships
        UNION ALL
        SELECT 2, nc.ord, 1, CASE WHEN nc.selected THEN 'selected' ELSE 'deselected' END,
               nc.label, NULL, NULL
          FROM nc LEFT JOIN oc ON oc.priority = nc.priority
         WHERE old IS NOT NULL AND coalesce(oc.selected, false) <> nc.selected)
    SELECT r.kind, r.subject, r.before, r.after FROM rows r ORDER BY r.part, r.ord, r.sub
$$;

-- Each priority's count in plan year y - 1 against y, in y's selection order (then the
-- priorities only y - 1 counted), when y - 1 has a count table (a current submission);
-- nothing otherwise. Priorities neither year counts are left out. ct: y's count, as
-- csa.count_json(c, y) gives it; before: y - 1's, NULL to have it worked out here.
CREATE FUNCTION csa.draft_year_on_year_of(c text, y integer, ct jsonb, before jsonb)
RETURNS TABLE (label text, previous integer, current integer)
LANGUAGE sql STABLE AS $$
    SELECT coalesce(t.label, p.label), coalesce(p.partnerships, 0), coalesce(t.partnerships, 0)
      FROM csa.count_rows(ct) t
      FULL JOIN csa.count_rows(coalesce(before, csa.count_json(c, y - 1))) p
        ON p.priority = t.priority
     WHERE EXISTS (SELECT 1 FROM csa.submission s
                    WHERE s.county = c AND s.plan_year = y - 1 AND s.is_current)
       AND (coalesce(p.partnerships, 0) > 0 OR coalesce(t.partnerships, 0) > 0)
     ORDER BY t.ord NULLS LAST, p.ord
$$;

-- csa.draft_year_on_year_of with y's count worked out here.
CREATE FUNCTION csa.draft_year_on_year(c text, y integer)
RETURNS TABLE (label text, previous integer, current integer)
LANGUAGE sql STABLE AS $$
    SELECT * FROM csa.draft_year_on_year_of(c, y, csa.count_json(c, y), NULL)
$$;
