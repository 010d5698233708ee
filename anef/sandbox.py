"""Run a parser over untrusted bytes in a child process with hard CPU and memory limits.

A hostile upload (a PDF of 180,000 objects, a small PNG that decodes to gigabytes) must not cost
a web worker more than a bounded amount of memory and time. The parsing runs in a fresh,
isolated interpreter (`python -I`) whose first lines lower its own limits, before it imports the
module or reads a byte — not a `preexec_fn`, which is unsafe in a threaded worker. Past the CPU
limit the kernel kills the child (SIGXCPU, then SIGKILL); past the address-space limit an
allocation fails (the module exits with EXIT_MEMORY, or the child dies); past the wall-clock
timeout the parent kills it. The caller gets the child's exit code, or KILLED for all of these.
The module runs as `__main__` with the project on its path: its package must not import Django.
"""

import logging
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

logger = logging.getLogger(__name__)

BASE_DIR = Path(__file__).resolve().parent.parent
# What the child process may use, on top of nothing: CPU seconds (the interpreter's start and
# imports included) and address space (the interpreter and its libraries take about 60 MB of it).
CPU_SECONDS = 2
ADDRESS_SPACE_BYTES = 176 * 1024 * 1024
TIMEOUT_SECONDS = 15
# Exit code of a child that ran out of memory, CPU or time.
KILLED = -1
EXIT_MEMORY = 70

BOOTSTRAP = """\
import resource, runpy, sys
resource.setrlimit(resource.RLIMIT_CPU, ({cpu}, {cpu} + 1))
resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory}))
resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
sys.path.insert(0, {path!r})
try:
    runpy.run_module({module!r}, run_name="__main__", alter_sys=True)
except MemoryError:
    sys.exit(70)
"""


def run(
    module: str,
    *args: str,
    stdin: IO[bytes],
    stdout: IO[bytes] | None = None,
    cpu_seconds: int = CPU_SECONDS,
    address_space_bytes: int = ADDRESS_SPACE_BYTES,
    timeout: float = TIMEOUT_SECONDS,
) -> int:
    """Run `module` as a program, limited, with `args` as its sys.argv[1:] and stdin and stdout
    on the given real files (they need a file descriptor); return its exit code or KILLED."""
    bootstrap = BOOTSTRAP.format(
        cpu=int(cpu_seconds), memory=int(address_space_bytes), path=str(BASE_DIR), module=module
    )
    command = [sys.executable, "-I", "-c", bootstrap, *args]
    process = subprocess.Popen(
        command,
        stdin=stdin,
        stdout=stdout if stdout is not None else subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=BASE_DIR,
    )
    returncode, usage, peak_kb = _wait(process, timeout)
    # Costs only, never the file: bench/upload.py reads these lines from the server's log.
    logger.info(
        "sandbox %s: exit %s, %.2f s CPU, %.0f MB peak",
        module,
        returncode,
        usage.ru_utime + usage.ru_stime,
        peak_kb / 1024,
    )
    if returncode is None or returncode < 0 or returncode == EXIT_MEMORY:
        return KILLED
    return returncode


def _wait(process: subprocess.Popen, timeout: float):
    """The child's exit code (None when killed at the timeout), its resource usage (wait4) and
    the highest peak resident memory seen while it ran, in kB (VmHWM, read as it runs: after
    exec it is the child's own; wait4's ru_maxrss may count the worker it was forked from)."""
    deadline = time.monotonic() + timeout
    pause = 0.005
    peak_kb = 0
    while True:
        peak_kb = max(peak_kb, _vmhwm_kb(process.pid))
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return process.returncode, usage, peak_kb
        if time.monotonic() > deadline:
            process.kill()
            _pid, _status, usage = os.wait4(process.pid, 0)
            process.returncode = -9
            return None, usage, peak_kb
        time.sleep(pause)
        pause = min(pause * 2, 0.02)


def _vmhwm_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", "rb") as status:
            for line in status:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0
