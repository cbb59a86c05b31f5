#!/bin/sh
# hotplug: the card is hot-unplugged (QEMU device_del, ACPI PCI hotplug on the pc
# machine) in the middle of a TCP transfer and plugged back (device_add, same id,
# netdev, MAC and slot); the driver lets go of the card and binds the new one,
# and the transfer, whose connection outlives both, completes with matching
# sha256. Twice: once while the card sends, once while it receives.
#
# Each cycle, once data flows (xfer_steps in lib.sh):
#   - `lab-host device_del vt0`: the guest's acpiphp ejects the slot, the driver's
#     remove runs; the interface is gone within 15 s and QEMU has destroyed the
#     device (no vt0 under /machine/peripheral: the guest acknowledged the eject);
#   - `lab-host device_add vt6122,id=vt0,...,addr=0x4`: the driver probes the new
#     card within 15 s (an interface with the card's MAC), which gets the address
#     back, link up, carrier within 20 s;
#   - the transfer (its TCP retransmissions) completes, sha256 matches.
# via-velocity: the new card's init can lose its link-change interrupt (the
# upstream race of link-flap.sh, via_lost_srci in lib.sh: no carrier, MIICR.MAUTO
# clear); the cycle then logs it and brings the interface down and up (a new
# init), at most three times.
# Kernel log from the first unplug to the end: only the driver's probe and link
# lines and the PCI core's and acpiphp's lines about the slot (no error line,
# nothing the runner's scan catches, e.g. "unregister_netdevice: waiting"). Then
# 5 echoes and 4 MB each way.
# Negative control: none yet that reaches these checks (a remove without
# unregister_netdev() already kills the guest at set-up; tests/lab/README.md).
# lab: timeout=300 long kmemleak firmware-boot
set -eu
. /lab/lib.sh

make_data /tmp/h 24 || fail "cannot create test data"
dev="vt6122,id=$VT_QDEV,netdev=$VT_NETDEV,mac=$VT_MAC,rev=$LAB_REV,romfile=,addr=0x4"
present() { lab-host qom-list /machine/peripheral | tr -d '\r' | grep -q "^$VT_QDEV "; }
present || fail "no $VT_QDEV under /machine/peripheral before the unplug"

NCYC=0
LOST=0
replug() {
    NCYC=$((NCYC + 1))
    _out=$(lab-host device_del "$VT_QDEV" | tr -d '\r')
    [ -z "$_out" ] || { echo "device_del: $_out" >&2; return 1; }
    _n=0
    while [ -e "/sys/class/net/$VT_IF" ] || present; do
        _n=$((_n + 1))
        [ "$_n" -le 150 ] || { echo "cycle $NCYC: $VT_IF or $VT_QDEV still there 15 s after device_del" >&2; return 1; }
        sleep 0.1
    done
    read -r _t _ </proc/uptime
    echo "[$_t]   cycle $NCYC: $VT_IF and $VT_QDEV gone after $((_n / 10)).$((_n % 10)) s"
    _out=$(lab-host device_add "$dev" | tr -d '\r')
    [ -z "$_out" ] || { echo "device_add: $_out" >&2; return 1; }
    _n=0
    until VT_IF=$(lab_if_by_mac "$VT_MAC"); do
        _n=$((_n + 1))
        [ "$_n" -le 150 ] || { echo "cycle $NCYC: no interface with $VT_MAC 15 s after device_add" >&2; return 1; }
        sleep 0.1
    done
    lab_driver_is "$DRIVER" "$(basename "$(readlink "/sys/class/net/$VT_IF/device/driver")")" ||
        { echo "cycle $NCYC: $VT_IF is not bound to $DRIVER" >&2; return 1; }
    ip addr add "$VT_IP/24" dev "$VT_IF" || return 1
    ip link set "$VT_IF" up || return 1
    _try=0
    until wait_carrier "$VT_IF" 1 20; do
        via_lost_srci || return 1
        _try=$((_try + 1))
        [ "$_try" -le 3 ] || { echo "via-velocity lost its link interrupt at 3 inits in a row" >&2; return 1; }
        echo "as upstream: cycle $NCYC: via-velocity lost the link interrupt at init (auto-poll off); ip link set down/up ($_try)"
        LOST=$((LOST + 1))
        ip link set "$VT_IF" down || return 1
        ip link set "$VT_IF" up || return 1
    done
    STEP_DONE="cycle $NCYC: $VT_IF ($VT_MAC) back with carrier"
}

kmsg_mark hotplug
xfer_steps vt /tmp/h "$PEER_IP" 1 replug "unplug/replug" || fail "transfer from the card across the unplug failed"
log "ok: 24 MB from the card across an unplug and replug ($XFERS transfer(s))"
# xfer_steps ran the step in a subshell-free loop: VT_IF is the new name
VT_IF=$(lab_if_by_mac "$VT_MAC") || fail "no interface with $VT_MAC"
xfer_steps peer /tmp/h "$VT_IP" 1 replug "unplug/replug" || fail "transfer to the card across the unplug failed"
log "ok: 24 MB to the card across an unplug and replug ($XFERS transfer(s))"
VT_IF=$(lab_if_by_mac "$VT_MAC") || fail "no interface with $VT_MAC"
export VT_IF
traffic_ok "after two unplug/replug cycles"

if [ "$DRIVER" = via-velocity ]; then
    allowed='^via_velocity: |^via-velocity [0-9a-f:.]+ eth[0-9]+: (VIA Networking Velocity Family Gigabit Ethernet Adapter - Ethernet Address: |Velocity is in AUTO mode$|failed to detect cable link$|Link auto-negotiation speed )'
else
    allowed='^velocity [0-9a-f:.]+( eth[0-9]+)?: VIA .* rev 0x[0-9a-f]+\) [0-9a-f:]{17}, PHY |^velocity [0-9a-f:.]+ eth[0-9]+: Link is (Up|Down)'
fi
# The PCI core announces the new function ("pci 0000:00:04.0: ...") and enables
# its BARs on the driver's pci_enable_device() ("enabling device (0000 -> 0003)":
# no firmware configured a hot-added function); IPv6 notes the carrier; the
# hrtimer/clocksource notes are TCG's.
other=$(kmsg_since hotplug | grep -vE "$allowed|^pci 0000:00:04\.0: |^[a-z_-]+ 0000:00:04\.0: enabling device \(0000 -> 0003\)$|^IPv6: ADDRCONF\(NETDEV_CHANGE\): eth[0-9]+: link becomes ready$|^lab-mark: |^hrtimer: interrupt took [0-9]+ ns$|^clocksource: Long readout interval|$LAB_KMSG_PCI_IRQ" || true)
if [ -n "$other" ]; then
    echo "kernel lines during the unplug/replug cycles:" >&2
    echo "$other" | head -n 30 >&2
    fail "$(echo "$other" | wc -l) unexpected kernel lines"
fi
if [ "$DRIVER" = via-velocity ]; then
    probe=' - Ethernet Address: '
else
    probe=': VIA .* rev 0x[0-9a-f]+\) [0-9a-f:]{17}, PHY '
fi
n=$(kmsg_since hotplug | grep -cE "$probe" || true)
[ "$n" -eq 2 ] || fail "$n probe lines for 2 plugs"
log "ok: $(kmsg_since hotplug | wc -l) kernel lines, all probe, link or PCI slot lines ($n probes)"
