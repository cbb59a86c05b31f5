// SPDX-License-Identifier: GPL-2.0
/*
 * VIA Velocity gigabit Ethernet driver: PCI glue, chip set-up, PHY,
 * interrupts, receive filters and statistics.
 *
 * Supports the whole PCI 1106:3119 family: VT6110 (VT3119), VT6120/6121/
 * 6122 (VT3216), VT3284 and VT6130/6132 (VT3286, PCI Express).
 */
#include <linux/crc32.h>
#include <linux/delay.h>
#include <linux/etherdevice.h>
#include <linux/interrupt.h>
#include <linux/iopoll.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/rtnetlink.h>

#include "velocity.h"
#include "velocity_compat.h"

/*
 * Module parameters.  Names and meanings are those of VIA's velocityget
 * driver, so existing modprobe.d lines keep working.  One value applies
 * to every card; a comma-separated list gives one value per card in
 * probe order.  Each array starts with its default so that sysfs shows
 * it.  RxDescriptors, TxDescriptors, EnableMRDPL and EnableAI keep
 * velocityget's CamelCase: users' /etc/modprobe.d lines carry them.
 */

static int dma_length[VELOCITY_MAX_UNITS] = { VELOCITY_DEF_DMA_LENGTH };
static unsigned int dma_length_num = 1;
module_param_array_named(DMA_length, dma_length, int, &dma_length_num, 0444);
MODULE_PARM_DESC(DMA_length, "DMA burst: 0-5 = 8..256 dwords, 6-7 = store and forward");

static int int_works[VELOCITY_MAX_UNITS] = { VELOCITY_DEF_INT_WORKS };
static unsigned int int_works_num = 1;
module_param_array_named(int_works, int_works, int, &int_works_num, 0444);
MODULE_PARM_DESC(int_works, "Frames per direction per poll pass (10-256)");

static int rx_descriptors[VELOCITY_MAX_UNITS] = { VELOCITY_DEF_RX_DESCS };
static unsigned int rx_descriptors_num = 1;
module_param_array_named(RxDescriptors, rx_descriptors, int, &rx_descriptors_num, 0444);
MODULE_PARM_DESC(RxDescriptors, "RX ring size (64-255, rounded down to a multiple of 4)");

static int tx_descriptors[VELOCITY_MAX_UNITS] = { VELOCITY_DEF_TX_DESCS };
static unsigned int tx_descriptors_num = 1;
module_param_array_named(TxDescriptors, tx_descriptors, int, &tx_descriptors_num, 0444);
MODULE_PARM_DESC(TxDescriptors, "TX ring size (16-256)");

static int rx_thresh[VELOCITY_MAX_UNITS] = { VELOCITY_DEF_RX_THRESH };
static unsigned int rx_thresh_num = 1;
module_param_array_named(rx_thresh, rx_thresh, int, &rx_thresh_num, 0444);
MODULE_PARM_DESC(rx_thresh,
		 "RX FIFO threshold: 0 = 128 B, 1 = 512 B, 2 = 1024 B, 3 = store and forward");

static int speed_duplex[VELOCITY_MAX_UNITS] = { VELOCITY_DEF_SPEED_DUPLEX };
static unsigned int speed_duplex_num = 1;
module_param_array_named(speed_duplex, speed_duplex, int, &speed_duplex_num, 0444);
MODULE_PARM_DESC(speed_duplex,
		 "0 auto, 1 100/half, 2 100/full, 3 10/half, 4 10/full, 5 1000/full");

static int flow_control[VELOCITY_MAX_UNITS] = { VELOCITY_DEF_FLOW_CONTROL };
static unsigned int flow_control_num = 1;
module_param_array_named(flow_control, flow_control, int, &flow_control_num, 0444);
MODULE_PARM_DESC(flow_control,
		 "1 negotiated, 2 send PAUSE only, 3 honour PAUSE only, 4 both, 5 off");

static int wol_opts[VELOCITY_MAX_UNITS] = { VELOCITY_DEF_WOL_OPTS };
static unsigned int wol_opts_num = 1;
module_param_array_named(wol_opts, wol_opts, int, &wol_opts_num, 0444);
MODULE_PARM_DESC(wol_opts,
		 "Wake on magic packet plus: 1 link change, 2 ARP, 4 unicast (bitmask)");

