// SPDX-License-Identifier: GPL-2.0
/*
 * VIA Velocity: transmit path.
 *
 * One descriptor per skb with up to seven buffers (the head and six
 * fragments); anything more fragmented is linearised.  A new descriptor
 * is chained to the previous one through the QUEUE bit so one doorbell
 * can send a whole xmit_more batch.
 */
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/udp.h>

#include "velocity.h"

/*
 * Every skb takes exactly one descriptor, so the queue stops when the
 * descriptor just used was the last free one.  It restarts once a quarter
 * of the ring is free again: waking for a single descriptor would bounce
 * the queue on every completion.
 */
static unsigned int velocity_tx_wake_level(const struct velocity_tx_ring *tx)
{
	return max(tx->count / 4, 1U);
}

/* One descriptor always stays unused so that head == tail means empty */
static unsigned int velocity_tx_free(const struct velocity_tx_ring *tx)
{
	unsigned int head = READ_ONCE(tx->head), tail = READ_ONCE(tx->tail);
	unsigned int used;

	used = head >= tail ? head - tail : head + tx->count - tail;
	return tx->count - 1 - used;
}

static unsigned int velocity_tx_next(const struct velocity_tx_ring *tx, unsigned int idx)
{
	return idx + 1 == tx->count ? 0 : idx + 1;
}

/**
 * velocity_tx_ring_alloc() - allocate a TX ring
 * @vp: device private data
 * @tx: the ring to set up
 * @count: number of descriptors
 *
 * Return: 0 or -ENOMEM.
 */
int velocity_tx_ring_alloc(struct velocity_priv *vp, struct velocity_tx_ring *tx,
			   unsigned int count)
{
	tx->count = count;
	tx->buf = kcalloc(tx->count, sizeof(*tx->buf), GFP_KERNEL);
	if (!tx->buf)
		return -ENOMEM;

	tx->desc = dma_alloc_coherent(&vp->pdev->dev, tx->count * sizeof(*tx->desc),
				      &tx->dma, GFP_KERNEL);
	if (!tx->desc) {
		kfree(tx->buf);
		tx->buf = NULL;
		return -ENOMEM;
	}
	tx->head = 0;
	tx->tail = 0;
	return 0;
}

/**
 * velocity_tx_ring_free() - release a TX ring
 * @vp: device private data
 * @tx: the ring, empty and no longer in the chip's hands
 */
void velocity_tx_ring_free(struct velocity_priv *vp, struct velocity_tx_ring *tx)
{
	if (!tx->desc)
		return;
	dma_free_coherent(&vp->pdev->dev, tx->count * sizeof(*tx->desc), tx->desc, tx->dma);
	tx->desc = NULL;
	kfree(tx->buf);
	tx->buf = NULL;
}

static void velocity_tx_unmap(struct velocity_priv *vp, struct velocity_tx_buf *tb)
{
	struct device *dev = &vp->pdev->dev;
	unsigned int i;

	for (i = 0; i < tb->nbufs; i++) {
		/* buffer 0 is the linear head whenever the skb has one */
		if (i == 0 && tb->head_mapped)
			dma_unmap_single(dev, tb->dma[i], tb->len[i], DMA_TO_DEVICE);
		else
			dma_unmap_page(dev, tb->dma[i], tb->len[i], DMA_TO_DEVICE);
	}
	tb->nbufs = 0;
}

/**
 * velocity_tx_purge() - drop every frame still on the TX ring
 * @vp: device private data
 *
 * The chip must be stopped and both ndo_start_xmit and the NAPI poll
 * excluded.
 */
void velocity_tx_purge(struct velocity_priv *vp)
{
	struct velocity_tx_ring *tx = &vp->tx;
	unsigned int dropped = 0;

	while (tx->tail != tx->head) {
		struct velocity_tx_buf *tb = &tx->buf[tx->tail];

		velocity_tx_unmap(vp, tb);
		dev_kfree_skb_any(tb->skb);
		tb->skb = NULL;
		dropped++;
		tx->tail = velocity_tx_next(tx, tx->tail);
	}
	memset(tx->desc, 0, tx->count * sizeof(*tx->desc));
	tx->head = 0;
	tx->tail = 0;
	netdev_tx_reset_queue(netdev_get_tx_queue(vp->netdev, 0));

	u64_stats_update_begin(&vp->xmit_stats.syncp);
	u64_stats_add(&vp->xmit_stats.dropped, dropped);
	u64_stats_update_end(&vp->xmit_stats.syncp);
}

