/* render_css.c: the style sheet of the HTML agreement (see render_doc.h), written into the
 * document's <style> element as it is. Printable, A4-friendly, no external fonts, images or
 * scripts. No '<' or '&' in it, so the document stays well-formed XML. */
#include "render_doc.h"

const char render_css[] =
    /* A4 with a running footer of the document's own: Chromium (131 and later) prints @page
     * margin boxes, and --no-pdf-header-footer keeps its own header and footer out */
    "@page { size: A4; margin: 18mm 16mm 20mm; "
    "@bottom-center { content: \"Page \" counter(page) \" of \" counter(pages); "
    "font: 9pt Arial, Helvetica, sans-serif; color: #555; } }\n"
    "body { font-family: Georgia, 'Times New Roman', serif; line-height: 1.45; color: #111; "
    "max-width: 46em; margin: 2em auto; padding: 0 1em; }\n"
    "h1, h2, h3 { font-family: Arial, Helvetica, sans-serif; color: #1d4e89; }\n"
    "h1 { font-size: 1.9em; margin-bottom: 0.2em; }\n"
    ".cover { border-bottom: 2px solid #1d4e89; margin-bottom: 1.5em; }\n"
    ".status { border: 2px solid #b03a2e; background: #fdf3f2; padding: 0.2em 1em; "
    "margin-bottom: 2em; }\n"
    ".status h2 { color: #b03a2e; margin-top: 0.5em; }\n"
    "p.numbered .n { font-weight: bold; margin-right: 0.4em; }\n"
    ".signature { margin-top: 1.5em; }\n"
    "table { border-collapse: collapse; margin: 1em 0; width: 100%; }\n"
    "caption { text-align: left; font-style: italic; padding-bottom: 0.3em; }\n"
    "th, td { border: 1px solid #9aa5b1; padding: 0.25em 0.5em; text-align: left; "
    "vertical-align: top; }\n"
    "thead th { background: #e8eef5; }\n"
    "th[scope=row] { font-weight: normal; }\n"
    "tr.selected th, tr.selected td { background: #dde8f4; }\n"
    ".num { text-align: right; }\n"
    ".note { font-size: 0.9em; margin: 0.2em 0; }\n"
    "sup { line-height: 0; }\n"
    "table.counts { width: auto; min-width: 60%; }\n"
    "figure { margin: 1em 0; }\n"
    ".chart svg { max-width: 100%; height: auto; }\n"
    ".chart figcaption { font-size: 0.9em; font-style: italic; }\n"
    "p.list-head { margin-bottom: 0.2em; }\n"
    /* Print: the status box's tint, the table heads, the selected rows and the chart keep
     * their colours; a heading, a table's caption and head, the paragraph that leads into a
     * table and the head of a section 4.2 list stay with what follows them; a row, a note, a
     * list item, a figure or a signature is never cut, nor the cover or the contents; a long
     * table repeats its head. */
    "@media print {\n"
    "  html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }\n"
    "  body { margin: 0; max-width: none; padding: 0; font-size: 11pt; orphans: 3; "
    "widows: 3; }\n"
    "  .appendix { break-before: page; page-break-before: always; }\n"
    "  nav.contents { break-after: page; page-break-after: always; break-inside: avoid; "
    "page-break-inside: avoid; }\n"
    "  nav.contents ul { padding-left: 4em; }\n"
    "  header.cover { break-inside: avoid; page-break-inside: avoid; }\n"
    "  a { color: inherit; text-decoration: none; }\n"
    "  h1, h2, h3 { break-after: avoid; page-break-after: avoid; break-inside: avoid; }\n"
    "  caption, thead, p:has(+ table), p.list-head { break-after: avoid; "
    "page-break-after: avoid; }\n"
    "  thead { display: table-header-group; }\n"
    "  tr, figure, .note, .signature, .status, li { break-inside: avoid; "
    "page-break-inside: avoid; }\n"
    "}\n";
