// SPDX-License-Identifier: GPL-2.0
/*
 * VIA Velocity: the chip's register-level subsystems.
 *
 * Reset and EEPROM, the receive filters (address and VLAN CAMs, multicast
 * hash), the MIB counters, interrupt masking and moderation, the whole
 * chip initialisation and stop, and the register access ethtool needs
 * (dump, EEPROM words, register test).  Nothing here knows about rings
 * beyond their addresses, nor about the netdev's lifecycle: that is
 * velocity_main.c, which calls in here and is never called from here.
 */
#include <linux/crc32.h>
#include <linux/delay.h>
#include <linux/etherdevice.h>
#include <linux/iopoll.h>
#include <linux/netdevice.h>
#include <linux/pci.h>

#include "velocity.h"
#include "velocity_compat.h"

/* Register waits, in microseconds */
#define VELOCITY_RESET_US	20000
#define VELOCITY_FORCE_STOP_US	2000
#define VELOCITY_EEPROM_US	40000
#define VELOCITY_CAM_US		100
#define VELOCITY_MIB_US		1000
#define VELOCITY_DMA_IDLE_US	2000

/* CR2 at init: XON/XOFF operation and the pause thresholds every driver uses */
#define VELOCITY_CR2_INIT	(VEL_CR2_XONEN | FIELD_PREP(VEL_CR2_XHITH, 2) | \
				 FIELD_PREP(VEL_CR2_XLTH, 3))
#define VELOCITY_PAUSE_TIME	0xffff

/* Interrupts handled whatever the moderation settings */
#define VELOCITY_INT_BASE	(VEL_INT_PPRXI | VEL_INT_PPTXI | VEL_INT_OVFI | \
				 VEL_INT_LSTEI | VEL_INT_SRCI | VEL_INT_MIBFI | \
				 VEL_INT_RXSTLI | VEL_INT_TXSTLI)

static void velocity_cam_page(struct velocity_priv *vp, unsigned int page)
{
	vel_w8(vp, VEL_CAMCR, FIELD_PREP(VEL_CAMCR_PS, page));
}

void velocity_write_par(struct velocity_priv *vp, const u8 *addr)
{
	vel_w32(vp, VEL_PAR, get_unaligned_le32(addr));
	vel_w16(vp, VEL_PAR + 4, get_unaligned_le16(addr + 4));
}

/**
 * velocity_mark_gone() - a dead or surprise-removed card: stop touching it
 * @vp: device private data
 *
 * Any context; the interface is detached from gone_work.
 */
void velocity_mark_gone(struct velocity_priv *vp)
{
	if (!test_and_set_bit(VELOCITY_GONE, &vp->flags))
		schedule_work(&vp->gone_work);
}

/**
 * velocity_check_gone() - notice a dead card outside the hard IRQ
 * @vp: device private data
 *
 * Work items run while the chip may be masked, when the hard IRQ cannot
 * see a dead card.
 *
 * Return: true if the card reads all-ones (and is now marked gone).
 */
bool velocity_check_gone(struct velocity_priv *vp)
{
	if (velocity_gone(vp))
		return true;
	if (vel_r32(vp, VEL_ISR) != ~0U)
		return false;
	velocity_mark_gone(vp);
	return true;
}

/* ---- chip reset ---- */

/* Soft reset; a chip that does not finish is forced to a stop instead */
static void velocity_soft_reset(struct velocity_priv *vp)
{
	u8 cr1;

	vel_w8(vp, VEL_CR1_SET, VEL_CR1_SFRST);
	if (!read_poll_timeout(vel_r8, cr1, !(cr1 & VEL_CR1_SFRST), 10,
			       VELOCITY_RESET_US, false, vp, VEL_CR1_SET))
		return;

	dev_warn(&vp->pdev->dev, "soft reset did not complete, forcing the MAC to stop\n");
	vel_w8(vp, VEL_CR3_SET, VEL_CR3_FORSRST);
	usleep_range(VELOCITY_FORCE_STOP_US, 2 * VELOCITY_FORCE_STOP_US);
}

