/* test_access.c: who may do what (doc/cli.md, "Access"), with real login roles on the
 * throwaway cluster (scripts/pg.sh lets a role with a password in by scram-sha-256): an
 * analyst of Ashford, a second analyst, a county unit and a role with no right at all. Each
 * test drives the command line as that role, and then tries the same through plain SQL, since
 * the database, not csa, is what enforces it. The test's own role (the superuser) owns csa. */
#include "dbtest.h"

#include "csa/db.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define PASSWORD "csa-test-7f3a"
#define DENIED "42501" /* insufficient_privilege */

static const char *const roles[] = {"ashford_analyst", "kent_analyst", "county_unit", "nobody"};

static int access_setup(void **state)
{
    setup(state);
    for (size_t i = 0; i < sizeof roles / sizeof *roles; i++) {
        char sql[512];
        snprintf(sql, sizeof sql,
                 "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '%s') THEN "
                 "CREATE ROLE %s LOGIN PASSWORD '" PASSWORD "'; END IF; END $$",
                 roles[i], roles[i]);
        PQclear(PQexec(conn, sql));
    }
    return 0;
}

static const char *kent(void)
{
    return test_path("etl/counties/kent.xml");
}

/* The conninfo of the test database as role (NULL: the owner), in rotating buffers. */
static const char *as(const char *role)
{
    static char bufs[4][1024];
    static int next;
    if (role == NULL)
        return test_db_conninfo();
    char *b = bufs[next++ % 4];
    snprintf(b, sizeof bufs[0], "%s user=%s password=" PASSWORD, test_db_conninfo(), role);
    return b;
}

static PGconn *connect_as(const char *role)
{
    struct csa_error err = {0};
    PGconn *c = db_connect(as(role), &err);
    if (c == NULL)
        fail_msg("%s cannot log in: %s", role, err.msg);
    return c;
}

/* csa as role (NULL: the owner) with the Kent register and the arguments a1.. (NULL-ended,
 * at most five); stdout and stderr into *out and *err (either may be NULL). */
static int csa_as(const char *role, char **out, char **err, const char *a1, const char *a2,
                  const char *a3, const char *a4, const char *a5)
{
    return test_csa(out, err, "--db", as(role), "--county", kent(), a1, a2, a3, a4, a5, NULL);
}

/* The owner's grant, exit 0. */
static void grant(const char *role, const char *opt, const char *code)
{
    char *err = NULL;
    int rc = test_csa(NULL, &err, "--db", as(NULL), "access", "grant", role, opt, code, NULL);
    if (rc != 0)
        fprintf(stderr, "%s", err);
    free(err);
    assert_int_equal(rc, 0);
}

/* The SQLSTATE sql gets on c ("" when it succeeds). */
static const char *sqlstate(PGconn *c, const char *sql)
{
    static char state[8];
    PGresult *r = PQexec(c, sql);
    const char *s = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    snprintf(state, sizeof state, "%s", s ? s : "");
    PQclear(r);
    return state;
}

/* Same as the owner's: how many submissions of partnership code. */
static long submissions_of(const char *code)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM csa.submission WHERE partnership = '%s'",
             code);
    return test_scalar(conn, sql);
}

/* ---- loading ------------------------------------------------------------------------------ */

static void test_an_analyst_loads_its_own_partnership_and_is_refused_another(void **state)
{
    (void)state;
    /* the owner's commands sync the register: an analyst's never do */
    assert_int_equal(csa_as(NULL, NULL, NULL, "status", "--year", "2011", NULL, NULL), 0);
    grant("ashford_analyst", "--partnership", "ashford");

    char *out = NULL, *err = NULL;
    assert_int_equal(csa_as("ashford_analyst", &out, &err, "load", sample("ashford-2011.xml"),
                            NULL, NULL, NULL),
                     0);
    assert_non_null(strstr(out, "ashford-2011.xml: ashford 2011/12 version 1\n"));
    free(out);
    free(err);

    const char *swale = sample("swale-2011.xml");
    assert_int_equal(csa_as("ashford_analyst", &out, &err, "load", swale, NULL, NULL, NULL), 1);
    char want[1024];
    snprintf(want, sizeof want,
             "rejected %s: ashford_analyst may load ashford only, and this file is swale's\n",
             swale);
    assert_string_equal(out, want);
    snprintf(want, sizeof want,
             "%s: error: ashford_analyst may load ashford only, and this file is swale's\n",
             swale);
    assert_string_equal(err, want);
    free(out);
    free(err);
    assert_int_equal(submissions_of("swale"), 0);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.submission_priority"
                                        " WHERE wording = 'Anti-social behaviour'"
                                        " AND submission NOT IN (SELECT id FROM csa.submission"
                                        " WHERE partnership = 'ashford')"),
                      0);
    /* the audit: who loaded Ashford's file, and from where */
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.submission"
                                        " WHERE partnership = 'ashford'"
                                        " AND loaded_by = 'ashford_analyst'"
                                        " AND origin = 'csa load'"),
                      1);
}

