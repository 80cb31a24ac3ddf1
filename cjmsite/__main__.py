"""`python -m cjmsite` runs the command line."""

from cjmsite.commands.main import main

main()