/**
 * velocity_chip_reset() - soft reset and reload the EEPROM
 * @vp: device private data
 *
 * Leaves the MAC stopped with the EEPROM's station address in PAR and the
 * pre-ACPI wake function (turned on by the reload) off.
 */
void velocity_chip_reset(struct velocity_priv *vp)
{
	u8 v;

	velocity_soft_reset(vp);
	/* the chip needs time after the reset before it takes commands */
	usleep_range(5000, 6000);

	velocity_mod8(vp, VEL_EECSR, 0, VEL_EECSR_RELOAD);
	if (read_poll_timeout(vel_r8, v, !(v & VEL_EECSR_RELOAD), 20,
			      VELOCITY_EEPROM_US, false, vp, VEL_EECSR))
		dev_err(&vp->pdev->dev, "EEPROM reload timed out\n");

	velocity_mod8(vp, VEL_CFGA, VEL_CFGA_PACPI, 0);
}

/* ---- receive filters (cam_lock held) ---- */

/* Load one entry of the address CAM (@addr) or of the VLAN CAM (@vid) */
static void velocity_cam_write(struct velocity_priv *vp, bool vlan, unsigned int idx,
			       const u8 *addr, u16 vid)
{
	u8 sel = VEL_CAMADDR_CAMEN | FIELD_PREP(VEL_CAMADDR_IDX, idx);
	u8 v;

	if (vlan)
		sel |= VEL_CAMADDR_VCAMSL;

	velocity_cam_page(vp, VEL_CAMCR_PAGE_DATA);
	vel_w8(vp, VEL_CAMADDR, sel);
	if (vlan) {
		vel_w16(vp, VEL_MARCAM, vid);
	} else {
		vel_w32(vp, VEL_MARCAM, get_unaligned_le32(addr));
		vel_w16(vp, VEL_MARCAM + 4, get_unaligned_le16(addr + 4));
	}
	vel_w8(vp, VEL_CAMCR, FIELD_PREP(VEL_CAMCR_PS, VEL_CAMCR_PAGE_DATA) | VEL_CAMCR_CAMWR);
	if (read_poll_timeout_atomic(vel_r8, v, !(v & VEL_CAMCR_CAMWR), 1, VELOCITY_CAM_US,
				     false, vp, VEL_CAMCR))
		netdev_err_once(vp->netdev, "CAM write did not complete\n");
	vel_w8(vp, VEL_CAMADDR, 0);
	velocity_cam_page(vp, VEL_CAMCR_PAGE_MAR);
}

/* Which CAM entries take part in filtering; bit n is entry n */
static void velocity_cam_set_valid(struct velocity_priv *vp, bool vlan, u64 valid)
{
	velocity_cam_page(vp, VEL_CAMCR_PAGE_MASK);
	vel_w8(vp, VEL_CAMADDR, VEL_CAMADDR_CAMEN | (vlan ? VEL_CAMADDR_VCAMSL : 0));
	vel_w32(vp, VEL_MARCAM, lower_32_bits(valid));
	vel_w32(vp, VEL_MARCAM + 4, upper_32_bits(valid));
	vel_w8(vp, VEL_CAMADDR, 0);
	velocity_cam_page(vp, VEL_CAMCR_PAGE_MAR);
}

/* VLAN CAM entry @i holds @vid; written only if the copy says otherwise */
static void velocity_vcam_load(struct velocity_priv *vp, unsigned int i, u16 vid)
{
	if ((vp->vcam_known & BIT_ULL(i)) && vp->vcam[i] == vid)
		return;
	velocity_cam_write(vp, true, i, NULL, vid);
	vp->vcam[i] = vid;
	vp->vcam_known |= BIT_ULL(i);
}

/*
 * Up to 64 VLANs are filtered by the VLAN CAM.  With more, or in
 * promiscuous mode, the NIC accepts every tag and the stack filters.
 */
