// SPDX-License-Identifier: GPL-2.0
/*
 * VIA Velocity: receive path.
 *
 * Buffers come from a page_pool, one 2 KB slice of a page per descriptor
 * (a whole page where the pool cannot split pages).  A frame longer than
 * one buffer spreads over several descriptors (RSR STP/EDP) and is
 * assembled into one skb with page fragments, so jumbo frames need no
 * high-order allocation and an MTU change needs no new ring.
 *
 * Every descriptor always holds a buffer: a buffer leaves the ring only
 * once its replacement is allocated, and a frame whose replacement cannot
 * be had is dropped with its buffer reused.  The ring therefore never
 * runs dry because of memory pressure.
 */
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/skbuff.h>
#include <linux/swab.h>

#include "velocity.h"
#include "velocity_compat.h"

/* 2 KB slices of a page where the page pool can split pages (compat) */
#define VELOCITY_RX_SPLIT	VELOCITY_PP_CAN_SPLIT
/* A whole page where it cannot split, but no more than a descriptor can take */
#define VELOCITY_RX_TRUESIZE	(VELOCITY_RX_SPLIT ? 2048U :			\
				 (unsigned int)min(PAGE_SIZE, 16384UL))
/* The chip needs 4-byte aligned buffers, so no NET_IP_ALIGN here */
#define VELOCITY_RX_HEADROOM	NET_SKB_PAD
#define VELOCITY_RX_BUF_LEN						\
	ALIGN_DOWN(VELOCITY_RX_TRUESIZE - VELOCITY_RX_HEADROOM -	\
		   SKB_DATA_ALIGN(sizeof(struct skb_shared_info)), 64)
/* IP_byte_align: two bytes in front of the Ethernet header */
#define VELOCITY_IP_ALIGN	2

/* Counters of one poll, folded into the ring statistics at its end */
struct velocity_rx_tally {
	u64 packets;
	u64 bytes;
	u64 multicast;
	u64 dropped;
	u64 errors;
	u64 length_errors;
	u64 alloc_fail;
	u64 multi_desc;
	u64 copied;
};

static bool velocity_rx_alloc(struct velocity_rx_ring *rx, struct velocity_rx_buf *buf,
			      gfp_t gfp)
{
	unsigned int offset = 0;
	struct page *page;

	if (VELOCITY_RX_SPLIT)
		page = page_pool_alloc_frag(rx->pool, &offset, VELOCITY_RX_TRUESIZE, gfp);
	else
		page = page_pool_alloc_pages(rx->pool, gfp);
	if (!page)
		return false;

	buf->page = page;
	buf->offset = offset;
	return true;
}

static dma_addr_t velocity_rx_buf_dma(const struct velocity_rx_buf *buf)
{
	return page_pool_get_dma_addr(buf->page) + buf->offset + VELOCITY_RX_HEADROOM;
}

static void velocity_rx_sync_for_cpu(struct velocity_priv *vp,
				     const struct velocity_rx_buf *buf, unsigned int len)
{
	dma_sync_single_for_cpu(&vp->pdev->dev, velocity_rx_buf_dma(buf), len,
				DMA_FROM_DEVICE);
}

/* The CPU looked at @len bytes of @buf; give it back to the device as is */
static void velocity_rx_reuse(struct velocity_priv *vp, const struct velocity_rx_buf *buf,
			      unsigned int len)
{
	if (len)
		dma_sync_single_for_device(&vp->pdev->dev, velocity_rx_buf_dma(buf), len,
					   DMA_FROM_DEVICE);
}

/**
 * velocity_rx_ring_alloc() - allocate an RX ring and fill it with buffers
 * @vp: device private data
 * @rx: the ring to set up
 * @count: number of descriptors, a multiple of four
 *
 * The descriptors stay host-owned; velocity_rx_give() hands them over
 * once the ring registers are programmed.
 *
 * Return: 0 or -ENOMEM.
 */
