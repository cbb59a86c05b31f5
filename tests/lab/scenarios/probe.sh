#!/bin/sh
# probe: the driver binds the card, the netdev appears with the MAC QEMU was given.
#
# Checks: PCI 1106:3119 class Ethernet, PCI revision = the one QEMU was given (--rev,
# default 0x11), bound to $DRIVER, module loaded, MAC and permanent MAC = VT_MAC
# (EEPROM -> PAR), ethtool -i names the same driver and PCI function, the probe
# message names the MAC, any revision the driver prints matches (via-velocity
# prints none), and one frame each way passes (the generation really works).
# probe-rev01/11/20/80 run the same checks with each chip generation.
set -eu
. /lab/lib.sh

probe_card
ping_ok vt 3 "$PEER_IP" -i 0.2 || fail "ping $VT_IF -> peer"
ping_ok peer 3 "$VT_IP" -i 0.2 || fail "ping peer -> $VT_IF"
log "probe ok: $VT_IF ($DRIVER) rev ${LAB_REV:-n/a}"
