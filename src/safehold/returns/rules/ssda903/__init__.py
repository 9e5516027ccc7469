"""The SSDA903 rules, one module per area (each registers its rules on import)."""
