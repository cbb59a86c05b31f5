#!/bin/sh
# rx-errors: received frames with errors are dropped and counted in the right
# statistics; good traffic is unaffected.
#
# The model delivers seven broadcast frames with errors (inject-rx-error): CRC twice,
# frame alignment (FAE), symbol (RXER), runt (44 bytes on the wire), long (2104
# bytes, more than the 2048 the chip accepts without RCR.AL at MTU 1500) and an 802.3
# length field that disagrees with the payload. The chip drops the first six (RCR
# keeps no error frames) and hands the last to the driver with RSR.RL set.
#
# The MIB counters (ethtool -S, the same names in both drivers) must move by exactly:
#   rx_crc_errors 2, rx_frame_alignment_errors 1, rx_symbol_errors 1, rx_runt_ok 1,
#   rx_long_err 1, in_range_length_errors 1, rx_error 6 (frames dropped for errors).
# velocity's netdev statistics (ip -s, /sys/.../statistics), by Linux's definitions
# (include/uapi/linux/if_link.h): rx_crc_errors 2, rx_frame_errors 1,
# rx_length_errors 3 (runt, long, length field), rx_errors 7 (one per bad frame,
# each counted once), rx_packets 0; then echoes pass with no error counter moving.
#
# via-velocity copies a few MIB counters into its netdev statistics in
# velocity_get_stats(): rx_errors = the MIB's RxErrorPkts, rx_length_errors = its
# InRangeLengthErrors, rx_crc_errors = its CRC errors; rx_frame_errors only counts
# FAE on frames it received, which the chip never hands over. For it this scenario
# EXPECTS those upstream values: rx_crc_errors 2, rx_errors 6, rx_length_errors 1,
# rx_frame_errors 0 (and the MIB counters as above).
# lab: timeout=200
set -eu
. /lab/lib.sh

NET="rx_crc_errors rx_frame_errors rx_length_errors rx_errors rx_packets"
MIB="rx_crc_errors rx_frame_alignment_errors rx_symbol_errors rx_runt_ok rx_long_err in_range_length_errors rx_error"
snap() { # snap PREFIX : N_<counter> and M_<counter> variables with PREFIX
    for _c in $NET; do eval "$1N_$_c=$(ifstat "$VT_IF" "$_c")"; done
    _s=$(ethtool -S "$VT_IF")
    for _c in $MIB; do
        _v=$(echo "$_s" | sed -n "s/^[[:space:]]*$_c:[[:space:]]*//p" | head -n 1)
        [ -n "$_v" ] || fail "no $_c in ethtool -S"
        eval "$1M_$_c=$_v"
    done
}
# moved KIND COUNTER EXPECTED : KIND N (netdev) or M (MIB)
BAD=""
moved() {
    eval "_d=\$((b$1_$2 - a$1_$2))"
    # shellcheck disable=SC2154 # _d is set by the eval above
    if [ "$_d" -eq "$3" ]; then
        log "ok: $([ "$1" = N ] && echo netdev || echo MIB) $2 +$_d"
    else
        log "WRONG: $([ "$1" = N ] && echo netdev || echo MIB) $2 +$_d, expected +$3"
        BAD="$BAD $2"
    fi
}

# No IPv6 chatter (router solicitations, MLD) and no ARP while rx_packets must stand
# still: with learned neighbours the peer sends us a unicast ARP probe 5 s after our
# first request (DELAY -> PROBE), and on 7.3 that probe fell inside the window every time.
sysctl -qw "net.ipv6.conf.$VT_IF.disable_ipv6=1"
peer sysctl -qw "net.ipv6.conf.$PEER_IF.disable_ipv6=1"
ip neigh replace "$PEER_IP" lladdr "$PEER_MAC" dev "$VT_IF" nud permanent ||
    fail "static neighbour $PEER_IP"
peer ip neigh replace "$VT_IP" lladdr "$VT_MAC" dev "$PEER_IF" nud permanent ||
    fail "static neighbour $VT_IP (peer)"
sleep 1
ping_ok vt 3 "$PEER_IP" -i 0.1 >/dev/null || fail "no traffic before the injection"
snap a
for e in crc crc fae symbol runt long length; do
    out=$(qom_set inject-rx-error "$e") || fail "inject-rx-error $e: $out"
done
sleep 1
stats_settle
snap b

moved M rx_crc_errors 2
moved M rx_frame_alignment_errors 1
moved M rx_symbol_errors 1
moved M rx_runt_ok 1
moved M rx_long_err 1
moved M in_range_length_errors 1
moved M rx_error 6
[ -z "$BAD" ] || fail "MIB counters wrong:$BAD (the model's counting)"
if [ "$DRIVER" = via-velocity ]; then
    moved N rx_crc_errors 2
    moved N rx_errors 6
    moved N rx_length_errors 1
    moved N rx_frame_errors 0
    [ -z "$BAD" ] || fail "via-velocity: netdev statistics differ from upstream's mapping:$BAD"
    log "as upstream: via-velocity's netdev statistics copy the MIB's RxErrorPkts, InRangeLengthErrors and CRC counters"
else
    moved N rx_crc_errors 2
    moved N rx_frame_errors 1
    moved N rx_length_errors 3
    moved N rx_errors 7
    moved N rx_packets 0
    ethtool -S "$VT_IF" | grep -E 'rx_desc_errors|rx_error|rx_runt|rx_long|length' | sed 's/^/    /'
    [ -z "$BAD" ] || fail "netdev statistics wrong:$BAD"
fi

errors_mark
ping_ok vt 10 "$PEER_IP" -i 0.05 || { lab_diag; fail "ping $VT_IF -> peer after the error frames"; }
ping_ok peer 10 "$VT_IP" -i 0.05 || { lab_diag; fail "ping peer -> $VT_IF after the error frames"; }
errors_check || fail "error counters moved with good traffic"
log "ok: good traffic after the error frames, no error counted for it"