void velocity_write_vlan_filter(struct velocity_priv *vp)
{
	unsigned int i = 0, n;
	unsigned long vid;
	u64 valid = 0;
	bool filter;

	/*
	 * VID 0 (priority tags) always passes: the stack takes such frames
	 * without 8021q, which is what would otherwise add it.
	 */
	n = bitmap_weight(vp->active_vlans, VLAN_N_VID) + !test_bit(0, vp->active_vlans);
	filter = n <= VEL_CAM_ENTRIES && !(vp->netdev->flags & IFF_PROMISC);
	if (filter) {
		if (!test_bit(0, vp->active_vlans))
			velocity_vcam_load(vp, i++, 0);
		for_each_set_bit(vid, vp->active_vlans, VLAN_N_VID)
			velocity_vcam_load(vp, i++, vid);
		valid = n == VEL_CAM_ENTRIES ? ~0ULL : BIT_ULL(n) - 1;
	}
	velocity_cam_set_valid(vp, true, valid);

	velocity_mod8(vp, VEL_MCFG0, VEL_MCFG0_VIDFR, filter ? VEL_MCFG0_VIDFR : 0);
}

/*
 * Compute the whole receive filter from the device flags and address
 * lists and write it; nothing is inherited from the previous state.
 * Called with cam_lock held.
 */
void velocity_write_filters(struct velocity_priv *vp)
{
	struct net_device *netdev = vp->netdev;
	struct netdev_hw_addr *ha;
	u32 mar[2] = { 0, 0 };
	u8 rcr = VEL_RCR_AB;
	unsigned int n = 0;
	u64 valid = 0;

	if (netdev->flags & (IFF_PROMISC | IFF_ALLMULTI)) {
		rcr |= VEL_RCR_AM;
		if (netdev->flags & IFF_PROMISC)
			rcr |= VEL_RCR_PROM;
		mar[0] = ~0U;
		mar[1] = ~0U;
	} else if (netdev_mc_count(netdev) > VEL_CAM_ENTRIES) {
		rcr |= VEL_RCR_AM;
		netdev_for_each_mc_addr(ha, netdev) {
			unsigned int bit = velocity_mc_hash_bit(ether_crc(ETH_ALEN, ha->addr));

			mar[bit / 32] |= BIT(bit % 32);
		}
	} else {
		rcr |= VEL_RCR_AM | VEL_RCR_AP;
		netdev_for_each_mc_addr(ha, netdev) {
			if (!(vp->mcam_known & BIT_ULL(n)) ||
			    !ether_addr_equal(vp->mcam[n], ha->addr)) {
				velocity_cam_write(vp, false, n, ha->addr, 0);
				ether_addr_copy(vp->mcam[n], ha->addr);
				vp->mcam_known |= BIT_ULL(n);
			}
			valid |= BIT_ULL(n++);
		}
	}
	if (netdev->mtu > ETH_DATA_LEN)
		rcr |= VEL_RCR_AL;

	velocity_cam_page(vp, VEL_CAMCR_PAGE_MAR);
	vel_w32(vp, VEL_MARCAM, mar[0]);
	vel_w32(vp, VEL_MARCAM + 4, mar[1]);
	velocity_cam_set_valid(vp, false, valid);
	velocity_write_vlan_filter(vp);

	vp->rcr = rcr;
	vel_w8(vp, VEL_RCR, rcr);
}

/* ---- statistics ---- */

/* Read and clear the 32 hardware counters into the 64-bit totals */
static void velocity_mib_read_locked(struct velocity_priv *vp)
{
	u32 val[VEL_MIB_COUNTERS];
	unsigned int i;
	u8 v;

	velocity_mod8(vp, VEL_MIBCR, 0, VEL_MIBCR_MIBFLSH);
	if (read_poll_timeout_atomic(vel_r8, v, !(v & VEL_MIBCR_MIBFLSH), 1, VELOCITY_MIB_US,
				     false, vp, VEL_MIBCR)) {
		atomic_long_inc(&vp->sw.mib_errors);
		netdev_err_once(vp->netdev, "MIB flush did not complete\n");
		return;
	}

	vel_w8(vp, VEL_MIBCR, v | VEL_MIBCR_MPTRINI);
	for (i = 0; i < VEL_MIB_COUNTERS; i++) {
		u32 d = vel_r32(vp, VEL_MIBDATA);

		if (FIELD_GET(VEL_MIBDATA_IDX, d) != i) {
			atomic_long_inc(&vp->sw.mib_errors);
			netdev_err_once(vp->netdev, "MIB read-out out of step at counter %u\n", i);
			return;
		}
		val[i] = FIELD_GET(VEL_MIBDATA_VAL, d);
	}

	u64_stats_update_begin(&vp->mib.syncp);
	for (i = 0; i < VEL_MIB_COUNTERS; i++)
		u64_stats_add(&vp->mib.c[i], val[i]);
	u64_stats_update_end(&vp->mib.syncp);
}

