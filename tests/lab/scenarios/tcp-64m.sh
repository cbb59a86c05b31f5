#!/bin/sh
# tcp-64m: a 64 MB TCP transfer each way; the received data's sha256 must match.
#
# Random data from /dev/urandom in tmpfs, sent with busybox nc (the listener's
# output is hashed), VT -> peer then peer -> VT, each bounded to 120 s.
#
# On the debug kernel each gets 360 s, which xfer multiplies by LAB_SLOWDOWN (10)
# to 3600 s, and the scenario 7200 s: there one 64 MB transfer took 1251 s on
# 2026-12-02's host (TCP through the debug guest moved about 53 KB/s), past the
# 1200 s that 120 s would give.
# lab: timeout=400 debug-timeout=7200
set -eu
. /lab/lib.sh

LIM=120
[ "${LAB_KERNEL:-}" != debug ] || LIM=360

errors_mark
make_data /tmp/data 64 || fail "cannot create test data"
xfer vt /tmp/data "$PEER_IP" "$LIM" || fail "64 MB $VT_IF -> peer"
xfer peer /tmp/data "$VT_IP" "$LIM" || fail "64 MB peer -> $VT_IF"
rm -f /tmp/data /tmp/data.sha256
errors_check || fail "errors counted during the scenario"
log "ok: 64 MB each way, sha256 equal, no errors counted"
