#!/bin/sh
# many-cards: three quad-port cards, 12 functions, in one guest.
#
# The runner's cards=12 puts 12 vt6122 functions on three slots (four functions
# each, 00:04.0-3, 00:06.0-3, 00:07.0-3), all on the hub with the reference NIC; the
# card under test is the first, card k (2-12) has MAC 52:54:00:56:35:kk. The
# module gets per-card lists of 8 values (the most a list holds):
# RxDescriptors=64,68,...,92 and TxDescriptors=16,24,...,72. Checked:
#   - 12 interfaces bound to the driver, one per MAC;
#   - cards 1-8 run their own ring sizes (ethtool -g), cards 9-12 the defaults
#     (252/256), and each of cards 9-12 logged exactly one line saying it is past
#     the end of the per-card lists, naming both;
#   - traffic: card 9 and card 12, each moved into its own network namespace with
#     its own address, exchange 5 echoes and 1 MB each way with the reference NIC
#     (sha256 equal).
# via-velocity binds at most 8 cards (MAX_UNITS; "already found 8 NICs" for the
# other 4, as upstream) and logs nothing about its lists: for it the scenario
# checks those 4 lines, the 8 interfaces and traffic on card 8.
# lab: cards=12 params=RxDescriptors=64,68,72,76,80,84,88,92 TxDescriptors=16,24,32,40,48,56,64,72 timeout=300
set -eu
. /lab/lib.sh

is_vt6122 || skip "needs the model's cards"
[ "${LAB_CARDS:-1}" = 12 ] || fail "the runner gave $LAB_CARDS cards, expected 12"
mac_of() { if [ "$1" = 1 ]; then echo "$VT_MAC"; else printf '52:54:00:56:35:%02x' "$1"; fi; }
CARDS="1 2 3 4 5 6 7 8 9 10 11 12"
TRAFFIC="9 12"
if [ "$DRIVER" = via-velocity ]; then
    # upstream stops at 8 cards (MAX_UNITS): "already found 8 NICs", -ENODEV
    f=$(dmesg | grep -c "already found 8 NICs" || true)
    [ "$f" = 4 ] || fail "via-velocity: $f 'already found 8 NICs' lines, expected 4"
    CARDS="1 2 3 4 5 6 7 8"
    TRAFFIC="8"
    log "as upstream: via-velocity binds 8 cards and refuses the other 4"
fi
n=0
for k in $CARDS; do
    ifc=$(lab_if_by_mac "$(mac_of "$k")") || fail "no interface with card $k's MAC $(mac_of "$k")"
    drv=$(basename "$(readlink "/sys/class/net/$ifc/device/driver")")
    lab_driver_is "$DRIVER" "$drv" || fail "card $k ($ifc) is bound to $drv"
    eval "IF_$k=$ifc"
    n=$((n + 1))
done
log "ok: $n interfaces, one per card, bound to $DRIVER"

if [ "$DRIVER" = velocity ]; then
    for k in 1 2 3 4 5 6 7 8 9 10 11 12; do
        eval "ifc=\$IF_$k"
        ip link set "$ifc" up
        rx=$(ethtool -g "$ifc" | awk '/Current hardware settings/ { c = 1 } c && /^RX:/ { print $2; exit }')
        tx=$(ethtool -g "$ifc" | awk '/Current hardware settings/ { c = 1 } c && /^TX:/ { print $2; exit }')
        if [ "$k" -le 8 ]; then wrx=$((64 + 4 * (k - 1))); wtx=$((16 + 8 * (k - 1))); else wrx=252; wtx=256; fi
        [ "$rx" = "$wrx" ] && [ "$tx" = "$wtx" ] || fail "card $k ($ifc): rings $rx/$tx, expected $wrx/$wtx"
        lines=$(dmesg | grep -c "card $k is past the end of the per-card list: RxDescriptors, TxDescriptors at default" || true)
        want=0; [ "$k" -ge 9 ] && want=1
        [ "$lines" = "$want" ] || fail "card $k: $lines 'past the end' lines, expected $want"
        [ "$k" = 1 ] || ip link set "$ifc" down
    done
    dmesg | grep "past the end" | sed 's/^/    /'
    log "ok: cards 1-8 run their own ring sizes, 9-12 the defaults with one line each"
fi

# nsx FROM TO DEST PORT: 1 MB with busybox nc from the namespace FROM to TO ("peer"
# or "ip netns exec NS"), sha256 compared; the listener's stdin never hits EOF.
nsx() {
    rm -f "/tmp/f$4" /tmp/x.rx; mkfifo "/tmp/f$4"
    # shellcheck disable=SC2086 # $2 and $1 are command prefixes
    $2 timeout 30 nc -l -p "$4" <>"/tmp/f$4" >/tmp/x.rx &
    _l=$!
    sleep 1
    # shellcheck disable=SC2086
    $1 timeout 30 nc "$3" "$4" </tmp/m.data >/dev/null || true
    wait "$_l" || true
    [ "$(sha256sum </tmp/x.rx)" = "$(sha256sum </tmp/m.data)" ]
}

for k in $TRAFFIC; do
    eval "ifc=\$IF_$k"
    ns=card$k
    ip netns add "$ns"
    ip link set "$ifc" netns "$ns"
    ip netns exec "$ns" /usr/bin/ip addr add "10.9.0.$((100 + k))/24" dev "$ifc"
    ip netns exec "$ns" /usr/bin/ip link set "$ifc" up
    m=0
    until [ "$(ip netns exec "$ns" cat "/sys/class/net/$ifc/carrier" 2>/dev/null)" = 1 ]; do
        m=$((m + 1)); [ "$m" -le 100 ] || fail "card $k: no carrier"; sleep 0.2
    done
    ip netns exec "$ns" ping -c 5 -W 2 -i 0.1 "$PEER_IP" >/dev/null ||
        { lab_diag; fail "card $k: no echoes to the peer"; }
    peer ping -c 5 -W 2 -i 0.1 "10.9.0.$((100 + k))" >/dev/null ||
        { lab_diag; fail "card $k: no echoes from the peer"; }
    [ -s /tmp/m.data ] || make_data /tmp/m.data 1
    nsx "ip netns exec $ns" peer "$PEER_IP" "71$k" || fail "card $k: 1 MB to the peer"
    nsx peer "ip netns exec $ns" "10.9.0.$((100 + k))" "72$k" || fail "card $k: 1 MB from the peer"
    log "ok: card $k ($ifc, in netns $ns): 5 echoes and 1 MB each way, sha256 equal"
done
traffic_ok "on the card under test"
