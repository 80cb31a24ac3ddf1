"""Stage 2, sources: walk `content/`, read files, YAML frontmatter with positions, Markdown."""