/**
 * velocity_mib_update() - fold the hardware MIB counters into the totals
 * @vp: device private data
 *
 * Safe in any context; does nothing while the chip is down.
 */
void velocity_mib_update(struct velocity_priv *vp)
{
	unsigned long flags;

	spin_lock_irqsave(&vp->mib_lock, flags);
	if (test_bit(VELOCITY_HW_READY, &vp->flags) && !velocity_gone(vp))
		velocity_mib_read_locked(vp);
	spin_unlock_irqrestore(&vp->mib_lock, flags);
}

/**
 * velocity_mib_snapshot() - the 64-bit MIB totals as of the last read-out
 * @vp: device private data
 * @mib: VEL_MIB_COUNTERS values, filled in
 *
 * Never touches the chip; safe in any context.
 */
void velocity_mib_snapshot(struct velocity_priv *vp, u64 *mib)
{
	unsigned int start, i;

	do {
		start = u64_stats_fetch_begin(&vp->mib.syncp);
		for (i = 0; i < VEL_MIB_COUNTERS; i++)
			mib[i] = u64_stats_read(&vp->mib.c[i]);
	} while (u64_stats_fetch_retry(&vp->mib.syncp, start));
}

/*
 * Zero the chip's counters.  The read-out also writes MIBCR, so this
 * runs under mib_lock: a read-out in between could put MIBFRZ back and
 * leave the counters frozen.
 */
static void velocity_mib_clear(struct velocity_priv *vp)
{
	unsigned long flags;
	u8 v;

	spin_lock_irqsave(&vp->mib_lock, flags);
	v = vel_r8(vp, VEL_MIBCR);
	vel_w8(vp, VEL_MIBCR, v | VEL_MIBCR_MIBFRZ);
	vel_w8(vp, VEL_MIBCR, v | VEL_MIBCR_MIBFRZ | VEL_MIBCR_MIBCLR);
	if (read_poll_timeout_atomic(vel_r8, v, !(v & VEL_MIBCR_MIBCLR), 1, VELOCITY_MIB_US,
				     false, vp, VEL_MIBCR))
		netdev_err(vp->netdev, "MIB clear did not complete\n");
	vel_w8(vp, VEL_MIBCR, v & ~VEL_MIBCR_MIBFRZ);
	spin_unlock_irqrestore(&vp->mib_lock, flags);
}

void velocity_mib_task(struct work_struct *work)
{
	struct velocity_priv *vp = container_of(to_delayed_work(work), struct velocity_priv,
						mib_work);

	if (velocity_check_gone(vp))
		return;
	velocity_mib_update(vp);
	if (velocity_tx_hung(vp)) {
		netdev_warn(vp->netdev, "TX made no progress for %u ms, resetting the chip\n",
			    jiffies_to_msecs(VELOCITY_TX_TIMEOUT));
		atomic_long_inc(&vp->sw.tx_timeouts);
		schedule_work(&vp->reset_work);
	}
	schedule_delayed_work(&vp->mib_work, VELOCITY_MIB_PERIOD);
}

/* ---- interrupt mask and moderation ---- */

static u32 velocity_int_mask(const struct velocity_priv *vp)
{
	u32 mask = VELOCITY_INT_BASE;

	/* per-frame interrupts are replaced by the suppression events */
	if (!vp->coal.rx_frames)
		mask |= VEL_INT_PRXI;
	if (!vp->coal.tx_frames)
		mask |= VEL_INT_PTXI | VEL_INT_PTX0I;
	return mask;
}

