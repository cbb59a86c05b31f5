#!/bin/sh
# stats: reading the netdev statistics never touches the chip (review finding M4),
# and they still follow the traffic.
#
# 200 reads of /proc/net/dev (each calls ndo_get_stats64) while the card is idle:
# the model's MMIO read counter may move only by the periodic MIB read-out
# (33 reads every 2 s), not by the readers: fewer than 40 per 2 s of the loop,
# plus 80 (before the fix: 34 per statistics read, 6837 in all).
# Then 50 echoes each way: within 3 s rx_packets/tx_packets show them.
# via-velocity reads the MIB in its get_stats (32 MMIO reads and a flush per
# call): for it the scenario expects at least 200 x 32 reads, as upstream.
# lab: timeout=120
set -eu
. /lab/lib.sh

is_vt6122 || skip "needs the model's MMIO counters"
sleep 1
r0=$(qom_num stat-mmio-reads)
read -r t0 _ </proc/uptime
i=0
while [ "$i" -lt 200 ]; do
    cat /proc/net/dev >/dev/null
    i=$((i + 1))
done
read -r t1 _ </proc/uptime
r1=$(qom_num stat-mmio-reads)
d=$((r1 - r0))
log "200 reads of /proc/net/dev in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s: $d MMIO reads by the driver"
if [ "$DRIVER" = via-velocity ]; then
    [ "$d" -ge 6400 ] || fail "via-velocity: $d MMIO reads, expected its MIB read-out in every get_stats"
    log "as upstream: via-velocity reads the chip's MIB in every get_stats"
else
    # the periodic read-outs during the loop: 33 reads every 2 s (plus one)
    allow=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%d", 40 * ((b - a) / 2 + 2) }')
    [ "$d" -lt "$allow" ] ||
        fail "$d MMIO reads for 200 statistics reads (periodic read-outs: < $allow): get_stats64 touches the chip"
    log "ok: get_stats64 does not touch the chip"
fi

p0=$(ifstat "$VT_IF" rx_packets); t0=$(ifstat "$VT_IF" tx_packets)
ping_ok vt 50 "$PEER_IP" -i 0.02 || fail "ping VT -> peer"
ping_ok peer 50 "$VT_IP" -i 0.02 || fail "ping peer -> VT"
sleep 3
p1=$(ifstat "$VT_IF" rx_packets); t1=$(ifstat "$VT_IF" tx_packets)
log "rx_packets +$((p1 - p0)), tx_packets +$((t1 - t0)) after 100 echoes"
[ $((p1 - p0)) -ge 100 ] || fail "rx_packets moved by $((p1 - p0)) after 100 frames received"
[ $((t1 - t0)) -ge 100 ] || fail "tx_packets moved by $((t1 - t0)) after 100 frames sent"
log "ok: the statistics follow the traffic"
