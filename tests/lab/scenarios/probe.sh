#!/bin/sh
# probe: the driver binds the card, the netdev appears with the MAC QEMU was given.
#
# Checks: PCI 1106:3119 class Ethernet, PCI revision = the one QEMU was given (--rev,
# default 0x11), bound to $DRIVER, module loaded, MAC and permanent MAC = VT_MAC
# (EEPROM -> PAR), ethtool -i names the same driver and PCI function, the probe
# message names the MAC, any revision the driver prints matches (via-velocity
# prints none), and one frame each way passes (the generation really works).
# Interrupts: velocity uses MSI on VT3286 (rev >= 0x80) when the device offers
# the capability (the model may not: then the legacy line, as on every other
# revision and with via-velocity, which never uses MSI).
# probe-rev01/11/20/80 run the same checks with each chip generation.
set -eu
. /lab/lib.sh

probe_card
ping_ok vt 3 "$PEER_IP" -i 0.2 || fail "ping $VT_IF -> peer"
ping_ok peer 3 "$VT_IP" -i 0.2 || fail "ping peer -> $VT_IF"
# has_msi PCIDEV: walk the capability list for MSI (ID 0x05)
has_msi() {
    _p=$(od -An -tu1 -j 52 -N1 "$1/config" | tr -d ' ')
    _n=0
    while [ "${_p:-0}" -ge 64 ] && [ "$_n" -lt 48 ]; do
        [ "$(od -An -tu1 -j "$_p" -N1 "$1/config" | tr -d ' ')" = 5 ] && return 0
        _p=$(od -An -tu1 -j $((_p + 1)) -N1 "$1/config" | tr -d ' ')
        _n=$((_n + 1))
    done
    return 1
}
dev=$(readlink -f "/sys/class/net/$VT_IF/device")
kind=$(grep -E "[[:space:]]$VT_IF\$" /proc/interrupts | grep -o "PCI-MSI\|IO-APIC\|XT-PIC" | head -n 1)
if has_msi "$dev"; then cap=yes; else cap=no; fi
log "interrupt: ${kind:-?} (MSI capability: $cap)"
if [ "$DRIVER" = velocity ] && [ $((${LAB_REV:-0x11})) -ge $((0x80)) ] && [ "$cap" = yes ]; then
    [ "$kind" = PCI-MSI ] || fail "VT3286 with an MSI capability runs on ${kind:-?}, not MSI"
else
    [ "$kind" != PCI-MSI ] || fail "MSI used where it should not be (rev ${LAB_REV:-0x11}, driver $DRIVER)"
fi
log "probe ok: $VT_IF ($DRIVER) rev ${LAB_REV:-n/a}"