/* What plain SQL as the analyst gets: the load function refuses Swale's document, and
 * INSERT, UPDATE and DELETE are refused on every table of csa. */
static void test_the_database_refuses_the_analyst_whatever_the_client(void **state)
{
    (void)state;
    load_kent_except(NULL);
    grant("ashford_analyst", "--partnership", "ashford");
    PGconn *a = connect_as("ashford_analyst");
    assert_string_equal(
        sqlstate(a, "SELECT * FROM csa.load_submission('{\"county\":\"E10000016\","
                    "\"partnership\":\"swale\",\"plan_year\":2011}', '\\x00', '\\x00',"
                    " 'swale-2011.xml', NULL, false, 'csa load')"),
        "CS001");
    /* with a crime table's street rows too: every table, partitions included */
    assert_int_equal(csa_as(NULL, NULL, NULL, "counts", "--year", "2011", NULL, NULL), 0);
    /* each table with a column an UPDATE may name (not an identity, which PostgreSQL refuses
     * before it checks privileges) */
    PGresult *t = PQexec(conn, "SELECT c.relname, (SELECT a.attname FROM pg_attribute a"
                               " WHERE a.attrelid = c.oid AND a.attnum > 0 AND a.attidentity = ''"
                               " ORDER BY a.attnum LIMIT 1) FROM pg_class c"
                               " WHERE c.relnamespace = 'csa'::regnamespace"
                               " AND c.relkind IN ('r', 'p') ORDER BY 1");
    assert_true(PQntuples(t) >= 25);
    for (int i = 0; i < PQntuples(t); i++) {
        const char *rel = PQgetvalue(t, i, 0), *col = PQgetvalue(t, i, 1);
        char sql[512];
        snprintf(sql, sizeof sql, "INSERT INTO csa.%s DEFAULT VALUES", rel);
        if (strcmp(sqlstate(a, sql), DENIED) != 0)
            fail_msg("INSERT into csa.%s was not refused", rel);
        snprintf(sql, sizeof sql, "UPDATE csa.%s SET %s = %s", rel, col, col);
        if (strcmp(sqlstate(a, sql), DENIED) != 0)
            fail_msg("UPDATE of csa.%s was not refused", rel);
        snprintf(sql, sizeof sql, "DELETE FROM csa.%s", rel);
        if (strcmp(sqlstate(a, sql), DENIED) != 0)
            fail_msg("DELETE from csa.%s was not refused", rel);
    }
    PQclear(t);
    /* nor may it read the run ledger or call what only the county unit may */
    assert_string_equal(sqlstate(a, "SELECT * FROM csa.run_file"), DENIED);
    assert_string_equal(sqlstate(a, "SELECT * FROM csa.run_start('E10000016', 'x', 1)"), DENIED);
    assert_string_equal(sqlstate(a, "SELECT * FROM csa.crime_month_claim('x', '2013-01-01')"),
                        DENIED);
    assert_string_equal(sqlstate(a, "SELECT * FROM csa.access_grant('ashford_analyst', 'swale')"),
                        DENIED);
    assert_string_equal(sqlstate(a, "SELECT csa.sync_register('{}')"), DENIED);
    PQfinish(a);
    assert_int_equal(submissions_of("swale"), 1);
}

