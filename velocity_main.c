// SPDX-License-Identifier: GPL-2.0
/*
 * VIA Velocity gigabit Ethernet driver: PCI glue and lifecycle.
 *
 * Probe, remove, power management and shutdown; the netdev operations;
 * bringing the interface up and down, chip resets and recovery; the hard
 * IRQ and the NAPI poll; the offline self-test.  The chip's registers are
 * programmed by velocity_mac.c, the rings by velocity_rx.c and
 * velocity_tx.c, the PHY by velocity_phy.c: this file calls them and none
 * of them calls back (velocity.h, "Layering").
 *
 * Supports the whole PCI 1106:3119 family: VT6110 (VT3119), VT6120/6121/
 * 6122 (VT3216), VT3284 and VT6130/6132 (VT3286, PCI Express).
 */
#include <linux/etherdevice.h>
#include <linux/interrupt.h>
#include <linux/iopoll.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/rtnetlink.h>

#include "velocity.h"
#include "velocity_compat.h"
#include "velocity_param.h"

/* Card numbers in probe order, reused after a remove: the parameter slot */
static DEFINE_IDA(velocity_units);

static void velocity_set_rx_mode(struct net_device *netdev)
{
	struct velocity_priv *vp = netdev_priv(netdev);

	spin_lock_bh(&vp->cam_lock);
	if (test_bit(VELOCITY_HW_READY, &vp->flags))
		velocity_write_filters(vp);
	spin_unlock_bh(&vp->cam_lock);
}

static int velocity_vlan_rx_add_vid(struct net_device *netdev, __be16 proto, u16 vid)
{
	struct velocity_priv *vp = netdev_priv(netdev);

	spin_lock_bh(&vp->cam_lock);
	set_bit(vid, vp->active_vlans);
	if (test_bit(VELOCITY_HW_READY, &vp->flags))
		velocity_write_vlan_filter(vp);
	spin_unlock_bh(&vp->cam_lock);
	return 0;
}

static int velocity_vlan_rx_kill_vid(struct net_device *netdev, __be16 proto, u16 vid)
{
	struct velocity_priv *vp = netdev_priv(netdev);

	spin_lock_bh(&vp->cam_lock);
	clear_bit(vid, vp->active_vlans);
	if (test_bit(VELOCITY_HW_READY, &vp->flags))
		velocity_write_vlan_filter(vp);
	spin_unlock_bh(&vp->cam_lock);
	return 0;
}

static int velocity_set_mac_address(struct net_device *netdev, void *p)
{
	struct velocity_priv *vp = netdev_priv(netdev);
	int err;

	err = eth_prepare_mac_addr_change(netdev, p);
	if (err)
		return err;
	eth_commit_mac_addr_change(netdev, p);
	if (!velocity_gone(vp) && netif_device_present(netdev))
		velocity_write_par(vp, netdev->dev_addr);
	return 0;
}

/*
 * Frames longer than one RX buffer spread over several descriptors, so
 * the MTU can change under traffic: only RCR.AL follows it.
 */
static int velocity_change_mtu(struct net_device *netdev, int new_mtu)
{
	struct velocity_priv *vp = netdev_priv(netdev);

	spin_lock_bh(&vp->cam_lock);
	WRITE_ONCE(netdev->mtu, new_mtu);
	if (test_bit(VELOCITY_HW_READY, &vp->flags)) {
		if (new_mtu > ETH_DATA_LEN)
			vp->rcr |= VEL_RCR_AL;
		else
			vp->rcr &= ~VEL_RCR_AL;
		vel_w8(vp, VEL_RCR, vp->rcr);
	}
	spin_unlock_bh(&vp->cam_lock);
	return 0;
}

/*
 * ndo_get_stats64 may be called in any context and often (/proc/net/dev,
 * bonding, monitoring): it reads the totals only, never the chip.  The MIB
 * part is as of the last read-out (mib_work, MIBFI, ethtool -S).
 */
