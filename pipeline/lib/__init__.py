"""Helpers used by the Dagster definitions; kept outside the auto-loaded ``pipeline.defs``."""
