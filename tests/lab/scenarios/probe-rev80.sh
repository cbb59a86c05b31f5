#!/bin/sh
# probe-rev80: probe with PCI revision 0x80 — VT3286 (VT6130/VT6132, PCI Express parts;
# here on conventional PCI like the other revisions). Upstream does not guard jumbo TX
# > 4 KB on these parts (hardware reference 7.1); this scenario only probes.
#
# The same checks as probe.sh (see probe_card in lib.sh), for this generation: the
# driver's revision-dependent set-up (PHY quirks, CFG bits, timers) must still bring
# the card up with the right MAC and pass frames.
# lab: rev=0x80
set -eu
. /lab/lib.sh

probe_card
ping_ok vt 3 "$PEER_IP" -i 0.2 || fail "ping $VT_IF -> peer"
ping_ok peer 3 "$VT_IP" -i 0.2 || fail "ping peer -> $VT_IF"
log "probe ok: $VT_IF ($DRIVER) rev ${LAB_REV:-n/a}"
