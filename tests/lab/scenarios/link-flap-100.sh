#!/bin/sh
# link-flap-100: 100 link flaps (QEMU set_link off/on) while TCP transfers run
# through the card, alternately from it and to it; every transfer completes with
# matching sha256 and the driver counts every flap, and nothing else.
#
# A flap: `set_link vtnet off`, carrier 0 within 10 s, `set_link vtnet on`,
# carrier 1 within 10 s (the model renegotiates in autoneg-ms, 300 ms). Flaps are
# made back to back while a 24 MB transfer runs (after data arrived, while the
# client sends: xfer_steps in lib.sh); TCP retransmits what the link lost, so
# the transfers are slow and several are needed for 100 flaps.
# Asserted:
#   - every transfer completes, sha256 matches;
#   - /sys/class/net/IF/carrier_down_count and carrier_up_count each grew by
#     exactly 100 (one carrier change per link change, none lost, none extra);
#   - velocity: no reset, no TX timeout, no DMA stall (the end-of-scenario
#     counter check: frames queued while the link is down complete with
#     TSR.LNKFL, so the TX watchdog must never fire); the only netdev error
#     counters that may move are tx_errors and tx_carrier_errors (those LNKFL
#     completions), rx errors not at all;
#   - the kernel log holds only "Link is Down" / "Link is Up" lines, 100 each.
# Then 5 echoes and 4 MB each way.
#
# velocity only: via-velocity loses the link-change interrupt in one run of three
# at init (link-flap.sh, via_lost_srci) and cannot follow any flap then.
# Negative control (notes): velocity built to ignore SRCI (no carrier update)
# fails at the first flap.
# lab: timeout=900 soak drivers=velocity
set -eu
. /lab/lib.sh

NFLAP=100
make_data /tmp/f 24 || fail "cannot create test data"
sysctl -qw "net.ipv6.conf.$VT_IF.disable_ipv6=1"
FLAPS=0
flap() {
    _o=$(lab-host set_link "$VT_NETDEV" off | tr -d '\r')
    [ -z "$_o" ] || { echo "set_link off: $_o" >&2; return 1; }
    # on a failure the link goes back on, so that the transfer can end
    wait_carrier "$VT_IF" 0 10 || { lab_diag; lab-host set_link "$VT_NETDEV" on; return 1; }
    _o=$(lab-host set_link "$VT_NETDEV" on | tr -d '\r')
    [ -z "$_o" ] || { echo "set_link on: $_o" >&2; return 1; }
    wait_carrier "$VT_IF" 1 10 || { lab_diag; return 1; }
    FLAPS=$((FLAPS + 1))
    STEP_DONE="flap $FLAPS"
}
cnt() { cat "/sys/class/net/$VT_IF/carrier_$1_count"; }

D0=$(cnt down); U0=$(cnt up)
stats_settle
for c in rx_errors rx_crc_errors rx_length_errors rx_frame_errors rx_fifo_errors tx_aborted_errors; do
    eval "E0_$c=$(ifstat "$VT_IF" $c)"
done
kmsg_mark link-flap-100
read -r t0 _ </proc/uptime
dir=vt; n=0
while [ "$FLAPS" -lt "$NFLAP" ]; do
    n=$((n + 1))
    [ "$n" -le 40 ] || fail "only $FLAPS flaps in 40 transfers"
    if [ "$dir" = vt ]; then
        xfer_under vt /tmp/f "$PEER_IP" 300 "$FLAPS" $((NFLAP - 1)) flap ||
            fail "transfer $n (card -> peer) failed at flap $FLAPS"
        dir=peer
    else
        xfer_under peer /tmp/f "$VT_IP" 300 "$FLAPS" $((NFLAP - 1)) flap ||
            fail "transfer $n (peer -> card) failed at flap $FLAPS"
        dir=vt
    fi
done
read -r t1 _ </proc/uptime
log "ok: $FLAPS flaps under $n transfers of 24 MB, each sha256 matching, in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", b - a }') s"

D1=$(cnt down); U1=$(cnt up)
log "carrier_down_count $D0 -> $D1, carrier_up_count $U0 -> $U1"
[ $((D1 - D0)) -eq "$NFLAP" ] || fail "carrier_down_count grew by $((D1 - D0)), expected $NFLAP"
[ $((U1 - U0)) -eq "$NFLAP" ] || fail "carrier_up_count grew by $((U1 - U0)), expected $NFLAP"
stats_settle
bad=""
for c in rx_errors rx_crc_errors rx_length_errors rx_frame_errors rx_fifo_errors tx_aborted_errors; do
    eval "v0=\$E0_$c"
    # shellcheck disable=SC2154 # v0 is set by the eval above
    [ "$(ifstat "$VT_IF" $c)" = "$v0" ] || bad="$bad $c:$v0->$(ifstat "$VT_IF" $c)"
done
[ -z "$bad" ] || fail "error counters moved across the flaps:$bad"
log "tx_errors $(ifstat "$VT_IF" tx_errors), tx_carrier_errors $(ifstat "$VT_IF" tx_carrier_errors) (frames completed with the link down)"

k=$(kmsg_since link-flap-100)
down=$(echo "$k" | grep -c ': Link is Down$' || true)
up=$(echo "$k" | grep -c ': Link is Up - ' || true)
other=$(echo "$k" | grep -vE ': Link is (Down$|Up - )|^hrtimer: interrupt took [0-9]+ ns$|^clocksource: Long readout interval' || true)
[ -z "$other" ] || { echo "$other" | head -n 20 >&2; fail "unexpected kernel lines during the flaps"; }
[ "$down" -eq "$NFLAP" ] && [ "$up" -eq "$NFLAP" ] || fail "$down 'Link is Down' and $up 'Link is Up' lines, expected $NFLAP each"
log "ok: kernel log: $down Link is Down, $up Link is Up, nothing else"
traffic_ok "after $NFLAP flaps"
