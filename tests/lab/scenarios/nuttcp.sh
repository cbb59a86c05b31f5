#!/bin/sh
# nuttcp: TCP throughput with nuttcp, VT transmitting and VT receiving.
#
# Asserts, for each direction: nuttcp exits 0; no TCP retransmission (RetransSegs
# in the sending namespace's /proc/net/snmp; nuttcp's own retrans= stayed 0 even
# for a build losing every 200th frame: the virtual wire loses nothing and the model's RX
# FIFO sends PAUSE before it overflows, so a retransmission means the card or the
# driver lost or corrupted a segment: a TD or RD mishandled, a bad checksum, a
# silent reset; 0 in every run of 2026-11-30, both drivers); at least 1 Mb/s (the
# wire model caps TCP at 941; under TCG on a host at load 20 the lowest rate seen
# was 16: a driver that limps on TX time-outs or resets moves a few kB/s); and the
# model's frame counters account for the data (stat-tx-frames, stat-rx-frames grew
# by at least the bytes / 1514: it went through the card). No rate target
# beyond that: TCG timing means nothing. The rates are printed for the record.
# lab: timeout=200
set -eu
. /lab/lib.sh

peer nuttcp -S || fail "cannot start the nuttcp server in $PEER_NS"
sleep 0.5

# retrans [peer] : TCP segments retransmitted so far in that namespace
retrans() {
    if [ "${1:-}" = peer ]; then _s=$(peer cat /proc/net/snmp); else _s=$(cat /proc/net/snmp); fi
    echo "$_s" | awk '$1 == "Tcp:" { if (h) { print $c; exit } for (i = 2; i <= NF; i++) if ($i == "RetransSegs") c = i; h = 1 }'
}
run() { # run -t|-r : nuttcp client from the VT side, 5 seconds
    if [ "$1" = -t ]; then frames=stat-tx-frames; ns=""; else frames=stat-rx-frames; ns=peer; fi
    f0=0; is_vt6122 && f0=$(qom_num "$frames")
    rt0=$(retrans $ns)
    out=$(timeout 60 nuttcp "$1" -T 5 -fparse "$PEER_IP" 2>&1) || { echo "$out"; fail "nuttcp $1 failed"; }
    echo "    $out"
    mb=$(echo "$out" | sed -n 's/.*megabytes=\([0-9.]*\).*/\1/p' | tail -n 1)
    rate=$(echo "$out" | sed -n 's/.*rate_Mbps=\([0-9.]*\).*/\1/p' | tail -n 1)
    re=$(( $(retrans $ns) - rt0 ))
    [ -n "$mb" ] && [ -n "$rate" ] || fail "nuttcp $1: no megabytes/rate_Mbps in its output"
    awk -v m="$mb" -v r="$rate" 'BEGIN { exit !(m > 0 && r >= 1) }' || fail "nuttcp $1: megabytes=$mb rate_Mbps=$rate (at least 1 Mb/s)"
    [ "$re" -eq 0 ] || fail "nuttcp $1: $re TCP retransmissions on a lossless wire"
    if is_vt6122; then
        f1=$(qom_num "$frames")
        awk -v m="$mb" -v f=$((f1 - f0)) 'BEGIN { exit !(f * 1514 >= m * 1048576) }' ||
            fail "nuttcp $1: $mb MB but the model's $frames grew by only $((f1 - f0))"
        log "  model $frames +$((f1 - f0))"
    fi
    log "ok: nuttcp $1: $mb MB at $rate Mbps, no retransmission"
}
run -t    # VT transmits
run -r    # VT receives
# shellcheck disable=SC2046 # one pid per word
kill $(pidof nuttcp) 2>/dev/null || true
