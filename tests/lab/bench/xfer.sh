#!/bin/sh
# bench/xfer: cost of moving 64 MB each way, for tests/bench (not part of the suite).
#
# For each direction it prints "BENCH <dir> <metric> <value>" lines: the card's
# interrupts, register reads and writes and DMA bytes (the model's counters, read
# through the monitor), wall time, the guest's busy CPU time (/proc/stat, all
# CPUs, both ends of the transfer since the peer lives in the same guest), and a
# 5 s nuttcp rate; also the card's frames each way, the TCP segments the VT's stack
# received (fewer than the frames when GRO merges them) and, after the TX run, the
# byte queue limit of TX queue 0 (0 for a driver without BQL).  It asserts only that the data arrived intact: timings are for
# comparing two drivers in one run, never pass/fail.
# lab: timeout=600
set -eu
. /lab/lib.sh

counters="stat-irqs stat-mmio-reads stat-mmio-writes stat-dma-read-bytes stat-dma-write-bytes stat-tx-doorbells stat-tx-frames stat-rx-frames stat-rx-dropped"

snap() {
    for c in $counters; do
        printf '%s=%s ' "$c" "$(qom_num "$c")"
    done
    awk '/^cpu / { printf "cpu=%d ", $2 + $3 + $4 + $7 + $8 }' /proc/stat
    # the InSegs column of the second "Tcp:" line of /proc/net/snmp
    awk '/^Tcp:/ { if (h) { for (i = 1; i <= NF; i++) if (n[i] == "InSegs") printf "tcp-insegs=%d ", $i } else { for (i = 1; i <= NF; i++) n[i] = $i; h = 1 } }' /proc/net/snmp
    printf 'up=%s\n' "$(cut -d' ' -f1 /proc/uptime)"
}

# delta DIR BEFORE AFTER : one BENCH line per metric
delta() {
    echo "$2" "$3" | awk -v dir="$1" '{
        n = NF / 2
        for (i = 1; i <= n; i++) {
            split($i, a, "="); split($(i + n), b, "=")
            v = b[2] - a[2]
            if (a[1] == "cpu") { a[1] = "guest-cpu-ms"; v = v * 10 }
            if (a[1] == "up") { a[1] = "wall-ms"; v = v * 1000 }
            sub(/^stat-/, "", a[1])
            printf "BENCH %s %s %d\n", dir, a[1], v
        }
    }'
}

make_data /tmp/data 64 || fail "cannot create test data"
for dir in tx rx; do
    b=$(snap)
    if [ "$dir" = tx ]; then
        xfer vt /tmp/data "$PEER_IP" 300 || fail "64 MB $VT_IF -> peer"
    else
        xfer peer /tmp/data "$VT_IP" 300 || fail "64 MB peer -> $VT_IF"
    fi
    a=$(snap)
    delta "$dir" "$b" "$a"
    if [ "$dir" = tx ]; then
        echo "BENCH tx bql-limit $(cat "/sys/class/net/$VT_IF/queues/tx-0/byte_queue_limits/limit")"
    fi
done
rm -f /tmp/data /tmp/data.sha256

peer nuttcp -S >/dev/null 2>&1 || fail "nuttcp server did not start in $PEER_NS"
sleep 0.5
for dir in tx rx; do
    flag=-t; [ "$dir" = rx ] && flag=-r
    out=$(nuttcp $flag -T 5 -fparse "$PEER_IP" 2>&1) || fail "nuttcp $flag: $out"
    rate=$(echo "$out" | sed -n 's/.*rate_Mbps=\([0-9.]*\).*/\1/p' | tail -n 1)
    [ -n "$rate" ] || fail "no rate in nuttcp output: $out"
    echo "BENCH $dir nuttcp-mbps $rate"
done
peer pkill nuttcp 2>/dev/null || true
log "ok: bench done"