int velocity_rx_ring_alloc(struct velocity_priv *vp, struct velocity_rx_ring *rx,
			   unsigned int count)
{
	struct page_pool_params pp = {
		.flags		= PP_FLAG_DMA_MAP | PP_FLAG_DMA_SYNC_DEV |
				  (VELOCITY_RX_SPLIT ? VELOCITY_PP_FLAG_FRAG : 0),
		.order		= 0,
		.pool_size	= count,
		.nid		= dev_to_node(&vp->pdev->dev),
		.dev		= &vp->pdev->dev,
		.dma_dir	= DMA_FROM_DEVICE,
		.offset		= 0,
		.max_len	= PAGE_SIZE,
	};
	unsigned int i;

	BUILD_BUG_ON(ETH_FRAME_LEN + ETH_FCS_LEN > VELOCITY_RX_BUF_LEN);
	BUILD_BUG_ON(VELOCITY_RX_BUF_LEN > VEL_DESC_LEN_MAX);

	rx->count = count;
	rx->buf = kcalloc(rx->count, sizeof(*rx->buf), GFP_KERNEL);
	if (!rx->buf)
		return -ENOMEM;

	rx->desc = dma_alloc_coherent(&vp->pdev->dev, rx->count * sizeof(*rx->desc),
				      &rx->dma, GFP_KERNEL);
	if (!rx->desc)
		goto err_buf;

	rx->pool = page_pool_create(&pp);
	if (IS_ERR(rx->pool)) {
		rx->pool = NULL;
		goto err_desc;
	}

	for (i = 0; i < rx->count; i++)
		if (!velocity_rx_alloc(rx, &rx->buf[i], GFP_KERNEL))
			goto err_pages;

	velocity_rx_ring_reset(rx);
	return 0;

err_pages:
	while (i--)
		page_pool_put_full_page(rx->pool, rx->buf[i].page, false);
	page_pool_destroy(rx->pool);
	rx->pool = NULL;
err_desc:
	dma_free_coherent(&vp->pdev->dev, rx->count * sizeof(*rx->desc), rx->desc, rx->dma);
	rx->desc = NULL;
err_buf:
	kfree(rx->buf);
	rx->buf = NULL;
	return -ENOMEM;
}

/**
 * velocity_rx_ring_free() - release an RX ring, its buffers and its pool
 * @vp: device private data
 * @rx: the ring, no longer in the chip's hands
 */
void velocity_rx_ring_free(struct velocity_priv *vp, struct velocity_rx_ring *rx)
{
	unsigned int i;

	if (!rx->desc)
		return;

	dev_kfree_skb(rx->skb);
	rx->skb = NULL;
	for (i = 0; i < rx->count; i++)
		page_pool_put_full_page(rx->pool, rx->buf[i].page, false);
	page_pool_destroy(rx->pool);
	rx->pool = NULL;
	dma_free_coherent(&vp->pdev->dev, rx->count * sizeof(*rx->desc), rx->desc, rx->dma);
	rx->desc = NULL;
	kfree(rx->buf);
	rx->buf = NULL;
}

/**
 * velocity_rx_ring_reset() - take every descriptor back from the NIC
 * @rx: the ring
 *
 * Used with the chip stopped, before the ring registers are programmed.
 * Buffers stay in place; a frame being assembled is dropped.
 */
void velocity_rx_ring_reset(struct velocity_rx_ring *rx)
{
	unsigned int i;

	dev_kfree_skb_any(rx->skb);
	rx->skb = NULL;
	rx->discard = false;
	rx->frame_bytes = 0;
	for (i = 0; i < rx->count; i++)
		rx->desc[i].status = 0;
	rx->next_clean = 0;
	rx->next_give = 0;
	rx->host_owned = rx->count;
}

/**
 * velocity_rx_give() - hand host-owned descriptors to the NIC
 * @vp: device private data
 *
 * Descriptors go over in groups of four: OWN is set on each descriptor
 * of the group, then RBRDU is credited with the number given.  A
 * remainder of one to three waits for the next call.  VT3286 must never
 * see its residue count exceed the ring size, so the current residue is
 * read there and the credit clamped.
 */
