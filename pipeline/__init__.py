"""Dagster definitions and helpers for the Survey & Claims Warehouse."""
