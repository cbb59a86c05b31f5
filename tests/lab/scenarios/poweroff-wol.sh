#!/bin/sh
# poweroff-wol: Wake-on-LAN armed with `ethtool -s wol g` is left armed when the
# machine powers off, so a magic packet can switch it on again.
#
# The guest powers off (`poweroff -f`: the PCI shutdown hooks run with the system
# state POWER_OFF, then ACPI S5); QEMU runs with -no-shutdown so the stopped VM's
# card can still be read. The runner then checks the model's state:
#   velocity (issue 3, its shutdown hook): wol-armed=true (STICKHW DS1|DS0 set and a
#   wake source in WOLCR) and pm-state=3 (the card was put in D3hot); and the wake
#   source is the one asked for: WOLCR1 (0xA1) low nibble = MAGIC only (not unicast
#   or link), no pattern in WOLCR0 (0xA0); PME is enabled (PMCSR.PME_En, which the
#   model needs, with WOLCFG.PMEOVR, to wake the machine).
#   via-velocity EXPECTS upstream's behaviour: nothing arms WOL at power-off (it has
#   no shutdown hook; WOL is only programmed by its suspend handler), so
#   wol-armed=false and pm-state=0.
# Before the power-off: `ethtool -s wol g` is accepted and shown, and the card
# passes traffic (a power-off from a working state).
# lab: poweroff timeout=200
set -eu
. /lab/lib.sh

ping_ok vt 3 "$PEER_IP" -i 0.1 || fail "no traffic before the power-off"
ethtool -s "$VT_IF" wol g || fail "ethtool -s $VT_IF wol g"
[ "$(ethtool_field "$VT_IF" Wake-on)" = g ] || fail "Wake-on is not g after wol g"
log "wol g set, powering off"
if [ "$DRIVER" = via-velocity ]; then
    lab_poweroff wol-armed=false pm-state=0
else
    lab_poweroff wol-armed=true pm-state=3 'reg:0xa1&0x0f=0x02' 'reg:0xa0&0xff=0x00' \
        'pmcsr&0x0100=0x0100'
fi
