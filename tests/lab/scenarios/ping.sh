#!/bin/sh
# ping: ICMP echo both ways, every reply back, at several frame sizes.
#
# Sizes: 0 bytes of payload (a 42-byte frame: the driver must pad it to 60, the chip
# does not — hardware reference 7.4), the default 56, 1472 (a full 1514-byte frame)
# and 1473 (two IP fragments). 20 echoes each way per size, 0 % loss required.
# The padding is checked where it shows: the peer accepts short frames (QEMU's
# e1000 neither drops nor pads them), so the model's stat-tx-runts (frames under 60
# bytes that left the card) must not move while the card sends at least 40 frames
# of the 0-byte round (20 requests, 20 replies).
set -eu
. /lab/lib.sh

errors_mark
for size in 56 0 1472 1473; do
    if is_vt6122; then r0=$(qom_num stat-tx-runts); t0=$(qom_num stat-tx-frames); fi
    ping_ok vt 20 "$PEER_IP" -s "$size" -i 0.05 || fail "ping $VT_IF -> peer, $size bytes"
    ping_ok peer 20 "$VT_IP" -s "$size" -i 0.05 || fail "ping peer -> $VT_IF, $size bytes"
    if is_vt6122; then
        r1=$(qom_num stat-tx-runts); t1=$(qom_num stat-tx-frames)
        [ "$r1" = "$r0" ] || fail "$size-byte pings: the card sent $((r1 - r0)) frames under 60 bytes (not padded)"
        [ $((t1 - t0)) -ge 40 ] || fail "$size-byte pings: the card sent only $((t1 - t0)) frames"
        log "  the card sent $((t1 - t0)) frames, none under 60 bytes"
    fi
    log "ok: $size-byte pings both ways"
done
# No error counters moved on the card under test.
errors_check || fail "errors counted during the scenario"
log "ok: no errors counted during the scenario"
