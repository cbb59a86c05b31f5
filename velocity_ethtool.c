// SPDX-License-Identifier: GPL-2.0
/*
 * VIA Velocity: ethtool operations.
 */
#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/pci.h>

#include "velocity.h"
#include "velocity_param.h"

#define VELOCITY_WAKE_SUPPORTED	(WAKE_MAGIC | WAKE_UCAST | WAKE_ARP | WAKE_PHY | \
				 WAKE_BCAST | WAKE_MCAST)

/* ethtool -d: version 1 of the layout, the silicon revision in bits 7:0 */
#define VELOCITY_REGS_VERSION	1

/* ethtool -E must give this magic: the PCI vendor and device IDs */
#define VELOCITY_EEPROM_MAGIC	(PCI_VENDOR_ID_VIA | 0x3119 << 16)

/* ethtool -t results, in this order */
static const char velocity_test_names[][ETH_GSTRING_LEN] = {
	"register test   (offline)",
	"MAC loopback    (offline)",
	"link            (on/offline)",
};

enum {
	VELOCITY_TEST_REGS,
	VELOCITY_TEST_LOOPBACK,
	VELOCITY_TEST_LINK,
	VELOCITY_TEST_NUM
};

/* Hardware MIB counters, in the order the chip reads them out */
const char velocity_mib_names[VEL_MIB_COUNTERS][ETH_GSTRING_LEN] = {
	"rx_all", "rx_ok", "tx_ok", "rx_error",
	"rx_runt_ok", "rx_runt_err", "rx_64", "tx_64",
	"rx_65_to_127", "tx_65_to_127", "rx_128_to_255", "tx_128_to_255",
	"rx_256_to_511", "tx_256_to_511", "rx_512_to_1023", "tx_512_to_1023",
	"rx_1024_to_1518", "tx_1024_to_1518", "tx_ether_collisions", "rx_crc_errors",
	"rx_jumbo", "tx_jumbo", "rx_mac_control_frames", "tx_mac_control_frames",
	"rx_frame_alignment_errors", "rx_long_ok", "rx_long_err", "tx_sqe_errors",
	"rx_no_buf", "rx_symbol_errors", "in_range_length_errors", "late_collisions",
};

/* Driver counters, after the MIB ones */
static const char velocity_sw_names[][ETH_GSTRING_LEN] = {
	"resets", "tx_timeouts", "tx_dma_stalls", "rx_dma_stalls", "mib_read_errors",
	"rx_alloc_fail", "rx_multi_desc", "rx_copied", "rx_desc_errors",
	"tx_linearized", "tx_csum_sw", "tx_map_fail",
};

static void velocity_get_drvinfo(struct net_device *netdev, struct ethtool_drvinfo *info)
{
	struct velocity_priv *vp = netdev_priv(netdev);

	strscpy(info->driver, VELOCITY_NAME, sizeof(info->driver));
	strscpy(info->version, VELOCITY_VERSION, sizeof(info->version));
	snprintf(info->fw_version, sizeof(info->fw_version), "%s rev 0x%02x",
		 vp->chip->name, vp->rev);
	strscpy(info->bus_info, pci_name(vp->pdev), sizeof(info->bus_info));
}

static u32 velocity_get_msglevel(struct net_device *netdev)
{
	struct velocity_priv *vp = netdev_priv(netdev);

	return vp->msg_enable;
}

static void velocity_set_msglevel(struct net_device *netdev, u32 value)
{
	struct velocity_priv *vp = netdev_priv(netdev);

	vp->msg_enable = value;
}

static int velocity_get_sset_count(struct net_device *netdev, int sset)
{
	switch (sset) {
	case ETH_SS_STATS:
		return VEL_MIB_COUNTERS + ARRAY_SIZE(velocity_sw_names);
	case ETH_SS_TEST:
		return VELOCITY_TEST_NUM;
	default:
		return -EOPNOTSUPP;
	}
}

static void velocity_get_strings(struct net_device *netdev, u32 sset, u8 *data)
{
	switch (sset) {
	case ETH_SS_STATS:
		memcpy(data, velocity_mib_names, sizeof(velocity_mib_names));
		memcpy(data + sizeof(velocity_mib_names), velocity_sw_names,
		       sizeof(velocity_sw_names));
		break;
	case ETH_SS_TEST:
		memcpy(data, velocity_test_names, sizeof(velocity_test_names));
		break;
	}
}

static void velocity_get_ethtool_stats(struct net_device *netdev,
				       struct ethtool_stats *stats, u64 *data)
{
	struct velocity_priv *vp = netdev_priv(netdev);
	const struct velocity_xmit_stats *xs;
	const struct velocity_rx_stats *rs;
	unsigned int start;

