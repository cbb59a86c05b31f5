#!/bin/sh
# tcp-64m: a 64 MB TCP transfer each way; the received data's sha256 must match.
#
# Random data from /dev/urandom in tmpfs, sent with busybox nc (the listener's
# output is hashed), VT -> peer then peer -> VT, each bounded to 120 s.
# lab: timeout=400
set -eu
. /lab/lib.sh

errors_mark
make_data /tmp/data 64 || fail "cannot create test data"
xfer vt /tmp/data "$PEER_IP" 120 || fail "64 MB $VT_IF -> peer"
xfer peer /tmp/data "$VT_IP" 120 || fail "64 MB peer -> $VT_IF"
rm -f /tmp/data /tmp/data.sha256
errors_check || fail "errors counted during the scenario"
log "ok: 64 MB each way, sha256 equal, no errors counted"
