/* test_xml.c: xml_parse() and xml_validate() directly: the hardening bounds at their edges,
 * the well-formedness messages with their lines, and the XSD messages rewritten into an
 * analyst's words, on small schemas written here. */
#include "support.h"

#include "csa/cmd.h"
#include "csa/utf8.h"
#include "csa/xml.h"

#include <string.h>

static int setup(void **state)
{
    (void)state;
    xml_init();
    return 0;
}

/* Parses text, which must be refused with exactly one error, at line, saying msg. */
static void refused(const char *text, const struct xml_limits *lim, long line, const char *msg)
{
    struct diags d = {0};
    xmlDocPtr doc = xml_parse(text, strlen(text), lim, &d);
    int ok = doc == NULL && d.n == 1 && d.errors == 1 && d.v[0].line == line &&
             strcmp(d.v[0].msg, msg) == 0;
    if (!ok) {
        cli_print_diags("input", &d);
        xmlFreeDoc(doc);
        diags_free(&d);
        fail_msg("expected only input:%ld: error: %s", line, msg);
    }
    diags_free(&d);
}

/* Parses text, which must be accepted with no problem; returns the document. */
static xmlDocPtr accepted(const char *text, const struct xml_limits *lim)
{
    struct diags d = {0};
    xmlDocPtr doc = xml_parse(text, strlen(text), lim, &d);
    if (doc == NULL || d.n != 0) {
        cli_print_diags("input", &d);
        diags_free(&d);
        fail_msg("expected the input to parse");
    }
    diags_free(&d);
    return doc;
}

/* ---- parsing -------------------------------------------------------------------------- */

/* n copies of "é" (two bytes each), in a rotating static buffer. */
static const char *eacute(size_t n)
{
    static char bufs[4][4096];
    static int next;
    char *b = bufs[next++ % 4];
    assert_true(2 * n < sizeof bufs[0]);
    for (size_t i = 0; i < n; i++)
        memcpy(b + 2 * i, "\xC3\xA9", 2);
    b[2 * n] = '\0';
    return b;
}

/* Asserts that every message in d is valid UTF-8 and contains want. */
static void all_utf8_and_saying(const struct diags *d, const char *want)
{
    assert_true(d->n >= 1);
    for (size_t i = 0; i < d->n; i++)
        if (!utf8_valid(d->v[i].msg, strlen(d->v[i].msg)))
            fail_msg("message %zu is not valid UTF-8", i);
    if (strstr(d->v[0].msg, want) == NULL)
        fail_msg("expected the message to hold the whole name: %s", d->v[0].msg);
}

static void test_a_long_tag_name_in_another_script_is_quoted_whole(void **state)
{
    (void)state;
    /* libxml2's own message carries the name; csa's old 128-byte buffers split its 64th é */
    char text[8192], want[4096];
    snprintf(text, sizeof text, "<doc>\n<%s>x</b>\n</doc>", eacute(300));
    snprintf(want, sizeof want, "<%s> opened on line 2 is closed by </b>", eacute(300));
    struct diags d = {0};
    assert_null(xml_parse(text, strlen(text), NULL, &d));
    all_utf8_and_saying(&d, want);
    diags_free(&d);
}


static void test_well_formed_document_parses_with_its_lines(void **state)
{
    (void)state;
    xmlDocPtr doc = accepted("<?xml version=\"1.0\"?>\n<a x=\"1\">\n  <b>hi</b>\n  <b/>\n</a>\n",
                             NULL);
    const xmlNode *root = xmlDocGetRootElement(doc);
    assert_true(xml_is(root, "a"));
    assert_int_equal(xml_line(root), 2);
    assert_int_equal(xml_count(root, "b"), 2);
    assert_int_equal(xml_line(xml_child(root, "b")), 3);
    struct arena a = {0};
    assert_string_equal(xml_prop(&a, root, "x"), "1");
    assert_null(xml_prop(&a, root, "y"));
    assert_string_equal(xml_text(&a, xml_child(root, "b")), "hi");
    assert_string_equal(xml_text(&a, xml_child(root, "c")), ""); /* never NULL */
    arena_free(&a);
    xmlFreeDoc(doc);
}

static void test_nesting_at_the_depth_bound_is_accepted(void **state)
{
    (void)state;
    const struct xml_limits lim = {.max_depth = 3, .max_elements = 100};
    xmlFreeDoc(accepted("<a><b><c/></b></a>", &lim));
}

