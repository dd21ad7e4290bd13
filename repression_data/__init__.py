"""repression_data: the quantitative claims of scholarly texts on the Soviet
terror of the 1930s, as validated tables with provenance.

    import repression_data as rd
    rd.tables()            # the names of the shipped tables
    claims = rd.load("claims")

Importing the package and loading a table use only pandas and pyarrow;
the validation machinery (pandera) is imported by the build alone.
"""

from ._version import __version__
from .loader import load, tables

__all__ = ["__version__", "load", "tables"]
