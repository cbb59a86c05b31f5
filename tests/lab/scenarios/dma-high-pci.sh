#!/bin/sh
# dma-high-pci: a 6 GB guest on a PCI part (rev 0x11): no DMA above 4 GB.
#
# 16 MB each way with sha256 compared.  CFGD.CFGDACEN is clear, so the card
# cannot address memory above 4 GB (the model refuses such a DMA as a bus
# error, stat-dma-above-4g): the driver must keep its DMA below 4 GB (a 32-bit
# mask; swiotlb bounces) and nothing may be refused.
# lab: mem=6144 rev=0x11 timeout=300
set -eu
. /lab/lib.sh

high0=$(qom_num stat-dma-high-bytes)
make_data /tmp/high.data 16 || fail "cannot create test data"
xfer vt /tmp/high.data "$PEER_IP" 120 || fail "16 MB $VT_IF -> peer"
xfer peer /tmp/high.data "$VT_IP" 120 || fail "16 MB peer -> $VT_IF"
high=$(( $(qom_num stat-dma-high-bytes) - high0 ))
refused=$(qom_num stat-dma-above-4g)
log "DMA above 4 GB: $high bytes; refused: $refused"
[ "$refused" = 0 ] || fail "the card refused $refused DMA(s) above 4 GB"
[ "$high" = 0 ] || fail "$high bytes moved above 4 GB on a part without DAC"
log "ok: 16 MB each way intact with a 6 GB guest"