/**
 * velocity_write_qtimers() - program the queue-empty timers
 * @vp: device private data
 *
 * VT3216 and later only; VT3119 moderates with the hold-off timer.
 */
static void velocity_write_qtimers(struct velocity_priv *vp)
{
	if (!velocity_has(vp, VELOCITY_F_QUEUE_TIMERS))
		return;
	vel_w8(vp, VEL_TQETMR, velocity_qtimer_encode(vp->coal.tx_usecs));
	vel_w8(vp, VEL_RQETMR, velocity_qtimer_encode(vp->coal.rx_usecs));
}

/* Hold-off for VT3119: the shorter of the two non-zero delays */
static u8 velocity_holdoff(const struct velocity_priv *vp)
{
	u32 us = vp->coal.rx_usecs;

	if (!us || (vp->coal.tx_usecs && vp->coal.tx_usecs < us))
		us = vp->coal.tx_usecs;
	return velocity_holdoff_units(us);
}

/**
 * velocity_apply_coalesce() - program interrupt moderation
 * @vp: device private data
 *
 * The thresholds share offset 0x20 through the CAMCR page and are written
 * as single bytes: a 16-bit write would also hit ISRCTL1 and undo the
 * suppression-disable bits, which are set separately by read-modify-write.
 */
void velocity_apply_coalesce(struct velocity_priv *vp)
{
	u8 holdoff = 0;
	u8 ctl;

	if (!velocity_has(vp, VELOCITY_F_QUEUE_TIMERS))
		holdoff = velocity_holdoff(vp);

	spin_lock_bh(&vp->cam_lock);
	velocity_cam_page(vp, VEL_CAMCR_PAGE_MASK);
	vel_w8(vp, VEL_ISRCTL, vp->coal.tx_frames);
	velocity_cam_page(vp, VEL_CAMCR_PAGE_DATA);
	vel_w8(vp, VEL_ISRCTL, vp->coal.rx_frames);
	velocity_cam_page(vp, VEL_CAMCR_PAGE_MAR);
	vel_w8(vp, VEL_ISRCTL, holdoff);

	ctl = vel_r8(vp, VEL_ISRCTL1) & ~(VEL_ISRCTL1_RSUPDIS | VEL_ISRCTL1_TSUPDIS |
					   VEL_ISRCTL1_HCRLD | VEL_ISRCTL1_SCRLD);
	if (!vp->coal.rx_frames)
		ctl |= VEL_ISRCTL1_RSUPDIS;
	if (!vp->coal.tx_frames)
		ctl |= VEL_ISRCTL1_TSUPDIS;
	if (holdoff)
		ctl |= VEL_ISRCTL1_HCRLD;
	vel_w8(vp, VEL_ISRCTL1, ctl);
	spin_unlock_bh(&vp->cam_lock);

	velocity_write_qtimers(vp);

	/* the hold-off restarts with every acknowledge that carries HFLD */
	vp->isr_ack_extra = holdoff ? VEL_INT_HFLD : 0;
	vel_w8(vp, holdoff ? VEL_CR3_SET : VEL_CR3_CLR, VEL_CR3_INTPCTL);

	vp->int_mask = velocity_int_mask(vp);
	vel_w32(vp, VEL_IMR, vp->int_mask);
}

void velocity_irq_unmask(struct velocity_priv *vp)
{
	unsigned long flags;

	spin_lock_irqsave(&vp->irq_lock, flags);
	vp->irq_masked = false;
	vel_w8(vp, VEL_CR3_SET, VEL_CR3_GINTMSK1);
	spin_unlock_irqrestore(&vp->irq_lock, flags);
}

void velocity_irq_mask(struct velocity_priv *vp)
{
	unsigned long flags;

	spin_lock_irqsave(&vp->irq_lock, flags);
	vp->irq_masked = true;
	vel_w8(vp, VEL_CR3_CLR, VEL_CR3_GINTMSK1);
	spin_unlock_irqrestore(&vp->irq_lock, flags);
}

/* ---- chip initialisation and stop ---- */

/**
 * velocity_hw_init() - full chip initialisation with rings allocated
 * @vp: device private data
 *
 * Leaves the MAC running with the interrupt globally masked, and the
 * link work watching PHYSR0.
 */
