"""`python -m cjmsite` runs the command line."""

from .cli import main

main()
