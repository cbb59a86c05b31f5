#!/bin/sh
# counts: a fixed workload, then what it cost in the model's counters.
#
# 20 echoes each way and 4 MB each way (sha256 compared), then power-off: the
# runner reads the model's counters once the guest is off and records them in
# the console log (the "POWEROFF-CHECK" line).  Nothing in between talks to the
# host, so under `tests/lab/run --icount` (guest time = instructions) two runs
# record the same numbers (tests/lab/README.md, "Repeatable counts"); without
# --icount the numbers follow host load and only the traffic is checked.
# lab: timeout=300 poweroff
set -eu
. /lab/lib.sh

make_data /tmp/counts.data 4 || fail "cannot create test data"
ping_ok vt 20 "$PEER_IP" -i 0.02 || fail "echoes $VT_IF -> peer"
ping_ok peer 20 "$VT_IP" -i 0.02 || fail "echoes peer -> $VT_IF"
xfer vt /tmp/counts.data "$PEER_IP" 120 || fail "4 MB $VT_IF -> peer"
xfer peer /tmp/counts.data "$VT_IP" 120 || fail "4 MB peer -> $VT_IF"
log "ok: traffic done; the runner records the counters after power-off"
lab_poweroff stat-tx-frames='*' stat-rx-frames='*' stat-tx-doorbells='*' \
    stat-irqs='*' stat-mmio-reads='*' stat-mmio-writes='*' \
    stat-dma-read-bytes='*' stat-dma-write-bytes='*' stat-rx-dropped='*' \
    stat-bus-busy-ns='*' stat-tx-wak-latched='*'
