#!/bin/sh
# ping: ICMP echo both ways, every reply back, at several frame sizes.
#
# Sizes: 0 bytes of payload (a 42-byte frame: the driver must pad it to 60, the chip
# does not — hardware reference 7.4), the default 56, 1472 (a full 1514-byte frame)
# and 1473 (two IP fragments). 20 echoes each way per size, 0 % loss required.
set -eu
. /lab/lib.sh

errors_mark
for size in 56 0 1472 1473; do
    ping_ok vt 20 "$PEER_IP" -s "$size" -i 0.05 || fail "ping $VT_IF -> peer, $size bytes"
    ping_ok peer 20 "$VT_IP" -s "$size" -i 0.05 || fail "ping peer -> $VT_IF, $size bytes"
    log "ok: $size-byte pings both ways"
done
# No error counters moved on the card under test.
errors_check || fail "errors counted during the scenario"
log "ok: no errors counted during the scenario"