static void velocity_get_stats64(struct net_device *netdev, struct rtnl_link_stats64 *s)
{
	struct velocity_priv *vp = netdev_priv(netdev);
	const struct velocity_xmit_stats *xs;
	const struct velocity_rx_stats *rs;
	const struct velocity_tx_stats *ts;
	u64 mib[VEL_MIB_COUNTERS];
	unsigned int start;
	u64 rx_sw_errors, rx_sw_length;

	rs = &vp->rx_stats;
	ts = &vp->tx_stats;
	xs = &vp->xmit_stats;
	do {
		start = u64_stats_fetch_begin(&rs->syncp);
		s->rx_packets = u64_stats_read(&rs->packets);
		s->rx_bytes = u64_stats_read(&rs->bytes);
		s->multicast = u64_stats_read(&rs->multicast);
		s->rx_dropped = u64_stats_read(&rs->dropped);
		rx_sw_errors = u64_stats_read(&rs->errors);
		rx_sw_length = u64_stats_read(&rs->length_errors);
	} while (u64_stats_fetch_retry(&rs->syncp, start));

	do {
		start = u64_stats_fetch_begin(&ts->syncp);
		s->tx_packets = u64_stats_read(&ts->packets);
		s->tx_bytes = u64_stats_read(&ts->bytes);
		s->tx_errors = u64_stats_read(&ts->errors);
		s->tx_aborted_errors = u64_stats_read(&ts->aborted);
		s->tx_window_errors = u64_stats_read(&ts->window);
		s->tx_carrier_errors = u64_stats_read(&ts->carrier);
		s->tx_heartbeat_errors = u64_stats_read(&ts->heartbeat);
	} while (u64_stats_fetch_retry(&ts->syncp, start));

	do {
		start = u64_stats_fetch_begin(&xs->syncp);
		s->tx_dropped = u64_stats_read(&xs->dropped);
	} while (u64_stats_fetch_retry(&xs->syncp, start));

	velocity_mib_snapshot(vp, mib);
	s->rx_crc_errors = mib[VEL_MIB_RX_CRC];
	s->rx_frame_errors = mib[VEL_MIB_RX_FAE];
	/*
	 * Runts and overlong frames are dropped by the chip (RCR.AR/AL stay
	 * off); frames with a bad 802.3 length field are handed over with
	 * RSR.RL and also counted in rx_sw_errors, so they are left out of
	 * the rx_errors sum below.  MIB counter 3 is left to ethtool -S: VIA
	 * calls it error packets, FreeBSD FIFO overruns, and either way it
	 * would count frames that the sum already holds.  Frames the chip
	 * took but the MTU does not allow are dropped by the driver: counted
	 * in rx_sw_errors and as length errors.
	 */
	s->rx_length_errors = mib[VEL_MIB_RX_RUNT_OK] + mib[VEL_MIB_RX_RUNT_ERR] +
			      mib[VEL_MIB_RX_LONG_ERR] + mib[VEL_MIB_RX_LEN_ERR] + rx_sw_length;
	s->rx_missed_errors = mib[VEL_MIB_RX_NOBUF];
	s->rx_errors = rx_sw_errors + s->rx_crc_errors + s->rx_frame_errors +
		       mib[VEL_MIB_RX_SYMBOL] + mib[VEL_MIB_RX_RUNT_OK] +
		       mib[VEL_MIB_RX_RUNT_ERR] + mib[VEL_MIB_RX_LONG_ERR];
	s->collisions = mib[VEL_MIB_TX_COLLISIONS];
}

#if VELOCITY_HAVE_QSTATS
/*
 * Queue statistics (netdev netlink, qstats-get).  The chip has one queue
 * each way and its counters live as long as the device, across ring
 * resizes and down/up, so queue 0 reports the device totals and the base
 * holds nothing beside them (zero, which says the totals are complete).
 * Only what the driver counts is filled in: the core leaves the rest out.
 */
static void velocity_get_queue_stats_rx(struct net_device *netdev, int idx,
					struct netdev_queue_stats_rx *q)
{
	struct velocity_priv *vp = netdev_priv(netdev);
	const struct velocity_rx_stats *rs = &vp->rx_stats;
	unsigned int start;

	do {
		start = u64_stats_fetch_begin(&rs->syncp);
		q->packets = u64_stats_read(&rs->packets);
		q->bytes = u64_stats_read(&rs->bytes);
		q->alloc_fail = u64_stats_read(&rs->alloc_fail);
	} while (u64_stats_fetch_retry(&rs->syncp, start));
}

static void velocity_get_queue_stats_tx(struct net_device *netdev, int idx,
					struct netdev_queue_stats_tx *q)
{
	struct velocity_priv *vp = netdev_priv(netdev);
	const struct velocity_tx_stats *ts = &vp->tx_stats;
	unsigned int start;

	do {
		start = u64_stats_fetch_begin(&ts->syncp);
		q->packets = u64_stats_read(&ts->packets);
		q->bytes = u64_stats_read(&ts->bytes);
	} while (u64_stats_fetch_retry(&ts->syncp, start));
}

