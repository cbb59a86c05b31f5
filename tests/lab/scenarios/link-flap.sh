#!/bin/sh
# link-flap: QEMU's `set_link vtnet off|on` drops and restores the card's link; the
# driver follows carrier within a bounded time, traffic resumes.
#
# The model raises its link-change interrupt (ISR.SRCI) and updates PHYSR0/BMSR;
# via-velocity's velocity_error() reads the link state and calls
# netif_carrier_off/on. Two cycles, 10 s bound each way.
#
# via-velocity is known broken (upstream race, lab 2026-11-30: 1 run in 3, carrier
# still up, MIICR 00, PHYSR0 00): the link-change interrupt raised while it
# initialises is cleared unread at the end of init, auto-poll stays off and no
# later link change reaches it; the scenario then stops (via_lost_srci in lib.sh).
# lab: timeout=200
set -eu
. /lab/lib.sh

for cycle in 1 2; do
    out=$(lab-host set_link "$VT_NETDEV" off) || fail "lab-host set_link off failed: $out"
    [ -z "$out" ] || log "monitor: $out"
    if ! wait_carrier "$VT_IF" 0 10; then
        if via_lost_srci; then
            log "as upstream: via-velocity lost the link interrupt at init (auto-poll off): no link change can reach it"
            exit 0
        fi
        lab_diag; fail "cycle $cycle: carrier still up 10 s after set_link off"
    fi
    [ "$(ethtool_field "$VT_IF" "Link detected")" = no ] || fail "cycle $cycle: ethtool still reports a link"
    log "ok: cycle $cycle: link down seen"
    if ping -c 2 -W 1 -w 3 "$PEER_IP" >/dev/null 2>&1; then
        fail "cycle $cycle: ping succeeded with the link down"
    fi
    out=$(lab-host set_link "$VT_NETDEV" on) || fail "lab-host set_link on failed: $out"
    wait_carrier "$VT_IF" 1 10 || { lab_diag; fail "cycle $cycle: no carrier 10 s after set_link on"; }
    speed=$(ethtool_field "$VT_IF" Speed)
    [ "$speed" = 1000Mb/s ] || fail "cycle $cycle: link back at $speed"
    log "ok: cycle $cycle: link up again at $speed"
    # The ping while the link was down left an ARP entry that is still resolving
    # with probes that went nowhere; it turns FAILED about 3 s after it started and
    # drops whatever was queued on it, without a probe after the link came back.
    # That is the neighbour cache's timing, not the card's: start resolution afresh.
    ip neigh flush dev "$VT_IF"
    peer ip neigh flush dev "$PEER_IF"
    ping_ok vt 5 "$PEER_IP" -i 0.1 || { lab_diag; fail "cycle $cycle: no traffic VT -> peer after link up"; }
    ping_ok peer 5 "$VT_IP" -i 0.1 || { lab_diag; fail "cycle $cycle: no traffic peer -> VT after link up"; }
done
log "ok: two link down/up cycles"
