"""Stage 1, configuration: `cjmsite.yml` read into a typed `SiteConfig`, and its JSON Schema."""