static void velocity_get_base_stats(struct net_device *netdev,
				    struct netdev_queue_stats_rx *rx,
				    struct netdev_queue_stats_tx *tx)
{
	rx->packets = 0;
	rx->bytes = 0;
	rx->alloc_fail = 0;
	tx->packets = 0;
	tx->bytes = 0;
}

static const struct netdev_stat_ops velocity_stat_ops = {
	.get_queue_stats_rx	= velocity_get_queue_stats_rx,
	.get_queue_stats_tx	= velocity_get_queue_stats_tx,
	.get_base_stats		= velocity_get_base_stats,
};
#endif

/* Recovery runs from a work item under RTNL */
static void velocity_schedule_reset(struct velocity_priv *vp)
{
	schedule_work(&vp->reset_work);
}

/*
 * The hard IRQ reads ISR once.  It masks the chip, acknowledges what it
 * read, hands link changes to the link work, queues recovery for DMA
 * stalls and leaves everything else to the NAPI poll, which unmasks when
 * done.
 * While masked the chip cannot be the source of the interrupt, so a
 * shared line is answered without touching the device.
 */
static irqreturn_t velocity_interrupt(int irq, void *data)
{
	struct velocity_priv *vp = data;
	u32 isr;

	spin_lock(&vp->irq_lock);
	if (vp->irq_masked) {
		spin_unlock(&vp->irq_lock);
		return IRQ_NONE;
	}

	isr = vel_r32(vp, VEL_ISR);
	if (unlikely(isr == ~0U)) {
		/* a surprise-removed or dead device reads all-ones */
		vp->irq_masked = true;
		spin_unlock(&vp->irq_lock);
		velocity_mark_gone(vp);
		return IRQ_HANDLED;
	}
	/*
	 * Status bits outside IMR (timers, PAUSE received, ...) latch but do
	 * not raise the line: on a shared line they are another device's
	 * interrupt.  They are acknowledged with the next one of ours.
	 */
	if (!(isr & vp->int_mask)) {
		spin_unlock(&vp->irq_lock);
		return IRQ_NONE;
	}
	vp->irq_masked = true;
	vel_w8(vp, VEL_CR3_CLR, VEL_CR3_GINTMSK1);
	vel_w32(vp, VEL_ISR, isr | vp->isr_ack_extra);
	spin_unlock(&vp->irq_lock);

	if (isr & VEL_INT_TXSTLI)
		atomic_long_inc(&vp->sw.tx_stalls);
	if (isr & VEL_INT_RXSTLI)
		atomic_long_inc(&vp->sw.rx_stalls);

	if (isr & VEL_INT_SRCI)
		velocity_link_irq(vp);
	if (isr & (VEL_INT_TXSTLI | VEL_INT_RXSTLI))
		velocity_schedule_reset(vp);
	if (isr & (VEL_INT_LSTEI | VEL_INT_OVFI))
		set_bit(VELOCITY_EV_RX_RESTART, &vp->events);
	if (isr & VEL_INT_MIBFI)
		set_bit(VELOCITY_EV_MIB, &vp->events);

	napi_schedule(&vp->napi);
	return IRQ_HANDLED;
}

/**
 * velocity_poll() - NAPI poll
 * @napi: our NAPI context
 * @budget: most frames to receive
 *
 * At most two passes, each reclaiming up to int_works TX descriptors and
 * receiving up to int_works frames, never more frames than @budget
 * (int_works, velocityget's parameter, bounds the time one poll takes).
 *
 * NAPI is charged what was received.  With the budget used up the poll
 * returns it and NAPI polls again.  If int_works ended the poll with work
 * left and budget to spare, NAPI is completed with the true count and
 * scheduled again at once, the chip still masked: returning the whole
 * budget instead would charge frames that were never received.  Only a
 * poll that found no work left unmasks the chip.
 *
 * Return: frames received.
 */
