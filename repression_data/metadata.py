"""Facts about the package itself, used for its citation and its release metadata."""

from repression_data._version import __release_date__, __version__

NAME = "repression-data"
TITLE = "repression-data: quantitative claims of scholarly texts on the Soviet terror of the 1930s"
DESCRIPTION = (
    "Every number that five texts on the Soviet terror of the 1930s print about arrests, convictions, executions, "
    "expulsions from the party, quotas and camp populations, as validated tables with provenance: the text, page, "
    "line and verbatim quote of each figure, the number as printed and as read, what it counts, and who produced it; "
    "with the relations between figures recomputed and the sources compared."
)
# Each author is a person ("given", "family") or an organisation ("name" and kind "organisation").
AUTHORS = [{"name": "The repression-data contributors", "kind": "organisation"}]
LICENSE = "CC-BY-4.0"  # the data: tables, raw files, codebook
CODE_LICENSE = "MIT"  # the code: the package, analysis scripts, tests
KEYWORDS = ["Soviet Union", "Great Terror", "political repression", "NKVD", "historical statistics", "data package"]
VERSION = __version__
RELEASE_DATE = __release_date__
