// SPDX-License-Identifier: GPL-2.0
/*
 * VIA Velocity: Wake-on-LAN.
 *
 * Before sleeping the MAC is told what to wake on, the link drops from
 * 1000 to 10/100 Mb/s (the MAC runs 10/100 full duplex MII while asleep)
 * and the sticky power-state bits tell the chip it is going down.  Waking
 * undoes all of it before anything else touches the chip.
 */
#include <linux/etherdevice.h>
#include <linux/inetdevice.h>
#include <linux/netdevice.h>
#include <linux/pci.h>

#include "velocity.h"
#include "velocity_compat.h"

#define VELOCITY_WOLCR_ALL	0xffff
#define VELOCITY_WOLSR_ALL	0xffff

/**
 * velocity_wol_disarm() - leave the sleep state and drop every wake source
 * @vp: device private data
 *
 * Run at probe, on every chip initialisation and on resume.
 */
void velocity_wol_disarm(struct velocity_priv *vp)
{
	u8 v;

	if (velocity_gone(vp))
		return;

	/*
	 * Two writes in the order every driver uses (doc/hardware.md 6.6):
	 * SWPTAG, the driver's own "asleep" mark, then the power-state shadow.
	 */
	v = vel_r8(vp, VEL_STICKHW) & ~VEL_STICKHW_SWPTAG;
	vel_w8(vp, VEL_STICKHW, v);
	vel_w8(vp, VEL_STICKHW, v & ~(VEL_STICKHW_DS1 | VEL_STICKHW_DS0));

	velocity_mod8(vp, VEL_CHIPGCR, VEL_CHIPGCR_FCGMII | VEL_CHIPGCR_FCMODE, 0);
	vel_w8(vp, VEL_WOLCFG_CLR, VEL_WOLCFG_PMEOVR);
	vel_w16(vp, VEL_WOLCR_CLR, VELOCITY_WOLCR_ALL);
	vel_w16(vp, VEL_WOLSR_CLR, VELOCITY_WOLSR_ALL);
}

/* Pattern slots: ARP, broadcast, then the multicast groups */
#define VELOCITY_PAT_ARP	0
#define VELOCITY_PAT_BCAST	1
#define VELOCITY_PAT_MCAST	2

/*
 * Load pattern @n: its 16-byte mask (patterns 0-3 on CAMCR page 0, 4-7 on
 * page 1) and the CRC of the bytes it selects in @frame.
 */
static void velocity_wol_pattern(struct velocity_priv *vp, unsigned int n, const u8 *frame,
				 unsigned int len, const u8 mask[VEL_WOL_MASK_BYTES])
{
	unsigned int base = VEL_BYTE_MASK0 + (n % 4) * VEL_WOL_MASK_BYTES;
	unsigned int i;

	spin_lock_bh(&vp->cam_lock);
	vel_w8(vp, VEL_CAMCR, FIELD_PREP(VEL_CAMCR_PS, n < 4 ? VEL_CAMCR_PAGE_MAR :
							     VEL_CAMCR_PAGE_MASK));
	for (i = 0; i < VEL_WOL_MASK_BYTES; i += 4)
		vel_w32(vp, base + i, get_unaligned_le32(&mask[i]));
	vel_w8(vp, VEL_CAMCR, FIELD_PREP(VEL_CAMCR_PS, VEL_CAMCR_PAGE_MAR));
	spin_unlock_bh(&vp->cam_lock);
	vel_w16(vp, VEL_PATTERN_CRC0 + 2 * n, velocity_wol_pattern_crc(frame, len, mask));
}

/* A pattern matching frames to @addr: the destination bytes only */
static void velocity_wol_dest(struct velocity_priv *vp, unsigned int n, const u8 *addr)
{
	u8 mask[VEL_WOL_MASK_BYTES] = { GENMASK(ETH_ALEN - 1, 0) };

	velocity_wol_pattern(vp, n, addr, ETH_ALEN, mask);
}

/*
 * WAKE_MCAST: one pattern per multicast group the interface has joined,
 * as many as there are slots.  Return: the WOLCR pattern bits armed.
 */
