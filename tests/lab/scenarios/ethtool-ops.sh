#!/bin/sh
# ethtool-ops: the register dump, the EEPROM, the self-test and the standard
# statistics groups.
#
# -d       256 bytes (raw); PAR holds the MAC, REVID (0x86) the PCI revision;
#          the default hex dump works too (tools/velocity-regs decodes it on a host).
# -e       128 bytes (64 words); bytes 0-5 are the permanent MAC (the EEPROM
#          reload puts them into PAR), -e offset/length reads a slice.
# -E       refused without the magic (0x31191106); with it, a byte written reads
#          back, and the original is written back.
# -t       offline: register test, MAC loopback and link pass, traffic after;
#          online: link passes; with the link down (set_link off) it fails.
# groups   ethtool -S --groups eth-mac, eth-phy, eth-ctrl, rmon: after 100 echoes
#          each way of 1472 bytes FramesReceivedOK/FramesTransmittedOK grew by >= 100
#          and the rmon 1024-1518 bins by >= 100, with the ranges shown.
# pause    ethtool -I -a: 3 PAUSE frames sent by the peer (lab_xmit, to the card's
#          unicast address, which the model's receive filter passes) raise
#          rx_pause_frames and MACControlFramesReceived by exactly 3.
# via-velocity has none of these operations: for it the scenario expects each to
# be refused (Operation not supported) or to print nothing, as upstream.
# lab: timeout=240
set -eu
. /lab/lib.sh

dev=$(readlink -f "/sys/class/net/$VT_IF/device")
if [ "$DRIVER" = via-velocity ]; then
    for op in "-d $VT_IF" "-e $VT_IF" "-t $VT_IF online"; do
        # shellcheck disable=SC2086 # op is a word list
        if ethtool $op >/dev/null 2>&1; then fail "via-velocity: ethtool $op worked"; fi
    done
    g=$(ethtool -S "$VT_IF" --groups eth-mac rmon 2>/dev/null | grep -c "FramesReceivedOK\|rmon-" || true)
    [ "$g" = 0 ] || fail "via-velocity: standard statistics shown"
    log "as upstream: via-velocity has no -d, -e, -t nor standard statistics"
    exit 0
fi

# ---- -d
ethtool -d "$VT_IF" raw on >/tmp/regs.bin || fail "ethtool -d raw failed"
[ "$(wc -c </tmp/regs.bin)" = 256 ] || fail "register dump is $(wc -c </tmp/regs.bin) bytes, expected 256"
mac=$(od -An -tx1 -N6 /tmp/regs.bin | tr -s ' ' ':' | sed 's/^://')
[ "$mac" = "$VT_MAC" ] || fail "PAR in the dump is $mac, expected $VT_MAC"
rev=$(od -An -tx1 -j $((0x86)) -N1 /tmp/regs.bin | tr -d ' ')
[ "$((0x$rev))" = "$(($(cat "$dev/revision")))" ] || fail "REVID in the dump is 0x$rev"
ethtool -d "$VT_IF" | sed "s/^/    /"
log "ok: ethtool -d: 256 bytes, PAR $mac, REVID 0x$rev"

# ---- -e / -E
ethtool -e "$VT_IF" raw on >/tmp/ee.bin || fail "ethtool -e raw failed"
[ "$(wc -c </tmp/ee.bin)" = 128 ] || fail "EEPROM dump is $(wc -c </tmp/ee.bin) bytes, expected 128"
emac=$(od -An -tx1 -N6 /tmp/ee.bin | tr -s ' ' ':' | sed 's/^://')
[ "$emac" = "$VT_MAC" ] || fail "EEPROM bytes 0-5 are $emac, expected $VT_MAC"
slice=$(ethtool -e "$VT_IF" offset 1 length 3 raw on | od -An -tx1 | tr -d ' \n')
want=$(od -An -tx1 -j 1 -N3 /tmp/ee.bin | tr -d ' \n')
[ "$slice" = "$want" ] || fail "ethtool -e offset 1 length 3 gave $slice, expected $want"
log "ok: ethtool -e: 128 bytes, MAC $emac; a 3-byte slice at an odd offset matches"
orig=$(od -An -tu1 -j 41 -N1 /tmp/ee.bin | tr -d ' ')
new=$(((orig + 0x5a) & 0xff))
if ethtool -E "$VT_IF" magic 0x12345678 offset 41 value "$new" 2>/dev/null; then
    fail "ethtool -E with a wrong magic accepted"
fi
[ "$(ethtool -e "$VT_IF" offset 41 length 1 raw on | od -An -tu1 | tr -d ' ')" = "$orig" ] ||
    fail "a refused ethtool -E changed the EEPROM"
ethtool -E "$VT_IF" magic 0x31191106 offset 41 value "$new" || fail "ethtool -E with the magic failed"
got=$(ethtool -e "$VT_IF" offset 41 length 1 raw on | od -An -tu1 | tr -d ' ')
[ "$got" = "$new" ] || fail "EEPROM byte 41 reads $got after writing $new"
[ "$(ethtool -e "$VT_IF" offset 40 length 1 raw on | od -An -tu1 | tr -d ' ')" = \
  "$(od -An -tu1 -j 40 -N1 /tmp/ee.bin | tr -d ' ')" ] || fail "writing byte 41 changed byte 40"
