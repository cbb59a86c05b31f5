#!/bin/sh
# lifecycle: the interface taken down and up 24 times while its settings change,
# half of the rounds under a flood of datagrams; then 20 suspend/resume cycles
# while TCP transfers run (issue 12, item 4; load-cycles and load-cycles-100 are
# its load/unload part).
#
# Part 1, down/up. Each round: `ip link set down`, one change made while down,
# `ip link set up`, carrier within 20 s, the change read back, 3 echoes each way.
# The changes rotate through
#   rings      ethtool -G rx/tx (64/16, 252/256, 128/64, ...); velocity only:
#              via-velocity has no ring parameters (ring-resize);
#   coalesce   ethtool -C rx-frames/tx-frames/rx-usecs/tx-usecs, read back by -c;
#   mtu        1500 and 4000 in turn (under VT3286's 4 KB TX limit);
#   advertise  ethtool -s advertise 0x008 (100baseT/Full only): the link comes up
#              at 100Mb/s; the next such round restores 0x03f (10/100/1000, half and
#              full) and 1000Mb/s; velocity only (via-velocity
#              ignores advertise: link-settings).
# Odd rounds run with the peer flooding the VT's address with UDP datagrams
# (labnet blast, a static neighbour entry): frames arrive while the rings are torn
# down and rebuilt.
# Then the defaults are restored and 4 MB go each way (sha256).
#
# Part 2, S3 under traffic (velocity only: via-velocity's suspend sleeps under a
# spinlock, see wol.sh): 64 MB transfers VT -> peer, and in each of them, once data
# flows, suspends to RAM woken by the RTC 3 s later, until 20 suspends have happened
# while data was on the wire (xfer_steps). The whole guest sleeps, the peer's e1000
# too, so TCP carries the transfer across each resume; every transfer completes
# with its sha256, /sys/power/suspend_stats/success grows by exactly 20, carrier is
# back after each resume, at 100Mb/s: the link is limited to 100baseT/Full before
# the first suspend, and the PHY, reset by the wake-up, must be programmed again
# (a velocity.ko without velocity_phy_resume() fails here); 4 MB go each way after
# the last.
# Throughout: no netdev error counter moves but the two a frame sent into a link
# that is down moves (tx_errors and tx_carrier_errors, equally), and the
# runner's checks after the scenario (no reset, TX time-out or stall unless declared;
# a clean kernel log).
# Soak tier: about 5 minutes on 6.1 under TCG.
# lab: s3 soak timeout=900
set -eu
. /lab/lib.sh

vel() { [ "$DRIVER" = velocity ]; }
coal() { ethtool -c "$VT_IF" | sed -n "s/^$1:[[:space:]]*//p"; }
# The chip ends a frame sent while the link is down with TSR.LNKFL, counted in
# tx_errors and tx_carrier_errors: the advertise rounds and every resume renegotiate
# the link, and what the stack sends in the moment before the driver sees the link
# go (ARP, TCP retransmissions) ends so (8 frames in one run). Those two may move,
# by the same amount; no other error counter may. via-velocity counts such a frame
# in tx_errors and tx_dropped (its velocity_tx_srv() maps TSR.CRS, not LNKFL, to
# tx_carrier_errors): for it tx_errors must match tx_dropped.
# shellcheck disable=SC2034 # read by errors_mark and errors_check (lib.sh)
ERRCOUNTERS="rx_errors rx_crc_errors rx_length_errors rx_frame_errors rx_fifo_errors tx_aborted_errors"
errors_mark
lfc=tx_carrier_errors; vel || lfc=tx_dropped
lf0=$(ifstat "$VT_IF" $lfc); te0=$(ifstat "$VT_IF" tx_errors)
lnkfl_check() {
    errors_check || fail "errors counted $1"
    _lf=$(( $(ifstat "$VT_IF" $lfc) - lf0 )); _te=$(( $(ifstat "$VT_IF" tx_errors) - te0 ))
    [ "$_te" -eq "$_lf" ] || fail "tx_errors +$_te but $lfc +$_lf $1: a TX error other than the link's"
    log "ok: no error counted $1 but $_lf frames sent into a link that was down (tx_errors, $lfc)"
}
peer ip neigh replace "$VT_IP" lladdr "$VT_MAC" dev "$PEER_IF" nud permanent ||
    fail "cannot set the peer's neighbour entry for $VT_IP"