/* SELECT on the submission tables shows the analyst Ashford's rows, and only them. */
static void test_select_shows_the_analyst_its_own_rows_only(void **state)
{
    (void)state;
    load_kent_except(NULL);
    grant("ashford_analyst", "--partnership", "ashford");
    PGconn *a = connect_as("ashford_analyst");
    static const char *const tables[] = {
        "submission_priority", "submission_theme", "crime_period", "crime_category", "indicator",
        "indicator_value",     "emerging_issue",   "submission_warning"};
    assert_int_equal(test_scalar(a, "SELECT count(*) FROM csa.submission"), 1);
    assert_int_equal(test_scalar(a, "SELECT count(*) FROM csa.submission"
                                     " WHERE partnership <> 'ashford'"),
                      0);
    long everyone = 0;
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
        char sql[512];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM csa.%s", tables[i]);
        long seen = test_scalar(a, sql);
        everyone += test_scalar(conn, sql);
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM csa.%s WHERE submission = (SELECT id FROM csa.submission"
                 " WHERE partnership = 'ashford')",
                 tables[i]);
        if (seen != test_scalar(conn, sql))
            fail_msg("the analyst sees %ld rows of csa.%s, not Ashford's %ld", seen, tables[i],
                     test_scalar(conn, sql));
    }
    assert_true(everyone > 0);
    /* the register is no secret */
    assert_int_equal(test_scalar(a, "SELECT count(*) FROM csa.reg_partnership"),
                      test_scalar(conn, "SELECT count(*) FROM csa.reg_partnership"));
    PQfinish(a);
}

/* An analyst who hands csa.evidence_table_of a count of its own making, every priority
 * "selected", still gets only the evidence of the priorities the county selected: the
 * function adds up every partnership's figures as the owner, so it must not trust the count. */
static void test_a_forged_count_reveals_no_more_evidence_to_an_analyst(void **state)
{
    (void)state;
    load_kent_except(NULL);
    grant("ashford_analyst", "--partnership", "ashford");
    PGconn *a = connect_as("ashford_analyst");
    static const char forged[] =
        "SELECT count(*) FROM csa.evidence_table_of('E10000016', 2011,"
        " (SELECT jsonb_agg(jsonb_set(e, '{selected}', 'true'))"
        "    FROM jsonb_array_elements(csa.count_json('E10000016', 2011)) e))";
    static const char honest[] = "SELECT count(*) FROM csa.evidence_table('E10000016', 2011)";
    long truth = test_scalar(conn, honest);
    /* the forgery would show more to the county unit, who may see it all */
    assert_true(test_scalar(conn, forged) > truth);
    assert_int_equal(test_scalar(a, forged), truth);
    assert_int_equal(test_scalar(a, honest), truth);
    PQfinish(a);
}

/* ---- status ------------------------------------------------------------------------------- */

static void test_an_analysts_status_shows_its_partnership_and_no_others(void **state)
{
    (void)state;
    load_kent_except(NULL);
    grant("ashford_analyst", "--partnership", "ashford");
    char *county = NULL, *out = NULL, *err = NULL;
    assert_int_equal(csa_as(NULL, &county, NULL, "status", "--year", "2011", NULL, NULL), 0);
    assert_int_equal(
        csa_as("ashford_analyst", &out, &err, "status", "--year", "2011", NULL, NULL), 0);
    assert_string_equal(err, "");
    /* the owner sees other partnerships' files, wordings or warnings: the analyst none */
    assert_non_null(strstr(county, "swale-2011.xml"));
    assert_non_null(strstr(out, "partnerships with a current submission: 11 of "));
    assert_non_null(strstr(out, "(your partnerships only; of the others, only how many have "
                                "submitted)\n  ashford              version 1, submitted "));
    assert_non_null(strstr(out, "from ashford-2011.xml, loaded by "));
    for (size_t i = 0; i < KENT_SAMPLES; i++) {
        char code[64];
        snprintf(code, sizeof code, "%.*s", (int)strcspn(kent_samples[i], "."),
                 kent_samples[i]);
        *strrchr(code, '-') = '\0'; /* "swale-2011" -> "swale" */
        if (strcmp(code, "ashford") == 0)
            continue;
        if (strstr(out, kent_samples[i]) || strstr(out, code))
            fail_msg("the analyst's status names %s:\n%s", code, out);
    }
    assert_null(strstr(out, "last runs"));
    free(out);
    free(err);
    assert_int_equal(csa_as("ashford_analyst", &out, NULL, "status", "--year", "2011",
                            "--format", "json"),
                     0);
    assert_true(test_json_parses(out));
    assert_non_null(strstr(out, "\"sees_all\":false"));
    assert_null(strstr(out, "swale"));
    free(out);
    free(county);
}