static void test_nesting_one_past_the_depth_bound_is_refused(void **state)
{
    (void)state;
    const struct xml_limits lim = {.max_depth = 3, .max_elements = 100};
    refused("<a>\n<b>\n<c>\n<d/>\n</c></b></a>", &lim, 4,
            "<d> is nested more than 3 elements deep; the format is never this deep");
}

static void test_element_count_at_the_bound_is_accepted(void **state)
{
    (void)state;
    const struct xml_limits lim = {.max_depth = 32, .max_elements = 3};
    xmlFreeDoc(accepted("<a><b/><c/></a>", &lim));
}

static void test_element_count_one_past_the_bound_is_refused(void **state)
{
    (void)state;
    const struct xml_limits lim = {.max_depth = 32, .max_elements = 3};
    refused("<a>\n<b/>\n<c/>\n<d/>\n</a>", &lim, 4,
            "the file has more than 3 elements; a submission is never this big, so it is refused");
}

static void test_default_limits_are_32_deep_and_200000_elements(void **state)
{
    (void)state;
    assert_int_equal(xml_default_limits.max_depth, 32);
    assert_int_equal(xml_default_limits.max_elements, 200000);
}

static void test_empty_input_is_not_xml(void **state)
{
    (void)state;
    struct diags d = {0};
    assert_null(xml_parse("", 0, NULL, &d));
    assert_int_equal(d.errors, 1);
    assert_string_equal(d.v[0].msg, "the file is empty or is not XML");
    diags_free(&d);
}

static void test_text_that_is_not_xml_is_reported_on_line_1(void **state)
{
    (void)state;
    refused("partnership,plan-year\nmaidstone,2016/17\n", NULL, 1,
            "the file is empty or is not XML");
}

static void test_latin1_byte_is_not_utf8(void **state)
{
    (void)state;
    refused("<a>\n<b>caf\xE9</b>\n</a>", NULL, 2,
            "the file is not valid UTF-8 text; save it as UTF-8");
}

static void test_html_entity_is_unknown(void **state)
{
    (void)state;
    refused("<a>\n<b>A&nbsp;B</b>\n</a>", NULL, 2,
            "unknown entity \"&nbsp;\" (only &amp; &lt; &gt; &quot; &apos; and numeric character "
            "references are allowed)");
}

static void test_predefined_and_numeric_entities_are_read(void **state)
{
    (void)state;
    xmlDocPtr doc = accepted("<a>Kent &amp; Medway &#8211; &lt;ok&gt;</a>", NULL);
    struct arena a = {0};
    assert_string_equal(xml_text(&a, xmlDocGetRootElement(doc)),
                        "Kent & Medway \xE2\x80\x93 <ok>");
    arena_free(&a);
    xmlFreeDoc(doc);
}

static void test_doctype_without_entities_is_still_refused(void **state)
{
    (void)state;
    refused("<?xml version=\"1.0\"?>\n<!DOCTYPE a>\n<a/>", NULL, 2,
            "the file has a <!DOCTYPE> declaration; submissions may not have one (it can pull in "
            "other files or expand entities), so remove it");
}

static void test_doctype_naming_an_external_dtd_is_refused_without_fetching_it(void **state)
{
    (void)state;
    refused("<?xml version=\"1.0\"?>\n\n<!DOCTYPE a SYSTEM \"http://192.0.2.1/a.dtd\">\n<a/>",
            NULL, 3,
            "the file has a <!DOCTYPE> declaration; submissions may not have one (it can pull in "
            "other files or expand entities), so remove it");
}

static void test_only_the_first_fatal_error_is_reported(void **state)
{
    (void)state;
    refused("<a>\n<b></c>\n<d></e>\n</a>", NULL, 2,
            "<b> opened on line 2 is closed by </c>; the tags must match");
}

static void test_lines_past_65535_are_reported_truly(void **state)
{
    (void)state;
    struct buf b = {0};
    buf_puts(&b, "<a>\n");
    for (int i = 2; i < 70000; i++)
        buf_putc(&b, '\n');
    buf_puts(&b, "<b></c>\n</a>\n"); /* line 70000 */
    struct diags d = {0};
    assert_null(xml_parse(b.data, b.len, NULL, &d));
    assert_int_equal(d.n, 1);
    assert_int_equal(d.v[0].line, 70000);
    diags_free(&d);
    buf_free(&b);
}

/* ---- XSD ------------------------------------------------------------------------------ */

