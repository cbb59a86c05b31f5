#!/bin/sh
# dma-high: a 6 GB guest, so most buffers sit above 4 GB; rev 0x80 (PCIe, 64-bit
# DMA) behind a q35 root port.
#
# 16 MB each way with sha256 compared; the model must have moved data at
# addresses above 4 GB (stat-dma-high-bytes: the VT3286 high address words ran)
# and refused nothing (stat-dma-above-4g).  dma-high-pci does the same on a PCI
# part, where no DMA may go above 4 GB.
#
# via-velocity is known broken here (upstream bug, velocity-hardware.md 7 #6): it
# credits RBRDU with the whole ring at init and again at open, which takes the
# VT3286 residue past the ring size, and the card stalls RX (RXESR.RDSTR,
# stat-rbrdu-overcredit; lab 2026-11-30: stat-rx-frames 0, RXESR 0x01).  For it
# the scenario checks exactly that and stops.
# Its over-credit (checked) is declared for the end-of-scenario check.
# On the debug kernel its time limit is 1800 s, as dma-high-pci's (there).
# lab: mem=6144 rev=0x80 machine=q35 timeout=300 debug-timeout=1800 expect-via-velocity=stat-rbrdu-overcredit
set -eu
. /lab/lib.sh

if [ "$DRIVER" = via-velocity ]; then
    oc=$(qom_num stat-rbrdu-overcredit)
    [ "$oc" -gt 0 ] || fail "via-velocity: expected its RBRDU over-credit on VT3286, counter $oc"
    log "as upstream: via-velocity over-credited RBRDU $oc time(s); RX is stalled"
    exit 0
fi

high0=$(qom_num stat-dma-high-bytes)
make_data /tmp/high.data 16 || fail "cannot create test data"
xfer vt /tmp/high.data "$PEER_IP" 120 || fail "16 MB $VT_IF -> peer"
xfer peer /tmp/high.data "$VT_IP" 120 || fail "16 MB peer -> $VT_IF"
high=$(( $(qom_num stat-dma-high-bytes) - high0 ))
refused=$(qom_num stat-dma-above-4g)
log "DMA above 4 GB: $high bytes; refused: $refused"
[ "$refused" = 0 ] || fail "the card refused $refused DMA(s) above 4 GB"
[ "$high" -gt 1000000 ] || fail "only $high bytes moved above 4 GB: the 48-bit DMA path did not run"
log "ok: 16 MB each way intact with a 6 GB guest"