/*
 * TCR checksum bits for an skb the stack wants checksummed, or 0 if the
 * NIC cannot do it: it handles TCP and UDP over IPv4 only, with the tag
 * (if any) inserted by the NIC itself.
 */
static u8 velocity_tx_csum_bits(struct sk_buff *skb)
{
	if (skb->protocol != htons(ETH_P_IP) ||
	    skb_checksum_start_offset(skb) != skb_transport_offset(skb))
		return 0;

	switch (ip_hdr(skb)->protocol) {
	case IPPROTO_TCP:
		if (skb->csum_offset != offsetof(struct tcphdr, check))
			return 0;
		return VEL_TDCMD_TCPCK | VEL_TDCMD_IPCK;
	case IPPROTO_UDP:
		if (skb->csum_offset != offsetof(struct udphdr, check))
			return 0;
		return VEL_TDCMD_UDPCK | VEL_TDCMD_IPCK;
	default:
		return 0;
	}
}

/**
 * velocity_features_check() - ndo_features_check
 * @skb: frame about to be sent
 * @netdev: our device
 * @features: offloads the stack would use
 *
 * Return: @features without checksum offload for frames the NIC cannot
 * checksum, so that the stack does it before ndo_start_xmit.
 */
netdev_features_t velocity_features_check(struct sk_buff *skb, struct net_device *netdev,
					  netdev_features_t features)
{
	features = vlan_features_check(skb, features);
	if (skb->ip_summed == CHECKSUM_PARTIAL && !velocity_tx_csum_bits(skb))
		features &= ~NETIF_F_CSUM_MASK;
	return features;
}

static void velocity_tx_set_buf(struct velocity_td *td, struct velocity_tx_buf *tb,
				dma_addr_t dma, unsigned int len)
{
	unsigned int n = tb->nbufs++;

	tb->dma[n] = dma;
	tb->len[n] = len;
	td->buf[n].addr_lo = cpu_to_le32(lower_32_bits(dma));
	td->buf[n].len = cpu_to_le32(velocity_td_buf_word(dma, len));
}

/* Map the head and fragments into the descriptor's buffer slots */
static int velocity_tx_map(struct velocity_priv *vp, struct sk_buff *skb,
			   struct velocity_tx_buf *tb, struct velocity_td *td)
{
	unsigned int len = skb_headlen(skb);
	struct device *dev = &vp->pdev->dev;
	dma_addr_t dma;
	unsigned int f;

	tb->nbufs = 0;
	tb->head_mapped = len != 0;
	if (len) {
		dma = dma_map_single(dev, skb->data, len, DMA_TO_DEVICE);
		if (dma_mapping_error(dev, dma))
			return -ENOMEM;
		velocity_tx_set_buf(td, tb, dma, len);
	}

	for (f = 0; f < skb_shinfo(skb)->nr_frags; f++) {
		const skb_frag_t *frag = &skb_shinfo(skb)->frags[f];

		len = skb_frag_size(frag);
		if (!len)
			continue;
		dma = skb_frag_dma_map(dev, frag, 0, len, DMA_TO_DEVICE);
		if (dma_mapping_error(dev, dma)) {
			velocity_tx_unmap(vp, tb);
			return -ENOMEM;
		}
		velocity_tx_set_buf(td, tb, dma, len);
	}
	return 0;
}

static void velocity_tx_doorbell(struct velocity_priv *vp)
{
	vel_w16(vp, VEL_TDCSR_SET, VEL_TDCSR_Q(0, VEL_QCSR_WAK));
}

/**
 * velocity_start_xmit() - ndo_start_xmit
 * @skb: frame to send
 * @netdev: our device
 *
 * Return: NETDEV_TX_OK, or NETDEV_TX_BUSY if the queue was awake with a
 * full ring (a bug).
 */