# ---- part 1: down/up with changes
RINGS="64:16 252:256 128:64 100:200 252:256 64:64"
COAL="16:8:20:40 1:1:10:10 32:32:100:100 0:0:0:0 8:4:10:20 0:0:0:0"
r=0; nr=0; nc=0; nm=0; na=0; adv100=0
while [ "$r" -lt 24 ]; do
    fpid=""
    if [ $((r % 2)) = 1 ]; then
        peer labnet blast "$VT_IP" 9 64 1000000000 >/tmp/flood.out 2>&1 &
        fpid=$!
    fi
    ip link set "$VT_IF" down || fail "round $r: ip link set down"
    kind=$((r % 4))
    { [ "$kind" = 0 ] || [ "$kind" = 3 ]; } && ! vel && kind=2
    case $kind in
    0)  nr=$((nr + 1))
        # shellcheck disable=SC2046 # "rx tx", two words
        set -- $(echo "$RINGS" | cut -d' ' -f$(( (nr - 1) % 6 + 1 )) | tr ':' ' ')
        ethtool -G "$VT_IF" rx "$1" tx "$2" || fail "round $r: ethtool -G rx $1 tx $2"
        want="rings $(( $1 / 4 * 4 ))/$2"
        got_() { echo "rings $(ethtool -g "$VT_IF" | awk '/^Current/ { c = 1 } c && /^RX:/ { r = $2 } c && /^TX:/ { t = $2 } END { print r "/" t }')"; } ;;
    1)  nc=$((nc + 1))
        # shellcheck disable=SC2046 # four words
        set -- $(echo "$COAL" | cut -d' ' -f$(( (nc - 1) % 6 + 1 )) | tr ':' ' ')
        ethtool -C "$VT_IF" rx-frames "$1" tx-frames "$2" rx-usecs "$3" tx-usecs "$4" ||
            fail "round $r: ethtool -C rx-frames $1 tx-frames $2 rx-usecs $3 tx-usecs $4"
        want="coalesce $1/$2"
        got_() { echo "coalesce $(coal rx-frames)/$(coal tx-frames)"; } ;;
    2)  nm=$((nm + 1))
        mtu=1500; [ $((nm % 2)) = 1 ] && mtu=4000
        ip link set "$VT_IF" mtu "$mtu" || fail "round $r: mtu $mtu"
        peer ip link set "$PEER_IF" mtu "$mtu" || fail "round $r: peer mtu $mtu"
        want="mtu $mtu"
        got_() { echo "mtu $(cat "/sys/class/net/$VT_IF/mtu")"; } ;;
    3)  na=$((na + 1))
        if [ "$adv100" = 0 ]; then adv=0x008 adv100=1 speed=100Mb/s
        else adv=0x03f adv100=0 speed=1000Mb/s; fi
        ethtool -s "$VT_IF" autoneg on advertise "$adv" || fail "round $r: ethtool -s advertise $adv"
        want="speed $speed"
        got_() { echo "speed $(ethtool_field "$VT_IF" Speed)"; } ;;
    esac
    ip link set "$VT_IF" up || fail "round $r: ip link set up"
    wait_carrier "$VT_IF" 1 20 || { lab_diag; fail "round $r ($want): no carrier 20 s after ip link set up"; }
    got=$(got_)
    [ "$got" = "$want" ] || fail "round $r: $got after the change, expected $want"
    if [ -n "$fpid" ]; then
        # the background job is the shell running `peer`; labnet is its child
        fl=$(pidof labnet) || { cat /tmp/flood.out; fail "round $r: the flood (labnet blast) ended early"; }
        kill "$fl"; wait "$fpid" || true
    fi
    ping -c 1 -W 3 "$PEER_IP" >/dev/null 2>&1 || true
    ping_ok vt 3 "$PEER_IP" -i 0.1 >/dev/null || { lab_diag; fail "round $r ($want): ping $VT_IF -> peer"; }
    ping_ok peer 3 "$VT_IP" -i 0.1 >/dev/null || { lab_diag; fail "round $r ($want): ping peer -> $VT_IF"; }
    log "  round $r: $want$([ -n "$fpid" ] && echo ", under a flood"); carrier, echoes both ways"
    r=$((r + 1))
