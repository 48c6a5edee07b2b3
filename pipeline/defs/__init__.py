"""Auto-loaded definitions, one module per concern."""
