#!/bin/sh
# mtu-change: the MTU changes back and forth while a TCP transfer runs, each way;
# the received data's sha256 matches; afterwards jumbo echoes pass both ways and the
# MTU limits hold.
#
# The peer stays at its largest MTU (9000). While data goes peer -> VT, the card's
# MTU steps through MAX 1500 4000 576 MAX 1500 2000 MAX 1500 (MAX = 9000, or the
# driver's maxmtu if lower: velocity caps VT3286, rev >= 0x80, below 4 KB frames);
# each such connection starts at MTU 1500 and the first change waits for data to
# arrive, so the peer's segments (MSS 1460, fixed at connect) fit every MTU in the
# list (a 9000-byte frame arriving at MTU 1500 is a long frame the chip drops, and
# TCP would resend it forever). While data goes VT -> peer, the MTU steps through
# MAX 1500 4000 MAX 1500: TCP follows the device MTU, so jumbo and standard frames
# are sent. Nothing under 576 while traffic runs: below the 552-byte minimum path
# MTU the stack locks the route's PMTU and fragments every later segment, which
# tests IPv4, not the card. A change is made every 0.3 s while a 64 MB transfer
# runs; the transfer is repeated until every step of the list ran under traffic,
# whatever the speed. Every change must be accepted and every transfer complete with
# sha256 equal (TCP retransmits what a change drops: no error counters are checked).
# Then at MTU MAX, 5 echoes of MAX - 28 bytes each way; minmtu - 1 and maxmtu + 1
# are refused (maxmtu 9000 for both drivers at rev 0x11; minmtu 68, ETH_MIN_MTU,
# for velocity, 64 for via-velocity); minmtu is accepted, and the card passes
# traffic again at 1500 after it (below 68 the kernel drops the interface's IPv4
# address, which is added again).
#
# via-velocity does a full cold re-initialisation (soft reset, EEPROM reload, PHY
# autonegotiation) for every MTU change of a running interface, so the link drops
# each time; the transfers still complete. It has no guard for the VT3286 4 KB TX
# hang (hardware reference 7 #1, see mtu9000): at rev >= 0x80 MAX is 4000 for it.
#
# On the debug kernel the transfers are of 16 MB, as in ring-resize (its header:
# TCP through the debug guest moved about 53 KB/s on 2026-12-02's host).
# lab: timeout=600
set -eu
. /lab/lib.sh

rev=$(( ${LAB_REV:-0x11} ))
minmtu=$(ip -d link show "$VT_IF" | sed -n 's/.* minmtu \([0-9]*\).*/\1/p')
maxmtu=$(ip -d link show "$VT_IF" | sed -n 's/.* maxmtu \([0-9]*\).*/\1/p')
[ -n "$minmtu" ] && [ -n "$maxmtu" ] || fail "no minmtu/maxmtu in ip -d link show $VT_IF"
log "$VT_IF: minmtu $minmtu maxmtu $maxmtu"
MAX=9000
[ "$maxmtu" -lt "$MAX" ] && MAX=$maxmtu
if [ "$DRIVER" = via-velocity ] && [ "$rev" -ge $((0x80)) ]; then
    MAX=4000
    log "via-velocity on VT3286: MTU changes up to 4000 only (no 4 KB TX guard upstream)"
fi

peer ip link set "$PEER_IF" mtu 9000 || fail "cannot set the peer's MTU to 9000"
# 64 MB (16 on the debug kernel): two copies of random data (cheaper to make than
# all of it).
MB=64
[ "${LAB_KERNEL:-}" != debug ] || MB=16
make_data /tmp/seed $((MB / 2)) || fail "cannot create test data"
cat /tmp/seed /tmp/seed >/tmp/data || fail "cannot create test data"
rm -f /tmp/seed /tmp/seed.sha256
sha256sum </tmp/data | cut -d' ' -f1 >/tmp/data.sha256

