"""cjmsite: a static site generator for customer journey maps."""

from .build import BuildResult, build, check

__all__ = ["BuildResult", "build", "check"]
__version__ = "0.1.0"