/* ---- the county unit ---------------------------------------------------------------------- */

/* A police.uk month of Kent Police with one burglary in Maidstone. */
static const char *crime_file(void)
{
    return test_write("2013-01-kent-street.csv",
                      "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,"
                      "LSOA code,LSOA name,Crime type,Last outcome category,Context\n"
                      "b1,2013-01,Kent Police,Kent Police,0.52,51.27,On or near High Street,"
                      "E01024330,Maidstone 012C,Burglary,Under investigation,\n");
}

static void test_a_county_role_runs_the_batch_and_loads_crime_and_an_analyst_cannot(void **state)
{
    (void)state;
    assert_int_equal(csa_as(NULL, NULL, NULL, "status", "--year", "2011", NULL, NULL), 0);
    grant("county_unit", "--county", NULL);
    grant("ashford_analyst", "--partnership", "ashford");
    char dir[512], cmd[4096];
    snprintf(dir, sizeof dir, "%s", test_tmp("county-run"));
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s/inbox' && cp '%s' '%s' '%s/inbox/'",
             dir, dir, sample("swale-2011.xml"), sample("ashford-2011.xml"), dir);
    assert_int_equal(system(cmd), 0);
    char inbox[600], outdir[600];
    snprintf(inbox, sizeof inbox, "%s/inbox", dir);
    snprintf(outdir, sizeof outdir, "%s/out", dir);

    /* the analyst may not run the batch, nor load crime: exit 3, the environment's refusal
     * (its role lacks the right; nothing it gave was invalid), and nothing is touched */
    char *out = NULL, *err = NULL;
    assert_int_equal(test_csa(&out, &err, "--db", as("ashford_analyst"), "--county", kent(),
                              "run", "--inbox", inbox, "--out", outdir, "--settle", "0", NULL),
                     3);
    assert_string_equal(err, "csa: error: ashford_analyst may not run the nightly batch: that is "
                             "the county unit's right (csa access grant ashford_analyst "
                             "--county, by the database's owner)\n");
    free(out);
    free(err);
    assert_int_equal(csa_as("ashford_analyst", &out, &err, "crime", "load", crime_file(), NULL,
                            NULL),
                     3);
    assert_non_null(strstr(err, "ashford_analyst may not load police.uk data"));
    free(out);
    free(err);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.run"), 0);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.crime_file"), 0);

    assert_int_equal(test_csa(&out, &err, "--db", as("county_unit"), "--county", kent(), "run",
                              "--inbox", inbox, "--out", outdir, "--settle", "0", NULL),
                     0);
    free(out);
    free(err);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.submission"
                                        " WHERE loaded_by = 'county_unit' AND origin = 'inbox'"),
                      2);
    assert_int_equal(csa_as("county_unit", &out, &err, "crime", "load", crime_file(), NULL,
                            NULL),
                     0);
    free(out);
    free(err);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.crime_file"), 1);
    assert_int_equal(test_scalar(conn, "SELECT sum(n) FROM csa.crime_count"), 1);

    /* the county sees the audit; even it may not change it */
    assert_int_equal(csa_as("county_unit", &out, NULL, "status", "--year", "2011", NULL, NULL),
                     0);
    assert_non_null(strstr(out, "from swale-2011.xml, loaded by county_unit from inbox\n"));
    assert_non_null(strstr(out, "last runs: \n  run 1 at "));
    free(out);
    PGconn *k = connect_as("county_unit");
    assert_string_equal(sqlstate(k, "UPDATE csa.submission SET loaded_by = 'someone'"), DENIED);
    assert_string_equal(sqlstate(k, "DELETE FROM csa.run_file"), DENIED);
    assert_int_equal(test_scalar(k, "SELECT count(*) FROM csa.submission"), 2);
    PQfinish(k);
}

/* ---- migrating ---------------------------------------------------------------------------- */