void velocity_rx_give(struct velocity_priv *vp)
{
	bool clamp = velocity_has(vp, VELOCITY_F_RBRDU_CLAMP);
	struct velocity_rx_ring *rx = &vp->rx;
	unsigned int credit, residue = 0;
	unsigned int i, idx;

	if (rx->host_owned < 4)
		return;
	if (clamp)
		residue = vel_r16(vp, VEL_RBRDU);

	credit = velocity_rx_credit(rx->host_owned, residue, rx->count, clamp);
	if (!credit)
		return;

	for (i = 0, idx = rx->next_give; i < credit; i++, idx = (idx + 1) % rx->count) {
		struct velocity_rd *rd = &rx->desc[idx];
		dma_addr_t dma = velocity_rx_buf_dma(&rx->buf[idx]);

		rd->addr_lo = cpu_to_le32(lower_32_bits(dma));
		rd->size = cpu_to_le32(velocity_rd_size_word(dma, VELOCITY_RX_BUF_LEN));
		rd->info = 0;
	}
	/* Buffer words must be visible before the NIC may own the RD */
	dma_wmb();
	for (i = 0, idx = rx->next_give; i < credit; i++, idx = (idx + 1) % rx->count)
		rx->desc[idx].status = cpu_to_le32(VEL_RD0_OWN);

	rx->next_give = idx;
	rx->host_owned -= credit;
	/* writew() orders the OWN stores before the credit reaches the NIC */
	vel_w16(vp, VEL_RBRDU, credit);
}

/* A buffer leaves the ring only if a replacement takes its place */
static bool velocity_rx_swap(struct velocity_rx_ring *rx, struct velocity_rx_buf *buf,
			     struct velocity_rx_buf *out, struct velocity_rx_tally *t)
{
	*out = *buf;
	if (likely(velocity_rx_alloc(rx, buf, GFP_ATOMIC | __GFP_NOWARN)))
		return true;
	t->alloc_fail++;
	return false;
}

/* Start a frame by building an skb around the buffer itself */
static struct sk_buff *velocity_rx_build(struct velocity_priv *vp, struct velocity_rx_buf *buf,
					 unsigned int len, struct velocity_rx_tally *t)
{
	struct velocity_rx_ring *rx = &vp->rx;
	struct velocity_rx_buf old;
	struct sk_buff *skb;

	if (!velocity_rx_swap(rx, buf, &old, t))
		return NULL;

	skb = napi_build_skb(page_address(old.page) + old.offset, VELOCITY_RX_TRUESIZE);
	if (unlikely(!skb)) {
		page_pool_put_full_page(rx->pool, buf->page, true);
		*buf = old;
		t->alloc_fail++;
		return NULL;
	}
	skb_mark_for_recycle(skb);
	skb_reserve(skb, VELOCITY_RX_HEADROOM);
	__skb_put(skb, len);
	return skb;
}

/* Start a frame by copying the buffer into a small skb; the buffer stays */
static struct sk_buff *velocity_rx_copy(struct velocity_priv *vp, struct velocity_rx_buf *buf,
					unsigned int len, struct velocity_rx_tally *t)
{
	unsigned int shift = vp->ip_align ? VELOCITY_IP_ALIGN : 0;
	struct sk_buff *skb;

	skb = napi_alloc_skb(&vp->napi, len + shift);
	if (unlikely(!skb)) {
		t->alloc_fail++;
		return NULL;
	}
	if (shift > NET_IP_ALIGN)
		skb_reserve(skb, shift - NET_IP_ALIGN);
	skb_put_data(skb, page_address(buf->page) + buf->offset + VELOCITY_RX_HEADROOM, len);
	t->copied++;
	return skb;
}

/**
 * velocity_lb_fill() - one frame of the MAC loopback test
 * @frame: VELOCITY_LB_LEN bytes, filled in
 * @len: its length
 * @addr: the station address (destination and source)
 * @seq: frame number, part of the payload pattern
 */
