"""Child programs for tests/test_sandbox.py, run by anef.sandbox: `boucle` spins the CPU,
`memoire` allocates until refused, `code N` exits with N."""

import sys

if __name__ == "__main__":
    action = sys.argv[1]
    if action == "boucle":
        while True:
            pass
    elif action == "memoire":
        blocs = []
        while True:
            blocs.append(bytearray(16 * 1024 * 1024))
    sys.exit(int(sys.argv[2]))