static int velocity_poll(struct napi_struct *napi, int budget)
{
	struct velocity_priv *vp = container_of(napi, struct velocity_priv, napi);
	int limit = vp->int_works;
	int rx_done = 0, pass;
	bool more = false;

	if (test_and_clear_bit(VELOCITY_EV_MIB, &vp->events))
		velocity_mib_update(vp);

	for (pass = 0; pass < 2; pass++) {
		int quota = min(limit, budget - rx_done);
		bool tx_more = velocity_tx_clean(vp, limit, budget);
		int n = quota > 0 ? velocity_rx_poll(vp, quota) : 0;

		rx_done += n;
		more = tx_more || n >= quota;
		if (!more)
			break;
	}

	/* descriptors were handed back by the RX pass; wake the RX engine */
	if (test_and_clear_bit(VELOCITY_EV_RX_RESTART, &vp->events))
		vel_w8(vp, VEL_RDCSR_SET, VEL_QCSR_RUN | VEL_QCSR_WAK);

	/* also budget 0 (netpoll): TX only, and NAPI must not complete */
	if (rx_done >= budget)
		return budget;

	if (napi_complete_done(napi, rx_done)) {
		if (more)
			napi_schedule(napi);
		else
			velocity_irq_unmask(vp);
	}
	return rx_done;
}

/**
 * velocity_up() - allocate rings, start the chip, watch the link
 * @vp: device private data
 *
 * Return: 0 or a negative error.
 */
int velocity_up(struct velocity_priv *vp)
{
	struct net_device *netdev = vp->netdev;
	int err;

	err = velocity_rx_ring_alloc(vp, &vp->rx, vp->rx_ring_size);
	if (err)
		return err;
	err = velocity_tx_ring_alloc(vp, &vp->tx, vp->tx_ring_size);
	if (err)
		goto err_rx;

	vp->irq_masked = true;
	clear_bit(VELOCITY_EV_RX_RESTART, &vp->events);
	clear_bit(VELOCITY_EV_MIB, &vp->events);
	err = request_irq(vp->irq, velocity_interrupt, IRQF_SHARED, netdev->name, vp);
	if (err)
		goto err_tx;

	velocity_hw_init(vp);
	napi_enable(&vp->napi);
	velocity_irq_unmask(vp);
	netif_start_queue(netdev);
	schedule_delayed_work(&vp->mib_work, VELOCITY_MIB_PERIOD);
	set_bit(VELOCITY_UP, &vp->flags);
	return 0;

err_tx:
	velocity_tx_ring_free(vp, &vp->tx);
err_rx:
	velocity_rx_ring_free(vp, &vp->rx);
	return err;
}

/**
 * velocity_down() - stop everything velocity_up() started
 * @vp: device private data
 *
 * Does nothing unless velocity_up() succeeded last: after a failed resume
 * the interface is still running, and ndo_stop, shutdown and unregister
 * all come here again (a second napi_disable() would never return).
 */
void velocity_down(struct velocity_priv *vp)
{
	if (!test_and_clear_bit(VELOCITY_UP, &vp->flags))
		return;

	cancel_delayed_work_sync(&vp->mib_work);
	netif_tx_disable(vp->netdev);
	napi_disable(&vp->napi);
	velocity_hw_stop(vp);
	free_irq(vp->irq, vp);
	velocity_link_forget(vp);
	velocity_tx_purge(vp);
	velocity_tx_ring_free(vp, &vp->tx);
	velocity_rx_ring_free(vp, &vp->rx);
}

static int velocity_open(struct net_device *netdev)
{
	return velocity_up(netdev_priv(netdev));
}

static int velocity_close(struct net_device *netdev)
{
	velocity_down(netdev_priv(netdev));
	return 0;
}

/* Stop the datapath and the chip; the link, the carrier and the rings stay */
static void velocity_quiesce(struct velocity_priv *vp)
{
	netif_tx_disable(vp->netdev);
	napi_disable(&vp->napi);
	velocity_hw_stop(vp);
	synchronize_irq(vp->irq);
	velocity_tx_purge(vp);
	clear_bit(VELOCITY_EV_RX_RESTART, &vp->events);
	clear_bit(VELOCITY_EV_MIB, &vp->events);
}

/* Re-initialise the chip around the current rings and restart */
static void velocity_restart(struct velocity_priv *vp)
{
	velocity_hw_init(vp);
	napi_enable(&vp->napi);
	velocity_irq_unmask(vp);
	netif_tx_wake_all_queues(vp->netdev);
}

/*
 * Recovery from a TX timeout or a DMA stall: stop, drop what is in
 * flight, re-initialise the chip and start again, all under RTNL.
 */
static void velocity_reset_task(struct work_struct *work)
{
	struct velocity_priv *vp = container_of(work, struct velocity_priv, reset_work);
	struct net_device *netdev = vp->netdev;

	rtnl_lock();
	if (!test_bit(VELOCITY_UP, &vp->flags) || velocity_check_gone(vp) ||
	    !netif_device_present(netdev))
		goto out;

	velocity_quiesce(vp);
	velocity_rx_ring_reset(&vp->rx);
	velocity_restart(vp);

	atomic_long_inc(&vp->sw.resets);
	netif_info(vp, hw, netdev, "chip reset done\n");
out:
	rtnl_unlock();
}

