"""The one pipeline (config → sources → resolve → analysis → render → search → write)."""
