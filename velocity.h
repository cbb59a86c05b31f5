/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VIA Velocity gigabit Ethernet driver: private state shared by the
 * driver's source files.
 *
 * Layering: velocity_main.c (PCI glue, lifecycle, netdev ops) and
 * velocity_ethtool.c (ethtool ops) are the top, the kernel's entry
 * points.  The feature files below them (velocity_mac.c, velocity_rx.c,
 * velocity_tx.c, velocity_phy.c, velocity_wol.c, velocity_param.c,
 * velocity_chipid.c) call each other only downwards, in that order, and
 * never up into main or ethtool.  The prototypes below are grouped by the
 * file that defines them.
 */
#ifndef _VELOCITY_H
#define _VELOCITY_H

#include <linux/ethtool.h>
#include <linux/if_vlan.h>
#include <linux/io.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/spinlock.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>

#include "velocity_chipid.h"
#include "velocity_hw.h"

#define VELOCITY_NAME		"velocity"
#define VELOCITY_VERSION	"1.1.0"

/*
 * Interval of the MIB read-out.  A 24-bit counter of 64-byte frames at
 * 1 Gb/s wraps after 11 s; the netdev statistics, which never touch the
 * chip, are at most this old.
 */
#define VELOCITY_MIB_PERIOD	(2 * HZ)

#define VELOCITY_TX_TIMEOUT	(5 * HZ)

/* Stored on every MIB read-out; ethtool reads them as u64 */
extern const char velocity_mib_names[VEL_MIB_COUNTERS][ETH_GSTRING_LEN];

struct velocity_rx_buf {
	struct page *page;
	unsigned int offset;	/* of the buffer's slice within @page */
};

struct velocity_tx_buf {
	struct sk_buff *skb;
	unsigned int bytes;	/* skb->len as given to BQL */
	unsigned int nbufs;
	bool head_mapped;	/* buffer 0 is the linear head */
	dma_addr_t dma[VEL_TD_BUFS];
	unsigned int len[VEL_TD_BUFS];
};

/* Written only by the NAPI poll */
struct velocity_rx_stats {
	struct u64_stats_sync syncp;
	u64_stats_t packets;
	u64_stats_t bytes;
	u64_stats_t multicast;
	u64_stats_t dropped;
	u64_stats_t errors;		/* frames the descriptor marked bad */
	u64_stats_t length_errors;	/* of those: longer than the MTU allows */
	u64_stats_t alloc_fail;
	u64_stats_t multi_desc;		/* frames spread over several RDs */
	u64_stats_t copied;
};

/* TX completion counters; a reclaim pass tallies its own, then adds them */
struct velocity_tx_counts {
	u64 packets;
	u64 bytes;
	u64 errors;
	u64 aborted;
	u64 window;
	u64 carrier;
	u64 heartbeat;
};

/* Written only by the NAPI poll (TX reclaim) */
struct velocity_tx_stats {
	struct u64_stats_sync syncp;
	u64_stats_t packets;
	u64_stats_t bytes;
	u64_stats_t errors;
	u64_stats_t aborted;
	u64_stats_t window;
	u64_stats_t carrier;
	u64_stats_t heartbeat;
};

/* Written by ndo_start_xmit under the TX queue lock, or with TX disabled */
struct velocity_xmit_stats {
	struct u64_stats_sync syncp;
	u64_stats_t dropped;
	u64_stats_t linearized;
	u64_stats_t csum_sw;
	u64_stats_t map_fail;
};

/* The chip's MIB counters as 64-bit totals; written under mib_lock */
struct velocity_mib_stats {
	struct u64_stats_sync syncp;
	u64_stats_t c[VEL_MIB_COUNTERS];
};

struct velocity_rx_ring {
	struct velocity_rd *desc;
	dma_addr_t dma;
	struct velocity_rx_buf *buf;
	struct page_pool *pool;
	unsigned int count;
	unsigned int next_clean;	/* next RD the NIC completes */
	unsigned int next_give;		/* first host-owned RD, 4-aligned */
	unsigned int host_owned;	/* RDs currently not owned by the NIC */
	struct sk_buff *skb;		/* frame being assembled */
	unsigned int frame_bytes;	/* bytes placed in @skb so far */
	bool discard;			/* dropping the rest of a frame */
};

