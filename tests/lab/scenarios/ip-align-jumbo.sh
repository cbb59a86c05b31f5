#!/bin/sh
# ip-align-jumbo: IP_byte_align=1 with jumbo frames, 32 MB each way with matching
# sha256 (review finding H2).
#
# With IP_byte_align=1 velocity copies the first buffer of every frame into a
# fresh skb (two bytes in front of the Ethernet header) and hangs the following
# buffers of a multi-descriptor frame on it as page_pool fragments. Before the
# fix that skb was not marked for recycling, so each fragment went back with
# put_page() while the pool (and the NIC, through the page's other half) still
# used it: TCP at MTU 9000 stalled for good and the kernel logged "WARNING ... at
# include/net/page_pool.h" from velocity_rx_append again and again.
# The referee: via-velocity has IP_byte_align too and receives jumbo frames into
# one large buffer each; at rev >= 0x80 it is skipped, as in mtu9000 (no guard for
# the VT3286 4 KB TX hang).
# lab: params=IP_byte_align=1
# lab: timeout=300
set -eu
. /lab/lib.sh

MTU=9000
if is_vt6122 && [ $((LAB_REV)) -ge $((0x80)) ]; then
    [ "$DRIVER" = via-velocity ] && skip "via-velocity has no guard for the VT3286 4 KB TX hang (rev $LAB_REV)"
    ip link set "$VT_IF" mtu 9000 2>/dev/null ||
        MTU=$(ip -d link show "$VT_IF" | sed -n 's/.* maxmtu \([0-9]*\).*/\1/p')
fi
if [ "$DRIVER" = velocity ]; then
    grep -q '^1' /sys/module/velocity/parameters/IP_byte_align ||
        fail "IP_byte_align=1 did not reach velocity ($(cat /sys/module/velocity/parameters/IP_byte_align))"
fi
ip link set "$VT_IF" mtu "$MTU" || fail "cannot set MTU $MTU on $VT_IF"
peer ip link set "$PEER_IF" mtu "$MTU" || fail "cannot set MTU $MTU on the peer"
sleep 1
wait_carrier "$VT_IF" 1 20 || fail "no carrier after the MTU change"
ping -c 1 -W 5 "$PEER_IP" >/dev/null 2>&1 || true
errors_mark

make_data /tmp/data 32 || fail "cannot create test data"
xfer peer /tmp/data "$VT_IP" 120 || fail "32 MB peer -> $VT_IF at MTU $MTU, IP_byte_align=1"
xfer vt /tmp/data "$PEER_IP" 120 || fail "32 MB $VT_IF -> peer at MTU $MTU, IP_byte_align=1"
rm -f /tmp/data /tmp/data.sha256
if [ "$DRIVER" = velocity ] && [ "$MTU" -gt 1600 ]; then
    md=$(ethtool_stat "$VT_IF" rx_multi_desc)
    [ "${md:-0}" -gt 1000 ] || fail "only ${md:-0} multi-descriptor frames: the jumbo path was not used"
    log "ok: $md multi-descriptor frames received"
fi
errors_check || fail "errors counted during the scenario"
log "ok: 32 MB each way at MTU $MTU with IP_byte_align=1, sha256 equal"
