#!/bin/sh
# probe-rev20: probe with PCI revision 0x20 — VT3284 (no product name in any source):
# integrated PHY, rev >= 0x20 paths.
#
# The same checks as probe.sh (see probe_card in lib.sh), for this generation: the
# driver's revision-dependent set-up (PHY quirks, CFG bits, timers) must still bring
# the card up with the right MAC and pass frames.
# lab: rev=0x20
set -eu
. /lab/lib.sh

probe_card
ping_ok vt 3 "$PEER_IP" -i 0.2 || fail "ping $VT_IF -> peer"
ping_ok peer 3 "$VT_IP" -i 0.2 || fail "ping peer -> $VT_IF"
log "probe ok: $VT_IF ($DRIVER) rev ${LAB_REV:-n/a}"