ethtool -E "$VT_IF" magic 0x31191106 offset 41 value "$orig" || fail "cannot restore EEPROM byte 41"
ethtool -e "$VT_IF" raw on | cmp -s - /tmp/ee.bin || fail "the EEPROM differs after the restore"
log "ok: ethtool -E: wrong magic refused, byte 41 written ($orig -> $new), read back, restored"

# ---- -t
ethtool -t "$VT_IF" offline >/tmp/t.txt 2>&1 || { cat /tmp/t.txt; fail "ethtool -t offline failed"; }
sed 's/^/    /' /tmp/t.txt
grep -q "The test result is PASS" /tmp/t.txt || fail "offline self-test did not pass"
n=$(grep -cE "(register test|MAC loopback|link) .* 0$" /tmp/t.txt || true)
[ "$n" = 3 ] || fail "$n of the 3 tests report 0"
wait_carrier "$VT_IF" 1 10 || fail "no carrier after the offline test"
traffic_ok "after ethtool -t offline"
ethtool -t "$VT_IF" online | grep -q "The test result is PASS" || fail "online self-test did not pass"
out=$(lab-host set_link "$VT_NETDEV" off) || fail "set_link off: $out"
wait_carrier "$VT_IF" 0 10 || fail "carrier still up after set_link off"
if ethtool -t "$VT_IF" online >/tmp/t.txt 2>&1; then
    cat /tmp/t.txt; fail "online self-test passed without a link"
fi
grep -qE "link .* 1$" /tmp/t.txt || { cat /tmp/t.txt; fail "the link test did not report the missing link"; }
out=$(lab-host set_link "$VT_NETDEV" on) || fail "set_link on: $out"
wait_carrier "$VT_IF" 1 10 || fail "no carrier after set_link on"
log "ok: ethtool -t: offline passes (registers, loopback, link), online fails without a link"

# ---- standard statistics groups
grp() { ethtool -S "$VT_IF" --groups "$1" | sed -n "s/^[[:space:]]*$2:[[:space:]]*//p" | head -n 1; }
ethtool -S "$VT_IF" --groups eth-mac eth-phy eth-ctrl rmon >/tmp/g0.txt || fail "ethtool -S --groups failed"
r0=$(grp eth-mac eth-mac-FramesReceivedOK); t0=$(grp eth-mac eth-mac-FramesTransmittedOK)
h0=$(grp rmon rx-rmon-etherStatsPkts1024to1518Octets); ht0=$(grp rmon tx-rmon-etherStatsPkts1024to1518Octets)
ping_ok vt 100 "$PEER_IP" -s 1472 -i 0.01 >/dev/null || fail "1472-byte echoes VT -> peer"
ethtool -S "$VT_IF" --groups eth-mac eth-phy eth-ctrl rmon >/tmp/g1.txt
sed 's/^/    /' /tmp/g1.txt
r1=$(grp eth-mac eth-mac-FramesReceivedOK); t1=$(grp eth-mac eth-mac-FramesTransmittedOK)
h1=$(grp rmon rx-rmon-etherStatsPkts1024to1518Octets); ht1=$(grp rmon tx-rmon-etherStatsPkts1024to1518Octets)
log "FramesReceivedOK +$((r1 - r0)), FramesTransmittedOK +$((t1 - t0)), rmon 1024-1518 rx +$((h1 - h0)) tx +$((ht1 - ht0))"
[ $((r1 - r0)) -ge 100 ] && [ $((t1 - t0)) -ge 100 ] || fail "eth-mac frame counters did not follow 100 echoes"
[ $((h1 - h0)) -ge 100 ] && [ $((ht1 - ht0)) -ge 100 ] || fail "rmon 1024-1518 bins did not follow 100 echoes of 1514 bytes"
grep -q "rx-rmon-etherStatsPkts1519to16383Octets" /tmp/g1.txt || fail "rmon shows no 1519-16383 bin"
grep -q "eth-phy-SymbolErrorDuringCarrier" /tmp/g1.txt || fail "no eth-phy group"
log "ok: ethtool -S --groups eth-mac eth-phy eth-ctrl rmon"

# ---- pause statistics
modprobe lab_xmit || fail "cannot load lab_xmit"
pz() { ethtool -I -a "$VT_IF" | sed -n "s/^[[:space:]]*$1:[[:space:]]*//p"; }
p0=$(pz rx_pause_frames); c0=$(grp eth-ctrl eth-ctrl-MACControlFramesReceived)
for i in 1 2 3; do
    # to the card's own address, which 802.3 annex 31B allows besides 01:80:c2:00:00:01
    echo "$PEER_IF $(echo "$VT_MAC" | tr -d :) $(echo "$PEER_MAC" | tr -d :) 8808 0001 0010" \
        >/sys/module/lab_xmit/parameters/send || fail "lab_xmit could not send a PAUSE frame"
done
sleep 0.5
ethtool -I -a "$VT_IF" | sed 's/^/    /'
p1=$(pz rx_pause_frames); c1=$(grp eth-ctrl eth-ctrl-MACControlFramesReceived)
[ $((p1 - p0)) = 3 ] || fail "rx_pause_frames +$((p1 - p0)) after 3 PAUSE frames"
[ $((c1 - c0)) = 3 ] || fail "MACControlFramesReceived +$((c1 - c0)) after 3 PAUSE frames"
log "ok: ethtool -I -a: rx_pause_frames +3, eth-ctrl MACControlFramesReceived +3"
