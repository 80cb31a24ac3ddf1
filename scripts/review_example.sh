#!/bin/sh
# Regenerate the example PR comment of docs/review-workflow.md from the demo handbook.
#
# In a throw-away git repository (a copy of cjmsite.yml + content/; this repository is
# never touched): commit the handbook on `main`, open a branch, make the two edits of the
# example (a worse emotion for one persona, a RACI change), check, and print the
# `cjmsite diff` Markdown comment, then the `--fail-on` exit code.
#
#     sh scripts/review_example.sh            # needs git and cjmsite (pip install -e .)
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cp "$repo/cjmsite.yml" "$work/"
cp -R "$repo/content" "$work/content"
cd "$work"
# A fixed identity and date, so the commit (and the sha in the comment) is the same each run.
export GIT_AUTHOR_NAME=Example GIT_AUTHOR_EMAIL=example@example.com
export GIT_COMMITTER_NAME=Example GIT_COMMITTER_EMAIL=example@example.com
export GIT_AUTHOR_DATE=2024-05-01T09:00:00Z GIT_COMMITTER_DATE=2024-05-01T09:00:00Z
git init -q -b main
git add -A
git commit -q -m "Handbook on main"

# The change under review, on its own branch.
git switch -q -c checkout-account-number
tp=content/journeys/switch-to-fibre
# 1. Emotion: placing the order online got worse for Priya (0 -> -1 for her only).
python3 - "$tp/60-orders-online.md" <<'EOF'
import sys
from pathlib import Path
path = Path(sys.argv[1])
text = path.read_text(encoding="utf-8")
path.write_text(text.replace("emotion: 0\n", "emotion: {priya: -1, george: 0, leo: 0}\n", 1), encoding="utf-8")
EOF
# 2. RACI: Sales becomes accountable for the order-confirmation call, Customer Care responsible.
python3 - "$tp/70-calls-to-confirm-order.md" <<'EOF'
import sys
from pathlib import Path
path = Path(sys.argv[1])
text = path.read_text(encoding="utf-8")
old = "  customer-care: A\n  sales: R\n"
assert old in text, "owners block not found"
path.write_text(text.replace(old, "  customer-care: R\n  sales: A\n", 1), encoding="utf-8")
EOF

echo "\$ git diff --stat"
git diff --stat
echo "\$ cjmsite check"
cjmsite check
echo "\$ cjmsite diff HEAD"
cjmsite diff HEAD
echo "\$ cjmsite diff HEAD --fail-on new-hotspot,worse-emotion,raci-violation > /dev/null"
code=0
cjmsite diff HEAD --fail-on new-hotspot,worse-emotion,raci-violation >/dev/null || code=$?
echo "exit code: $code"
