"""gunicorn's settings for the tests' SDE server: sync workers, each serving one
request at a time on a connection it then closes."""
import ctypes
import os
import signal
import sys

worker_class = "sync"
workers = 2
preload_app = True  # Django is imported once, before the workers fork
accesslog = None

# A test that dies without stopping its server takes the server with it: the
# kernel sends SIGINT (a quick shutdown) when the parent goes. Set as soon as
# gunicorn reads this file, and the parent checked after, so that a test
# killed while gunicorn started is noticed too.
PR_SET_PDEATHSIG = 1
ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGINT)
if "SDE_DRF_PARENT_PID" in os.environ and os.getppid() != int(os.environ["SDE_DRF_PARENT_PID"]):
    sys.exit("sdemig's DRF server: the test that started it is gone")


def when_ready(server):
    # --bind 127.0.0.1:0 lets the kernel choose the port: say which, as sde-sim does.
    host, port = server.LISTENERS[0].sock.getsockname()[:2]
    print(f"listening on {host}:{port}", flush=True)