/**
 * velocity_resize_rings() - change the ring sizes
 * @vp: device private data
 * @rx_count: RX descriptors, a multiple of four
 * @tx_count: TX descriptors
 *
 * The new rings are allocated before the old ones go, so a failure
 * leaves the interface as it was.  Traffic pauses while the chip is
 * re-initialised; the link stays up.  Called under RTNL.
 *
 * Return: 0 or -ENOMEM.
 */
int velocity_resize_rings(struct velocity_priv *vp, unsigned int rx_count,
			  unsigned int tx_count)
{
	struct velocity_rx_ring rx = {};
	struct velocity_tx_ring tx = {};
	int err;

	if (!test_bit(VELOCITY_UP, &vp->flags)) {
		vp->rx_ring_size = rx_count;
		vp->tx_ring_size = tx_count;
		return 0;
	}

	err = velocity_rx_ring_alloc(vp, &rx, rx_count);
	if (err)
		return err;
	err = velocity_tx_ring_alloc(vp, &tx, tx_count);
	if (err) {
		velocity_rx_ring_free(vp, &rx);
		return err;
	}

	velocity_quiesce(vp);
	swap(vp->rx, rx);
	swap(vp->tx, tx);
	velocity_rx_ring_free(vp, &rx);
	velocity_tx_ring_free(vp, &tx);
	vp->rx_ring_size = rx_count;
	vp->tx_ring_size = tx_count;
	velocity_restart(vp);
	return 0;
}

/*
 * Chip stopped.  Runs it in internal MAC loopback, sends the test frames
 * past the stopped queue and waits for the RX path to count them back.
 * Return: 0 or -EIO.
 */
static int velocity_loopback_test(struct velocity_priv *vp)
{
	struct netdev_queue *txq = netdev_get_tx_queue(vp->netdev, 0);
	struct net_device *netdev = vp->netdev;
	struct sk_buff *skb;
	unsigned int seq;
	int good;

	velocity_rx_ring_reset(&vp->rx);
	atomic_set(&vp->lb_good, 0);
	WRITE_ONCE(vp->loopback, true);
	velocity_hw_init(vp);
	napi_enable(&vp->napi);
	velocity_irq_unmask(vp);

	for (seq = 0; seq < VELOCITY_LB_FRAMES; seq++) {
		skb = netdev_alloc_skb(netdev, VELOCITY_LB_LEN);
		if (!skb)
			break;
		velocity_lb_fill(skb_put(skb, VELOCITY_LB_LEN), VELOCITY_LB_LEN,
				 netdev->dev_addr, seq);
		__netif_tx_lock_bh(txq);
		velocity_start_xmit(skb, netdev);
		__netif_tx_unlock_bh(txq);
	}
	read_poll_timeout(atomic_read, good, good >= VELOCITY_LB_FRAMES, 1000, 200000, false,
			  &vp->lb_good);

	velocity_quiesce(vp);
	WRITE_ONCE(vp->loopback, false);
	if (good == VELOCITY_LB_FRAMES)
		return 0;
	netdev_err(netdev, "loopback test: %d of %u frames came back intact\n", good,
		   VELOCITY_LB_FRAMES);
	return -EIO;
}

/**
 * velocity_offline_test() - ethtool -t offline: registers, MAC loopback
 * @vp: device private data, interface up
 * @reg_result: 0 if the register test passed, 1 if not
 * @lb_result: likewise for the loopback test
 *
 * Traffic stops for the tests; the chip is initialised again afterwards.
 * Called under RTNL.
 */
void velocity_offline_test(struct velocity_priv *vp, u64 *reg_result, u64 *lb_result)
{
	velocity_quiesce(vp);
	*reg_result = !!velocity_reg_test(vp);
	*lb_result = !!velocity_loopback_test(vp);
	velocity_rx_ring_reset(&vp->rx);
	velocity_restart(vp);
}

static void velocity_gone_task(struct work_struct *work)
{
	struct velocity_priv *vp = container_of(work, struct velocity_priv, gone_work);

	netdev_err(vp->netdev, "device reads all-ones, detaching it\n");
	rtnl_lock();
	netif_device_detach(vp->netdev);
	netif_carrier_off(vp->netdev);
	rtnl_unlock();
}