void velocity_lb_fill(u8 *frame, unsigned int len, const u8 *addr, unsigned int seq)
{
	unsigned int i;

	ether_addr_copy(frame, addr);
	ether_addr_copy(frame + ETH_ALEN, addr);
	put_unaligned_be16(VELOCITY_LB_ETHERTYPE, frame + 2 * ETH_ALEN);
	for (i = ETH_HLEN; i < len; i++)
		frame[i] = (i + seq) & 0xff;
}

/* During the loopback test every frame is the test's: count the intact ones */
static void velocity_rx_loopback(struct velocity_priv *vp, struct sk_buff *skb)
{
	const u8 *addr = vp->netdev->dev_addr;
	const u8 *d = skb->data;
	unsigned int i, seq;

	if (skb->len != VELOCITY_LB_LEN || skb_linearize(skb))
		goto out;
	d = skb->data;
	if (!ether_addr_equal(d, addr) || !ether_addr_equal(d + ETH_ALEN, addr) ||
	    get_unaligned_be16(d + 2 * ETH_ALEN) != VELOCITY_LB_ETHERTYPE)
		goto out;
	seq = d[ETH_HLEN] - ETH_HLEN;
	for (i = ETH_HLEN; i < VELOCITY_LB_LEN; i++)
		if (d[i] != ((i + seq) & 0xff))
			goto out;
	atomic_inc(&vp->lb_good);
out:
	napi_consume_skb(skb, 1);
}

static void velocity_rx_deliver(struct velocity_priv *vp, struct sk_buff *skb, u16 rsr,
				u32 info, struct velocity_rx_tally *t)
{
	struct net_device *netdev = vp->netdev;

	if (unlikely(READ_ONCE(vp->loopback))) {
		velocity_rx_loopback(vp, skb);
		return;
	}

	if ((netdev->features & NETIF_F_RXCSUM) &&
	    velocity_rx_csum_ok(FIELD_GET(VEL_RD1_CSM, info)))
		skb->ip_summed = CHECKSUM_UNNECESSARY;

	/* The NIC stores the extracted TCI in network byte order */
	if (rsr & VEL_RSR_DETAG)
		__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q),
				       swab16(FIELD_GET(VEL_RD1_PQTAG, info)));

	t->packets++;
	t->bytes += skb->len;
	skb->protocol = eth_type_trans(skb, netdev);
	if (skb->pkt_type == PACKET_MULTICAST)
		t->multicast++;
	napi_gro_receive(&vp->napi, skb);
}

/*
 * The chip's only length limit is RCR.AL's 2048 bytes, so a frame longer
 * than the MTU allows (Ethernet header, up to two VLAN tags, whether the
 * chip stripped one or not) stops here, counted as a length error.
 * @len is without the FCS.
 */
static bool velocity_rx_oversize(const struct velocity_priv *vp, unsigned int len, u16 rsr,
				 struct velocity_rx_tally *t)
{
	if (rsr & VEL_RSR_DETAG)
		len += VLAN_HLEN;
	if (len <= READ_ONCE(vp->netdev->mtu) + ETH_HLEN + 2 * VLAN_HLEN)
		return false;
	t->errors++;
	t->length_errors++;
	return true;
}

/* Give up on the frame being assembled */
static void velocity_rx_abandon(struct velocity_rx_ring *rx)
{
	dev_kfree_skb_any(rx->skb);
	rx->skb = NULL;
	rx->frame_bytes = 0;
	rx->discard = false;
}