static void test_a_role_that_is_not_the_owner_never_migrates(void **state)
{
    (void)state;
    load_kent_except(NULL);
    grant("ashford_analyst", "--partnership", "ashford");
    PQclear(PQexec(conn, "UPDATE csa.schema_logic SET applied_at = '2000-01-01'"));
    char outdir[600];
    snprintf(outdir, sizeof outdir, "%s", test_tmp("analyst-agreement"));
    /* up to date: every command the analyst may run just works, and writes nothing */
    assert_int_equal(csa_as("ashford_analyst", NULL, NULL, "status", "--year", "2011", NULL,
                            NULL),
                     0);
    assert_int_equal(csa_as("ashford_analyst", NULL, NULL, "counts", "--year", "2011", NULL,
                            NULL),
                     0);
    assert_int_equal(csa_as("ashford_analyst", NULL, NULL, "agreement", "--year", "2011",
                            "--out", outdir),
                     0);
    /* exit 1 as for the owner: no police.uk data is loaded; it read what there is */
    assert_int_equal(csa_as("ashford_analyst", NULL, NULL, "crime", "table", "--year", "2011",
                            NULL),
                     1);
    assert_int_equal(csa_as("ashford_analyst", NULL, NULL, "load", sample("ashford-2011.xml"),
                            NULL, NULL, NULL),
                     0);
    assert_int_equal(test_csa(NULL, NULL, "--db", as("ashford_analyst"), "db", "migrate", NULL),
                     0);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.schema_logic"
                                        " WHERE applied_at <> '2000-01-01'"),
                      0);
    /* the analyst's counts are the county's: it reads them all, through the functions */
    char *mine = NULL, *owners = NULL;
    csa_as("ashford_analyst", &mine, NULL, "counts", "--year", "2011", "--format", "csv");
    csa_as(NULL, &owners, NULL, "counts", "--year", "2011", "--format", "csv");
    assert_string_equal(mine, owners);
    free(mine);
    free(owners);

    /* behind: the message, exit 3, and still nothing written */
    PQclear(PQexec(conn, "UPDATE csa.schema_logic SET sha256 = repeat('0', 64)"
                         " WHERE name = 'sql/logic/10_load.sql'"));
    char *out = NULL, *err = NULL;
    assert_int_equal(
        csa_as("ashford_analyst", &out, &err, "status", "--year", "2011", NULL, NULL), 3);
    assert_string_equal(err, "csa: error: the database needs `csa db migrate` by its owner "
                             "(ashford_analyst may not migrate it)\n");
    assert_string_equal(out, "");
    free(out);
    free(err);
    assert_int_equal(test_csa(NULL, &err, "--db", as("ashford_analyst"), "db", "migrate", NULL),
                     3);
    assert_non_null(strstr(err, "the database needs `csa db migrate` by its owner"));
    free(err);
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.schema_logic"
                                        " WHERE sha256 = repeat('0', 64)"),
                      1);
    /* the owner migrates */
    assert_int_equal(test_csa(NULL, NULL, "--db", as(NULL), "db", "migrate", NULL), 0);
    assert_int_equal(csa_as("ashford_analyst", NULL, NULL, "status", "--year", "2011", NULL,
                            NULL),
                     0);
}

static void test_a_role_with_no_right_is_told_who_grants_it(void **state)
{
    (void)state;
    char *out = NULL, *err = NULL;
    assert_int_equal(csa_as("nobody", &out, &err, "status", "--year", "2011", NULL, NULL), 3);
    assert_string_equal(err, "csa: error: nobody has no rights in this database's csa: its "
                             "owner grants them with csa access grant nobody --partnership "
                             "CODE (or --county)\n");
    free(out);
    free(err);
    PGconn *n = connect_as("nobody");
    assert_string_equal(sqlstate(n, "SELECT count(*) FROM csa.submission"), DENIED);
    PQfinish(n);
}

/* ---- grant, revoke, list ------------------------------------------------------------------ */

static char *access_list(const char *format)
{
    char *out = NULL;
    assert_int_equal(test_csa(&out, NULL, "--db", as(NULL), "access", "list", "--format", format,
                              NULL),
                     0);
    return out;
}