void velocity_hw_init(struct velocity_priv *vp)
{
	struct net_device *netdev = vp->netdev;

	velocity_wol_disarm(vp);
	velocity_chip_reset(vp);
	velocity_write_par(vp, netdev->dev_addr);

	/* velocity_tx_hung() starts afresh with the chip */
	vp->tx_seen_tail = READ_ONCE(vp->tx.tail);
	vp->tx_seen_at = jiffies;

	/* RX FIFO threshold in bits 5:4; tags inserted and extracted */
	velocity_mod8(vp, VEL_MCFG0, VEL_MCFG0_RFT | VEL_MCFG0_RTGOPT | VEL_MCFG0_VIDFR,
		      FIELD_PREP(VEL_MCFG0_RFT, vp->rx_thresh) | VEL_MCFG0_PQEN);
	velocity_mod8(vp, VEL_DCFG0, VEL_DCFG0_DMA_LEN,
		      FIELD_PREP(VEL_DCFG0_DMA_LEN, vp->dma_length));
	velocity_mod8(vp, VEL_DCFG1, VEL_DCFG1_XMRL | VEL_DCFG1_MRDPL,
		      vp->mrdpl ? VEL_DCFG1_MRDPL : 0);

	/* internal MAC loopback only for the self-test */
	velocity_mod8(vp, VEL_TCR, VEL_TCR_LB,
		      vp->loopback ? FIELD_PREP(VEL_TCR_LB, VEL_TCR_LB_MAC) : 0);

	vel_w8(vp, VEL_WOLCFG_SET, VEL_WOLCFG_SAM | VEL_WOLCFG_SAB);
	velocity_mod8(vp, VEL_CFGB, VEL_CFGB_CRANDOM | VEL_CFGB_CAP | VEL_CFGB_MBA |
		      VEL_CFGB_BAKOPT, VEL_CFGB_OFSET);

	/* rings sit below 4 GB (32-bit coherent mask), buffers below 2^48 */
	vel_w32(vp, VEL_DESC_BASE_HI, upper_32_bits(vp->rx.dma));
	vel_w16(vp, VEL_BUF_BASE_HI, 0);

	/* the address lists change under the addr lock, not only RTNL */
	netif_addr_lock_bh(netdev);
	spin_lock(&vp->cam_lock);
	vp->mcam_known = 0;
	vp->vcam_known = 0;
	velocity_write_filters(vp);
	set_bit(VELOCITY_HW_READY, &vp->flags);
	spin_unlock(&vp->cam_lock);
	netif_addr_unlock_bh(netdev);

	velocity_apply_coalesce(vp);

	vel_w32(vp, VEL_RD_BASE_LO, lower_32_bits(vp->rx.dma));
	vel_w16(vp, VEL_RD_CSIZE, vp->rx.count - 1);
	vel_w16(vp, VEL_RD_IDX, 0);
	vel_w8(vp, VEL_RDCSR_SET, VEL_QCSR_RUN);
	vel_w16(vp, VEL_TD_CSIZE, vp->tx.count - 1);
	vel_w32(vp, VEL_TD_BASE_LO0, lower_32_bits(vp->tx.dma));
	vel_w16(vp, VEL_TDCSR_SET, VEL_TDCSR_Q(0, VEL_QCSR_RUN));

	vel_w8(vp, VEL_CR2_CLR, 0xff);
	vel_w8(vp, VEL_CR2_SET, VELOCITY_CR2_INIT);
	vel_w16(vp, VEL_PAUSE_TIMER, VELOCITY_PAUSE_TIME);

	velocity_rx_give(vp);
	vel_w8(vp, VEL_RDCSR_SET, VEL_QCSR_WAK);

	velocity_mib_clear(vp);
	vel_w32(vp, VEL_ISR, ~0U);

	vel_w8(vp, VEL_CR0_CLR, VEL_CR0_STOP);
	vel_w32(vp, VEL_CR0_SET, VEL_CR0_STRT | VEL_CR0_RXON | VEL_CR0_TXON |
		(VEL_CR1_DPOLL << 8));

	velocity_link_start(vp);
}

