#!/bin/sh
# vlan0: priority-tagged frames (VLAN ID 0) are received without any VLAN
# configured on the card (review finding L12).
#
# The peer tags every frame it sends with VLAN ID 0 and priority 3 (tc's vlan push
# action on its egress: no 8021q anywhere, which would add VID 0 to every
# interface's filter when it loads). The card has no VLAN; the stack accepts
# priority-tagged frames without 8021q, so the chip's VLAN filter must let VID 0
# through: 10 echoes and 1 MB from the peer, answered untagged.
# via-velocity filters VIDs missing from the VLAN CAM (VIDFR) and puts nothing
# there without 8021q: it drops them (as upstream; expected here for it).
# lab: timeout=120
set -eu
. /lab/lib.sh

grep -q "^8021q " /proc/modules && fail "8021q is loaded: the test needs it absent"
peer ethtool -K "$PEER_IF" txvlan off >/dev/null 2>&1 || true
peer tc qdisc add dev "$PEER_IF" clsact || fail "tc: no clsact qdisc"
peer tc filter add dev "$PEER_IF" egress matchall action vlan push id 0 priority 3 ||
    fail "tc: cannot add the vlan push action"
sleep 1
if [ "$DRIVER" = via-velocity ]; then
    if peer ping -c 3 -W 2 -i 0.2 "$VT_IP" >/dev/null 2>&1; then
        fail "via-velocity answered priority-tagged echoes; expected it to drop them"
    fi
    log "as upstream: via-velocity drops priority-tagged frames"
    exit 0
fi
ping_ok peer 10 "$VT_IP" -i 0.05 || { lab_diag; fail "no answer to priority-tagged echoes"; }
make_data /tmp/v0.data 1 || fail "cannot create test data"
xfer peer /tmp/v0.data "$VT_IP" 30 || { lab_diag; fail "1 MB over priority-tagged frames"; }
log "ok: priority-tagged frames received"
peer tc qdisc del dev "$PEER_IF" clsact
traffic_ok "untagged, after"