static void test_access_list_reflects_grants_and_revokes(void **state)
{
    (void)state;
    assert_int_equal(csa_as(NULL, NULL, NULL, "status", "--year", "2011", NULL, NULL), 0);
    char *out = NULL, *err = NULL;
    assert_int_equal(test_csa(&out, NULL, "--db", as(NULL), "access", "grant", "kent_analyst",
                              "--partnership", "swale", "--partnership", "ashford", NULL),
                     0);
    assert_string_equal(out, "granted kent_analyst partnership swale\n"
                             "granted kent_analyst partnership ashford\n");
    free(out);
    grant("county_unit", "--county", NULL);
    grant("ashford_analyst", "--partnership", "ashford");
    out = access_list("text");
    assert_string_equal(out, "ashford_analyst partnership ashford\n"
                             "county_unit county\n"
                             "kent_analyst partnership ashford\n"
                             "kent_analyst partnership swale\n");
    free(out);

    assert_int_equal(test_csa(&out, NULL, "--db", as(NULL), "access", "revoke", "kent_analyst",
                              "--partnership", "swale", NULL),
                     0);
    assert_string_equal(out, "revoked kent_analyst: 1 right\n");
    free(out);
    assert_int_equal(test_csa(NULL, NULL, "--db", as(NULL), "access", "revoke", "county_unit",
                              NULL),
                     0);
    out = access_list("text");
    assert_string_equal(out, "ashford_analyst partnership ashford\n"
                             "kent_analyst partnership ashford\n");
    free(out);
    out = access_list("csv");
    assert_non_null(strstr(out, "role,right,partnership,granted_at,granted_by\n"
                                "ashford_analyst,partnership,ashford,"));
    free(out);
    out = access_list("json");
    assert_true(test_json_parses(out));
    assert_non_null(strstr(out, "{\"role\":\"kent_analyst\",\"right\":\"partnership\","
                                "\"partnership\":\"ashford\""));
    free(out);

    /* a partnership the register never held, a role that does not exist: exit 2 */
    assert_int_equal(test_csa(NULL, &err, "--db", as(NULL), "access", "grant", "kent_analyst",
                              "--partnership", "wessex", NULL),
                     2);
    assert_non_null(strstr(err, "csa: error: unknown partnership \"wessex\": the register in the "
                                "database has "));
    free(err);
    assert_int_equal(test_csa(NULL, &err, "--db", as(NULL), "access", "grant", "no_such_role",
                              "--county", NULL),
                     2);
    assert_string_equal(err, "csa: error: there is no login role \"no_such_role\" in this "
                             "cluster (csa grants rights to existing login roles; it never "
                             "creates them)\n");
    free(err);
    /* usage */
    assert_int_equal(test_csa(NULL, NULL, "--db", as(NULL), "access", "grant", "kent_analyst",
                              NULL),
                     2);
    /* only the owner manages access, whatever the client */
    assert_int_equal(test_csa(NULL, &err, "--db", as("kent_analyst"), "access", "list", NULL), 3);
    assert_non_null(strstr(err, "only the owner of the database's csa schema manages access"));
    free(err);
    PGconn *k = connect_as("kent_analyst");
    assert_string_equal(sqlstate(k, "SELECT * FROM csa.access_list()"), DENIED);
    assert_string_equal(sqlstate(k, "INSERT INTO csa.access_right (role) VALUES ('x')"), DENIED);
    PQfinish(k);
}

static void test_a_revoked_analyst_can_no_longer_load(void **state)
{
    (void)state;
    assert_int_equal(csa_as(NULL, NULL, NULL, "status", "--year", "2011", NULL, NULL), 0);
    grant("kent_analyst", "--partnership", "ashford");
    assert_int_equal(test_csa(NULL, NULL, "--db", as(NULL), "access", "grant", "kent_analyst",
                              "--partnership", "swale", NULL),
                     0);
    assert_int_equal(csa_as("kent_analyst", NULL, NULL, "load", sample("ashford-2011.xml"), NULL,
                            NULL, NULL),
                     0);
    /* one partnership taken away: its files are rejected, the other's still load */
    assert_int_equal(test_csa(NULL, NULL, "--db", as(NULL), "access", "revoke", "kent_analyst",
                              "--partnership", "swale", NULL),
                     0);
    char *out = NULL, *err = NULL;
    assert_int_equal(csa_as("kent_analyst", &out, &err, "load", sample("swale-2011.xml"), NULL,
                            NULL, NULL),
                     1);
    assert_non_null(strstr(out, "kent_analyst may load ashford only, and this file is swale's"));
    free(out);
    free(err);
    /* every right taken away: nothing at all */
    assert_int_equal(test_csa(NULL, NULL, "--db", as(NULL), "access", "revoke", "kent_analyst",
                              NULL),
                     0);
    assert_int_equal(csa_as("kent_analyst", &out, &err, "load", sample("ashford-2011.xml"), NULL,
                            NULL, NULL),
                     3);
    assert_non_null(strstr(err, "kent_analyst has no rights in this database's csa"));
    free(out);
    free(err);
    PGconn *k = connect_as("kent_analyst");
    assert_string_equal(
        sqlstate(k, "SELECT * FROM csa.load_submission('{\"county\":\"E10000016\","
                    "\"partnership\":\"ashford\",\"plan_year\":2011}', '\\x00', '\\x00',"
                    " 'ashford-2011.xml', NULL, false, 'csa load')"),
        DENIED);
    PQfinish(k);
    assert_int_equal(submissions_of("swale"), 0);
}