static const char xsd[] =
    "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n"
    "  <xs:element name=\"doc\">\n"
    "    <xs:complexType>\n"
    "      <xs:sequence>\n"
    "        <xs:element name=\"first\" type=\"xs:string\"/>\n"
    "        <xs:choice minOccurs=\"0\">\n"
    "          <xs:element name=\"red\" type=\"xs:string\"/>\n"
    "          <xs:element name=\"blue\" type=\"xs:string\"/>\n"
    "        </xs:choice>\n"
    "        <xs:element name=\"count\" type=\"xs:nonNegativeInteger\" minOccurs=\"0\"/>\n"
    "      </xs:sequence>\n"
    "      <xs:attribute name=\"size\" type=\"xs:positiveInteger\"/>\n"
    "      <xs:attribute name=\"shape\" type=\"xs:string\"/>\n"
    "    </xs:complexType>\n"
    "  </xs:element>\n"
    "</xs:schema>\n";

static const struct xml_expect expect[] = {
    {"doc", "size", "a whole number (1, 2, 3, ...)"},
    {NULL, NULL, NULL},
};

/* Validates text against the schema above; returns the diags (caller frees). */
static struct diags check(const char *text)
{
    struct xml_schema *s = NULL;
    struct csa_error err = {0};
    assert_int_equal(xml_schema_compile("test.xsd", xsd, strlen(xsd), "doc", expect, &s, &err),
                     CSA_OK);
    struct diags d = {0};
    xmlDocPtr doc = xml_parse(text, strlen(text), NULL, &d);
    assert_non_null(doc);
    size_t added = xml_validate(s, doc, &d);
    assert_int_equal(added, d.errors);
    xmlFreeDoc(doc);
    xml_schema_free(s);
    return d;
}

/* Asserts that text fails the schema with exactly one error, at line, saying msg. */
static void invalid(const char *text, long line, const char *msg)
{
    struct diags d = check(text);
    if (d.n != 1 || d.v[0].line != line || strcmp(d.v[0].msg, msg) != 0) {
        cli_print_diags("input", &d);
        diags_free(&d);
        fail_msg("expected only input:%ld: error: %s", line, msg);
    }
    diags_free(&d);
}

static void test_valid_document_passes_the_schema(void **state)
{
    (void)state;
    struct diags d = check("<doc size=\"2\">\n<first>x</first>\n<blue>y</blue>\n</doc>");
    assert_int_equal(d.n, 0);
    diags_free(&d);
}

static void test_unexpected_element_lists_what_was_expected(void **state)
{
    (void)state;
    invalid("<doc>\n<first>x</first>\n<green>y</green>\n</doc>", 3,
            "<green> is not expected here inside <doc>; expected one of <red>, <blue>, <count>");
}

static void test_missing_first_element_names_it(void **state)
{
    (void)state;
    invalid("<doc>\n<red>y</red>\n</doc>", 2,
            "<red> is not expected here inside <doc>; expected <first>");
}

static void test_empty_document_element_is_missing_its_child(void **state)
{
    (void)state;
    invalid("<doc>\n</doc>", 1, "<doc> is missing <first>");
}

static void test_value_with_words_says_what_was_expected(void **state)
{
    (void)state;
    invalid("<doc size=\"0\">\n<first>x</first>\n</doc>", 1,
            "doc size \"0\" must be 1 or more (1, 2, 3, ...)");
}

static void test_start_tag_over_two_lines_is_reported_on_the_line_it_starts(void **state)
{
    (void)state;
    /* libxml2 dates an element by the line its start tag ends on; csa moves it back to the
     * line the tag starts on, where an analyst looks */
    invalid("<doc size=\"0\"\n     shape=\"round\">\n<first>x</first>\n</doc>", 1,
            "doc size \"0\" must be 1 or more (1, 2, 3, ...)");
}

static void test_value_without_words_still_names_the_value(void **state)
{
    (void)state;
    struct diags d = check("<doc>\n<first>x</first>\n<count>many</count>\n</doc>");
    assert_int_equal(d.n, 1);
    assert_int_equal(d.v[0].line, 3);
    assert_non_null(strstr(d.v[0].msg, "count \"many\" is not an accepted value ("));
    diags_free(&d);
}

static void test_a_long_value_in_another_script_is_quoted_whole(void **state)
{
    (void)state;
    char text[8192], want[4096];
    snprintf(text, sizeof text, "<doc size=\"%s\">\n<first>x</first>\n</doc>", eacute(600));
    snprintf(want, sizeof want, "doc size \"%s\" is not a whole number (1, 2, 3, ...)",
             eacute(600));
    struct diags d = check(text);
    all_utf8_and_saying(&d, want);
    diags_free(&d);
}

