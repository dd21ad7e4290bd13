__version__ = "0.2.0"
# The date this version is released (CITATION.cff date-released, .zenodo.json); change it with the version.
__release_date__ = "2026-11-29"
