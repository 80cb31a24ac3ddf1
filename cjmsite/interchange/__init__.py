"""Maps in and out: spreadsheets (CSV, XLSX) and Mermaid, both ways (`cjmsite export`,
`cjmsite import`).

Layering: beside diff/ and scaffold/; it reads the site through site/resolve/sources and
reuses render/mermaid.py; only commands/ imports it.
"""