struct velocity_tx_ring {
	struct velocity_td *desc;
	dma_addr_t dma;
	struct velocity_tx_buf *buf;
	unsigned int count;
	unsigned int head;		/* ndo_start_xmit */
	unsigned int tail;		/* NAPI reclaim */
};

/**
 * struct velocity_coal - interrupt moderation settings
 * @rx_frames: RX suppression threshold, 0 = off
 * @tx_frames: TX suppression threshold, 0 = off
 * @rx_usecs: RX delay, as the timer in use can express it
 * @tx_usecs: TX delay, likewise
 *
 * VT3216 and later have a queue-empty timer per direction.  VT3119 has
 * only the interrupt hold-off timer, shared by both directions; it runs
 * with the shorter of the two non-zero delays.
 */
struct velocity_coal {
	u8 rx_frames;
	u8 tx_frames;
	u16 rx_usecs;
	u16 tx_usecs;
};

/* velocity_priv.flags */
enum velocity_flag {
	VELOCITY_GONE,		/* register reads return all-ones */
	VELOCITY_HW_READY,	/* rings and filters may be programmed */
	VELOCITY_UP,		/* velocity_up() succeeded, velocity_down() not run */
};

/* velocity_priv.events: noted by the hard IRQ for the NAPI poll or link_work */
enum velocity_event {
	VELOCITY_EV_RX_RESTART,	/* RX ran out of descriptors */
	VELOCITY_EV_MIB,	/* MIB counters near overflow */
	VELOCITY_EV_LINK,	/* SRCI: PHYSR0 changed, auto-poll stopped */
};

/* Rare events, shown by ethtool -S after the MIB counters */
struct velocity_sw_counters {
	atomic_long_t resets;
	atomic_long_t tx_stalls;
	atomic_long_t rx_stalls;
	atomic_long_t tx_timeouts;
	atomic_long_t mib_errors;
};

struct velocity_priv {
	void __iomem *mmio;
	struct net_device *netdev;
	struct pci_dev *pdev;
	const struct velocity_chip_info *chip;
	u8 rev;
	u8 dma_bits;			/* streaming DMA mask in use */
	int irq;			/* MSI vector or the legacy line */

	struct napi_struct napi;
	struct velocity_rx_ring rx;
	struct velocity_tx_ring tx;
	/* outside the rings so that they survive a ring resize */
	struct velocity_rx_stats rx_stats;
	struct velocity_tx_stats tx_stats;
	struct velocity_xmit_stats xmit_stats;

	/* hard IRQ versus the NAPI poll's unmask */
	spinlock_t irq_lock;
	bool irq_masked;
	u32 int_mask;		/* IMR value */
	u32 isr_ack_extra;	/* HFLD while the hold-off timer runs */
	unsigned long flags;	/* enum velocity_flag, atomic bitops */
	unsigned long events;	/* enum velocity_event, atomic bitops */

	/* from the module parameters; ring sizes change under RTNL */
	unsigned int int_works;
	unsigned int rx_copybreak;
	bool ip_align;
	unsigned int rx_ring_size;
	unsigned int tx_ring_size;
	u8 dma_length;
	u8 rx_thresh;
	bool mrdpl;
	bool tx_csum_param;		/* txcsum_offload */

	/* CAMCR page select and the filters behind it */
	spinlock_t cam_lock;
	unsigned long active_vlans[BITS_TO_LONGS(VLAN_N_VID)];
	u8 rcr;				/* RCR as last written */
	u64 mcam_known;			/* CAM entries whose copy is valid */
	u64 vcam_known;
	u8 mcam[VEL_CAM_ENTRIES][ETH_ALEN];
	u16 vcam[VEL_CAM_ENTRIES];

