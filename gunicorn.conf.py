"""gunicorn settings for `make serve` (production mode)."""

import multiprocessing
import os
from pathlib import Path

import environ

# The same `.env` the site reads, so gunicorn and Django agree on TRUSTED_PROXIES.
environ.Env.read_env(Path(__file__).resolve().parent / ".env")

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# One worker per core, each with threads: while some threads decode card photos (one at a time
# per worker, intake/images.py), the others keep serving pages. With sync workers, 8 uploads at
# once held every worker and /locations/ waited for them (see bench/uploads.py).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", 8))
# Each worker listens on a socket of its own (SO_REUSEPORT) and the kernel spreads new
# connections over them. On one shared socket the worker that wakes first can take every
# connection a client keeps alive (wrk's 16, a proxy's pool): in 4 of 20 runs of 3 s one
# worker served all of them while the other idled, at a third of the throughput.
reuse_port = True
timeout = 30
control_socket_disable = True
accesslog = "-"
# %(U)s is the path without its query string: staff search the work queue by patient name.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
# Only our proxies may say a request came over HTTPS: the site's TRUSTED_PROXIES (default
# 127.0.0.1), which the site also uses for X-Forwarded-For (clinic_site.security).
forwarded_allow_ips = ",".join(environ.Env().list("TRUSTED_PROXIES", default=["127.0.0.1"]))
