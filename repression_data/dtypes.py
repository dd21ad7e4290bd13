"""The column types the package gives its tables, the same on pandas 2 and 3.

pandas 3 has a text dtype (``str``) whose missing value is NaN; pandas 2 keeps
text in ``object`` columns, and there ``astype("str")`` turns a missing value
into the three letters "nan". Every text column the build makes goes through
:func:`text`, which keeps a missing cell missing on both lines.
"""

from __future__ import annotations

import pandas as pd

PANDAS_3 = int(pd.__version__.split(".")[0]) >= 3
# The dtype of a text column: "str" on pandas 3, object (Python str or None) on pandas 2.
TEXT = "str" if PANDAS_3 else object


def text(values, index=None) -> pd.Series:
    """A text column from ``values`` (a Series, list or array): every present cell a
    Python str, every missing cell (None, NaN, NaT) missing, never the text "nan"."""
    series = values if isinstance(values, pd.Series) else pd.Series(list(values), index=index, dtype=object)
    missing = series.isna()
    if PANDAS_3:
        return series.astype("str").where(~missing)
    return series.astype(object).where(~missing, None)
