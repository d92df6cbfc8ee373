"""gunicorn settings for `make serve` (production mode)."""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# One worker per core, each with threads: while some threads decode card photos (one at a time
# per worker, intake/images.py), the others keep serving pages. With sync workers, 8 uploads at
# once held every worker and /locations/ waited for them (see bench/uploads.py).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", 8))
timeout = 30
control_socket_disable = True
accesslog = "-"
# %(U)s is the path without its query string: staff search the work queue by patient name.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
forwarded_allow_ips = "*" if os.environ.get("BEHIND_PROXY", "").lower() in {"1", "true", "on", "yes"} else "127.0.0.1"
