"""Reports as documents: blocks (headings, tables, key facts, bar charts) built from a result.

Each report (summary, compliance, accountability, district roll-up) is a list of blocks;
renderers turn blocks into terminal output, plain text, Markdown or HTML. Fixed labels are
bilingual (:mod:`audit.reports.labels`); item texts come from the result's catalogue.
"""
