"""`python -m justificatifs.controle TYPE_MIME`: what `anef.sandbox` runs in the child process."""

import sys

from justificatifs.controle import main

sys.exit(main(sys.argv[1:]))