/* Frame in one descriptor.  Return: 1, one frame consumed */
static int velocity_rx_single(struct velocity_priv *vp, struct velocity_rx_buf *buf,
			      u16 rsr, u32 status, u32 info, struct velocity_rx_tally *t)
{
	unsigned int len = FIELD_GET(VEL_RD0_LEN, status);
	struct sk_buff *skb;

	if (!velocity_rx_frame_ok(rsr) || len < ETH_HLEN + ETH_FCS_LEN ||
	    len > VELOCITY_RX_BUF_LEN) {
		t->errors++;
		return 1;
	}
	len -= ETH_FCS_LEN;
	if (velocity_rx_oversize(vp, len, rsr, t))
		return 1;

	velocity_rx_sync_for_cpu(vp, buf, len);
	if (vp->ip_align || len <= vp->rx_copybreak) {
		skb = velocity_rx_copy(vp, buf, len, t);
		velocity_rx_reuse(vp, buf, len);
	} else {
		skb = velocity_rx_build(vp, buf, len, t);
		if (!skb)
			velocity_rx_reuse(vp, buf, len);
	}
	if (!skb) {
		t->dropped++;
		return 1;
	}
	velocity_rx_deliver(vp, skb, rsr, info, t);
	return 1;
}

/* Append a whole or partial buffer to the frame being assembled */
static bool velocity_rx_append(struct velocity_priv *vp, struct velocity_rx_buf *buf,
			       unsigned int len, struct velocity_rx_tally *t)
{
	struct velocity_rx_ring *rx = &vp->rx;
	struct velocity_rx_buf old;

	if (skb_shinfo(rx->skb)->nr_frags >= MAX_SKB_FRAGS) {
		t->errors++;
		return false;
	}
	velocity_rx_sync_for_cpu(vp, buf, len);
	if (!velocity_rx_swap(rx, buf, &old, t)) {
		velocity_rx_reuse(vp, buf, len);
		t->dropped++;
		return false;
	}
	/*
	 * The head may be a copy (IP_byte_align, copybreak) that is not
	 * marked yet: the page must go back to the pool, never to
	 * put_page(), or its other half is freed under the NIC.
	 */
	skb_mark_for_recycle(rx->skb);
	skb_add_rx_frag(rx->skb, skb_shinfo(rx->skb)->nr_frags, old.page,
			old.offset + VELOCITY_RX_HEADROOM, len, VELOCITY_RX_TRUESIZE);
	rx->frame_bytes += len;
	return true;
}

/* First descriptor of a multi-descriptor frame */
static void velocity_rx_first(struct velocity_priv *vp, struct velocity_rx_buf *buf,
			      struct velocity_rx_tally *t)
{
	unsigned int len = VELOCITY_RX_BUF_LEN;
	struct velocity_rx_ring *rx = &vp->rx;

	if (rx->skb || rx->discard) {
		/* the previous frame never saw its last descriptor */
		t->errors++;
		velocity_rx_abandon(rx);
	}

	velocity_rx_sync_for_cpu(vp, buf, len);
	if (vp->ip_align) {
		rx->skb = velocity_rx_copy(vp, buf, len, t);
		velocity_rx_reuse(vp, buf, len);
	} else {
		rx->skb = velocity_rx_build(vp, buf, len, t);
		if (!rx->skb)
			velocity_rx_reuse(vp, buf, len);
	}
	if (rx->skb) {
		rx->frame_bytes = len;
	} else {
		t->dropped++;
		rx->discard = true;
	}
}

/*
 * Last descriptor of a multi-descriptor frame: its length field holds the
 * whole frame, FCS included, and its status words speak for the frame.
 * Return: 1, one frame consumed.
 */