# mtu_step N : the N-th MTU of the list in MTUS.
mtu_step() {
    _i=$(($1 + 1))
    # shellcheck disable=SC2086 # word list
    set -- $MTUS
    _m=""; eval "_m=\${$_i}"
    ip link set "$VT_IF" mtu "$_m" || { echo "MTU $_m refused" >&2; return 1; }
    # shellcheck disable=SC2034 # read by xfer_under
    STEP_DONE="mtu $_m"
}
# A receiving VT starts each connection at MTU 1500: TCP's MSS toward it is fixed at
# connect, and frames above a lowered MTU are dropped (as long frames) forever, which
# would stall the transfer rather than test the card.
mtu1500() { ip link set "$VT_IF" mtu 1500 || { echo "cannot set MTU 1500" >&2; return 1; }; }
# under FROM DEST : transfers of the data FROM -> DEST until every MTU in MTUS was set at
# least once while data was flowing.
under() {
    _need=$(echo "$MTUS" | wc -w)
    _prep=""; [ "$1" = vt ] || _prep=mtu1500
    xfer_steps "$1" /tmp/data "$2" "$_need" mtu_step "MTU changes" $_prep ||
        fail "$1 -> $2: MTU changes under traffic"
    log "ok: $1 -> $2: $_need MTU changes under traffic in $XFERS transfer(s) of $MB MB, sha256 equal each time"
}

MTUS="$MAX 1500 4000 576 $MAX 1500 2000 $MAX 1500"
under peer "$VT_IP"
MTUS="$MAX 1500 4000 $MAX 1500"
under vt "$PEER_IP"
rm -f /tmp/data /tmp/data.sha256

ip link set "$VT_IF" mtu "$MAX" || fail "cannot set MTU $MAX"
wait_carrier "$VT_IF" 1 20 || fail "no carrier at MTU $MAX"
ping -c 1 -W 5 "$PEER_IP" >/dev/null 2>&1 || true   # ARP after a possible re-init
ping_ok vt 5 "$PEER_IP" -s $((MAX - 28)) -i 0.1 || { lab_diag; fail "$((MAX - 28))-byte echoes $VT_IF -> peer"; }
ping_ok peer 5 "$VT_IP" -s $((MAX - 28)) -i 0.1 || { lab_diag; fail "$((MAX - 28))-byte echoes peer -> $VT_IF"; }
log "ok: $((MAX - 28))-byte echoes both ways at MTU $MAX"

if ip link set "$VT_IF" mtu $((maxmtu + 1)) 2>/dev/null; then fail "MTU $((maxmtu + 1)) accepted (maxmtu $maxmtu)"; fi
if ip link set "$VT_IF" mtu $((minmtu - 1)) 2>/dev/null; then fail "MTU $((minmtu - 1)) accepted (minmtu $minmtu)"; fi
[ "$(cat "/sys/class/net/$VT_IF/mtu")" = "$MAX" ] || fail "MTU changed to $(cat "/sys/class/net/$VT_IF/mtu") by a refused request"
log "ok: MTU $((minmtu - 1)) and $((maxmtu + 1)) refused"
if [ "$DRIVER" != e1000 ]; then
    # velocity: the kernel's ETH_MIN_MTU (review L7); via-velocity: a frame size
    if [ "$DRIVER" = velocity ]; then want=68; else want=64; fi
    [ "$minmtu" = "$want" ] || fail "minmtu $minmtu, expected $want"
    ip link set "$VT_IF" mtu "$want" || fail "MTU $want refused"
    [ "$(cat "/sys/class/net/$VT_IF/mtu")" = "$want" ] || fail "MTU is $(cat "/sys/class/net/$VT_IF/mtu") after setting $want"
    ip link set "$VT_IF" mtu 1500 || fail "cannot go back to MTU 1500"
    ip addr add "$VT_IP/24" dev "$VT_IF" 2>/dev/null || true
    wait_carrier "$VT_IF" 1 20 || fail "no carrier after MTU $want -> 1500"
    ping -c 1 -W 5 "$PEER_IP" >/dev/null 2>&1 || true
    ping_ok vt 5 "$PEER_IP" -i 0.1 || { lab_diag; fail "ping after MTU $want -> 1500"; }
    log "ok: MTU $want accepted, traffic at 1500 after it"
fi
