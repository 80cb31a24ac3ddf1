"""The `cjmsite` command line: the click group, one module per command (parse, call, show)."""
