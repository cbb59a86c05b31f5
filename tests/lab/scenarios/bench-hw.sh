#!/bin/sh
# bench-hw: tools/velocity-bench, the benchmark for real hardware, on the emulated
# card, with the peer namespace standing in for the remote host (an ssh stand-in
# runs each command there).
#
# Refusals first: without --peer, and with a peer whose nuttcp does not answer, it
# exits non-zero naming why. Then a short sweep: DMA_length 0 and 6, MTU 1500, 2 s
# of nuttcp each way, with velocity and via-velocity when both are in the guest
# (the in-tree via-velocity always is; velocity.ko only in velocity runs), else the
# driver under test. Asserted: every row of the table with Mb/s > 0 both ways, the
# CSV's row count and numbers, the PNG's magic bytes, the DMA_length the tool reads
# back from the chip (velocity's register dump) equal to the one asked for, and,
# independently of the tool, the card's DCFG0 (the model's registers, sampled during
# the sweep) having held every DMA_length asked for: a sweep that does not reload
# the driver fails both. After it, the driver under test is back on the card with
# its MTU and address, the peer's MTU is back, no nuttcp is left running, and
# traffic flows. The table, CSV and PNG go to the host (<scenario>.table.txt,
# .results.csv, .plot.png next to the console log).
# lab: timeout=600 bins=gnuplot long
set -eu
. /lab/lib.sh
is_vt6122 || skip "velocity-bench measures a Velocity card (the runner self-test has an e1000)"

TOOL=/lab/tools/velocity-bench
OUT=/tmp/bench
DMAS="0 6"

# The ssh stand-in: `peer-ssh HOST COMMAND` runs COMMAND in the peer namespace.
cat >/tmp/peer-ssh <<'EOF'
#!/bin/sh
shift
exec /usr/bin/ip netns exec peer sh -c "$*"
EOF
# A peer without nuttcp (PATH leads nowhere; nuttcp is no busybox applet).
cat >/tmp/peer-ssh-nonuttcp <<'EOF'
#!/bin/sh
shift
exec /usr/bin/ip netns exec peer sh -c "PATH=/nonexistent; $*"
EOF
chmod +x /tmp/peer-ssh /tmp/peer-ssh-nonuttcp

# ---- refusals ---------------------------------------------------------------------
rc=0; out=$("$TOOL" --iface "$VT_IF" --dma 0 --time 1 2>&1) || rc=$?
echo "$out" | sed 's/^/    | /'
[ "$rc" -ne 0 ] || fail "velocity-bench without --peer exited 0"
echo "$out" | grep -q 'refusing to run: no peer given (--peer HOST)' ||
	fail "velocity-bench without --peer: no refusal naming the missing peer"
log "ok: without --peer it refuses (exit $rc) and says why"
rc=0; out=$("$TOOL" --peer peer --ssh /tmp/peer-ssh-nonuttcp --iface "$VT_IF" --dma 0 --time 1 2>&1) || rc=$?
echo "$out" | sed 's/^/    | /'
[ "$rc" -ne 0 ] || fail "velocity-bench with a peer lacking nuttcp exited 0"
echo "$out" | grep -q "refusing to run: the peer does not answer: '/tmp/peer-ssh-nonuttcp peer nuttcp -V' failed" ||
	fail "velocity-bench with a peer lacking nuttcp: no refusal naming the failed command"
log "ok: with a peer without nuttcp it refuses (exit $rc) and names the command that failed"
lab_driver_is "$DRIVER" "$(basename "$(readlink "/sys/class/net/$VT_IF/device/driver")")" ||
	fail "a refused run changed the driver"

# ---- the sweep --------------------------------------------------------------------
drivers=$DRIVER
if [ "$DRIVER" = velocity ] && modinfo via-velocity >/dev/null 2>&1; then
	drivers=velocity,via-velocity
fi
ndrv=$(( $(echo "$drivers" | tr ',' '\n' | wc -l) ))

# The independent witness: DCFG0 (0x7c) as the card holds it, sampled through the
# model while the sweep runs, every 2 s (each DMA_length setting lasts over 8 s).
if is_vt6122; then
	(
		while [ ! -e /tmp/bench.done ]; do
			if lab_regs 2>/dev/null; then echo $(( $(regb 0x7c) & 7 )); fi
			sleep 2
		done >/tmp/dcfg0.seen
	) &
	sampler=$!
fi

t0=$(cut -d' ' -f1 /proc/uptime)
mm0=0; is_vt6122 && mm0=$(qom_num stat-speed-mismatch-drops)
rc=0
"$TOOL" --peer peer --peer-ip "$PEER_IP" --iface "$VT_IF" --driver "$drivers" \
	--dma "$(echo $DMAS | tr ' ' ',')" --mtu 1500 --time 2 --out "$OUT" --verbose --ssh /tmp/peer-ssh || rc=$?
t1=$(cut -d' ' -f1 /proc/uptime)
: >/tmp/bench.done
[ -z "${sampler:-}" ] || wait "$sampler" || true
log "velocity-bench exit $rc in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", b - a }') s"
mm=0; is_vt6122 && mm=$(( $(qom_num stat-speed-mismatch-drops) - mm0 ))
log "frames the card dropped for a MAC speed other than the link's: $mm"
for f in table.txt results.csv plot.png; do
	[ -e "$OUT/$f" ] && lab_send_file "$f" "$OUT/$f"
