#!/bin/sh
# probe-rev80: probe with PCI revision 0x80 — VT3286 (VT6130/VT6132), a PCI Express
# part, behind a q35 PCIe root port. Upstream does not guard jumbo TX > 4 KB on these
# parts (hardware reference 7.1); this scenario only probes.
#
# The same checks as probe.sh (see probe_card in lib.sh), for this generation: the
# driver's revision-dependent set-up (PHY quirks, CFG bits, timers) must still bring
# the card up with the right MAC and pass frames.
#
# via-velocity is known broken on VT3286 (upstream bug, hardware reference 7 #6): it
# credits RBRDU with the whole ring at init and again at open, past the ring size,
# and the card stalls RX (lab 2026-11-30: RXESR 0x01, stat-rx-frames 0). For it the
# scenario probes, then checks for that stall instead of passing frames.
# Its over-credit (checked above) is declared for the end-of-scenario check.
# lab: rev=0x80 machine=q35 expect-via-velocity=stat-rbrdu-overcredit
set -eu
. /lab/lib.sh

probe_card
if [ "$DRIVER" = via-velocity ]; then
    oc=$(qom_num stat-rbrdu-overcredit)
    [ "$oc" -gt 0 ] || fail "via-velocity: expected its RBRDU over-credit on VT3286, counter $oc"
    log "as upstream: via-velocity over-credited RBRDU $oc time(s); RX is stalled"
    exit 0
fi
ping_ok vt 3 "$PEER_IP" -i 0.2 || fail "ping $VT_IF -> peer"
ping_ok peer 3 "$VT_IP" -i 0.2 || fail "ping peer -> $VT_IF"
log "probe ok: $VT_IF ($DRIVER) rev ${LAB_REV:-n/a}"
