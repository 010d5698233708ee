"""`python -m instruction.apercu pages|page N`: what `anef.sandbox` runs in the child process."""

import sys

from instruction.apercu import main

sys.exit(main(sys.argv[1:]))
