__version__ = "0.3.0"
# The date this version is released (CITATION.cff date-released, .zenodo.json); change it with the version.
__release_date__ = "2026-12-07"
