-- 10_load.sql: the two writers (both SECURITY DEFINER, see 90_access.sql). csa hands each a whole document as jsonb, so a file is
-- one statement inside one transaction: it is all there or none of it is.

-- Replaces a county's register rows with the register r (register_to_json in register.c).
-- Returns false, touching nothing, when r is the register already stored.
CREATE FUNCTION csa.sync_register(r jsonb) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    c text := r->>'code';
BEGIN
    -- the owner or the county unit only (an analyst's commands use the database's copy)
    IF NOT csa.access_is_county() THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = format('%s may not change the register', session_user);
    END IF;
    -- one sync of a county at a time; loads of that county wait for it
    PERFORM pg_advisory_xact_lock(hashtext('csa.register/' || c));
    -- (a database adopted from before 005_register_v2.sql has the register but not its
    -- periods: it is synced again, or no year would find its agreement period)
    IF EXISTS (SELECT 1 FROM csa.county WHERE code = c AND register_json = r)
       AND (jsonb_array_length(coalesce(r->'periods', '[]')) = 0
            OR EXISTS (SELECT 1 FROM csa.reg_period WHERE county = c)) THEN
        RETURN false;
    END IF;
    INSERT INTO csa.county AS k (code, name, min_share, min_partnerships, count_subsidiary,
                                 register_json)
    VALUES (c, r->>'name', (r->>'min_share')::numeric,
            nullif((r->>'min_partnerships')::integer, 0), (r->>'count_subsidiary')::boolean, r)
    ON CONFLICT (code) DO UPDATE
        SET name = excluded.name, min_share = excluded.min_share,
            min_partnerships = excluded.min_partnerships,
            count_subsidiary = excluded.count_subsidiary,
            register_json = excluded.register_json, synced_at = now();

    INSERT INTO csa.partnership (county, code)
    SELECT c, p->>'code' FROM jsonb_array_elements(r->'partnerships') p
    ON CONFLICT DO NOTHING;

    DELETE FROM csa.reg_period WHERE county = c; -- its additions and workshop items with it
    DELETE FROM csa.reg_addition WHERE county = c;
    DELETE FROM csa.reg_priority WHERE county = c;
    DELETE FROM csa.reg_theme WHERE county = c;
    DELETE FROM csa.reg_partnership WHERE county = c;

    INSERT INTO csa.reg_partnership (county, code, ord, name, valid_from, valid_until)
    SELECT c, p->>'code', o, p->>'name', (p->>'from')::date, (p->>'until')::date
    FROM jsonb_array_elements(r->'partnerships') WITH ORDINALITY AS x(p, o);

    INSERT INTO csa.reg_district (county, partnership, gss, ord, name, former_names)
    SELECT c, p->>'code', d->>'gss', o, d->>'name', d->>'former_names'
    FROM jsonb_array_elements(r->'partnerships') p,
         jsonb_array_elements(p->'districts') WITH ORDINALITY AS y(d, o);

    INSERT INTO csa.reg_theme (county, id, ord, title)
    SELECT c, t->>'id', o, t->>'title'
    FROM jsonb_array_elements(r->'themes') WITH ORDINALITY AS x(t, o);

    INSERT INTO csa.reg_theme_term (county, theme, kind, text, norm)
    SELECT c, t->>'id', m->>'kind', m->>'text', m->>'norm'
    FROM jsonb_array_elements(r->'themes') t, jsonb_array_elements(t->'terms') m;

    INSERT INTO csa.reg_priority (county, id, ord, label, title, note, folds_into)
    SELECT c, p->>'id', o, p->>'label', p->>'title', p->>'note', p->>'folds_into'
    FROM jsonb_array_elements(r->'priorities') WITH ORDINALITY AS x(p, o);

    INSERT INTO csa.reg_priority_term (county, priority, kind, text, norm)
    SELECT c, p->>'id', m->>'kind', m->>'text', m->>'norm'
    FROM jsonb_array_elements(r->'priorities') p, jsonb_array_elements(p->'terms') m;

    INSERT INTO csa.reg_lead (county, priority, ord, lead)
    SELECT c, p->>'id', o, l
    FROM jsonb_array_elements(r->'priorities') p,
         jsonb_array_elements_text(p->'leads') WITH ORDINALITY AS y(l, o);

    INSERT INTO csa.reg_evidence (county, priority, category)
    SELECT DISTINCT c, p->>'id', e
    FROM jsonb_array_elements(r->'priorities') p, jsonb_array_elements_text(p->'evidence') e;

    INSERT INTO csa.reg_addition (county, ord, priority, theme, reason)
    SELECT c, o, a->>'priority', a->>'theme', a->>'reason'
    FROM jsonb_array_elements(r->'additions') WITH ORDINALITY AS x(a, o);
    PERFORM csa.sync_register_v2(c, r);
    -- the planner must know the new sizes at once: a register of hundreds of partnerships
    -- planned as if it had one turns the counting queries quadratic
    ANALYZE csa.reg_partnership, csa.reg_district, csa.reg_priority, csa.reg_priority_term,
            csa.reg_theme, csa.reg_theme_term;
    RETURN true;