static void test_a_long_value_without_words_is_cut_between_characters(void **state)
{
    (void)state;
    char text[8192];
    snprintf(text, sizeof text, "<doc>\n<first>x</first>\n<count>%s</count>\n</doc>",
             eacute(600));
    struct diags d = check(text);
    all_utf8_and_saying(&d, "count \"");
    assert_non_null(strstr(d.v[0].msg, "is not an accepted value ("));
    assert_non_null(strstr(d.v[0].msg, "...)")); /* libxml2's words about it, cut and marked */
    diags_free(&d);
}

static void test_unknown_attribute_is_named(void **state)
{
    (void)state;
    invalid("<doc colour=\"red\">\n<first>x</first>\n</doc>", 1,
            "<doc> has an attribute \"colour\" that the format does not have; check its spelling");
}

static void test_wrong_root_says_what_it_should_be(void **state)
{
    (void)state;
    invalid("<document>\n<first>x</first>\n</document>", 1,
            "the document starts with <document>, but it should start with <doc>");
}

static void test_every_schema_problem_is_reported(void **state)
{
    (void)state;
    struct diags d = check("<doc size=\"-1\" colour=\"red\">\n<first>x</first>\n"
                           "<count>-2</count>\n</doc>");
    assert_int_equal(d.errors, 3);
    diags_free(&d);
}

static void test_schema_that_does_not_compile_is_an_environment_error(void **state)
{
    (void)state;
    static const char broken[] =
        "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n"
        "  <xs:element name=\"doc\" type=\"nosuchType\"/>\n"
        "</xs:schema>\n";
    struct xml_schema *s = (struct xml_schema *)&s;
    struct csa_error err = {0};
    assert_int_equal(xml_schema_compile("broken.xsd", broken, strlen(broken), "doc", NULL, &s,
                                        &err),
                     CSA_EENV);
    assert_null(s);
    assert_string_equal(err.file, "broken.xsd");
    assert_non_null(strstr(err.msg, "the schema does not compile: "));
    assert_non_null(strstr(err.msg, "nosuchType"));
}

static void test_schema_free_of_null_is_harmless(void **state)
{
    (void)state;
    xml_schema_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_well_formed_document_parses_with_its_lines),
        cmocka_unit_test(test_nesting_at_the_depth_bound_is_accepted),
        cmocka_unit_test(test_nesting_one_past_the_depth_bound_is_refused),
        cmocka_unit_test(test_element_count_at_the_bound_is_accepted),
        cmocka_unit_test(test_element_count_one_past_the_bound_is_refused),
        cmocka_unit_test(test_default_limits_are_32_deep_and_200000_elements),
        cmocka_unit_test(test_empty_input_is_not_xml),
        cmocka_unit_test(test_text_that_is_not_xml_is_reported_on_line_1),
        cmocka_unit_test(test_latin1_byte_is_not_utf8),
        cmocka_unit_test(test_html_entity_is_unknown),
        cmocka_unit_test(test_predefined_and_numeric_entities_are_read),
        cmocka_unit_test(test_doctype_without_entities_is_still_refused),
        cmocka_unit_test(test_doctype_naming_an_external_dtd_is_refused_without_fetching_it),
        cmocka_unit_test(test_only_the_first_fatal_error_is_reported),
        cmocka_unit_test(test_lines_past_65535_are_reported_truly),
        cmocka_unit_test(test_a_long_tag_name_in_another_script_is_quoted_whole),
        cmocka_unit_test(test_valid_document_passes_the_schema),
        cmocka_unit_test(test_unexpected_element_lists_what_was_expected),
        cmocka_unit_test(test_missing_first_element_names_it),
        cmocka_unit_test(test_empty_document_element_is_missing_its_child),
        cmocka_unit_test(test_value_with_words_says_what_was_expected),
        cmocka_unit_test(test_start_tag_over_two_lines_is_reported_on_the_line_it_starts),
        cmocka_unit_test(test_value_without_words_still_names_the_value),
        cmocka_unit_test(test_a_long_value_in_another_script_is_quoted_whole),
        cmocka_unit_test(test_a_long_value_without_words_is_cut_between_characters),
        cmocka_unit_test(test_unknown_attribute_is_named),
        cmocka_unit_test(test_wrong_root_says_what_it_should_be),
        cmocka_unit_test(test_every_schema_problem_is_reported),
        cmocka_unit_test(test_schema_that_does_not_compile_is_an_environment_error),
        cmocka_unit_test(test_schema_free_of_null_is_harmless),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
