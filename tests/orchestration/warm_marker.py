"""Imported by the forkserver when a test preloads it: which process imported it."""

import os

IMPORTED_IN_PID = os.getpid()
