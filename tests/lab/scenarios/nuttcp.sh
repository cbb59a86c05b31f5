#!/bin/sh
# nuttcp: TCP throughput with nuttcp, VT transmitting and VT receiving.
#
# Asserts that data flowed (megabytes > 0, rate_Mbps > 0, exit 0), never a rate:
# TCG timing means nothing. The rates are printed for the record.
# lab: timeout=200
set -eu
. /lab/lib.sh

peer nuttcp -S || fail "cannot start the nuttcp server in $PEER_NS"
sleep 0.5

run() { # run -t|-r : nuttcp client from the VT side, 5 seconds
    out=$(timeout 60 nuttcp "$1" -T 5 -fparse "$PEER_IP" 2>&1) || { echo "$out"; fail "nuttcp $1 failed"; }
    echo "    $out"
    mb=$(echo "$out" | sed -n 's/.*megabytes=\([0-9.]*\).*/\1/p' | tail -n 1)
    rate=$(echo "$out" | sed -n 's/.*rate_Mbps=\([0-9.]*\).*/\1/p' | tail -n 1)
    [ -n "$mb" ] && [ -n "$rate" ] || fail "nuttcp $1: no megabytes/rate_Mbps in its output"
    awk -v m="$mb" -v r="$rate" 'BEGIN { exit !(m > 0 && r > 0) }' || fail "nuttcp $1: megabytes=$mb rate_Mbps=$rate"
    log "ok: nuttcp $1: $mb MB at $rate Mbps"
}
run -t    # VT transmits
run -r    # VT receives
# shellcheck disable=SC2046 # one pid per word
kill $(pidof nuttcp) 2>/dev/null || true
