"""Stage 6, search: index the rendered pages with Pagefind (shards, a byte-stable bundle)."""
