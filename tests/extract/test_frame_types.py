"""The string column type of the extractor's pandera schemas."""

import pandas as pd
import pandera.pandas as pa
import pytest

from extract.frame_types import TEXT

SCHEMA = pa.DataFrameSchema({"text": pa.Column(TEXT, nullable=True)})


def test_a_string_column_passes_and_keeps_pandas_string_dtype() -> None:
    frame = SCHEMA.validate(pd.DataFrame({"text": pd.Series(["a", None, "c"], dtype="str")}))
    assert str(frame["text"].dtype) == "str"
    assert str(TEXT) == str(pa.Column(str).dtype)


def test_a_column_of_other_objects_fails_and_names_the_offending_values() -> None:
    frame = pd.DataFrame({"text": pd.Series(["a", 3, b"raw"], dtype=object)})
    with pytest.raises(pa.errors.SchemaErrors) as failure:
        SCHEMA.validate(frame, lazy=True)
    cases = failure.value.failure_cases
    assert set(cases["check"]) == {"dtype('string[pyarrow]')"}
    assert {str(case) for case in cases["failure_case"]} == {"3", "b'raw'"}


def test_a_coercing_schema_turns_objects_into_strings_as_pandera_does_for_str() -> None:
    coercing = pa.DataFrameSchema({"text": pa.Column(TEXT)}, coerce=True)
    frame = coercing.validate(pd.DataFrame({"text": pd.Series(["a", 3], dtype=object)}))
    assert frame["text"].tolist() == ["a", "3"]
