#!/bin/sh
# rmmod-busy: the driver is removed while nuttcp streams in both directions, then
# loaded again and the card passes traffic.
#
# nuttcp servers on both ends; a 30 s nuttcp transfer VT -> peer and another
# peer -> VT start together. Once the card's counters show data moving both
# ways (below), `rmmod` runs: it must succeed, and the module and the interface must be
# gone. Then the driver is loaded again with the same parameters: the interface
# returns with the same MAC and carrier; the two TCP connections, which outlive the
# interface (their segments are retransmitted), carry on through the new one and
# both nuttcp clients must finish with status 0; echoes pass both ways and a fresh
# 4 MB transfer each way has its sha256 matching. The runner fails the scenario on
# any BUG/WARNING/Oops in the kernel log (a use-after-free or a timer left running
# by remove would show there).
# lab: timeout=300 kmemleak
set -eu
. /lab/lib.sh

mod=${DRIVER_MODULE:-$(lab_module_of "$DRIVER")}
mac=$(cat "/sys/class/net/$VT_IF/address")
nuttcp_server peer || fail "cannot start the nuttcp server in $PEER_NS"
nuttcp_server || fail "cannot start the nuttcp server on the VT side"
nuttcp -t -T 30 "$PEER_IP" >/tmp/nut-vt.log 2>&1 &
p1=$!
peer nuttcp -t -T 30 "$VT_IP" >/tmp/nut-peer.log 2>&1 &
p2=$!

# Both directions busy: within a second TX and RX each moved at least 20 packets
# averaging over 200 bytes. Packets alone are not enough: the ACKs of one stream
# count too, and on the debug kernel a run passed that check with the other
# stream's data connection not yet made; removed under it, that client was
# refused (errno 111) after the reload. A direction carrying data segments
# averages hundreds of bytes a packet, its ACKs alone 66.
n=0
while :; do
    t0=$(ifstat "$VT_IF" tx_packets); r0=$(ifstat "$VT_IF" rx_packets)
    tb0=$(ifstat "$VT_IF" tx_bytes); rb0=$(ifstat "$VT_IF" rx_bytes)
    sleep 1
    t1=$(ifstat "$VT_IF" tx_packets); r1=$(ifstat "$VT_IF" rx_packets)
    tb1=$(ifstat "$VT_IF" tx_bytes); rb1=$(ifstat "$VT_IF" rx_bytes)
    dt=$((t1 - t0)); dr=$((r1 - r0))
    [ "$dt" -ge 20 ] && [ "$dr" -ge 20 ] && [ $((tb1 - tb0)) -gt $((dt * 200)) ] &&
        [ $((rb1 - rb0)) -gt $((dr * 200)) ] && break
    n=$((n + 1))
    [ "$n" -lt $((15 * ${LAB_SLOWDOWN:-1})) ] || { lab_diag; fail "traffic did not start both ways (last second: tx +$dt packets +$((tb1 - tb0)) bytes, rx +$dr packets +$((rb1 - rb0)) bytes)"; }
done
log "busy: last second tx +$dt packets +$((tb1 - tb0)) bytes, rx +$dr packets +$((rb1 - rb0)) bytes"

old=$VT_IF
rmmod "$mod" || fail "rmmod $mod under traffic failed"
log "ok: rmmod $mod returned while both directions were busy"
! grep -q "^$mod " /proc/modules || fail "$mod still loaded"
[ ! -e "/sys/class/net/$old" ] || fail "$old still exists after rmmod"
lab_up || fail "modprobe $mod / network setup after the busy rmmod failed"
[ "$(cat "/sys/class/net/$VT_IF/address")" = "$mac" ] || fail "MAC after reload is $(cat "/sys/class/net/$VT_IF/address")"
# The two connections outlive the interface (TCP retransmits into the void) and
# carry on through the new one: both clients must finish.
n=0
while kill -0 "$p1" 2>/dev/null || kill -0 "$p2" 2>/dev/null; do
    n=$((n + 1))
    [ "$n" -lt 900 ] || { lab_diag; fail "nuttcp clients still running 90 s after the reload"; }
    sleep 0.1
done
rc1=0; wait "$p1" || rc1=$?
rc2=0; wait "$p2" || rc2=$?
log "nuttcp VT -> peer rc=$rc1: $(tail -n 1 /tmp/nut-vt.log)"
log "nuttcp peer -> VT rc=$rc2: $(tail -n 1 /tmp/nut-peer.log)"
[ "$rc1" -eq 0 ] && [ "$rc2" -eq 0 ] || fail "nuttcp did not finish cleanly across the reload (rc $rc1, $rc2)"
traffic_ok "after the reload"
log "ok: reloaded, $VT_IF back with $mac"
# shellcheck disable=SC2046 # one pid per word
kill $(pidof nuttcp) 2>/dev/null || true