done
# The DMA_length checks come first: they say why a broken sweep is broken even
# when a measurement failed as well; the exit status is checked last.

# The CSV: header + drivers x DMA values x 1 MTU, numbers in every field.
csv=$OUT/results.csv
head -n 1 "$csv" | grep -q '^driver,mtu,dma_length,dma_chip,tx_mbps,tx_cpu_local,tx_cpu_remote,rx_mbps,rx_cpu_local,rx_cpu_remote$' ||
	fail "CSV header: $(head -n 1 "$csv")"
want=$((ndrv * $(echo $DMAS | wc -w)))
got=$(($(wc -l <"$csv") - 1))
[ "$got" -eq "$want" ] || fail "CSV has $got rows, expected $want"
for drv in $(echo "$drivers" | tr ',' ' '); do
	for d in $DMAS; do
		grep -q "^$drv,1500,$d," "$csv" || fail "CSV: no row for $drv DMA_length $d"
	done
done
log "ok: CSV has $got rows (drivers x DMA_length x MTU)"

# DMA_length applied: what velocity's register dump shows for each row.
if echo "$drivers" | grep -q '^velocity'; then
	awk -F, 'NR > 1 && $1 == "velocity" && $4 != $3 { print; bad = 1 } END { exit bad }' "$csv" ||
		fail "velocity rows whose chip DMA_length (DCFG0 from ethtool -d) differs from the one asked for: the driver was not reloaded with it"
	log "ok: velocity's register dump shows each DMA_length asked for"
fi
# ... and what the card held while the sweep ran (every driver).
if is_vt6122; then
	log "DCFG0 DMA_length seen during the sweep: $(sort -n /tmp/dcfg0.seen | uniq -c | tr '\n' ' ' | tr -s ' ')"
	for d in $DMAS; do
		grep -qx "$d" /tmp/dcfg0.seen || fail "the card's DCFG0 never held DMA_length $d during the sweep"
	done
	log "ok: the card's DCFG0 held each DMA_length ($DMAS)"
fi

# Rates and %CPU: in the CSV and in the table, one row per DMA_length under MTU 1500, with both rates > 0 per driver.
awk -F, 'NR > 1 && !($5 > 0 && $8 > 0 && $6 ~ /^[0-9]+$/ && $7 ~ /^[0-9]+$/ && $9 ~ /^[0-9]+$/ && $10 ~ /^[0-9]+$/) { print; bad = 1 } END { exit bad }' "$csv" ||
	fail "CSV rows without rates > 0 and %CPU numbers"
log "ok: CSV rows with rates > 0 and %CPU numbers"
tab=$OUT/table.txt
[ -s "$tab" ] || fail "no table"
grep -q '^MTU 1500$' "$tab" || fail "the table has no MTU 1500 section"
for d in $DMAS; do
	row=$(grep "^$d (" "$tab") || fail "the table has no DMA_length $d row"
	# driver blocks: | chip TX %CPU RX %CPU
	echo "$row" | awk -F'|' -v n="$ndrv" '{
		for (i = 2; i <= n + 1; i++) { split($i, f, " "); if (!(f[2] > 0 && f[4] > 0)) exit 1 }
	}' || fail "DMA_length $d: a rate is not > 0: $row"
	if [ "$ndrv" = 2 ]; then
		echo "$row" | awk -F'|' '{ split($4, f, " "); exit !(f[1] > 0 && f[2] > 0) }' ||
			fail "DMA_length $d: no ratio column: $row"
	fi
done
log "ok: the table has the DMA_length rows $DMAS, Mb/s > 0 each way for $drivers"

# The PNG.
png=$OUT/plot.png
[ -s "$png" ] || fail "no PNG at $png"
magic=$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')
[ "$magic" = 89504e470d0a1a0a ] || fail "$png is not a PNG (first bytes $magic)"
log "ok: plot.png is a PNG ($(wc -c <"$png") bytes)"

[ "$rc" -eq 0 ] || fail "velocity-bench exited $rc"

# ---- restored ---------------------------------------------------------------------
lab_find || fail "the card's interface is gone after the sweep"
cur=$(basename "$(readlink "/sys/class/net/$VT_IF/device/driver")")
lab_driver_is "$DRIVER" "$cur" || fail "after the sweep the card is bound to $cur, not $DRIVER"
[ "$(cat "/sys/class/net/$VT_IF/mtu")" = 1500 ] || fail "MTU of $VT_IF not restored"
[ "$(peer cat "/sys/class/net/$PEER_IF/mtu")" = 1500 ] || fail "the peer's MTU not restored"
ip -o addr show dev "$VT_IF" | grep -q "inet $VT_IP/24" || fail "$VT_IF lost $VT_IP/24"
[ -z "$(pidof nuttcp || true)" ] || fail "nuttcp still running: $(pidof nuttcp)"
wait_carrier "$VT_IF" 1 20 || fail "no carrier after the sweep"
ping_ok vt 3 "$PEER_IP" -i 0.2 || fail "ping to the peer after the sweep"
ping_ok peer 3 "$VT_IP" -i 0.2 || fail "ping from the peer after the sweep"
log "ok: $DRIVER, MTU 1500 and $VT_IP restored on $VT_IF, no nuttcp left, traffic both ways"
