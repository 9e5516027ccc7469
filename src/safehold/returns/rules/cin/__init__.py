"""The CIN census rules, one module per area (each registers its rules on import)."""
