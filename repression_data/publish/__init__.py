"""publish: the checked tables written as what ships: Parquet, CSV, .xlsx, SQLite, manifest,
datapackage.json, codebook, release bundles.

The catalogue of tables (``catalog``), the Frictionless descriptor (``package``), the codebook
(``codebook``), the spreadsheets (``spreadsheet``), the database (``sqlite``), the writer of a
processed folder (``write``), the guard of output folders (``guard``) and releases (``release``).

May import: checks/, read/, shipped/, engine/ and the ground modules. Never pipeline/, serve/ or cli/.
"""
