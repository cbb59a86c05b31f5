#!/bin/sh
# dma-stall: a TX and then an RX DMA stall (the model's fault-tx-stall and
# fault-rx-stall: TXESR/RXESR.TDSTR/RDSTR, the queue's DEAD bit, ISR.TXSTLI/RXSTLI);
# velocity recovers by itself and traffic resumes.
#
# Each fault is armed, traffic makes it fire (the property reads back false once it
# has), and then:
# velocity (issue 3: the stall interrupts recover by resetting the chip from a work
#   item): within 30 s ethtool -S `resets` and `tx_dma_stalls` / `rx_dma_stalls`
#   each grow by one; carrier returns; 5 echoes each way and a 4 MB transfer each way
#   (sha256) pass.
# via-velocity has no recovery (hardware reference 7 #16, #17): on TXSTLI it logs
#   "TD structure error", clears the TX queue's RUN bit and calls netif_stop_queue()
#   with a FIXME, so the queue stays stopped; RXSTLI is not even in its interrupt
#   mask, so an RX stall goes unnoticed. For it this scenario EXPECTS: after the TX
#   stall exactly one "TD structure error" line and no echo answered, still none
#   5 s later; after `ip link set down/up` (a full re-initialisation) traffic
#   passes; after the RX stall no echo from the peer gets in, still none 5 s later,
#   and down/up brings it back.
# The two stalls and velocity's two recovery resets are the point: declared for
# the end-of-scenario counter check.
# lab: timeout=300 expect-velocity=resets,tx_dma_stalls,rx_dma_stalls
set -eu
. /lab/lib.sh

st() { ethtool_stat "$VT_IF" "$1"; }
# fire FAULT : arm the model's fault and make traffic until it has fired.
fire() {
    qom_set "$1" true || fail "cannot set $1"
    _n=0
    while [ "$(qom_get "$1")" != false ]; do
        ping -c 1 -W 1 "$PEER_IP" >/dev/null 2>&1 || true
        peer ping -c 1 -W 1 "$VT_IP" >/dev/null 2>&1 || true
        _n=$((_n + 1))
        [ "$_n" -lt 10 ] || fail "$1 did not fire (the model never reached a descriptor fetch)"
    done
    log "$1 fired"
}
# recovered STAT : wait up to 30 s for ethtool -S resets and STAT to grow.
recovered() {
    _n=0
    while [ "$(st resets)" -le "$R0" ] || [ "$(st "$1")" -le "$S0" ]; do
        _n=$((_n + 1))
        [ "$_n" -le 300 ] || { lab_diag; fail "no recovery 30 s after the stall: resets $R0 -> $(st resets), $1 $S0 -> $(st "$1")"; }
        sleep 0.1
    done
    log "ok: recovered: resets $R0 -> $(st resets), $1 $S0 -> $(st "$1")"
    wait_carrier "$VT_IF" 1 20 || fail "no carrier after the recovery"
    ping -c 1 -W 3 "$PEER_IP" >/dev/null 2>&1 || true   # ARP
}
dead() { # dead FROM WHAT : no echo from FROM answered, now and 5 s later
    if ping_ok "$1" 2 "$([ "$1" = vt ] && echo "$PEER_IP" || echo "$VT_IP")" -i 0.2 >/dev/null 2>&1; then
        fail "via-velocity: echoes from $1 answered after the $2; upstream does not recover"
    fi
    sleep 5
    if ping_ok "$1" 2 "$([ "$1" = vt ] && echo "$PEER_IP" || echo "$VT_IP")" -i 0.2 >/dev/null 2>&1; then
        fail "via-velocity: echoes from $1 answered 5 s after the $2; upstream does not recover"
    fi
    log "as upstream: via-velocity stays dead after the $2 (no echo answered, 5 s later neither)"
}
downup() {
    ip link set "$VT_IF" down
    ip link set "$VT_IF" up
    wait_carrier "$VT_IF" 1 20 || fail "no carrier after down/up"
    ping -c 1 -W 3 "$PEER_IP" >/dev/null 2>&1 || true
}


# ---- TX
if [ "$DRIVER" = via-velocity ]; then
    kmsg_mark dma-stall-tx
    fire fault-tx-stall
    dead vt "TX stall"
    n=$(kmsg_since dma-stall-tx | grep -c 'TD structure error' || true)
    [ "$n" -eq 1 ] || fail "via-velocity: $n 'TD structure error' lines, expected one"
    downup
    traffic_ok "after the TX stall and down/up"
else
    R0=$(st resets); S0=$(st tx_dma_stalls)
    fire fault-tx-stall
    recovered tx_dma_stalls
    traffic_ok "after the TX stall"
fi

# ---- RX
if [ "$DRIVER" = via-velocity ]; then
    fire fault-rx-stall
    dead peer "RX stall"
    downup
    traffic_ok "after the RX stall and down/up"
else
    R0=$(st resets); S0=$(st rx_dma_stalls)
    fire fault-rx-stall
    recovered rx_dma_stalls
    traffic_ok "after the RX stall"
fi