	rs = &vp->rx_stats;
	xs = &vp->xmit_stats;
	/* process context: read the chip now, not at the next read-out */
	velocity_mib_update(vp);
	velocity_mib_snapshot(vp, data);
	/* the PCIe parts count garbage here */
	if (velocity_has(vp, VELOCITY_F_SQE_BOGUS))
		data[VEL_MIB_TX_SQE] = 0;
	data += VEL_MIB_COUNTERS;

	*data++ = atomic_long_read(&vp->sw.resets);
	*data++ = atomic_long_read(&vp->sw.tx_timeouts);
	*data++ = atomic_long_read(&vp->sw.tx_stalls);
	*data++ = atomic_long_read(&vp->sw.rx_stalls);
	*data++ = atomic_long_read(&vp->sw.mib_errors);

	do {
		start = u64_stats_fetch_begin(&rs->syncp);
		data[0] = u64_stats_read(&rs->alloc_fail);
		data[1] = u64_stats_read(&rs->multi_desc);
		data[2] = u64_stats_read(&rs->copied);
		data[3] = u64_stats_read(&rs->errors);
	} while (u64_stats_fetch_retry(&rs->syncp, start));
	data += 4;

	do {
		start = u64_stats_fetch_begin(&xs->syncp);
		data[0] = u64_stats_read(&xs->linearized);
		data[1] = u64_stats_read(&xs->csum_sw);
		data[2] = u64_stats_read(&xs->map_fail);
	} while (u64_stats_fetch_retry(&xs->syncp, start));
}

static int velocity_get_coalesce(struct net_device *netdev, struct ethtool_coalesce *ec,
				 struct kernel_ethtool_coalesce *kec,
				 struct netlink_ext_ack *extack)
{
	struct velocity_priv *vp = netdev_priv(netdev);

	ec->rx_max_coalesced_frames = vp->coal.rx_frames;
	ec->tx_max_coalesced_frames = vp->coal.tx_frames;
	ec->rx_coalesce_usecs = vp->coal.rx_usecs;
	ec->tx_coalesce_usecs = vp->coal.tx_usecs;
	return 0;
}

/*
 * rx/tx-frames are the suppression thresholds (one byte each).  rx/tx-usecs
 * are the queue-empty timers that flush a batch below the threshold; on
 * VT3119, which has none, the shorter non-zero one sets the interrupt
 * hold-off timer instead.  Delays are rounded up to what the timer can
 * express and read back as such.
 */
static int velocity_set_coalesce(struct net_device *netdev, struct ethtool_coalesce *ec,
				 struct kernel_ethtool_coalesce *kec,
				 struct netlink_ext_ack *extack)
{
	struct velocity_priv *vp = netdev_priv(netdev);
	bool qtimers;

	qtimers = velocity_has(vp, VELOCITY_F_QUEUE_TIMERS);
	if (ec->rx_max_coalesced_frames > U8_MAX || ec->tx_max_coalesced_frames > U8_MAX) {
		NL_SET_ERR_MSG_MOD(extack, "rx-frames and tx-frames must be 0-255");
		return -EINVAL;
	}
	if (qtimers && (ec->rx_coalesce_usecs > VEL_QTMR_MAX_US ||
			ec->tx_coalesce_usecs > VEL_QTMR_MAX_US)) {
		NL_SET_ERR_MSG_MOD(extack, "rx-usecs and tx-usecs must be 0-4032");
		return -EINVAL;
	}
	if (!qtimers && (ec->rx_coalesce_usecs > VEL_HOLDOFF_MAX_US ||
			 ec->tx_coalesce_usecs > VEL_HOLDOFF_MAX_US)) {
		NL_SET_ERR_MSG_MOD(extack, "rx-usecs and tx-usecs must be 0-5100 (hold-off timer)");
		return -EINVAL;
	}

	/* without its timer a batch below the threshold waits for more frames */
	if (ec->rx_max_coalesced_frames && !ec->rx_coalesce_usecs) {
		NL_SET_ERR_MSG_MOD(extack, "rx-frames needs rx-usecs to flush a partial batch");
		return -EINVAL;
	}
	if (ec->tx_max_coalesced_frames && !ec->tx_coalesce_usecs) {
		NL_SET_ERR_MSG_MOD(extack, "tx-frames needs tx-usecs to flush a partial batch");
		return -EINVAL;
	}