static void velocity_tx_timeout(struct net_device *netdev, unsigned int txqueue)
{
	struct velocity_priv *vp = netdev_priv(netdev);

	/*
	 * What a report of a hang needs: where the driver's ring and the chip's
	 * fetcher stand (TDIdx at the tail: the chip never fetched the oldest
	 * descriptor; past it: a completion went unreported), the queue's
	 * state and the interrupt state.  Registers and indices only: a ring
	 * resize may swap the rings under RTNL meanwhile.
	 */
	netdev_warn(netdev,
		    "TX queue %u timed out: ring head %u tail %u, TDIdx %u, TDCSR %04x, ISR %08x, IMR %08x, CR3 %02x, irq %s; resetting the chip\n",
		    txqueue, READ_ONCE(vp->tx.head), READ_ONCE(vp->tx.tail),
		    vel_r16(vp, VEL_TD_IDX0), vel_r16(vp, VEL_TDCSR_SET),
		    vel_r32(vp, VEL_ISR), vel_r32(vp, VEL_IMR), vel_r8(vp, VEL_CR3_SET),
		    READ_ONCE(vp->irq_masked) ? "masked" : "unmasked");
	atomic_long_inc(&vp->sw.tx_timeouts);
	velocity_schedule_reset(vp);
}

static const struct net_device_ops velocity_netdev_ops = {
	.ndo_open		= velocity_open,
	.ndo_stop		= velocity_close,
	.ndo_start_xmit		= velocity_start_xmit,
	.ndo_features_check	= velocity_features_check,
	.ndo_set_rx_mode	= velocity_set_rx_mode,
	.ndo_set_mac_address	= velocity_set_mac_address,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_change_mtu		= velocity_change_mtu,
	.ndo_get_stats64	= velocity_get_stats64,
	.ndo_tx_timeout		= velocity_tx_timeout,
	.ndo_eth_ioctl		= velocity_eth_ioctl,
	.ndo_vlan_rx_add_vid	= velocity_vlan_rx_add_vid,
	.ndo_vlan_rx_kill_vid	= velocity_vlan_rx_kill_vid,
};

/* ---- probe ---- */

/*
 * The PCI Express parts (VT3286) can signal with MSI (FreeBSD uses one
 * vector); when the platform or the device has none, and on the PCI parts,
 * the legacy line.  Both are released with the device (pcim).
 */
static int velocity_setup_irq(struct velocity_priv *vp)
{
	unsigned int types = VELOCITY_PCI_IRQ_INTX;
	int n;

	if (velocity_has(vp, VELOCITY_F_PCIE))
		types |= PCI_IRQ_MSI;
	n = pci_alloc_irq_vectors(vp->pdev, 1, 1, types);
	if (n < 0) {
		dev_err(&vp->pdev->dev, "no interrupt: %d\n", n);
		return n;
	}
	vp->irq = pci_irq_vector(vp->pdev, 0);
	return 0;
}

/* The module parameters' choice for this card, from velocity_param.c */
static void velocity_apply_params(struct velocity_priv *vp, unsigned int unit)
{
	struct velocity_params p;

	velocity_params_get(&vp->pdev->dev, unit, velocity_has(vp, VELOCITY_F_QUEUE_TIMERS), &p);
	vp->dma_length = p.dma_length;
	vp->int_works = p.int_works;
	vp->rx_ring_size = p.rx_ring;
	vp->tx_ring_size = p.tx_ring;
	vp->rx_thresh = p.rx_thresh;
	vp->ip_align = p.ip_align;
	vp->rx_copybreak = p.rx_copybreak;
	vp->mrdpl = p.mrdpl || velocity_has(vp, VELOCITY_F_MRDPL);
	vp->tx_csum_param = p.tx_csum;
	vp->req_speed = p.speed;
	vp->req_duplex = p.duplex;
	vp->pause_autoneg = p.pause_autoneg;
	vp->pause_rx = p.pause_rx;
	vp->pause_tx = p.pause_tx;
	vp->wolopts = p.wolopts;
	vp->coal.rx_frames = p.rx_frames;
	vp->coal.tx_frames = p.tx_frames;
	vp->coal.rx_usecs = p.rx_usecs;
	vp->coal.tx_usecs = p.tx_usecs;
}

static void velocity_unit_release(void *unit)
{
	ida_free(&velocity_units, (unsigned long)unit);
}

