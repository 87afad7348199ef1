#!/usr/bin/env bash
# The server tests need a real Postgres on 127.0.0.1:5432. Starts the local
# cluster when it is not answering (Debian's pg_ctlcluster).
set -euo pipefail
ready() { pg_isready -h 127.0.0.1 -p 5432 -q; }
if ready; then exit 0; fi
pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
for _ in $(seq 1 30); do ready && exit 0; sleep 1; done
echo "Postgres did not start on 127.0.0.1:5432" >&2
exit 1