	vp->coal.rx_frames = ec->rx_max_coalesced_frames;
	vp->coal.tx_frames = ec->tx_max_coalesced_frames;
	vp->coal.rx_usecs = velocity_coal_usecs(qtimers, ec->rx_coalesce_usecs);
	vp->coal.tx_usecs = velocity_coal_usecs(qtimers, ec->tx_coalesce_usecs);
	if (netif_running(netdev) && test_bit(VELOCITY_HW_READY, &vp->flags))
		velocity_apply_coalesce(vp);
	return 0;
}

static void velocity_get_wol(struct net_device *netdev, struct ethtool_wolinfo *wol)
{
	struct velocity_priv *vp = netdev_priv(netdev);

	wol->supported = VELOCITY_WAKE_SUPPORTED;
	wol->wolopts = vp->wolopts;
}

static int velocity_set_wol(struct net_device *netdev, struct ethtool_wolinfo *wol)
{
	struct velocity_priv *vp = netdev_priv(netdev);

	if (wol->wolopts & ~VELOCITY_WAKE_SUPPORTED)
		return -EINVAL;

	vp->wolopts = wol->wolopts;
	device_set_wakeup_enable(&vp->pdev->dev, !!vp->wolopts);
	return 0;
}

static void velocity_get_ringparam(struct net_device *netdev, struct ethtool_ringparam *ring,
				   struct kernel_ethtool_ringparam *kring,
				   struct netlink_ext_ack *extack)
{
	struct velocity_priv *vp = netdev_priv(netdev);

	ring->rx_max_pending = VELOCITY_RX_RING_MAX & ~3;
	ring->tx_max_pending = VELOCITY_TX_RING_MAX;
	ring->rx_pending = vp->rx_ring_size;
	ring->tx_pending = vp->tx_ring_size;
}

/*
 * Same limits as RxDescriptors/TxDescriptors, but RX at most 252: ethtool
 * reports that maximum and the core refuses more; RX rounds down to a
 * multiple of 4.
 */
static int velocity_set_ringparam(struct net_device *netdev, struct ethtool_ringparam *ring,
				  struct kernel_ethtool_ringparam *kring,
				  struct netlink_ext_ack *extack)
{
	struct velocity_priv *vp = netdev_priv(netdev);
	unsigned int rx = ring->rx_pending & ~3U;

	/* the core has held both to the maximums get_ringparam reports */
	if (ring->rx_pending < VELOCITY_RX_RING_MIN ||
	    ring->rx_pending > (VELOCITY_RX_RING_MAX & ~3)) {
		NL_SET_ERR_MSG_MOD(extack, "rx must be 64-252 (rounded down to a multiple of 4)");
		return -EINVAL;
	}
	if (ring->tx_pending < VELOCITY_TX_RING_MIN || ring->tx_pending > VELOCITY_TX_RING_MAX) {
		NL_SET_ERR_MSG_MOD(extack, "tx must be 16-256");
		return -EINVAL;
	}
	if (rx == vp->rx_ring_size && ring->tx_pending == vp->tx_ring_size)
		return 0;

	return velocity_resize_rings(vp, rx, ring->tx_pending);
}

/*
 * One RX and one TX ring sharing one interrupt: a single combined channel.
 * Reported so that tools see the count (ethtool -l); the core refuses any
 * other count against the maximum, so setting it changes nothing.
 */
static void velocity_get_channels(struct net_device *netdev, struct ethtool_channels *ch)
{
	ch->max_combined = 1;
	ch->combined_count = 1;
}

static int velocity_set_channels(struct net_device *netdev, struct ethtool_channels *ch)
{
	return 0;
}

/* ---- standard statistics groups, from the MIB counters ---- */

/* The MIB now: ethtool runs in process context and may read the chip */
static void velocity_mib_now(struct velocity_priv *vp, u64 *mib)
{
	velocity_mib_update(vp);
	velocity_mib_snapshot(vp, mib);
}

static void velocity_get_eth_mac_stats(struct net_device *netdev,
				       struct ethtool_eth_mac_stats *s)
{
	struct velocity_priv *vp = netdev_priv(netdev);
	u64 mib[VEL_MIB_COUNTERS];

	velocity_mib_now(vp, mib);
	s->FramesTransmittedOK = mib[VEL_MIB_TX_OK];
	s->FramesReceivedOK = mib[VEL_MIB_RX_OK];
	s->FrameCheckSequenceErrors = mib[VEL_MIB_RX_CRC];
	s->AlignmentErrors = mib[VEL_MIB_RX_FAE];
	s->LateCollisions = mib[VEL_MIB_TX_LATE_COL];
	s->InRangeLengthErrors = mib[VEL_MIB_RX_LEN_ERR];
	s->FrameTooLongErrors = mib[VEL_MIB_RX_LONG_ERR];
}

