#!/bin/sh
# bench/sweep: the seed's DMA_length table on the emulated card, for tests/bench-sweep
# (not part of the suite). tools/velocity-bench (the real-hardware tool) runs here
# with the peer namespace as its ssh stand-in, velocity and via-velocity, DMA_length
# $BENCH_DMA (default 0-7), MTU $BENCH_MTU (default 1500,9000), $BENCH_TIME s of
# nuttcp each way (default 3), and sends its CSV and table to the host
# (<scenario>.results.csv, <scenario>.table.txt). The bus is PCI here (rev 0x11);
# sweep-pcie.sh is the same at rev 0x80 behind a PCIe root port.
# Nothing is asserted beyond the tool's own exit status: timings are compared, never judged.
# lab: timeout=3000 drivers=velocity
set -eu
. /lab/lib.sh
is_vt6122 || skip "the sweep measures the vt6122"
cat >/tmp/peer-ssh <<'EOS'
#!/bin/sh
shift
exec /usr/bin/ip netns exec peer sh -c "$*"
EOS
chmod +x /tmp/peer-ssh
# One invocation per MTU: one MTU change (and e1000 reset) per MTU instead of one
# per DMA_length.
rc=0
first=1
for mtu in $(echo "${BENCH_MTU:-1500,9000}" | tr ',' ' '); do
	/lab/tools/velocity-bench --peer peer --peer-ip "$PEER_IP" --iface "$VT_IF" \
		--driver "${BENCH_DRIVERS:-velocity,via-velocity}" --dma "${BENCH_DMA:-0-7}" --mtu "$mtu" \
		--time "${BENCH_TIME:-3}" --out "/tmp/sweep-$mtu" --ssh /tmp/peer-ssh ${BENCH_VERBOSE:+--verbose} || rc=$?
	if [ -e "/tmp/sweep-$mtu/results.csv" ]; then
		if [ "$first" = 1 ]; then cat "/tmp/sweep-$mtu/results.csv"; else tail -n +2 "/tmp/sweep-$mtu/results.csv"; fi >>/tmp/results.csv
		first=0
	fi
	[ -e "/tmp/sweep-$mtu/table.txt" ] && cat "/tmp/sweep-$mtu/table.txt" >>/tmp/table.txt
	lab_find || true
done
[ -e /tmp/results.csv ] && lab_send_file results.csv /tmp/results.csv
[ -e /tmp/table.txt ] && lab_send_file table.txt /tmp/table.txt
[ "$rc" -eq 0 ] || fail "velocity-bench exited $rc"
log "ok: sweep done"
