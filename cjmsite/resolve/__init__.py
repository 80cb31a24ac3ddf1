"""Stage 3, resolve: validate every kind, link references into one `Site`, check links."""