static void velocity_get_eth_phy_stats(struct net_device *netdev,
				       struct ethtool_eth_phy_stats *s)
{
	struct velocity_priv *vp = netdev_priv(netdev);
	u64 mib[VEL_MIB_COUNTERS];

	velocity_mib_now(vp, mib);
	s->SymbolErrorDuringCarrier = mib[VEL_MIB_RX_SYMBOL];
}

static void velocity_get_eth_ctrl_stats(struct net_device *netdev,
					struct ethtool_eth_ctrl_stats *s)
{
	struct velocity_priv *vp = netdev_priv(netdev);
	u64 mib[VEL_MIB_COUNTERS];

	velocity_mib_now(vp, mib);
	s->MACControlFramesTransmitted = mib[VEL_MIB_TX_MAC_CTRL];
	s->MACControlFramesReceived = mib[VEL_MIB_RX_MAC_CTRL];
}

/*
 * The chip counts MAC control frames, not PAUSE frames alone.  It sends
 * no other kind; a peer could send others (PFC), which would count here.
 */
static void velocity_get_pause_stats(struct net_device *netdev,
				     struct ethtool_pause_stats *s)
{
	struct velocity_priv *vp = netdev_priv(netdev);
	u64 mib[VEL_MIB_COUNTERS];

	velocity_mib_now(vp, mib);
	s->tx_pause_frames = mib[VEL_MIB_TX_MAC_CTRL];
	s->rx_pause_frames = mib[VEL_MIB_RX_MAC_CTRL];
}

/* The MIB's frame size bins, FCS included; the last one is "over 1518" */
static const struct ethtool_rmon_hist_range velocity_rmon_ranges[] = {
	{ 64, 64 },
	{ 65, 127 },
	{ 128, 255 },
	{ 256, 511 },
	{ 512, 1023 },
	{ 1024, 1518 },
	{ 1519, VEL_DESC_LEN_MAX },
	{ }
};

static void velocity_get_rmon_stats(struct net_device *netdev, struct ethtool_rmon_stats *s,
				    const struct ethtool_rmon_hist_range **ranges)
{
	struct velocity_priv *vp = netdev_priv(netdev);
	u64 mib[VEL_MIB_COUNTERS];
	unsigned int i;

	velocity_mib_now(vp, mib);
	s->undersize_pkts = mib[VEL_MIB_RX_RUNT_OK];
	s->fragments = mib[VEL_MIB_RX_RUNT_ERR];
	s->oversize_pkts = mib[VEL_MIB_RX_LONG_OK];
	s->jabbers = mib[VEL_MIB_RX_LONG_ERR];
	for (i = 0; i < VEL_MIB_SIZE_BINS; i++) {
		s->hist[i] = mib[VEL_MIB_RX_64 + 2 * i];
		s->hist_tx[i] = mib[VEL_MIB_TX_64 + 2 * i];
	}
	s->hist[i] = mib[VEL_MIB_RX_JUMBO];
	s->hist_tx[i] = mib[VEL_MIB_TX_JUMBO];
	*ranges = velocity_rmon_ranges;
}

/* ---- ethtool -d, -e/-E, -t ---- */

static int velocity_get_regs_len(struct net_device *netdev)
{
	return VEL_REGS_SIZE;
}

/* tools/velocity-regs decodes the dump (ethtool has no printer for it) */
static void velocity_get_regs(struct net_device *netdev, struct ethtool_regs *regs, void *p)
{
	struct velocity_priv *vp = netdev_priv(netdev);

	regs->version = VELOCITY_REGS_VERSION << 8 | vp->rev;
	memset(p, 0, VEL_REGS_SIZE);
	if (!velocity_gone(vp))
		velocity_dump_regs(vp, p);
}

static int velocity_get_eeprom_len(struct net_device *netdev)
{
	return VEL_EEPROM_WORDS * 2;
}

/* The core has checked offset and length against the EEPROM's size */
static int velocity_get_eeprom(struct net_device *netdev, struct ethtool_eeprom *ee, u8 *data)
{
	struct velocity_priv *vp = netdev_priv(netdev);
	unsigned int i;
	u16 word;
	int err;

	if (velocity_gone(vp))
		return -ENODEV;
	ee->magic = VELOCITY_EEPROM_MAGIC;
	for (i = ee->offset; i < ee->offset + ee->len; i++) {
		if (i == ee->offset || !(i & 1)) {
			err = velocity_eeprom_read(vp, i / 2, &word);
			if (err)
				return err;
		}
		data[i - ee->offset] = i & 1 ? word >> 8 : word & 0xff;
	}
	return 0;
}