static int velocity_probe(struct pci_dev *pdev, const struct pci_device_id *ent)
{
	struct net_device *netdev;
	struct velocity_priv *vp;
	void __iomem *mmio;
	u8 addr[ETH_ALEN];
	int unit, err;

	unit = ida_alloc(&velocity_units, GFP_KERNEL);
	if (unit < 0)
		return unit;
	err = devm_add_action_or_reset(&pdev->dev, velocity_unit_release,
				       (void *)(unsigned long)unit);
	if (err)
		return err;

	err = pcim_enable_device(pdev);
	if (err)
		return err;

	if (!(pci_resource_flags(pdev, 1) & IORESOURCE_MEM) ||
	    pci_resource_len(pdev, 1) < VEL_REGS_SIZE) {
		dev_err(&pdev->dev, "BAR1 is not a %u-byte memory window\n", VEL_REGS_SIZE);
		return -ENODEV;
	}
	mmio = velocity_iomap_bar(pdev, 1, VELOCITY_NAME);
	if (IS_ERR(mmio))
		return PTR_ERR(mmio);
	pci_set_master(pdev);

	netdev = devm_alloc_etherdev(&pdev->dev, sizeof(*vp));
	if (!netdev)
		return -ENOMEM;
	SET_NETDEV_DEV(netdev, &pdev->dev);

	vp = netdev_priv(netdev);
	vp->netdev = netdev;
	vp->pdev = pdev;
	vp->mmio = mmio;
	vp->msg_enable = netif_msg_init(-1, NETIF_MSG_DRV | NETIF_MSG_PROBE | NETIF_MSG_LINK);
	vp->rev = vel_r8(vp, VEL_REVID);
	vp->chip = velocity_chip_lookup(vp->rev);

	/*
	 * Rings share one 4 GB segment: 32-bit coherent mask everywhere.
	 * Buffers may sit anywhere the chip can address, else below 4 GB.
	 */
	vp->dma_bits = vp->chip->dma_bits;
	if (vp->dma_bits > 32 && dma_set_mask(&pdev->dev, DMA_BIT_MASK(vp->dma_bits)))
		vp->dma_bits = 32;
	err = dma_set_mask(&pdev->dev, DMA_BIT_MASK(vp->dma_bits));
	if (!err)
		err = dma_set_coherent_mask(&pdev->dev, DMA_BIT_MASK(32));
	if (err) {
		dev_err(&pdev->dev, "no usable DMA configuration\n");
		return err;
	}

	err = velocity_setup_irq(vp);
	if (err)
		return err;

	spin_lock_init(&vp->irq_lock);
	spin_lock_init(&vp->cam_lock);
	spin_lock_init(&vp->mib_lock);
	u64_stats_init(&vp->rx_stats.syncp);
	u64_stats_init(&vp->tx_stats.syncp);
	u64_stats_init(&vp->xmit_stats.syncp);
	u64_stats_init(&vp->mib.syncp);
	INIT_DELAYED_WORK(&vp->mib_work, velocity_mib_task);
	INIT_WORK(&vp->reset_work, velocity_reset_task);
	INIT_WORK(&vp->gone_work, velocity_gone_task);
	vp->irq_masked = true;

	velocity_apply_params(vp, unit);

	velocity_wol_disarm(vp);
	velocity_chip_reset(vp);
	put_unaligned_le32(vel_r32(vp, VEL_PAR), addr);
	put_unaligned_le16(vel_r16(vp, VEL_PAR + 4), addr + 4);
	if (is_valid_ether_addr(addr)) {
		eth_hw_addr_set(netdev, addr);
	} else {
		dev_warn(&pdev->dev, "EEPROM address %pM is invalid, using a random one\n", addr);
		eth_hw_addr_random(netdev);
		velocity_write_par(vp, netdev->dev_addr);
	}

	netdev->netdev_ops = &velocity_netdev_ops;
	netdev->ethtool_ops = &velocity_ethtool_ops;
#if VELOCITY_HAVE_QSTATS
	netdev->stat_ops = &velocity_stat_ops;
#endif
	netdev->watchdog_timeo = VELOCITY_TX_TIMEOUT;
	netdev->hw_features = NETIF_F_SG | NETIF_F_IP_CSUM | NETIF_F_RXCSUM |
			      NETIF_F_HW_VLAN_CTAG_TX;
	netdev->features = netdev->hw_features | NETIF_F_HW_VLAN_CTAG_RX |
			   NETIF_F_HW_VLAN_CTAG_FILTER;
	if (!vp->tx_csum_param)
		netdev->features &= ~NETIF_F_IP_CSUM;
	netdev->vlan_features = NETIF_F_SG | NETIF_F_IP_CSUM;
	if (vp->dma_bits > 32) {
		netdev->features |= NETIF_F_HIGHDMA;
		netdev->vlan_features |= NETIF_F_HIGHDMA;
	}
	netdev->max_mtu = vp->chip->max_frame - VLAN_ETH_HLEN - ETH_FCS_LEN;

	err = velocity_phy_init(vp);
	if (err)
		return err;

	device_set_wakeup_enable(&pdev->dev, !!vp->wolopts);

	/* off until the link work has seen a link after open */
	netif_carrier_off(netdev);
	netif_napi_add(netdev, &vp->napi, velocity_poll);
	pci_set_drvdata(pdev, vp);
	err = register_netdev(netdev);
	if (err)
		goto err_napi;

	netif_info(vp, probe, netdev, "VIA %s (%s rev 0x%02x) %pM, PHY 0x%08x at %u%s\n",
		   vp->chip->product, vp->chip->name, vp->rev, netdev->dev_addr,
		   vp->phy_id, vp->phy_addr, pdev->msi_enabled ? ", MSI" : "");
	return 0;

err_napi:
	netif_napi_del(&vp->napi);
	return err;
}

