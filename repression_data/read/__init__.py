"""read: data/raw read strictly, into typed tables that remember where every row came from.

One raw CSV file at a time (``rawfiles``), its columns and types (``rawspec``, ``parse``), the
origin of each row (``origins``), the raw folder (``folder``), page evidence (``pagefiles``) and
the wide tables (``wide``). Problems are collected and named by file, record and field.

May import: engine/ and the ground modules. Never shipped/ or any stage above.
"""
