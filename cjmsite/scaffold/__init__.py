"""`cjmsite new`: a handbook skeleton, content files from archetypes, GitHub workflows."""