	/*
	 * PHY and link (velocity_phy.c).  The PHY's identity and abilities
	 * are fixed at probe; mii_lock guards the MII engine and everything
	 * from autoneg on.
	 */
	struct mutex mii_lock;
	u8 phy_addr;
	u32 phy_id;
	u32 phy_quirks;
	u16 sup_adv;			/* BASE-T modes as ANAR and CTRL1000 bits */
	u16 sup_1000;
	bool autoneg;
	u16 adv;			/* advertised modes, same encoding */
	u16 adv_1000;
	int forced_speed;		/* without autoneg: SPEED_10 or SPEED_100 */
	u8 forced_duplex;
	int req_speed;			/* from speed_duplex at probe */
	u8 req_duplex;
	bool pause_autoneg;		/* pause as negotiated, else: */
	bool pause_rx;			/*   honour received PAUSE */
	bool pause_tx;			/*   send PAUSE */
	bool link_armed;		/* auto-poll on, link_work follows PHYSR0 */
	unsigned long link_check_at;	/* PHYSR0 is current from then on */
	u8 link_status;			/* PHYSR0 link bits as reported, 0 = down */
	struct delayed_work link_work;

	struct velocity_coal coal;	/* changed under RTNL */

	/* MIB read-out sequence (the chip's MIBCR) and the totals */
	spinlock_t mib_lock;
	struct velocity_mib_stats mib;
	struct velocity_sw_counters sw;
	struct delayed_work mib_work;
	unsigned int tx_seen_tail;	/* velocity_tx_hung(): TX tail at the last look */
	unsigned long tx_seen_at;	/* and when it last moved (jiffies) */
	struct work_struct reset_work;
	struct work_struct gone_work;

	u32 wolopts;			/* changed under RTNL */
	u32 msg_enable;

	/* ethtool -t offline: MAC loopback, frames checked by the RX path */
	bool loopback;
	atomic_t lb_good;
};

/* The MAC loopback test's frames (ethtool -t offline) */
#define VELOCITY_LB_FRAMES	8
#define VELOCITY_LB_LEN		1000
#define VELOCITY_LB_ETHERTYPE	0x88b5	/* IEEE local experimental */

/* Register accessors */
static inline u8 vel_r8(const struct velocity_priv *vp, unsigned int reg)
{
	return readb(vp->mmio + reg);
}

static inline u16 vel_r16(const struct velocity_priv *vp, unsigned int reg)
{
	return readw(vp->mmio + reg);
}

static inline u32 vel_r32(const struct velocity_priv *vp, unsigned int reg)
{
	return readl(vp->mmio + reg);
}

static inline void vel_w8(const struct velocity_priv *vp, unsigned int reg, u8 val)
{
	writeb(val, vp->mmio + reg);
}

static inline void vel_w16(const struct velocity_priv *vp, unsigned int reg, u16 val)
{
	writew(val, vp->mmio + reg);
}

static inline void vel_w32(const struct velocity_priv *vp, unsigned int reg, u32 val)
{
	writel(val, vp->mmio + reg);
}

static inline bool velocity_has(const struct velocity_priv *vp, u32 feature)
{
	return vp->chip->flags & feature;
}

static inline bool velocity_gone(const struct velocity_priv *vp)
{
	return test_bit(VELOCITY_GONE, &vp->flags);
}

/**
 * velocity_mod8() - read-modify-write of an 8-bit register
 * @vp: device private data
 * @reg: register offset
 * @clear: bits to clear
 * @set: bits to set, after @clear
 */
static inline void velocity_mod8(const struct velocity_priv *vp, unsigned int reg, u8 clear,
				 u8 set)
{
	vel_w8(vp, reg, (vel_r8(vp, reg) & ~clear) | set);
}

/* velocity_main.c */
int velocity_up(struct velocity_priv *vp);
void velocity_down(struct velocity_priv *vp);
int velocity_resize_rings(struct velocity_priv *vp, unsigned int rx_count,
			  unsigned int tx_count);
