#!/bin/sh
# ring-resize: ethtool -G changes the RX and TX ring sizes while TCP transfers run
# each way; the data's sha256 matches; the chip's ring registers follow.
#
# velocity: while data goes peer -> VT, the rings step through (rx tx) 64 16,
# 252 256, 128 64, 100 200, 252 256; while data goes VT -> peer through 64 16,
# 252 256, 130 64 (130 is used as 128: RX rings are multiples of 4). A change is made
# every 0.3 s while a 64 MB transfer is on the wire; the transfer is repeated until
# every step ran under traffic. Every change must be accepted, every transfer
# complete with sha256 equal. Then `ethtool -g` shows the sizes set last and the
# chip's RDCSize (0x50) / TDCSize (0x52) hold size - 1; sizes outside 64-252 (RX)
# and 16-256 (TX) are refused and change nothing; traffic flows.
#
# via-velocity has no ethtool ring parameters (no get/set_ringparam upstream; its
# rings are fixed by RxDescriptors/TxDescriptors at load, 64 and 64 by default): this
# scenario checks that `ethtool -g` and `-G` are refused, the rings stay at 64/64
# (RDCSize 63, TDCSize 63) and a 64 MB transfer each way is intact.
#
# On the debug kernel the transfers are of 16 MB: there TCP through the card moved
# about 53 KB/s (2026-12-02, two VMs on the 2-core host; one 64 MB transfer took
# 1251 s and the scenario ran out of its 1800 s in its second), and 16 MB still
# outlasts the steps' 0.3 s each a hundredfold.
# lab: timeout=600
set -eu
. /lab/lib.sh

# 64 MB (16 on the debug kernel): two copies of random data (cheaper to make than
# all of it).
MB=64
[ "${LAB_KERNEL:-}" != debug ] || MB=16
make_data /tmp/seed $((MB / 2)) || fail "cannot create test data"
cat /tmp/seed /tmp/seed >/tmp/data || fail "cannot create test data"
rm -f /tmp/seed /tmp/seed.sha256
sha256sum </tmp/data | cut -d' ' -f1 >/tmp/data.sha256

if [ "$DRIVER" = via-velocity ]; then
    if ethtool -g "$VT_IF" >/dev/null 2>&1; then fail "via-velocity: ethtool -g succeeded; upstream has no get_ringparam"; fi
    if ethtool -G "$VT_IF" rx 128 tx 128 2>/dev/null; then fail "via-velocity: ethtool -G succeeded; upstream has no set_ringparam"; fi
    log "as upstream: via-velocity refuses ethtool -g/-G"
    xfer peer /tmp/data "$VT_IP" 240 || fail "$MB MB peer -> $VT_IF"
    xfer vt /tmp/data "$PEER_IP" 240 || fail "$MB MB $VT_IF -> peer"
    lab_regs || fail "cannot read the register dump"
    [ "$(regw 0x50)" -eq 63 ] && [ "$(regw 0x52)" -eq 63 ] ||
        fail "via-velocity: RDCSize $(regw 0x50) TDCSize $(regw 0x52), expected 63/63 (64-entry rings)"
    log "ok: rings stay 64/64, $MB MB each way intact"
    exit 0
fi

ring() { # ring RX|TX : current size from ethtool -g
    ethtool -g "$VT_IF" | sed -n '/^Current/,$p' | sed -n "s/^$1:[[:space:]]*//p"
}
check_rings() { # check_rings RX TX
    [ "$(ring RX)" = "$1" ] && [ "$(ring TX)" = "$2" ] ||
        fail "ethtool -g shows RX $(ring RX) TX $(ring TX), expected $1 $2"
    lab_regs || fail "cannot read the register dump"
    [ "$(regw 0x50)" -eq $(($1 - 1)) ] || fail "RDCSize is $(regw 0x50) with a $1-entry RX ring"
    [ "$(regw 0x52)" -eq $(($2 - 1)) ] || fail "TDCSize is $(regw 0x52) with a $2-entry TX ring"
}
# ring_step N : the N-th "RX:TX" pair of RINGS, e.g. RINGS="64:16 252:256".
ring_step() {
    _i=$(($1 + 1))
    # shellcheck disable=SC2086 # word list
    set -- $RINGS
    _p=""; eval "_p=\${$_i}"
    ethtool -G "$VT_IF" rx "${_p%:*}" tx "${_p#*:}" || { echo "ethtool -G rx ${_p%:*} tx ${_p#*:} failed" >&2; return 1; }
    # shellcheck disable=SC2034 # read by xfer_under
    STEP_DONE="rx ${_p%:*} tx ${_p#*:}"
}
# under FROM DEST : transfers of the data until every pair in RINGS was set at least once
# while data was flowing; the caller then sets the list's last pair (the step
# sequence may stop anywhere in it).
under() {
    _need=$(echo "$RINGS" | wc -w)
    xfer_steps "$1" /tmp/data "$2" "$_need" ring_step "ring changes" ||
        fail "$1 -> $2: ring changes under traffic"
    log "ok: $1 -> $2: $_need ring changes under traffic in $XFERS transfer(s) of $MB MB, sha256 equal each time"
}

ethtool -g "$VT_IF" | sed 's/^/    /'
RINGS="64:16 252:256 128:64 100:200 252:256"
under peer "$VT_IP"
ethtool -G "$VT_IF" rx 252 tx 256 || fail "ethtool -G rx 252 tx 256"
check_rings 252 256
RINGS="64:16 252:256 130:64"
under vt "$PEER_IP"
ethtool -G "$VT_IF" rx 130 tx 64 || fail "ethtool -G rx 130 tx 64"
check_rings 128 64
log "ok: rx 130 used as 128; RDCSize/TDCSize follow"
rm -f /tmp/data /tmp/data.sha256

for bad in "rx 256" "rx 63" "tx 257" "tx 15"; do
    # shellcheck disable=SC2086 # "rx N"
    if ethtool -G "$VT_IF" $bad 2>/dev/null; then fail "ethtool -G $bad accepted"; fi
done
check_rings 128 64
log "ok: out-of-range sizes refused, rings unchanged (RDCSize 127, TDCSize 63)"
ping_ok vt 5 "$PEER_IP" -i 0.1 || { lab_diag; fail "ping $VT_IF -> peer after the ring changes"; }
ping_ok peer 5 "$VT_IP" -i 0.1 || { lab_diag; fail "ping peer -> $VT_IF after the ring changes"; }
log "ok: traffic after the ring changes"
