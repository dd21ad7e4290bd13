"""Facts about the package itself, used for its citation and its release metadata."""

from repression_data._version import __release_date__, __version__
from repression_data.paths import RAW_DIR, REPO_DIR

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


def install_hint(extra: str | None = None) -> str:
    """The command that installs the package (with ``extra``, e.g. "serve") for how this copy was obtained.

    In a clone of the repository: ``make install`` there. Otherwise (a wheel or an sdist of a release:
    the package is on no public index) the release's wheel with the extra, or the extra's own
    packages as the installed copy declares them.
    """
    from importlib import metadata as installed  # only when a hint is given: it costs an import

    if (REPO_DIR / "pyproject.toml").is_file() and RAW_DIR.is_dir():
        what = f'pip install -e "{REPO_DIR}[{extra}]"' if extra else f'pip install -e "{REPO_DIR}"'
        return f"in the clone, run 'make install' (cd {REPO_DIR} && make install), or {what}"
    wheel = f"repression_data-{VERSION}-py3-none-any.whl"
    packages = []
    if extra:
        try:
            packages = [r.split(";")[0].strip() for r in installed.requires(NAME) or [] if f"extra == '{extra}'" in r.replace('"', "'")]
        except installed.PackageNotFoundError:
            packages = []
    target = f'"./{wheel}[{extra}]"' if extra else f'"./{wheel}"'
    hint = f"pip install {target} (in the folder holding the release's wheel, {wheel})"
    if packages:
        hint += ", or the extra's packages alone: pip install " + " ".join(f'"{p}"' for p in packages)
    return hint