static int ip_byte_align[VELOCITY_MAX_UNITS] = { VELOCITY_DEF_IP_ALIGN };
static unsigned int ip_byte_align_num = 1;
module_param_array_named(IP_byte_align, ip_byte_align, int, &ip_byte_align_num, 0444);
MODULE_PARM_DESC(IP_byte_align, "1 = copy every frame so that its IP header is 4-byte aligned");

static int rx_copybreak[VELOCITY_MAX_UNITS] = { VELOCITY_DEF_RX_COPYBREAK };
static unsigned int rx_copybreak_num = 1;
module_param_array_named(rx_copybreak, rx_copybreak, int, &rx_copybreak_num, 0444);
MODULE_PARM_DESC(rx_copybreak, "Frames up to this size are copied (0-1514)");

static int enable_mrdpl[VELOCITY_MAX_UNITS] = { VELOCITY_DEF_MRDPL };
static unsigned int enable_mrdpl_num = 1;
module_param_array_named(EnableMRDPL, enable_mrdpl, int, &enable_mrdpl_num, 0444);
MODULE_PARM_DESC(EnableMRDPL, "1 = PCI Memory Read Multiple on VT3119/VT3216");

static int enable_ai[VELOCITY_MAX_UNITS] = { VELOCITY_DEF_AI };
static unsigned int enable_ai_num = 1;
module_param_array_named(EnableAI, enable_ai, int, &enable_ai_num, 0444);
MODULE_PARM_DESC(EnableAI,
		 "1 = interrupt moderation at load (VT3119: hold-off timer from ethtool -C)");

static int txque_timer[VELOCITY_MAX_UNITS] = { VELOCITY_DEF_TXQ_TIMER };
static unsigned int txque_timer_num = 1;
module_param_array_named(txque_timer, txque_timer, int, &txque_timer_num, 0444);
MODULE_PARM_DESC(txque_timer, "TX queue-empty timer, raw TQETMR value (0-255)");

static int rxque_timer[VELOCITY_MAX_UNITS] = { VELOCITY_DEF_RXQ_TIMER };
static unsigned int rxque_timer_num = 1;
module_param_array_named(rxque_timer, rxque_timer, int, &rxque_timer_num, 0444);
MODULE_PARM_DESC(rxque_timer, "RX queue-empty timer, raw RQETMR value (0-255)");

static int tx_intsup[VELOCITY_MAX_UNITS] = { VELOCITY_DEF_TX_INTSUP };
static unsigned int tx_intsup_num = 1;
module_param_array_named(tx_intsup, tx_intsup, int, &tx_intsup_num, 0444);
MODULE_PARM_DESC(tx_intsup, "TX completions per interrupt (0 = no suppression, 1-255)");

static int rx_intsup[VELOCITY_MAX_UNITS] = { VELOCITY_DEF_RX_INTSUP };
static unsigned int rx_intsup_num = 1;
module_param_array_named(rx_intsup, rx_intsup, int, &rx_intsup_num, 0444);
MODULE_PARM_DESC(rx_intsup, "RX frames per interrupt (0 = no suppression, 1-255)");

static const struct {
	const int *vals;
	const unsigned int *num;
} velocity_param_vals[VELOCITY_P_NUM] = {
	[VELOCITY_P_DMA_LENGTH] = { dma_length, &dma_length_num },
	[VELOCITY_P_INT_WORKS] = { int_works, &int_works_num },
	[VELOCITY_P_RX_DESCS] = { rx_descriptors, &rx_descriptors_num },
	[VELOCITY_P_TX_DESCS] = { tx_descriptors, &tx_descriptors_num },
	[VELOCITY_P_RX_THRESH] = { rx_thresh, &rx_thresh_num },
	[VELOCITY_P_SPEED_DUPLEX] = { speed_duplex, &speed_duplex_num },
	[VELOCITY_P_FLOW_CONTROL] = { flow_control, &flow_control_num },
	[VELOCITY_P_WOL_OPTS] = { wol_opts, &wol_opts_num },
	[VELOCITY_P_IP_ALIGN] = { ip_byte_align, &ip_byte_align_num },
	[VELOCITY_P_RX_COPYBREAK] = { rx_copybreak, &rx_copybreak_num },
	[VELOCITY_P_MRDPL] = { enable_mrdpl, &enable_mrdpl_num },
	[VELOCITY_P_AI] = { enable_ai, &enable_ai_num },
	[VELOCITY_P_TXQ_TIMER] = { txque_timer, &txque_timer_num },
	[VELOCITY_P_RXQ_TIMER] = { rxque_timer, &rxque_timer_num },
	[VELOCITY_P_TX_INTSUP] = { tx_intsup, &tx_intsup_num },
	[VELOCITY_P_RX_INTSUP] = { rx_intsup, &rx_intsup_num },
};

