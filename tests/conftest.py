"""Make the test helpers (sitekit, modelkit) importable; choose the Hypothesis profile."""

import os
import sys
import tempfile
from pathlib import Path

from hypothesis import settings

sys.path.insert(0, str(Path(__file__).parent))

# `HYPOTHESIS_PROFILE=long pytest tests/test_fuzz.py` before a release (docs/hardening.md);
# the default profile keeps the suite fast.
settings.register_profile("long", max_examples=10_000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# Builds in tests keep their cache in a throwaway folder, not in the user's ~/.cache
# (subprocesses inherit it).
os.environ.setdefault(
    "CJMSITE_CACHE_DIR", str(Path(tempfile.mkdtemp(prefix="cjmsite-test-cache-")))
)
