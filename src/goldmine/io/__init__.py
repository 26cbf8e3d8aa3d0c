"""Input/output adapters: loaders for profiles (YAML/JSON) and, later, series (CSV/Excel).

Loaders turn any failure into :class:`goldmine.errors.InputError` naming the file, the field
path, what was expected and what was found (goldmine convention for bad input).
"""

from goldmine.io.profiles import load_profile, parse_profile, read_mapping, validation_problems
from goldmine.io.series import load_series

__all__ = ["load_profile", "load_series", "parse_profile", "read_mapping", "validation_problems"]
