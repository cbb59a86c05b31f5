#!/bin/sh
# vlan: 802.1Q sub-interface (VID 100) traffic both ways, untagged traffic alongside.
#
# Both ends get a VID 100 sub-interface (8021q). Echoes and an 8 MB transfer over it
# only succeed when the card tags what it sends (the peer's vlan device only sees
# tagged frames) and hands received tagged frames to VID 100 (stripped with the tag
# reported, or left in the frame for the stack). via-velocity offloads tag insertion
# and stripping and programs the VLAN CAM (NETIF_F_HW_VLAN_CTAG_FILTER).
# Removing the sub-interface must leave untagged traffic working.
# lab: timeout=300
set -eu
. /lab/lib.sh

modprobe 8021q || fail "modprobe 8021q"
V=100
ip link add link "$VT_IF" name vt.$V type vlan id $V || fail "cannot add VLAN $V on $VT_IF"
ip addr add 10.9.100.1/24 dev vt.$V
ip link set vt.$V up
peer ip link add link "$PEER_IF" name peer.$V type vlan id $V || fail "cannot add VLAN $V on the peer"
peer ip addr add 10.9.100.2/24 dev peer.$V
peer ip link set peer.$V up
ethtool -k "$VT_IF" 2>/dev/null | grep -E 'vlan' | sed 's/^/    /' || true
sleep 1

ping_ok vt 10 10.9.100.2 -i 0.1 || fail "ping over VLAN $V, VT -> peer"
ping_ok peer 10 10.9.100.1 -i 0.1 || fail "ping over VLAN $V, peer -> VT"
ping_ok vt 5 "$PEER_IP" -i 0.1 || fail "untagged ping with VLAN $V configured"
# Full-size tagged frames (1500-byte MTU plus the 4-byte tag).
ping_ok vt 5 10.9.100.2 -s 1472 -i 0.1 || fail "1518-byte tagged frames VT -> peer"
ping_ok peer 5 10.9.100.1 -s 1472 -i 0.1 || fail "1518-byte tagged frames peer -> VT"
log "ok: VLAN $V echoes both ways, untagged alongside"

make_data /tmp/data 8 || fail "cannot create test data"
xfer vt /tmp/data 10.9.100.2 60 || fail "8 MB over VLAN $V, VT -> peer"
xfer peer /tmp/data 10.9.100.1 60 || fail "8 MB over VLAN $V, peer -> VT"
rm -f /tmp/data /tmp/data.sha256
log "ok: 8 MB each way over VLAN $V"

# The peer's VLAN sub-interface count proves the frames were tagged on the wire.
prx=$(peer cat /sys/class/net/peer.$V/statistics/rx_packets)
[ "$prx" -ge 100 ] || fail "peer.$V received only $prx frames"

ip link del vt.$V || fail "cannot delete vt.$V"
ping_ok vt 5 "$PEER_IP" -i 0.1 || fail "untagged ping after deleting VLAN $V"
if peer ping -c 2 -W 1 -w 3 10.9.100.1 >/dev/null 2>&1; then
    fail "VLAN $V still answers after its sub-interface was deleted"
fi
log "ok: VLAN $V removed, untagged traffic unaffected"