void velocity_offline_test(struct velocity_priv *vp, u64 *reg_result, u64 *lb_result);

/* velocity_mac.c */
void velocity_write_par(struct velocity_priv *vp, const u8 *addr);
void velocity_mark_gone(struct velocity_priv *vp);
bool velocity_check_gone(struct velocity_priv *vp);
void velocity_chip_reset(struct velocity_priv *vp);
void velocity_write_vlan_filter(struct velocity_priv *vp);
void velocity_write_filters(struct velocity_priv *vp);
void velocity_mib_update(struct velocity_priv *vp);
void velocity_mib_snapshot(struct velocity_priv *vp, u64 *mib);
void velocity_mib_task(struct work_struct *work);
void velocity_apply_coalesce(struct velocity_priv *vp);
void velocity_irq_unmask(struct velocity_priv *vp);
void velocity_irq_mask(struct velocity_priv *vp);
void velocity_hw_init(struct velocity_priv *vp);
void velocity_hw_stop(struct velocity_priv *vp);
void velocity_dump_regs(struct velocity_priv *vp, u32 *regs);
int velocity_eeprom_read(struct velocity_priv *vp, unsigned int word, u16 *val);
int velocity_eeprom_write(struct velocity_priv *vp, unsigned int word, u16 val);
int velocity_reg_test(struct velocity_priv *vp);

/* velocity_rx.c */
int velocity_rx_ring_alloc(struct velocity_priv *vp, struct velocity_rx_ring *rx,
			   unsigned int count);
void velocity_rx_ring_free(struct velocity_priv *vp, struct velocity_rx_ring *rx);
void velocity_rx_ring_reset(struct velocity_rx_ring *rx);
void velocity_rx_give(struct velocity_priv *vp);
void velocity_lb_fill(u8 *frame, unsigned int len, const u8 *addr, unsigned int seq);
int velocity_rx_poll(struct velocity_priv *vp, int limit);

/* velocity_tx.c */
int velocity_tx_ring_alloc(struct velocity_priv *vp, struct velocity_tx_ring *tx,
			   unsigned int count);
void velocity_tx_ring_free(struct velocity_priv *vp, struct velocity_tx_ring *tx);
void velocity_tx_purge(struct velocity_priv *vp);
bool velocity_tx_clean(struct velocity_priv *vp, int limit, int napi_budget);
bool velocity_tx_hung(struct velocity_priv *vp);
netdev_tx_t velocity_start_xmit(struct sk_buff *skb, struct net_device *netdev);
netdev_features_t velocity_features_check(struct sk_buff *skb, struct net_device *netdev,
					  netdev_features_t features);

/* velocity_phy.c */
int velocity_phy_init(struct velocity_priv *vp);
void velocity_phy_sleep(struct velocity_priv *vp, bool settle);
void velocity_phy_resume(struct velocity_priv *vp);
void velocity_link_irq(struct velocity_priv *vp);
void velocity_link_start(struct velocity_priv *vp);
void velocity_link_halt(struct velocity_priv *vp);
void velocity_link_forget(struct velocity_priv *vp);
int velocity_get_link_ksettings(struct net_device *netdev, struct ethtool_link_ksettings *cmd);
int velocity_set_link_ksettings(struct net_device *netdev,
				const struct ethtool_link_ksettings *cmd);
int velocity_nway_reset(struct net_device *netdev);
void velocity_get_pauseparam(struct net_device *netdev, struct ethtool_pauseparam *pause);
int velocity_set_pauseparam(struct net_device *netdev, struct ethtool_pauseparam *pause);
int velocity_eth_ioctl(struct net_device *netdev, struct ifreq *rq, int cmd);
bool velocity_phy_link_ok(struct velocity_priv *vp);

/* velocity_wol.c */
void velocity_wol_arm(struct velocity_priv *vp);
void velocity_wol_disarm(struct velocity_priv *vp);

/* velocity_ethtool.c */
extern const struct ethtool_ops velocity_ethtool_ops;

#endif /* _VELOCITY_H */