END $$;

-- A JSON array of strings as text[]; JSON null (a list the register does not give) as NULL.
CREATE FUNCTION csa.json_text_array(j jsonb) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN jsonb_typeof(j) = 'array'
                THEN ARRAY(SELECT jsonb_array_elements_text(j)) END
$$;

-- The key a submitted indicator's name is matched by against the register's indicator ties
-- (county.md): case and runs of white space ignored. Indicator names are fixed labels, not
-- free wordings, so this is all the matching they get.
CREATE FUNCTION csa.indicator_key(name text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT lower(regexp_replace(btrim(name), '\s+', ' ', 'g'))
$$;

-- The rows of sql/schema/005_register_v2.sql and 007_period_leads.sql from register r
-- (county c), after the rows they refer to: agreement periods with their additions, workshop
-- items and priority leads, dated former names,
-- draws-on lists and evidence ties. Called by csa.sync_register only, inside its transaction,
-- after the county's old rows are gone (deleted directly or with their priorities).
CREATE FUNCTION csa.sync_register_v2(c text, r jsonb) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO csa.reg_period (county, id, ord, start_date, end_date, first_year, last_year,
                                title, period_words, body, committee, version, source,
                                foreword, signed_by, signer_titles, purpose, governance,
                                statutory_partners, plans, signatories, contact_name,
                                contact_address, contact_email, contact_phone, alt_formats,
                                alt_formats_phone, workshop_when, from_agreement)
    SELECT c, p->>'id', o, (p->>'start')::date, (p->>'end')::date,
           (p->>'first_year')::integer, (p->>'last_year')::integer, p->>'title',
           p->>'period_words', p->>'body', p->>'committee', p->>'version', p->>'source',
           csa.json_text_array(p->'foreword'), p->>'signed_by',
           csa.json_text_array(p->'signer_titles'), csa.json_text_array(p->'purpose'),
           csa.json_text_array(p->'governance'), csa.json_text_array(p->'statutory_partners'),
           csa.json_text_array(p->'plans'), csa.json_text_array(p->'signatories'),
           p->>'contact_name', csa.json_text_array(p->'contact_address'),
           p->>'contact_email', p->>'contact_phone', p->>'alt_formats',
           p->>'alt_formats_phone', p->>'workshop_when', (p->>'from_agreement')::boolean
      FROM jsonb_array_elements(coalesce(r->'periods', '[]')) WITH ORDINALITY AS x(p, o);

    INSERT INTO csa.reg_period_addition (county, period, ord, priority, theme, reason)
    SELECT c, p->>'id', o, a->>'priority', a->>'theme', a->>'reason'
      FROM jsonb_array_elements(coalesce(r->'periods', '[]')) p,
           jsonb_array_elements(p->'additions') WITH ORDINALITY AS y(a, o);

    INSERT INTO csa.reg_workshop_item (county, period, ord, item, became, priority, theme)
    SELECT c, p->>'id', o, w->>'text', w->>'became',
           CASE WHEN w->>'became' = 'priority' THEN w->>'ref' END,
           CASE WHEN w->>'became' = 'theme' THEN w->>'ref' END
      FROM jsonb_array_elements(coalesce(r->'periods', '[]')) p,
           jsonb_array_elements(p->'workshop') WITH ORDINALITY AS y(w, o);

    INSERT INTO csa.reg_period_lead (county, period, ord, priority, lead)
    SELECT c, p->>'id', o, l->>'priority', l->>'lead'
      FROM jsonb_array_elements(coalesce(r->'periods', '[]')) p,
           jsonb_array_elements(coalesce(p->'leads', '[]')) WITH ORDINALITY AS y(l, o);

    INSERT INTO csa.reg_former_name (county, partnership, gss, ord, name, until)
    SELECT c, n->>'code', f->>'gss', o, f->>'name', (f->>'until')::date
      FROM jsonb_array_elements(coalesce(r->'names', '[]')) n,
           jsonb_array_elements(n->'former') WITH ORDINALITY AS y(f, o);

    INSERT INTO csa.reg_draws_on (county, priority, ord, draws_on)
    SELECT c, p->>'id', o, d
      FROM jsonb_array_elements(r->'priorities') p,
           jsonb_array_elements_text(coalesce(p->'draws_on', '[]')) WITH ORDINALITY AS y(d, o);

    INSERT INTO csa.reg_indicator_tie (county, priority, ord, indicator, text, norm)
    SELECT DISTINCT ON (p->>'id', csa.indicator_key(t->>'text'))
           c, p->>'id', o, i->>'name', t->>'text', csa.indicator_key(t->>'text')
      FROM jsonb_array_elements(r->'priorities') p,
           jsonb_array_elements(coalesce(p->'indicators', '[]')) WITH ORDINALITY AS y(i, o),
           jsonb_array_elements(i->'terms') t;

    INSERT INTO csa.reg_crime_type_tie (county, priority, ord, crime_type)
    SELECT c, p->>'id', o, t
      FROM jsonb_array_elements(r->'priorities') p,
           jsonb_array_elements_text(coalesce(p->'crime_types', '[]')) WITH ORDINALITY
               AS y(t, o);
$$;

-- Marks the one current version of a partnership's plan year: the latest by sign-off date
-- (submitted), then by the file's modification time, then by its name, then by version.
-- The order depends only on the data, never on which load committed first. (PL/pgSQL, not
-- SQL: a session keeps its statements' plans, where an SQL function is planned at every call,
-- once a file in a nightly run.)
CREATE FUNCTION csa.refresh_current(c text, p text, y integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE csa.submission SET is_current = false
     WHERE county = c AND partnership = p AND plan_year = y AND is_current;
    UPDATE csa.submission SET is_current = true
     WHERE id = (SELECT s.id FROM csa.submission s
                  WHERE s.county = c AND s.partnership = p AND s.plan_year = y
                  ORDER BY s.submitted DESC NULLS LAST, s.source_mtime DESC NULLS LAST,
                           s.source_name DESC, s.version DESC
                  LIMIT 1);
END $$;

-- Stores one validated submission d (submission_to_json in submission.c) with its bytes,
-- recording who loaded it (the session's role) and from where (origin: 'csa load', 'inbox'
-- or 'inbox/CODE'). The same bytes already stored: status 'unchanged' and nothing is
-- written. A role may load only the partnerships csa.access_may_load allows: any other is
-- refused with SQLSTATE CS001, whose message names both partnerships (load.c turns it into
-- a rejection). SECURITY DEFINER (90_access.sql): it writes as the owner, for any caller.
CREATE FUNCTION csa.load_submission(d jsonb, content bytea, content_zlib bytea,
                                    source_name text, source_mtime timestamptz,
                                    source_gzip boolean, origin text)
RETURNS TABLE (status text, id bigint, version integer, is_current boolean,
               current_version integer)
LANGUAGE plpgsql AS $$
DECLARE
    c text := d->>'county';
    p text := d->>'partnership';
    y integer := (d->>'plan_year')::integer;
    h bytea := sha256(content);
    sid bigint;
    v integer;
    st text := 'loaded';
BEGIN
    IF NOT csa.access_may_load(p) THEN
        RAISE EXCEPTION USING ERRCODE = 'CS001',
            MESSAGE = format('%s may load %s only, and this file is %s''s', session_user,
                             coalesce(csa.access_partnership_list(), 'no partnership'), p);
    END IF;
    IF origin IS NULL OR origin !~ '^(csa load|inbox|inbox/[a-z0-9]+(-[a-z0-9]+)*)$' THEN
        RAISE EXCEPTION 'origin % is not "csa load", "inbox" or "inbox/CODE"', origin;
    END IF;
    -- versions of one partnership's plan year are numbered one load at a time
    PERFORM pg_advisory_xact_lock(hashtext('csa.submission/' || c || '/' || p || '/' || y));
    SELECT s.id INTO sid FROM csa.submission s WHERE s.content_sha256 = h;
    IF FOUND THEN
        st := 'unchanged';
    ELSE
        SELECT coalesce(max(s.version), 0) + 1 INTO v FROM csa.submission s
         WHERE s.county = c AND s.partnership = p AND s.plan_year = y;
        INSERT INTO csa.submission (county, partnership, plan_year, version, partnership_name,
                                    submitted, contact_name, contact_role, contact_email,
                                    scoring, source_name, source_mtime, source_gzip,
                                    source_kind, content_sha256, content_zlib, content_bytes, loaded_by,
                                    origin)
        VALUES (c, p, y, v, d->>'partnership_name', (d->>'submitted')::date,
                d->>'contact_name', d->>'contact_role', d->>'contact_email', d->>'scoring',
                source_name, source_mtime, source_gzip,
                coalesce(d->>'source_kind', CASE WHEN source_gzip THEN 'gzip' ELSE 'xml' END),
                h, content_zlib, length(content),
                session_user, load_submission.origin)
        RETURNING csa.submission.id INTO sid;
        PERFORM csa.store_parts(sid, d);
        PERFORM csa.refresh_current(c, p, y);
    END IF;
    RETURN QUERY
        SELECT st, s.id, s.version, s.is_current,
               (SELECT k.version FROM csa.submission k
                 WHERE k.county = s.county AND k.partnership = s.partnership
                   AND k.plan_year = s.plan_year AND k.is_current)
          FROM csa.submission s WHERE s.id = sid;
END $$;

-- The rows of one submission other than its header.
CREATE FUNCTION csa.store_parts(sid bigint, d jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO csa.submission_priority (submission, ord, wording, norm, kind, rank, score, line,
                                         cell)
    SELECT sid, o, x->>'wording', x->>'norm', x->>'kind', (x->>'rank')::integer,
           (x->>'score')::numeric, (x->>'line')::integer, x->>'cell'
    FROM jsonb_array_elements(d->'priorities') WITH ORDINALITY AS t(x, o);

    INSERT INTO csa.submission_theme (submission, ord, wording, norm, line, cell)
    SELECT sid, o, x->>'wording', x->>'norm', (x->>'line')::integer, x->>'cell'
    FROM jsonb_array_elements(d->'themes') WITH ORDINALITY AS t(x, o);

    IF jsonb_typeof(d->'crime') = 'object' THEN
        INSERT INTO csa.crime_period (submission, current_start, current_end, previous_start,
                                      previous_end)
        VALUES (sid, (d->'crime'->>'current_start')::date, (d->'crime'->>'current_end')::date,
                (d->'crime'->>'previous_start')::date, (d->'crime'->>'previous_end')::date);
        INSERT INTO csa.crime_category (submission, ord, name, parent, current, previous,
                                        difference, percent_change, line)
        SELECT sid, o, x->>'name', x->>'parent', (x->>'current')::bigint,
               (x->>'previous')::bigint, (x->>'difference')::bigint,
               (x->>'percent_change')::numeric, (x->>'line')::integer
        FROM jsonb_array_elements(d->'crime'->'categories') WITH ORDINALITY AS t(x, o);
    END IF;

    INSERT INTO csa.indicator (submission, ord, name, unit)
    SELECT sid, o, x->>'name', x->>'unit'
    FROM jsonb_array_elements(d->'indicators') WITH ORDINALITY AS t(x, o);

    INSERT INTO csa.indicator_value (submission, indicator, ord, period_start, period_end, value)
    SELECT sid, o, vo, (v->>'start')::date, (v->>'end')::date, (v->>'value')::numeric
    FROM jsonb_array_elements(d->'indicators') WITH ORDINALITY AS t(x, o),
         jsonb_array_elements(x->'values') WITH ORDINALITY AS u(v, vo);

    INSERT INTO csa.emerging_issue (submission, ord, title, body)
    SELECT sid, o, x->>'title', x->>'text'
    FROM jsonb_array_elements(d->'issues') WITH ORDINALITY AS t(x, o);

    INSERT INTO csa.submission_warning (submission, ord, line, message, cell)
    SELECT sid, o, (x->>'line')::integer, x->>'message', x->>'cell'
    FROM jsonb_array_elements(coalesce(d->'warnings', '[]')) WITH ORDINALITY AS t(x, o);
END $$;