/* Queue ACT bits: the chip is fetching or writing back descriptors */
static u16 velocity_dma_active(struct velocity_priv *vp)
{
	u16 tx = vel_r16(vp, VEL_TDCSR_SET) & VEL_TDCSR_ALL_ACT;

	return tx | (vel_r8(vp, VEL_RDCSR_SET) & VEL_QCSR_ACT);
}

/**
 * velocity_hw_stop() - stop DMA and interrupts
 * @vp: device private data
 *
 * The counters are saved first; DMA is given time to end before the
 * caller frees rings and buffers.
 */
void velocity_hw_stop(struct velocity_priv *vp)
{
	unsigned long flags;
	u16 act;

	spin_lock_irqsave(&vp->mib_lock, flags);
	if (test_bit(VELOCITY_HW_READY, &vp->flags) && !velocity_gone(vp))
		velocity_mib_read_locked(vp);
	spin_unlock_irqrestore(&vp->mib_lock, flags);

	spin_lock_bh(&vp->cam_lock);
	clear_bit(VELOCITY_HW_READY, &vp->flags);
	spin_unlock_bh(&vp->cam_lock);

	velocity_irq_mask(vp);
	velocity_link_halt(vp);
	if (velocity_gone(vp))
		return;

	vel_w8(vp, VEL_CR0_SET, VEL_CR0_STOP);
	vel_w16(vp, VEL_TDCSR_CLR, VEL_TDCSR_ALL);
	vel_w8(vp, VEL_RDCSR_CLR, VEL_RDCSR_ALL);
	/*
	 * The rings and buffers are unmapped and freed next: the first read
	 * pushes the posted stop writes to the chip, then a descriptor or
	 * buffer transfer still under way is given time to end.
	 */
	if (read_poll_timeout(velocity_dma_active, act, !act, 10, VELOCITY_DMA_IDLE_US, false,
			      vp))
		netdev_warn_once(vp->netdev, "DMA still active 2 ms after the stop\n");
	vel_w32(vp, VEL_ISR, ~0U);
}

/* ---- register dump, EEPROM, register test (ethtool) ---- */

/**
 * velocity_dump_regs() - the register window for ethtool -d
 * @vp: device private data
 * @regs: VEL_REGS_SIZE bytes, filled in
 *
 * Read as dwords with CAMCR on page 0 (as the driver always leaves it).
 * MIBDATA reads as 0: reading it would advance the MIB read-out.
 */
void velocity_dump_regs(struct velocity_priv *vp, u32 *regs)
{
	unsigned int off;

	spin_lock_bh(&vp->cam_lock);
	for (off = 0; off < VEL_REGS_SIZE; off += 4)
		regs[off / 4] = off == VEL_MIBDATA ? 0 : vel_r32(vp, off);
	spin_unlock_bh(&vp->cam_lock);
}

/* One command of the embedded EEPROM engine; EMBCMD.EDONE ends it */
static int velocity_eeprom_cmd(struct velocity_priv *vp, u8 cmd)
{
	u8 v;

	vel_w8(vp, VEL_EMBCMD, cmd);
	return read_poll_timeout(vel_r8, v, v & VEL_EMBCMD_EDONE, 20, VELOCITY_EEPROM_US,
				 false, vp, VEL_EMBCMD);
}

static void velocity_eeprom_enter(struct velocity_priv *vp)
{
	velocity_mod8(vp, VEL_CFGC, 0, VEL_CFGC_EELOAD);
	velocity_mod8(vp, VEL_EECSR, 0, VEL_EECSR_EMBP);
}

static void velocity_eeprom_leave(struct velocity_priv *vp)
{
	velocity_mod8(vp, VEL_EECSR, VEL_EECSR_EMBP, 0);
	velocity_mod8(vp, VEL_CFGC, VEL_CFGC_EELOAD, 0);
}

/**
 * velocity_eeprom_read() - one EEPROM word through the embedded engine
 * @vp: device private data
 * @word: word number
 * @val: the word, on success
 *
 * Called under RTNL, which also keeps out the EEPROM reload of a reset.
 *
 * Return: 0 or -ETIMEDOUT.
 */
