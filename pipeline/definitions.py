"""The code location: every module of ``pipeline.defs`` is loaded, one per concern."""

import dagster as dg

import pipeline.defs

defs = dg.load_defs(defs_root=pipeline.defs)