netdev_tx_t velocity_start_xmit(struct sk_buff *skb, struct net_device *netdev)
{
	struct netdev_queue *txq = netdev_get_tx_queue(netdev, 0);
	struct velocity_priv *vp = netdev_priv(netdev);
	struct velocity_tx_ring *tx = &vp->tx;
	struct velocity_xmit_stats *xs;
	unsigned int idx = tx->head, prev;
	struct velocity_tx_buf *tb;
	bool linearized = false;
	struct velocity_td *td;
	u8 tcr = VEL_TDCMD_TIC;
	bool csum_sw = false;
	bool doorbell;
	u16 tci = 0;

	xs = &vp->xmit_stats;

	if (unlikely(!velocity_tx_free(tx))) {
		netif_tx_stop_queue(txq);
		netdev_err_once(netdev, "TX ring full while the queue was awake\n");
		/* frames posted earlier in an xmit_more batch still need it */
		velocity_tx_doorbell(vp);
		return NETDEV_TX_BUSY;
	}

	/* The chip does not pad short frames */
	if (eth_skb_pad(skb))
		goto drop_freed;

	if (skb_shinfo(skb)->nr_frags >= VEL_TD_BUFS) {
		if (skb_linearize(skb))
			goto drop;
		linearized = true;
	}

	if (skb->ip_summed == CHECKSUM_PARTIAL) {
		tcr |= velocity_tx_csum_bits(skb);
		if (!(tcr & (VEL_TDCMD_TCPCK | VEL_TDCMD_UDPCK))) {
			if (skb_checksum_help(skb))
				goto drop;
			csum_sw = true;
		}
	}

	if (skb_vlan_tag_present(skb)) {
		tcr |= VEL_TDCMD_VETAG;
		tci = skb_vlan_tag_get(skb);
	}

	tb = &tx->buf[idx];
	td = &tx->desc[idx];
	if (velocity_tx_map(vp, skb, tb, td)) {
		u64_stats_update_begin(&xs->syncp);
		u64_stats_inc(&xs->map_fail);
		u64_stats_update_end(&xs->syncp);
		goto drop;
	}
	tb->skb = skb;
	tb->bytes = skb->len;

	/*
	 * Charge BQL while the descriptor is still ours: once OWN and the
	 * previous QUEUE bit are set the NIC may send the frame and NAPI on
	 * another CPU reclaim it, and BQL must not see a completion for
	 * bytes it was never told about (BUG_ON in dql_completed()).
	 */
	doorbell = __netdev_tx_sent_queue(txq, tb->bytes, netdev_xmit_more());

	td->cmd = cpu_to_le32(velocity_td_cmd_word(tcr, tb->nbufs, tci));
	dma_wmb();
	td->status = cpu_to_le32(velocity_td_status_word(skb->len));
	/*
	 * The NIC follows the previous descriptor's QUEUE bit into this one,
	 * so that bit may only be set once this descriptor is complete.
	 */
	dma_wmb();
	prev = idx ? idx - 1 : tx->count - 1;
	tx->desc[prev].buf[0].len |= cpu_to_le32(VEL_TDB_QUEUE);

	/* pairs with smp_load_acquire() in velocity_tx_clean() */
	smp_store_release(&tx->head, velocity_tx_next(tx, idx));

	if (linearized || csum_sw) {
		u64_stats_update_begin(&xs->syncp);
		u64_stats_add(&xs->linearized, linearized);
		u64_stats_add(&xs->csum_sw, csum_sw);
		u64_stats_update_end(&xs->syncp);
	}

	if (unlikely(!velocity_tx_free(tx))) {
		netif_tx_stop_queue(txq);
		/* pairs with smp_mb() in velocity_tx_clean() */
		smp_mb();
		if (velocity_tx_free(tx) >= velocity_tx_wake_level(tx))
			netif_tx_start_queue(txq);
		else
			doorbell = true;
	}

	if (doorbell)
		velocity_tx_doorbell(vp);
	return NETDEV_TX_OK;

drop:
	dev_kfree_skb_any(skb);
drop_freed:
	u64_stats_update_begin(&xs->syncp);
	u64_stats_inc(&xs->dropped);
	u64_stats_update_end(&xs->syncp);
	/* frames queued earlier in this batch still need their doorbell */
	if (!netdev_xmit_more())
		velocity_tx_doorbell(vp);
	return NETDEV_TX_OK;
}