/*
 * Words only partly covered are read first.  The EEPROM's checksum byte
 * is the writer's business, as with any raw ethtool -E.
 */
static int velocity_set_eeprom(struct net_device *netdev, struct ethtool_eeprom *ee, u8 *data)
{
	struct velocity_priv *vp = netdev_priv(netdev);
	unsigned int i, end = ee->offset + ee->len;
	u16 word;
	int err;

	if (ee->magic != VELOCITY_EEPROM_MAGIC)
		return -EINVAL;
	if (velocity_gone(vp))
		return -ENODEV;
	for (i = ee->offset & ~1U; i < end; i += 2) {
		err = velocity_eeprom_read(vp, i / 2, &word);
		if (err)
			return err;
		if (i >= ee->offset)
			word = (word & 0xff00) | data[i - ee->offset];
		if (i + 1 < end)
			word = (word & 0x00ff) | data[i + 1 - ee->offset] << 8;
		err = velocity_eeprom_write(vp, i / 2, word);
		if (err)
			return err;
	}
	return 0;
}

/*
 * Offline: the register test and MAC loopback, with traffic stopped (an
 * interface that is down is brought up for them and down again).  Online
 * and offline: the PHY must see a link.
 */
static void velocity_self_test(struct net_device *netdev, struct ethtool_test *test, u64 *data)
{
	struct velocity_priv *vp = netdev_priv(netdev);
	bool was_up = test_bit(VELOCITY_UP, &vp->flags);

	memset(data, 0, VELOCITY_TEST_NUM * sizeof(*data));
	if (velocity_gone(vp)) {
		test->flags |= ETH_TEST_FL_FAILED;
		return;
	}
	if (test->flags & ETH_TEST_FL_OFFLINE) {
		if (!was_up && velocity_up(vp)) {
			data[VELOCITY_TEST_REGS] = 1;
			data[VELOCITY_TEST_LOOPBACK] = 1;
		} else {
			velocity_offline_test(vp, &data[VELOCITY_TEST_REGS],
					      &data[VELOCITY_TEST_LOOPBACK]);
			if (!was_up)
				velocity_down(vp);
		}
	}
	data[VELOCITY_TEST_LINK] = !velocity_phy_link_ok(vp);

	if (data[VELOCITY_TEST_REGS] || data[VELOCITY_TEST_LOOPBACK] || data[VELOCITY_TEST_LINK])
		test->flags |= ETH_TEST_FL_FAILED;
}

const struct ethtool_ops velocity_ethtool_ops = {
	.supported_coalesce_params = ETHTOOL_COALESCE_USECS | ETHTOOL_COALESCE_MAX_FRAMES,
	.get_drvinfo		= velocity_get_drvinfo,
	.get_link		= ethtool_op_get_link,
	.get_link_ksettings	= velocity_get_link_ksettings,
	.set_link_ksettings	= velocity_set_link_ksettings,
	.nway_reset		= velocity_nway_reset,
	.get_pauseparam		= velocity_get_pauseparam,
	.set_pauseparam		= velocity_set_pauseparam,
	.get_msglevel		= velocity_get_msglevel,
	.set_msglevel		= velocity_set_msglevel,
	.get_sset_count		= velocity_get_sset_count,
	.get_strings		= velocity_get_strings,
	.get_ethtool_stats	= velocity_get_ethtool_stats,
	.get_coalesce		= velocity_get_coalesce,
	.set_coalesce		= velocity_set_coalesce,
	.get_wol		= velocity_get_wol,
	.set_wol		= velocity_set_wol,
	.get_ringparam		= velocity_get_ringparam,
	.set_ringparam		= velocity_set_ringparam,
	.get_channels		= velocity_get_channels,
	.set_channels		= velocity_set_channels,
	.get_eth_mac_stats	= velocity_get_eth_mac_stats,
	.get_eth_phy_stats	= velocity_get_eth_phy_stats,
	.get_eth_ctrl_stats	= velocity_get_eth_ctrl_stats,
	.get_pause_stats	= velocity_get_pause_stats,
	.get_rmon_stats		= velocity_get_rmon_stats,
	.get_regs_len		= velocity_get_regs_len,
	.get_regs		= velocity_get_regs,
	.get_eeprom_len		= velocity_get_eeprom_len,
	.get_eeprom		= velocity_get_eeprom,
	.set_eeprom		= velocity_set_eeprom,
	.self_test		= velocity_self_test,
};
