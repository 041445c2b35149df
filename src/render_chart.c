/* render_chart.c: Appendix A's counts as an inline SVG horizontal bar chart in the HTML
 * document (see render_doc.h): a bar a row, selected ones dark, with the selection line
 * drawn where SQL's threshold falls (csa.selection_rule) and a legend naming it; the caption
 * says when the counts are provisional (csa.count_standing). The Word document has the same
 * rows as a native chart (render_docx_chart.c) under the same caption; Markdown has none.
 *
 * Positions are whole numbers, or tenths written by hand, so the bytes never depend on the
 * locale or on floating point. */
#include "csa/render.h"
#include "render_doc.h"

#define CHART_W 640
#define CHART_X0 8
#define CHART_PLOT 480
#define CHART_ROW 34

/* The bar of one Appendix A row: its label above it, its count after it. */
static void chart_bar(struct doc *d, const struct agr_count *k, int top, int max)
{
    int w = k->partnerships * CHART_PLOT / max;
    const char *fill = k->selected ? "#1d4e89" : "#a9b4c2";
    buf_puts(d->out, "<g><title>");
    doc_html_esc(d->out, k->label);
    buf_printf(d->out, ": %d of %zu%s</title>\n", k->partnerships, d->a->npartnerships,
               k->selected ? ", selected" : "");
    buf_printf(d->out, "<text x=\"%d\" y=\"%d\" font-size=\"12\"%s>", CHART_X0, top + 13,
               k->selected ? " font-weight=\"bold\"" : "");
    doc_html_esc(d->out, k->label);
    buf_printf(d->out, "</text>\n<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"12\" "
                       "fill=\"%s\"/>\n", CHART_X0, top + 18, w, fill);
    buf_printf(d->out, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%d</text></g>\n",
               CHART_X0 + w + 6, top + 28, k->partnerships);
}

/* The dashed selection line across the bars, and the legend under them. */
static void chart_rule(struct doc *d, int max, int height)
{
    long long th = words_millionths(d->a->rule.threshold);
    long long end = (long long)(CHART_X0 + CHART_PLOT) * 10;
    long long x10 = (long long)CHART_X0 * 10 + th * CHART_PLOT * 10 / ((long long)max * 1000000);
    x10 = x10 < end ? x10 : end; /* a rule above N still draws inside the chart */
    struct buf rule = {0};
    render_rule_words(d->a, 1, &rule);
    buf_printf(d->out, "<line x1=\"%lld.%lld\" y1=\"4\" x2=\"%lld.%lld\" y2=\"%d\" "
                       "stroke=\"#b03a2e\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>\n",
               x10 / 10, x10 % 10, x10 / 10, x10 % 10, height - 26);
    buf_printf(d->out, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"#1d4e89\"/>"
                       "<text x=\"%d\" y=\"%d\" font-size=\"11\">selected</text>\n",
               CHART_X0, height - 16, CHART_X0 + 14, height - 7);
    buf_printf(d->out, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"#a9b4c2\"/>"
                       "<text x=\"%d\" y=\"%d\" font-size=\"11\">not selected</text>\n",
               CHART_X0 + 80, height - 16, CHART_X0 + 94, height - 7);
    buf_printf(d->out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#b03a2e\" "
                       "stroke-dasharray=\"4 3\"/><text x=\"%d\" y=\"%d\" font-size=\"11\">"
                       "selection line: named by ", CHART_X0 + 190, height - 11, CHART_X0 + 210,
               height - 11, CHART_X0 + 216, height - 7);
    doc_html_esc(d->out, buf_str(&rule));
    buf_puts(d->out, " CSPs</text>\n");
    buf_free(&rule);
}

void chart_title(const struct agreement *a, struct buf *s)
{
    char w[32];
    buf_printf(s, "How many of the %s CSPs selected each priority",
               render_number_words((int)a->npartnerships, 0, w, sizeof w));
}

void chart_caption(const struct agreement *a, int dashed_line, struct buf *s)
{
    chart_title(a, s);
    buf_printf(s, ". County priorities are shown in dark blue; %s",
               dashed_line ? "the dashed line marks where a priority is selected: named by "
                           : "a priority is selected when named by ");
    render_rule_words(a, 1, s);
    buf_puts(s, ".");
    if (a->provisional) { /* what the bars count over, while some are still to come */
        buf_puts(s, " The counts are provisional: they are over ");
        words_submitted_so_far(a, s);
        buf_puts(s, "; ");
        words_still_to_come(a, s);
        buf_putc(s, '.');
    }
}

void chart_write(struct doc *d)
{
    const struct agreement *a = d->a;
    if (d->fmt == DOC_DOCX && docx_chart_rows(a) > 0) {
        struct buf cap = {0};
        chart_caption(a, 0, &cap); /* the Word chart has no selection line */
        docx_chart_drawing(d);
        doc_p_begin(d, "caption");
        doc_text(d, buf_str(&cap));
        doc_p_end(d);
        buf_free(&cap);
        return;
    }
    if (d->fmt != DOC_HTML)
        return;
    int rows = 0, max = (int)a->npartnerships;
    for (size_t i = 0; i < a->ncounts; i++) {
        if (!facts_in_appendix_a(&a->counts[i]))
            continue;
        rows++;
        if (a->counts[i].partnerships > max)
            max = a->counts[i].partnerships;
    }
    if (rows == 0)
        return;
    max = max > 0 ? max : 1;
    int height = 8 + rows * CHART_ROW + 30;
    buf_printf(d->out, "<figure class=\"chart\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
                       "role=\"img\" aria-labelledby=\"chart-title\" width=\"%d\" height=\"%d\" "
                       "viewBox=\"0 0 %d %d\" font-family=\"Arial, Helvetica, sans-serif\">\n",
               CHART_W, height, CHART_W, height);
    buf_puts(d->out, "<title id=\"chart-title\">");
    chart_title(a, d->out); /* number words only: nothing to escape */
    buf_puts(d->out, "</title>\n");
    for (size_t i = 0, r = 0; i < a->ncounts; i++)
        if (facts_in_appendix_a(&a->counts[i]))
            chart_bar(d, &a->counts[i], 8 + (int)r++ * CHART_ROW, max);
    chart_rule(d, max, height);
    struct buf cap = {0};
    chart_caption(a, 1, &cap);
    buf_puts(d->out, "</svg>\n<figcaption>");
    doc_html_esc(d->out, buf_str(&cap));
    buf_free(&cap);
    buf_puts(d->out, "</figcaption>\n</figure>\n");
}