int velocity_eeprom_read(struct velocity_priv *vp, unsigned int word, u16 *val)
{
	int err;

	velocity_eeprom_enter(vp);
	vel_w8(vp, VEL_EADDR, word);
	err = velocity_eeprom_cmd(vp, VEL_EMBCMD_ERD);
	if (!err)
		*val = vel_r16(vp, VEL_EERDDATA);
	velocity_eeprom_leave(vp);
	return err;
}

/**
 * velocity_eeprom_write() - write one EEPROM word
 * @vp: device private data
 * @word: word number
 * @val: new value
 *
 * Writing is enabled for this one word and disabled again.  Called under
 * RTNL.
 *
 * Return: 0 or -ETIMEDOUT.
 */
int velocity_eeprom_write(struct velocity_priv *vp, unsigned int word, u16 val)
{
	int err;

	velocity_eeprom_enter(vp);
	err = velocity_eeprom_cmd(vp, VEL_EMBCMD_EWEN);
	if (!err) {
		vel_w16(vp, VEL_EEWRDATA, val);
		vel_w8(vp, VEL_EADDR, word);
		err = velocity_eeprom_cmd(vp, VEL_EMBCMD_EWR);
	}
	velocity_eeprom_cmd(vp, VEL_EMBCMD_EWDIS);
	velocity_eeprom_leave(vp);
	return err;
}

/*
 * Registers the chip keeps as written and that nothing else uses while it
 * is stopped: the multicast hash (CAMCR page 0), the ring bases of the TX
 * queues the driver never runs, the pause time and the software timers.
 */
static const struct {
	u8 reg;
	u8 width;
} velocity_test_regs[] = {
	{ VEL_MARCAM, 4 },
	{ VEL_MARCAM + 4, 4 },
	{ VEL_TD_BASE_LO0 + 4, 4 },
	{ VEL_TD_BASE_LO0 + 8, 4 },
	{ VEL_TD_BASE_LO0 + 12, 4 },
	{ VEL_PAUSE_TIMER, 2 },
	{ VEL_SOFT_TIMER0, 2 },
	{ VEL_SOFT_TIMER1, 2 },
};

static u32 velocity_test_rd(struct velocity_priv *vp, unsigned int i)
{
	unsigned int reg = velocity_test_regs[i].reg;

	return velocity_test_regs[i].width == 4 ? vel_r32(vp, reg) : vel_r16(vp, reg);
}

static void velocity_test_wr(struct velocity_priv *vp, unsigned int i, u32 val)
{
	unsigned int reg = velocity_test_regs[i].reg;

	if (velocity_test_regs[i].width == 4)
		vel_w32(vp, reg, val);
	else
		vel_w16(vp, reg, val);
}

/**
 * velocity_reg_test() - write and read back patterns, chip stopped
 * @vp: device private data
 *
 * Return: 0, or -EIO after one line naming the register.
 */
int velocity_reg_test(struct velocity_priv *vp)
{
	static const u32 patterns[] = { 0, 0xffffffff, 0x5a5a5a5a, 0xa5a5a5a5 };
	unsigned int i, p;
	int err = 0;

	spin_lock_bh(&vp->cam_lock);
	for (i = 0; i < ARRAY_SIZE(velocity_test_regs) && !err; i++) {
		u32 mask = velocity_test_regs[i].width == 4 ? 0xffffffff : 0xffff;
		u32 saved = velocity_test_rd(vp, i), got = 0, want = 0;

		for (p = 0; p < ARRAY_SIZE(patterns); p++) {
			want = patterns[p] & mask;
			velocity_test_wr(vp, i, want);
			got = velocity_test_rd(vp, i);
			if (got != want) {
				err = -EIO;
				break;
			}
		}
		velocity_test_wr(vp, i, saved);
		if (err)
			netdev_err(vp->netdev, "register test: 0x%02x reads 0x%x after writing 0x%x\n",
				   velocity_test_regs[i].reg, got, want);
	}
	spin_unlock_bh(&vp->cam_lock);
	return err;
}