done
ip link set "$VT_IF" mtu 1500; peer ip link set "$PEER_IF" mtu 1500
if vel; then
    ethtool -G "$VT_IF" rx 252 tx 256 || fail "restoring the rings"
    [ "$adv100" = 0 ] || ethtool -s "$VT_IF" autoneg on advertise 0x03f || fail "restoring advertise"
fi
wait_carrier "$VT_IF" 1 20 || fail "no carrier after restoring the defaults"
traffic_ok "after 24 down/up rounds ($nr ring, $nc coalescing, $nm MTU, $na advertise changes)"

# ---- part 2: S3 under traffic
lnkfl_check "in the down/up rounds"
if ! vel; then
    log "as upstream: via-velocity's suspend sleeps under a spinlock (wol.sh): no S3 part"
    exit 0
fi
alarm=/sys/class/rtc/rtc0/wakealarm
[ -w "$alarm" ] || fail "no RTC wake alarm ($alarm): cannot bound a suspend"
make_data /tmp/seed 32 || fail "cannot create test data"
cat /tmp/seed /tmp/seed >/tmp/data || fail "cannot create test data"
rm -f /tmp/seed /tmp/seed.sha256
sha256sum </tmp/data | cut -d' ' -f1 >/tmp/data.sha256
# A setting that is not the chip's default must survive: the PHY loses its
# registers in S3 (QEMU resets the machine on wake-up as a power loss would), so
# the link comes back at 100Mb/s only if resume programs the advertisement again.
ethtool -s "$VT_IF" autoneg on advertise 0x008 || fail "ethtool -s advertise 0x008"
wait_link "$VT_IF" 100Mb/s Full 20 || fail "no 100Mb/s link after advertise 0x008"
s0=$(cat /sys/power/suspend_stats/success)
suspend_step() {
    echo 0 >"$alarm"
    echo +3 >"$alarm"
    echo mem >/sys/power/state || return 1
    echo 0 >"$alarm"
    wait_carrier "$VT_IF" 1 20 || { echo "no carrier 20 s after resume $1" >&2; return 1; }
    _sp=$(ethtool_field "$VT_IF" Speed)
    [ "$_sp" = 100Mb/s ] || { echo "link at $_sp after resume $1: the advertisement (100baseT/Full only) was lost" >&2; return 1; }
    # shellcheck disable=SC2034 # read by xfer_under
    STEP_DONE="suspend $1, resumed, carrier at $_sp"
}
xfer_steps vt /tmp/data "$PEER_IP" 20 suspend_step "suspends" || fail "S3 under traffic"
s1=$(cat /sys/power/suspend_stats/success)
[ $((s1 - s0)) -eq 20 ] || fail "suspend_stats/success grew by $((s1 - s0)), expected 20"
log "ok: 20 suspends while data flowed, in $XFERS transfers of 64 MB, each intact, the link back at 100Mb/s each time"
ethtool -s "$VT_IF" autoneg on advertise 0x03f || fail "restoring advertise"
wait_link "$VT_IF" 1000Mb/s Full 20 || fail "no gigabit link after restoring advertise"
traffic_ok "after 20 suspends under traffic"
lnkfl_check "in the whole scenario"
