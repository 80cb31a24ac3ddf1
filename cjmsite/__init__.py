"""cjmsite: a static site generator for customer journey maps.

The package root holds the version only, so `import cjmsite.model` loads no pipeline.
`cjmsite.build`, `cjmsite.check` and `cjmsite.BuildResult` (the public API) are loaded on
first use.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["BuildResult", "__version__", "build", "check"]


def __getattr__(name: str) -> Any:
    if name in ("BuildResult", "build", "check"):
        from cjmsite.site import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'cjmsite' has no attribute {name!r}")
