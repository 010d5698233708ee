"""The verdict of a check: the child process's exit codes, and the refusal that carries one."""

import struct
import zlib

# Exit codes (the verdict).
ACCEPTE = 0
CORROMPU = 10
TROP_GRANDE = 11
ACTIF = 12
SORTANT = 13
CHIFFRE = 14
# Accepted once its outgoing actions are removed: the cleaned copy is on stdout. Not 1, the code
# of an uncaught exception.
NEUTRALISE = 20

ERREURS_LECTURE = (
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    KeyError,
    TypeError,
    AttributeError,
    IndexError,
    RecursionError,
    struct.error,
    zlib.error,
)


class Refus(Exception):
    def __init__(self, code: int):
        super().__init__(code)
        self.code = code