static int velocity_rx_last(struct velocity_priv *vp, struct velocity_rx_buf *buf,
			    u16 rsr, u32 status, u32 info, struct velocity_rx_tally *t)
{
	unsigned int total = FIELD_GET(VEL_RD0_LEN, status);
	struct velocity_rx_ring *rx = &vp->rx;
	unsigned int data, tail;

	if (rx->discard) {
		rx->discard = false;
		return 1;
	}
	if (!rx->skb) {
		t->errors++;
		return 1;
	}

	data = total > ETH_FCS_LEN ? total - ETH_FCS_LEN : 0;
	tail = data > rx->frame_bytes ? data - rx->frame_bytes : 0;
	if (!velocity_rx_frame_ok(rsr) || tail > VELOCITY_RX_BUF_LEN ||
	    total <= rx->frame_bytes) {
		t->errors++;
		velocity_rx_abandon(rx);
		return 1;
	}
	if (velocity_rx_oversize(vp, data, rsr, t)) {
		velocity_rx_abandon(rx);
		return 1;
	}
	if (tail && !velocity_rx_append(vp, buf, tail, t)) {
		velocity_rx_abandon(rx);
		return 1;
	}
	/* Part of the FCS may sit at the end of the previous buffer */
	if (data < rx->frame_bytes && pskb_trim(rx->skb, data)) {
		t->errors++;
		velocity_rx_abandon(rx);
		return 1;
	}

	t->multi_desc++;
	velocity_rx_deliver(vp, rx->skb, rsr, info, t);
	rx->skb = NULL;
	rx->frame_bytes = 0;
	return 1;
}

/* Return: number of frames the descriptor completed (0 or 1) */
static int velocity_rx_desc(struct velocity_priv *vp, struct velocity_rx_buf *buf,
			    u32 status, u32 info, struct velocity_rx_tally *t)
{
	u16 rsr = FIELD_GET(VEL_RD0_RSR, status);
	struct velocity_rx_ring *rx = &vp->rx;

	switch (rsr & (VEL_RSR_STP | VEL_RSR_EDP)) {
	case 0:
		if (rx->skb || rx->discard) {
			t->errors++;
			velocity_rx_abandon(rx);
		}
		return velocity_rx_single(vp, buf, rsr, status, info, t);
	case VEL_RSR_STP:
		velocity_rx_first(vp, buf, t);
		return 0;
	case VEL_RSR_STP | VEL_RSR_EDP:
		if (!rx->skb) {
			if (!rx->discard)
				t->errors++;
			rx->discard = true;
		} else if (!velocity_rx_append(vp, buf, VELOCITY_RX_BUF_LEN, t)) {
			velocity_rx_abandon(rx);
			rx->discard = true;
		}
		return 0;
	default:
		return velocity_rx_last(vp, buf, rsr, status, info, t);
	}
}

/**
 * velocity_rx_poll() - receive completed frames
 * @vp: device private data
 * @limit: most frames to receive
 *
 * Runs in the NAPI poll.  Descriptors are refilled and handed back at the
 * end, whatever happened to the frames.
 *
 * Return: frames received or dropped.
 */
int velocity_rx_poll(struct velocity_priv *vp, int limit)
{
	struct velocity_rx_stats *rs = &vp->rx_stats;
	struct velocity_rx_ring *rx = &vp->rx;
	struct velocity_rx_tally t = {};
	int frames = 0;

	while (frames < limit && rx->host_owned < rx->count) {
		unsigned int idx = rx->next_clean;
		struct velocity_rd *rd = &rx->desc[idx];
		u32 status = le32_to_cpu(READ_ONCE(rd->status));

		if (status & VEL_RD0_OWN)
			break;
		/* read the rest of the descriptor only after OWN */
		dma_rmb();
		frames += velocity_rx_desc(vp, &rx->buf[idx], status,
					   le32_to_cpu(rd->info), &t);
		rx->next_clean = idx + 1 == rx->count ? 0 : idx + 1;
		rx->host_owned++;
	}

	velocity_rx_give(vp);

	u64_stats_update_begin(&rs->syncp);
	u64_stats_add(&rs->packets, t.packets);
	u64_stats_add(&rs->bytes, t.bytes);
	u64_stats_add(&rs->multicast, t.multicast);
	u64_stats_add(&rs->dropped, t.dropped);
	u64_stats_add(&rs->errors, t.errors);
	u64_stats_add(&rs->length_errors, t.length_errors);
	u64_stats_add(&rs->alloc_fail, t.alloc_fail);
	u64_stats_add(&rs->multi_desc, t.multi_desc);
	u64_stats_add(&rs->copied, t.copied);
	u64_stats_update_end(&rs->syncp);

	return frames;
}
