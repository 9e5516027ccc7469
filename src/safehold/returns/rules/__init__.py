"""Safehold's implementation of the DfE validation rules (issue 16): `engine` registers and runs them, `tables`
loads a return into the frames they read, `cin/` and `ssda903/` hold the rules by area, `expr` the helpers
they share."""