static u16 velocity_wol_mcast(struct velocity_priv *vp)
{
	u8 addr[VEL_WOL_PATTERNS - VELOCITY_PAT_MCAST][ETH_ALEN];
	struct net_device *netdev = vp->netdev;
	unsigned int n = 0, total, i;
	struct netdev_hw_addr *ha;
	u16 bits = 0;

	netif_addr_lock_bh(netdev);
	total = netdev_mc_count(netdev);
	netdev_for_each_mc_addr(ha, netdev) {
		if (n == ARRAY_SIZE(addr))
			break;
		ether_addr_copy(addr[n++], ha->addr);
	}
	netif_addr_unlock_bh(netdev);

	if (total > n)
		netdev_warn(netdev, "wake on multicast: %u of %u groups armed (%u patterns)\n",
			    n, total, n);
	for (i = 0; i < n; i++) {
		velocity_wol_dest(vp, VELOCITY_PAT_MCAST + i, addr[i]);
		bits |= VEL_WOLCR_PATTERN(VELOCITY_PAT_MCAST + i);
	}
	return bits;
}

/*
 * The ARP pattern matches an ARP request for the interface's first IPv4
 * address, read now so that it is the address in use when sleeping.
 * Return: true if the pattern was armed.
 */
static bool velocity_wol_arp(struct velocity_priv *vp)
{
	u8 frame[VEL_ARP_FRAME_LEN], mask[VEL_WOL_MASK_BYTES];
	const struct in_ifaddr *ifa;
	struct in_device *in_dev;
	__be32 ip = 0;

	rcu_read_lock();
	in_dev = __in_dev_get_rcu(vp->netdev);
	if (in_dev) {
		in_dev_for_each_ifa_rcu(ifa, in_dev) {
			ip = ifa->ifa_local;
			break;
		}
	}
	rcu_read_unlock();
	if (!ip) {
		netdev_warn(vp->netdev, "no IPv4 address, ARP wake-up not armed\n");
		return false;
	}

	velocity_wol_arp_mask(mask);
	velocity_wol_arp_frame(frame, (const u8 *)&ip);
	velocity_wol_pattern(vp, VELOCITY_PAT_ARP, frame, sizeof(frame), mask);
	return true;
}

/**
 * velocity_wol_arm() - program the wake sources and enter the sleep state
 * @vp: device private data
 *
 * The MAC must be stopped.  The PCI core enables PME afterwards.
 */
void velocity_wol_arm(struct velocity_priv *vp)
{
	u16 wolcr = 0;
	u8 v;

	vel_w16(vp, VEL_WOLCR_CLR, VELOCITY_WOLCR_ALL);
	vel_w8(vp, VEL_WOLCFG_SET, VEL_WOLCFG_SAB | VEL_WOLCFG_SAM);

	if (vp->wolopts & WAKE_MAGIC)
		wolcr |= VEL_WOLCR_MAGIC;
	if (vp->wolopts & WAKE_UCAST)
		wolcr |= VEL_WOLCR_UNICAST;
	if (vp->wolopts & WAKE_PHY)
		wolcr |= VEL_WOLCR_LINKON | VEL_WOLCR_LINKOFF;
	if ((vp->wolopts & WAKE_ARP) && velocity_wol_arp(vp))
		wolcr |= VEL_WOLCR_PATTERN(VELOCITY_PAT_ARP);
	if (vp->wolopts & WAKE_BCAST) {
		velocity_wol_dest(vp, VELOCITY_PAT_BCAST, vp->netdev->broadcast);
		wolcr |= VEL_WOLCR_PATTERN(VELOCITY_PAT_BCAST);
	}
	if (vp->wolopts & WAKE_MCAST)
		wolcr |= velocity_wol_mcast(vp);
	vel_w16(vp, VEL_WOLCR_SET, wolcr);

	vel_w8(vp, VEL_PWCFG_SET, VEL_PWCFG_WOLTYPE | VEL_PWCFG_LEGACY_WOLEN);

	/* the link changes the PHY makes now are not wake events */
	velocity_phy_sleep(vp, vp->wolopts & WAKE_PHY);
	vel_w16(vp, VEL_WOLSR_CLR, VELOCITY_WOLSR_ALL);

	vel_w32(vp, VEL_ISR, VEL_INT_PWEI);
	/* as on wake, in reverse (doc/hardware.md 6.5) */
	v = vel_r8(vp, VEL_STICKHW) | VEL_STICKHW_SWPTAG;
	vel_w8(vp, VEL_STICKHW, v);
	vel_w8(vp, VEL_STICKHW, v | VEL_STICKHW_DS1 | VEL_STICKHW_DS0);
}
