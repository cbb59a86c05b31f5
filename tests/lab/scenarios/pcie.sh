#!/bin/sh
# pcie: VT3286 as it is: rev 0x82 behind a q35 PCIe root port.
#
# The card's config space has a PCI Express capability (ID 0x10, endpoint) and
# an MSI capability (ID 0x05, one vector), next to power management (ID 0x01);
# the driver binds; echoes and 4 MB each way (sha256).  Which interrupt the
# driver uses is reported (via-velocity: INTx; MSI is velocity's choice) and
# must match the model: MSI messages only when the MSI capability is enabled.
#
# via-velocity is known broken here (upstream bug, velocity-hardware.md 7 #6): it
# credits RBRDU with the whole ring at init and again at open, which takes the
# VT3286 residue past the ring size, and the card stalls RX (RXESR.RDSTR,
# stat-rbrdu-overcredit; lab 2026-11-30: stat-rx-frames 0, RXESR 0x01).  For it
# the scenario checks exactly that and stops.
# Its over-credit (checked) is declared for the end-of-scenario check.
# lab: rev=0x82 machine=q35 expect-via-velocity=stat-rbrdu-overcredit
set -eu
. /lab/lib.sh

dev=$(basename "$(readlink -f "/sys/class/net/$VT_IF/device")")
cfg=/sys/bus/pci/devices/$dev/config
[ -r "$cfg" ] || fail "no config space for $VT_IF ($dev)"
[ "$(cat "/sys/bus/pci/devices/$dev/revision")" = 0x82 ] || fail "revision $(cat "/sys/bus/pci/devices/$dev/revision")"
byte() { od -An -tu1 -j "$1" -N1 "$cfg" | tr -d ' '; }
caps="" p=$(byte 52)
n=0
while [ "$p" -ne 0 ] && [ $n -lt 16 ]; do
    caps="$caps $(printf '%02x' "$(byte "$p")")@$(printf '%02x' "$p")"
    p=$(byte $((p + 1)))
    n=$((n + 1))
done
log "capabilities:$caps"
case $caps in *" 01@"*) ;; *) fail "no PM capability" ;; esac
case $caps in *" 05@"*) ;; *) fail "no MSI capability" ;; esac
case $caps in *" 10@"*) ;; *) fail "no PCI Express capability" ;; esac
pcie=$(echo "$caps" | tr ' ' '\n' | sed -n 's/^10@//p')
type=$(( ($(byte $((0x$pcie + 2))) >> 4) & 0xF ))
[ "$type" = 0 ] || fail "PCIe device/port type $type, expected 0 (endpoint)"
msi=$(echo "$caps" | tr ' ' '\n' | sed -n 's/^05@//p')
msi_on=$(( $(byte $((0x$msi + 2))) & 1 ))
if [ "$DRIVER" = via-velocity ]; then
    oc=$(qom_num stat-rbrdu-overcredit)
    [ "$oc" -gt 0 ] || fail "via-velocity: expected its RBRDU over-credit on VT3286, counter $oc"
    log "as upstream: via-velocity over-credited RBRDU $oc time(s); RX is stalled"
    exit 0
fi
irq=$(grep -E "$VT_IF|velocity" /proc/interrupts | head -n 1)
log "interrupt: $irq"
traffic_ok "on PCI Express" 5
sent=$(qom_num stat-msi-sent)
if [ "$msi_on" = 1 ]; then
    [ "$sent" -gt 0 ] || fail "MSI enabled but the model sent no message"
    log "ok: the driver uses MSI ($sent messages)"
else
    [ "$sent" = 0 ] || fail "the model sent $sent MSI messages with MSI disabled"
    log "ok: the driver uses INTx"
fi
log "ok: rev 0x82 on PCIe: PM, MSI and PCIe capabilities; traffic"