/* Card numbers in probe order, reused after a remove: the parameter slot */
static DEFINE_IDA(velocity_units);

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

static void velocity_write_par(struct velocity_priv *vp, const u8 *addr)
{
	vel_w32(vp, VEL_PAR, get_unaligned_le32(addr));
	vel_w16(vp, VEL_PAR + 4, get_unaligned_le16(addr + 4));
}

/* A dead or surprise-removed card: stop touching it, detach from a work item */
static void velocity_mark_gone(struct velocity_priv *vp)
{
	if (!test_and_set_bit(VELOCITY_GONE, &vp->flags))
		schedule_work(&vp->gone_work);
}

/*
 * Work items run while the chip may be masked, when the hard IRQ cannot
 * see a dead card.  Return: true if the card reads all-ones (now gone).
 */
static bool velocity_check_gone(struct velocity_priv *vp)
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
static void velocity_chip_reset(struct velocity_priv *vp)
{
	u8 v;

	velocity_soft_reset(vp);
	/* the chip needs time after the reset before it takes commands */
	usleep_range(5000, 6000);

	vel_w8(vp, VEL_EECSR, vel_r8(vp, VEL_EECSR) | VEL_EECSR_RELOAD);
	if (read_poll_timeout(vel_r8, v, !(v & VEL_EECSR_RELOAD), 20,
			      VELOCITY_EEPROM_US, false, vp, VEL_EECSR))
		dev_err(&vp->pdev->dev, "EEPROM reload timed out\n");

	vel_w8(vp, VEL_CFGA, vel_r8(vp, VEL_CFGA) & ~VEL_CFGA_PACPI);
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
static void velocity_write_vlan_filter(struct velocity_priv *vp)
{
	unsigned int i = 0, n;
	unsigned long vid;
	u64 valid = 0;
	bool filter;
	u8 mcfg;

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

	mcfg = vel_r8(vp, VEL_MCFG0);
	vel_w8(vp, VEL_MCFG0, filter ? mcfg | VEL_MCFG0_VIDFR : mcfg & ~VEL_MCFG0_VIDFR);
}

/*
 * Compute the whole receive filter from the device flags and address
 * lists and write it; nothing is inherited from the previous state.
 * Called with cam_lock held.
 */
static void velocity_write_filters(struct velocity_priv *vp)
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

/* ---- statistics ---- */

/* Read and clear the 32 hardware counters into the 64-bit totals */
static void velocity_mib_read_locked(struct velocity_priv *vp)
{
	u32 val[VEL_MIB_COUNTERS];
	unsigned int i;
	u8 v;

	vel_w8(vp, VEL_MIBCR, vel_r8(vp, VEL_MIBCR) | VEL_MIBCR_MIBFLSH);
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

static void velocity_mib_task(struct work_struct *work)
{
	struct velocity_priv *vp = container_of(to_delayed_work(work), struct velocity_priv,
						mib_work);

	if (velocity_check_gone(vp))
		return;
	velocity_mib_update(vp);
	schedule_delayed_work(&vp->mib_work, VELOCITY_MIB_PERIOD);
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
	u64 rx_sw_errors;

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
	 * would count frames that the sum already holds.
	 */
	s->rx_length_errors = mib[VEL_MIB_RX_RUNT_OK] + mib[VEL_MIB_RX_RUNT_ERR] +
			      mib[VEL_MIB_RX_LONG_ERR] + mib[VEL_MIB_RX_LEN_ERR];
	s->rx_missed_errors = mib[VEL_MIB_RX_NOBUF];
	s->rx_errors = rx_sw_errors + s->rx_crc_errors + s->rx_frame_errors +
		       mib[VEL_MIB_RX_SYMBOL] + mib[VEL_MIB_RX_RUNT_OK] +
		       mib[VEL_MIB_RX_RUNT_ERR] + mib[VEL_MIB_RX_LONG_ERR];
	s->collisions = mib[VEL_MIB_TX_COLLISIONS];
}

/* ---- interrupts ---- */

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
void velocity_write_qtimers(struct velocity_priv *vp)
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

static void velocity_irq_unmask(struct velocity_priv *vp)
{
	unsigned long flags;

	spin_lock_irqsave(&vp->irq_lock, flags);
	vp->irq_masked = false;
	vel_w8(vp, VEL_CR3_SET, VEL_CR3_GINTMSK1);
	spin_unlock_irqrestore(&vp->irq_lock, flags);
}

static void velocity_irq_mask(struct velocity_priv *vp)
{
	unsigned long flags;

	spin_lock_irqsave(&vp->irq_lock, flags);
	vp->irq_masked = true;
	vel_w8(vp, VEL_CR3_CLR, VEL_CR3_GINTMSK1);
	spin_unlock_irqrestore(&vp->irq_lock, flags);
}

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

/* ---- bring-up and shutdown ---- */

/**
 * velocity_hw_init() - full chip initialisation with rings allocated
 * @vp: device private data
 *
 * Leaves the MAC running with the interrupt globally masked, and the
 * link work watching PHYSR0.
 */
static void velocity_hw_init(struct velocity_priv *vp)
{
	struct net_device *netdev = vp->netdev;
	u8 v;

	velocity_wol_disarm(vp);
	velocity_chip_reset(vp);
	velocity_write_par(vp, netdev->dev_addr);

	/* RX FIFO threshold in bits 5:4; tags inserted and extracted */
	v = vel_r8(vp, VEL_MCFG0) & ~(VEL_MCFG0_RFT | VEL_MCFG0_RTGOPT | VEL_MCFG0_VIDFR);
	vel_w8(vp, VEL_MCFG0, v | FIELD_PREP(VEL_MCFG0_RFT, vp->rx_thresh) | VEL_MCFG0_PQEN);
	v = vel_r8(vp, VEL_DCFG0) & ~VEL_DCFG0_DMA_LEN;
	vel_w8(vp, VEL_DCFG0, v | FIELD_PREP(VEL_DCFG0_DMA_LEN, vp->dma_length));
	v = vel_r8(vp, VEL_DCFG1) & ~(VEL_DCFG1_XMRL | VEL_DCFG1_MRDPL);
	if (vp->mrdpl)
		v |= VEL_DCFG1_MRDPL;
	vel_w8(vp, VEL_DCFG1, v);

	/* internal MAC loopback only for the self-test */
	v = vel_r8(vp, VEL_TCR) & ~VEL_TCR_LB;
	vel_w8(vp, VEL_TCR, v | (vp->loopback ? FIELD_PREP(VEL_TCR_LB, VEL_TCR_LB_MAC) : 0));

	vel_w8(vp, VEL_WOLCFG_SET, VEL_WOLCFG_SAM | VEL_WOLCFG_SAB);
	v = vel_r8(vp, VEL_CFGB) & ~(VEL_CFGB_CRANDOM | VEL_CFGB_CAP | VEL_CFGB_MBA |
				      VEL_CFGB_BAKOPT);
	vel_w8(vp, VEL_CFGB, v | VEL_CFGB_OFSET);

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

/* Stop DMA and interrupts; the counters are saved first */
static void velocity_hw_stop(struct velocity_priv *vp)
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
	err = request_irq(vp->pdev->irq, velocity_interrupt, IRQF_SHARED, netdev->name, vp);
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
	free_irq(vp->pdev->irq, vp);
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
	synchronize_irq(vp->pdev->irq);
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

/* ---- ethtool: register dump, EEPROM, self-test ---- */

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
	vel_w8(vp, VEL_CFGC, vel_r8(vp, VEL_CFGC) | VEL_CFGC_EELOAD);
	vel_w8(vp, VEL_EECSR, vel_r8(vp, VEL_EECSR) | VEL_EECSR_EMBP);
}

static void velocity_eeprom_leave(struct velocity_priv *vp)
{
	vel_w8(vp, VEL_EECSR, vel_r8(vp, VEL_EECSR) & ~VEL_EECSR_EMBP);
	vel_w8(vp, VEL_CFGC, vel_r8(vp, VEL_CFGC) & ~VEL_CFGC_EELOAD);
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

/* Chip stopped.  Return: 0 or -EIO, after one line naming the register */
static int velocity_reg_test(struct velocity_priv *vp)
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

	netdev_warn(netdev, "TX queue %u timed out, resetting the chip\n", txqueue);
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

static int velocity_param(struct velocity_priv *vp, unsigned int unit, enum velocity_param_id id)
{
	const struct velocity_param_spec *spec = &velocity_param_specs[id];
	unsigned int num = *velocity_param_vals[id].num;
	const int *vals = velocity_param_vals[id].vals;
	int val;

	switch (velocity_param_pick(spec, vals, num, unit, &val)) {
	case VELOCITY_PARAM_BAD:
		dev_warn(&vp->pdev->dev, "%s=%d out of range %d-%d, using default %d\n",
			 spec->name, vals[num == 1 ? 0 : unit], spec->min, spec->max, val);
		break;
	case VELOCITY_PARAM_ROUNDED:
		dev_info(&vp->pdev->dev, "%s=%d rounded down to %d\n",
			 spec->name, vals[num == 1 ? 0 : unit], val);
		break;
	default:
		break;
	}
	return val;
}

static void velocity_get_params(struct velocity_priv *vp, unsigned int unit)
{
	int val[VELOCITY_P_NUM];
	unsigned int id;

	/* every parameter is checked, even one this chip will not use */
	for (id = 0; id < VELOCITY_P_NUM; id++)
		val[id] = velocity_param(vp, unit, id);

	vp->dma_length = val[VELOCITY_P_DMA_LENGTH];
	vp->int_works = val[VELOCITY_P_INT_WORKS];
	vp->rx_ring_size = val[VELOCITY_P_RX_DESCS];
	vp->tx_ring_size = val[VELOCITY_P_TX_DESCS];
	vp->rx_thresh = val[VELOCITY_P_RX_THRESH];
	vp->speed_duplex = val[VELOCITY_P_SPEED_DUPLEX];
	vp->flow_control = val[VELOCITY_P_FLOW_CONTROL];
	vp->ip_align = val[VELOCITY_P_IP_ALIGN];
	vp->rx_copybreak = val[VELOCITY_P_RX_COPYBREAK];
	vp->mrdpl = val[VELOCITY_P_MRDPL] || velocity_has(vp, VELOCITY_F_MRDPL);

	vp->wolopts = WAKE_MAGIC;
	if (val[VELOCITY_P_WOL_OPTS] & VELOCITY_WOL_OPT_LINK)
		vp->wolopts |= WAKE_PHY;
	if (val[VELOCITY_P_WOL_OPTS] & VELOCITY_WOL_OPT_ARP)
		vp->wolopts |= WAKE_ARP;
	if (val[VELOCITY_P_WOL_OPTS] & VELOCITY_WOL_OPT_UCAST)
		vp->wolopts |= WAKE_UCAST;

	/*
	 * Moderation at load needs the queue-empty timers, which flush a
	 * batch below the threshold after a bounded delay.  VT3119 has only
	 * the shared hold-off timer; it starts unmoderated (NAPI batches under
	 * load anyway) and ethtool -C can turn the hold-off timer on.
	 */
	if (val[VELOCITY_P_AI] && velocity_has(vp, VELOCITY_F_QUEUE_TIMERS)) {
		vp->coal.rx_frames = val[VELOCITY_P_RX_INTSUP];
		vp->coal.tx_frames = val[VELOCITY_P_TX_INTSUP];
		vp->coal.rx_usecs = velocity_qtimer_decode(val[VELOCITY_P_RXQ_TIMER]);
		vp->coal.tx_usecs = velocity_qtimer_decode(val[VELOCITY_P_TXQ_TIMER]);
	}
	/* as ethtool -C: a threshold without its flush timer would hold frames */
	if (vp->coal.rx_frames && !vp->coal.rx_usecs) {
		dev_warn(&vp->pdev->dev, "rx_intsup=%u needs rxque_timer > 0, RX suppression off\n",
			 vp->coal.rx_frames);
		vp->coal.rx_frames = 0;
	}
	if (vp->coal.tx_frames && !vp->coal.tx_usecs) {
		dev_warn(&vp->pdev->dev, "tx_intsup=%u needs txque_timer > 0, TX suppression off\n",
			 vp->coal.tx_frames);
		vp->coal.tx_frames = 0;
	}
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

	velocity_get_params(vp, unit);

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
	netdev->watchdog_timeo = VELOCITY_TX_TIMEOUT;
	netdev->hw_features = NETIF_F_SG | NETIF_F_IP_CSUM | NETIF_F_RXCSUM |
			      NETIF_F_HW_VLAN_CTAG_TX;
	netdev->features = netdev->hw_features | NETIF_F_HW_VLAN_CTAG_RX |
			   NETIF_F_HW_VLAN_CTAG_FILTER;
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

	netif_info(vp, probe, netdev, "VIA %s (%s rev 0x%02x) %pM, PHY 0x%08x at %u\n",
		   vp->chip->product, vp->chip->name, vp->rev, netdev->dev_addr,
		   vp->phy_id, vp->phy_addr);
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
