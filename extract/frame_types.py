"""Column types shared by the pandera schemas of the extractor's frames."""

from __future__ import annotations

from typing import Any

import numpy as np
from pandera import dtypes
from pandera.engines import pandas_engine


@dtypes.immutable(init=True)
class Text(pandas_engine.STRING):
    """pandas' string dtype, as pandera's ``str``, with its check answered for the whole column.

    pandera checks a string column element by element and then, even when every element
    passes, builds a frame of failure cases and its printed form: about a millisecond a column,
    about half the cost of validating a document's frames. A whole-column answer takes
    pandera's other path; when it fails, pandera still lists the elements that are not strings.
    """

    def check(self, pandera_dtype: dtypes.DataType, data_container: Any = None) -> bool:
        passed = super().check(pandera_dtype, data_container)
        return passed if isinstance(passed, bool) else bool(np.all(passed))


TEXT = Text()
"""A string column (pandas' default string storage), for ``pa.Column(TEXT, ...)``."""
