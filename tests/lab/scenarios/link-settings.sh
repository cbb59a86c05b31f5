#!/bin/sh
# link-settings: ethtool link and pause settings go through velocity's own PHY
# layer (velocity_phy.c, no phylib): 100/full forced with autonegotiation off, one
# mode advertised ("NWay-forced"), back to autonegotiation at 1000, ethtool -r,
# fixed and negotiated pause, a gigabit link without negotiation refused. Each
# change must give a link at what was asked within 10 s and traffic both ways,
# and each link change exactly one "Link is" line in the kernel log.
#
# The model's PHY honours BMCR (forced speed/duplex) and ANAR/CTRL1000 against an
# all-capable partner; in forced mode it only passes frames if the MAC's CHIPGCR
# forced-mode bits match the PHY's speed (stat-speed-mismatch-drops).
# via-velocity's link code is not under test here.
# lab: drivers=velocity timeout=240
set -eu
. /lab/lib.sh

# link_is SPEED DUPLEX AUTONEG: carrier with that speed and duplex within 10 s
link_is() {
    wait_link "$VT_IF" "$1" "$2" 10 || return 1
    [ "$(ethtool_field "$VT_IF" Auto-negotiation)" = "$3" ]
}

downs() { dmesg | grep -c "$VT_IF: Link is Down" || true; }

# relink N SPEED DUPLEX AUTONEG: the link drops (a "Link is Down" line after the
# N there were) and comes back as asked.  The log, not the carrier, shows the drop:
# under TCG the link can be down and up again before a carrier poll sees it.
relink() {
    _d=$1
    shift
    _n=0
    until [ "$(downs)" -gt "$_d" ]; do
        _n=$((_n + 1))
        [ "$_n" -le 100 ] || return 1
        sleep 0.1
    done
    link_is "$@"
}

traffic() {
    ip neigh flush dev "$VT_IF"
    peer ip neigh flush dev "$PEER_IF"
    ping_ok vt 5 "$PEER_IP" -i 0.1 >/dev/null && ping_ok peer 5 "$VT_IP" -i 0.1 >/dev/null
}

ups() { dmesg | grep -c "$VT_IF: Link is Up" || true; }

drops0=$(qom_num stat-speed-mismatch-drops)
up0=$(ups)

d=$(downs)
ethtool -s "$VT_IF" speed 100 duplex full autoneg off || fail "ethtool -s speed 100 duplex full autoneg off"
relink "$d" 100Mb/s Full off || { lab_diag; fail "no 100/Full link with autoneg off"; }
traffic || { lab_diag; fail "no traffic at 100/Full forced"; }
log "ok: forced 100/Full, traffic both ways"

# 0x008 = 100baseT/Full only: autonegotiation on, one mode
d=$(downs)
ethtool -s "$VT_IF" autoneg on advertise 0x008 || fail "ethtool -s autoneg on advertise 0x008"
relink "$d" 100Mb/s Full on || { lab_diag; fail "no 100/Full link advertising only 100baseT/Full"; }
ethtool "$VT_IF" | grep -A2 'Advertised link modes' | grep -q '1000baseT' &&
    fail "1000baseT still advertised"
traffic || { lab_diag; fail "no traffic at 100/Full NWay-forced"; }
log "ok: NWay-forced 100/Full, traffic both ways"

# 0x03f = every 10/100/1000 BASE-T mode
d=$(downs)
ethtool -s "$VT_IF" autoneg on advertise 0x03f || fail "ethtool -s autoneg on advertise 0x03f"
relink "$d" 1000Mb/s Full on || { lab_diag; fail "no 1000/Full link after re-enabling every mode"; }
traffic || { lab_diag; fail "no traffic back at 1000/Full"; }
log "ok: autonegotiated 1000/Full again"

n=$(ups)
d=$(downs)
ethtool -r "$VT_IF" || fail "ethtool -r"
relink "$d" 1000Mb/s Full on || { lab_diag; fail "no link down and up after ethtool -r"; }
[ "$(ups)" -eq $((n + 1)) ] || fail "ethtool -r: expected one more 'Link is Up', got $(($(ups) - n))"
traffic || { lab_diag; fail "no traffic after ethtool -r"; }
log "ok: ethtool -r renegotiated"

if ethtool -s "$VT_IF" speed 1000 duplex full autoneg off 2>/dev/null; then
    fail "1000/Full without autonegotiation was accepted"
fi
log "ok: 1000 Mb/s without autonegotiation refused"

# TX only advertises ASYM alone (was PAUSE+ASYM): the PHY renegotiates
d=$(downs)
ethtool -A "$VT_IF" autoneg off rx off tx on || fail "ethtool -A autoneg off rx off tx on"
a=$(ethtool -a "$VT_IF")
echo "$a" | sed 's/^/    /'
echo "$a" | grep -Eq '^Autonegotiate:[[:space:]]+off' || fail "pause autoneg not off"
echo "$a" | grep -Eq '^RX:[[:space:]]+off' || fail "RX pause not off"
echo "$a" | grep -Eq '^TX:[[:space:]]+on' || fail "TX pause not on"
relink "$d" 1000Mb/s Full on || { lab_diag; fail "no link down and up with fixed pause"; }
dmesg | grep "$VT_IF: Link is Up" | tail -n 1 | grep -q 'flow control tx$' ||
    fail "last link line does not say 'flow control tx': $(dmesg | grep "$VT_IF: Link is" | tail -n 1)"
traffic || { lab_diag; fail "no traffic with fixed pause"; }
if ethtool -A "$VT_IF" autoneg on rx on tx off 2>/dev/null; then
    fail "negotiated pause for one direction only was accepted"
fi
d=$(downs)
ethtool -A "$VT_IF" autoneg on rx on tx on || fail "ethtool -A autoneg on rx on tx on"
relink "$d" 1000Mb/s Full on || { lab_diag; fail "no link down and up with negotiated pause"; }
dmesg | grep "$VT_IF: Link is Up" | tail -n 1 | grep -q 'flow control rx/tx$' ||
    fail "last link line does not say 'flow control rx/tx'"
traffic || { lab_diag; fail "no traffic with negotiated pause"; }
log "ok: fixed and negotiated pause"

drops=$(qom_num stat-speed-mismatch-drops)
[ "$drops" = "$drops0" ] || fail "the MAC's forced mode disagreed with the PHY: $((drops - drops0)) frames dropped"
dmesg | grep "$VT_IF: Link is" | sed 's/^/    /'
log "ok: $(($(ups) - up0)) link-up lines, no speed-mismatch drops"