static void velocity_remove(struct pci_dev *pdev)
{
	struct velocity_priv *vp = pci_get_drvdata(pdev);

	unregister_netdev(vp->netdev);
	cancel_work_sync(&vp->reset_work);
	cancel_work_sync(&vp->gone_work);
	netif_napi_del(&vp->napi);
}

/* ---- power management and shutdown ---- */

/* Suspend and shutdown: the interface leaves, the chip stops */
static void velocity_net_suspend(struct velocity_priv *vp)
{
	netif_device_detach(vp->netdev);
	velocity_down(vp);
}

static bool velocity_may_wake(struct velocity_priv *vp)
{
	return vp->wolopts && device_may_wakeup(&vp->pdev->dev) && !velocity_gone(vp);
}

static int velocity_suspend(struct device *dev)
{
	struct velocity_priv *vp = dev_get_drvdata(dev);

	rtnl_lock();
	velocity_net_suspend(vp);
	if (velocity_may_wake(vp))
		velocity_wol_arm(vp);
	rtnl_unlock();
	return 0;
}

static int velocity_resume(struct device *dev)
{
	struct velocity_priv *vp = dev_get_drvdata(dev);
	struct net_device *netdev = vp->netdev;
	int err;

	rtnl_lock();
	velocity_wol_disarm(vp);
	velocity_phy_resume(vp);
	if (netif_running(netdev)) {
		err = velocity_up(vp);
		if (err) {
			/*
			 * Leave the interface down rather than running without
			 * rings: ndo_stop has nothing to undo, and bringing it
			 * up again retries.
			 */
			netdev_err(netdev, "cannot restart after resume (%d), interface set down\n",
				   err);
			dev_close(netdev);
		}
	}
	netif_device_attach(netdev);
	rtnl_unlock();
	return 0;
}

static DEFINE_SIMPLE_DEV_PM_OPS(velocity_pm_ops, velocity_suspend, velocity_resume);

/*
 * At power-off the chip is armed for Wake-on-LAN when that is enabled;
 * on reboot or kexec it is only left stopped.
 */
static void velocity_shutdown(struct pci_dev *pdev)
{
	struct velocity_priv *vp = pci_get_drvdata(pdev);

	rtnl_lock();
	velocity_net_suspend(vp);
	if (system_state == SYSTEM_POWER_OFF && !velocity_gone(vp)) {
		bool wake = velocity_may_wake(vp);

		if (wake)
			velocity_wol_arm(vp);
		pci_wake_from_d3(pdev, wake);
		pci_set_power_state(pdev, PCI_D3hot);
	}
	rtnl_unlock();
}

static const struct pci_device_id velocity_pci_ids[] = {
	{ PCI_VDEVICE(VIA, 0x3119) },
	{ }
};
MODULE_DEVICE_TABLE(pci, velocity_pci_ids);

static struct pci_driver velocity_driver = {
	.name		= VELOCITY_NAME,
	.id_table	= velocity_pci_ids,
	.probe		= velocity_probe,
	.remove		= velocity_remove,
	.shutdown	= velocity_shutdown,
	.driver.pm	= pm_sleep_ptr(&velocity_pm_ops),
};
module_pci_driver(velocity_driver);

MODULE_DESCRIPTION("VIA Velocity gigabit Ethernet driver");
MODULE_LICENSE("GPL");
MODULE_VERSION(VELOCITY_VERSION);