/**
 * velocity_tx_hung() - has the chip stopped completing TX descriptors?
 * @vp: device private data
 *
 * The core's TX watchdog only looks at a stopped queue, so a chip that
 * stops completing descriptors while the ring and BQL still have room (a
 * few frames in flight on a quiet link) is never reported by it.  Called
 * from the periodic MIB work: descriptors are pending and none has
 * completed for VELOCITY_TX_TIMEOUT.  A stopped queue is left to the
 * core's watchdog, so that one hang is not reported twice.
 *
 * Return: true if the chip should be reset.
 */
bool velocity_tx_hung(struct velocity_priv *vp)
{
	struct netdev_queue *txq = netdev_get_tx_queue(vp->netdev, 0);
	/* indices only: nothing the NAPI poll wrote is read through them */
	unsigned int tail = READ_ONCE(vp->tx.tail);
	unsigned int head = READ_ONCE(vp->tx.head);

	if (head == tail || tail != vp->tx_seen_tail || netif_xmit_stopped(txq)) {
		vp->tx_seen_tail = tail;
		vp->tx_seen_at = jiffies;
		return false;
	}
	if (time_before(jiffies, vp->tx_seen_at + VELOCITY_TX_TIMEOUT))
		return false;
	vp->tx_seen_at = jiffies;
	return true;
}

/**
 * velocity_tx_clean() - reclaim descriptors the NIC has sent
 * @vp: device private data
 * @limit: most descriptors to reclaim
 * @napi_budget: the NAPI budget, for napi_consume_skb()
 *
 * Return: true if @limit was reached with frames still queued.
 */
bool velocity_tx_clean(struct velocity_priv *vp, int limit, int napi_budget)
{
	struct netdev_queue *txq = netdev_get_tx_queue(vp->netdev, 0);
	bool sqe_valid = !velocity_has(vp, VELOCITY_F_SQE_BOGUS);
	struct velocity_tx_stats *ts = &vp->tx_stats;
	struct velocity_tx_ring *tx = &vp->tx;
	struct velocity_tx_counts t = {};
	unsigned int tail = tx->tail;
	unsigned int head, bytes = 0;
	int done = 0;

	/* pairs with smp_store_release() in velocity_start_xmit() */
	head = smp_load_acquire(&tx->head);

	while (tail != head && done < limit) {
		struct velocity_tx_buf *tb = &tx->buf[tail];
		u32 status = le32_to_cpu(READ_ONCE(tx->desc[tail].status));
		u16 tsr;

		if (status & VEL_TD0_OWN)
			break;
		dma_rmb();

		tsr = FIELD_GET(VEL_TD0_TSR, status);
		if (tsr & VEL_TSR_TERR) {
			t.errors++;
			t.aborted += !!(tsr & VEL_TSR_ABT);
			t.window += !!(tsr & VEL_TSR_OWC);
			t.carrier += !!(tsr & (VEL_TSR_CRS | VEL_TSR_LNKFL));
			t.heartbeat += sqe_valid && (tsr & VEL_TSR_CDH);
		} else {
			t.packets++;
			t.bytes += tb->bytes;
		}
		bytes += tb->bytes;

		velocity_tx_unmap(vp, tb);
		napi_consume_skb(tb->skb, napi_budget);
		tb->skb = NULL;
		tail = velocity_tx_next(tx, tail);
		done++;
	}

	if (!done)
		return false;

	/* pairs with the ring-space check in velocity_start_xmit() */
	smp_store_release(&tx->tail, tail);
	netdev_tx_completed_queue(txq, done, bytes);

	u64_stats_update_begin(&ts->syncp);
	u64_stats_add(&ts->packets, t.packets);
	u64_stats_add(&ts->bytes, t.bytes);
	u64_stats_add(&ts->errors, t.errors);
	u64_stats_add(&ts->aborted, t.aborted);
	u64_stats_add(&ts->window, t.window);
	u64_stats_add(&ts->carrier, t.carrier);
	u64_stats_add(&ts->heartbeat, t.heartbeat);
	u64_stats_update_end(&ts->syncp);

	/* pairs with smp_mb() in velocity_start_xmit() */
	smp_mb();
	if (netif_tx_queue_stopped(txq) &&
	    velocity_tx_free(tx) >= velocity_tx_wake_level(tx))
		netif_tx_wake_queue(txq);

	return done == limit && tail != head;
}
