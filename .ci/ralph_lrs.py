"""Run Ralph's LRS (ralph-malph) with its file-system backend, for the services suite (see .ci/lrs).

Ralph's FS backend writes each request with operation "create", which refuses an existing file: only the
first statement request would ever be stored (the next answer 500, "already exists"). A real LRS keeps
every statement, so the backend appends instead. Everything else (validation, auth, queries) is Ralph's.
Usage: python ralph_lrs.py HOST PORT (RALPH_* variables set by .ci/lrs)."""

import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

if __name__ == "__main__":
    uvicorn.run("ralph.api:app", host=sys.argv[1], port=int(sys.argv[2]), log_level="warning")
