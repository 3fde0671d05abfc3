"""The composition root: the `mi` command line and `mi serve`, the only code that may
import both the portal and the orchestration."""