/* The logic re-applied by the owner (every function and view dropped and made again) keeps
 * every role's rights: grants, SECURITY DEFINER, policies. */
static void test_the_logic_reapplied_keeps_every_roles_rights(void **state)
{
    (void)state;
    load_kent_except((const char *const[]){"ashford-2011.xml", NULL});
    grant("ashford_analyst", "--partnership", "ashford");
    grant("county_unit", "--county", NULL);
    PQclear(PQexec(conn, "UPDATE csa.schema_logic SET sha256 = repeat('0', 64)"));
    char *out = NULL;
    assert_int_equal(test_csa(&out, NULL, "--db", as(NULL), "db", "migrate", NULL), 0);
    assert_non_null(strstr(out, "applied sql/logic/90_access.sql\n"));
    free(out);

    assert_int_equal(csa_as("ashford_analyst", NULL, NULL, "load", sample("ashford-2011.xml"),
                            NULL, NULL, NULL),
                     0);
    PGconn *a = connect_as("ashford_analyst");
    assert_int_equal(test_scalar(a, "SELECT count(*) FROM csa.submission"), 1);
    assert_int_equal(test_scalar(a, "SELECT count(*) FROM csa.submission_warning w"
                                     " WHERE w.submission NOT IN (SELECT id FROM csa.submission)"),
                      0);
    assert_string_equal(sqlstate(a, "SELECT * FROM csa.run_start('E10000016', 'x', 1)"), DENIED);
    PQfinish(a);
    assert_int_equal(csa_as("county_unit", &out, NULL, "status", "--year", "2011", NULL, NULL),
                     0);
    assert_non_null(strstr(out, "partnerships with a current submission: 11 of "));
    assert_non_null(strstr(out, "loaded by ashford_analyst from csa load"));
    free(out);
    /* nothing of csa is PUBLIC's again */
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM pg_proc p"
                                        " WHERE p.pronamespace = 'csa'::regnamespace"
                                        " AND has_function_privilege('nobody', p.oid, 'EXECUTE')"),
                      0);
    /* and every entry point runs as the owner with a fixed search_path */
    assert_int_equal(test_scalar(conn, "SELECT count(*) FROM csa.access_entry_points() e"
                                        " JOIN pg_proc p ON p.proname = e.fn"
                                        " AND p.pronamespace = 'csa'::regnamespace"
                                        " WHERE NOT p.prosecdef OR p.proconfig IS NULL"),
                      0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_an_analyst_loads_its_own_partnership_and_is_refused_another, access_setup,
            teardown),
        cmocka_unit_test_setup_teardown(test_the_database_refuses_the_analyst_whatever_the_client,
                                        access_setup, teardown),
        cmocka_unit_test_setup_teardown(test_select_shows_the_analyst_its_own_rows_only,
                                        access_setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_forged_count_reveals_no_more_evidence_to_an_analyst,
                                        access_setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_an_analysts_status_shows_its_partnership_and_no_others, access_setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_a_county_role_runs_the_batch_and_loads_crime_and_an_analyst_cannot,
            access_setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_role_that_is_not_the_owner_never_migrates,
                                        access_setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_role_with_no_right_is_told_who_grants_it,
                                        access_setup, teardown),
        cmocka_unit_test_setup_teardown(test_access_list_reflects_grants_and_revokes,
                                        access_setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_revoked_analyst_can_no_longer_load, access_setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_the_logic_reapplied_keeps_every_roles_rights,
                                        access_setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
