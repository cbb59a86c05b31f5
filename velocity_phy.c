// SPDX-License-Identifier: GPL-2.0
/*
 * VIA Velocity: PHY access, link state and link settings.
 *
 * Why this is not a phylib driver: the MAC polls the PHY by itself (MII
 * auto-poll), resolves link, speed, duplex and pause into PHYSR0 and
 * raises SRCI when they change.  phylib would poll the same PHY again over
 * MDIO, and Debian 12's cloud-amd64 kernel is built without CONFIG_PHYLIB
 * (and without CONFIG_MII), so a phylib driver cannot even be built there.
 * This file drives the PHY through the MAC's MII engine and uses only the
 * inline helpers of <linux/mii.h>: the module needs no other module.
 *
 * Link changes: the hard IRQ only notes SRCI and queues link_work.  The
 * work reads PHYSR0, restarts auto-poll (SRCI stops it), sets the carrier
 * and programs the MAC for the new link.  After auto-poll is switched on
 * (open, resume, chip reset) PHYSR0 is trusted only once auto-poll had the
 * time to run, so the work also runs once after that grace time, SRCI or
 * not: a link that is down, or that did not change across a reset, raises
 * no SRCI.
 *
 * Locking: mii_lock, a mutex because the MII engine waits sleep,
 * serialises the MII engine, the PHY settings and the link state in
 * struct velocity_priv.  Only process context takes it; the hard IRQ
 * touches nothing here but an event bit and the work item.
 */
#include <linux/ethtool.h>
#include <linux/iopoll.h>
#include <linux/mii.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/workqueue.h>

#include "velocity.h"

/* Bound of one MII engine wait, in microseconds */
#define VELOCITY_MII_US		4000

/*
 * Time from switching auto-poll on until PHYSR0 is trusted without SRCI.
 * The poll interval is not documented (doc/hardware.md 5.8): the driver
 * keeps MIICFG's default of 1024 units, and 20 ms is a guess with margin
 * for a unit of up to about 20 us.
 */
#define VELOCITY_LINK_GRACE_MS	20

/*
 * Bound of the wait for the renegotiation velocity_phy_sleep() starts when
 * the link itself is a wake source.  IEEE 802.3 clause 28 negotiation
 * takes about 1.5 to 3 s (break link timer, link fail inhibit timer); a
 * link that has not settled by then is left to wake the machine when it
 * does, as a cable plugged in would.
 */
#define VELOCITY_WOL_AN_US	(5 * USEC_PER_SEC)

/* Per-PHY quirks */
#define VELOCITY_PHYQ_MDPPS	BIT(0)	/* Cicada aux control: MDPPS */
#define VELOCITY_PHYQ_LED	BIT(1)	/* Cicada: link/activity LED */
#define VELOCITY_PHYQ_ECHODIS	BIT(2)	/* echo disable follows duplex */
#define VELOCITY_PHYQ_ACRSTX	BIT(3)	/* Marvell: assert CRS on transmit */

#define VELOCITY_PHY_ID_MASK	0xfffffff0	/* ignore the revision */
#define CICADA_AUX_CTRL		0x1c
#define CICADA_AUX_MDPPS	BIT(2)
#define CICADA_LED_CTRL		0x1b
#define CICADA_LED_LALBE	BIT(2)
#define CICADA_TEST_CTRL	0x16
#define CICADA_TEST_ECHODIS	BIT(13)
#define MARVELL_PHY_SPEC_CTRL	0x10
#define MARVELL_PSCR_ACRSTX	BIT(11)

static const struct velocity_phy_quirk {
	u32 id;
	u32 quirks;
} velocity_phy_quirks[] = {
	{ 0x000fc410, VELOCITY_PHYQ_MDPPS | VELOCITY_PHYQ_LED | VELOCITY_PHYQ_ECHODIS },
	{ 0x000fc610, VELOCITY_PHYQ_ECHODIS },	/* VT3216 internal, 32-bit */
	{ 0x000fc600, VELOCITY_PHYQ_ECHODIS },	/* VT3216 internal, 64-bit */
	{ 0x01410c50, VELOCITY_PHYQ_ACRSTX },	/* Marvell 88E1000 */
	{ 0x01410c40, VELOCITY_PHYQ_ACRSTX },	/* Marvell 88E1000S */
};

/*
 * The BASE-T modes a Velocity PHY can link at.  Sets of modes are kept as
 * the bits that advertise them in ANAR (10/100) and CTRL1000 (1000);
 * <linux/mii.h> converts those to and from ethtool link modes.
 */
static const struct velocity_link_mode {
	int speed;
	u8 duplex;
	u16 adv;
	u16 adv_1000;
} velocity_link_modes[] = {
	{ SPEED_10, DUPLEX_HALF, ADVERTISE_10HALF, 0 },
	{ SPEED_10, DUPLEX_FULL, ADVERTISE_10FULL, 0 },
	{ SPEED_100, DUPLEX_HALF, ADVERTISE_100HALF, 0 },
	{ SPEED_100, DUPLEX_FULL, ADVERTISE_100FULL, 0 },
	{ SPEED_1000, DUPLEX_HALF, 0, ADVERTISE_1000HALF },
	{ SPEED_1000, DUPLEX_FULL, 0, ADVERTISE_1000FULL },
};

static bool velocity_mode_in(const struct velocity_link_mode *m, u16 adv, u16 adv_1000)
{
	return (m->adv & adv) || (m->adv_1000 & adv_1000);
}

/* PHYSR0 bits that describe a link; 0 stands for no link */
#define VELOCITY_LINK_BITS	(VEL_PHYSR0_LINKGD | VEL_PHYSR0_FDPX | VEL_PHYSR0_SPDG | \
				 VEL_PHYSR0_SPD10 | VEL_PHYSR0_RXFLC | VEL_PHYSR0_TXFLC)

static u8 velocity_link_status(u8 physr0)
{
	return physr0 & VEL_PHYSR0_LINKGD ? physr0 & VELOCITY_LINK_BITS : 0;
}

static int velocity_status_speed(u8 status)
{
	if (status & VEL_PHYSR0_SPDG)
		return SPEED_1000;
	return status & VEL_PHYSR0_SPD10 ? SPEED_10 : SPEED_100;
}

/* ---- the MII engine (mii_lock held) ---- */

static int velocity_mii_wait(struct velocity_priv *vp, unsigned int reg, u8 bit, bool set)
{
	u8 v;

	return read_poll_timeout(vel_r8, v, !!(v & bit) == set, 5, VELOCITY_MII_US,
				 false, vp, reg);
}

/* Stop auto-polling so the MII engine takes our commands */
static int velocity_mii_idle(struct velocity_priv *vp)
{
	vel_w8(vp, VEL_MIICR, 0);
	return velocity_mii_wait(vp, VEL_MIISR, VEL_MIISR_MIDLE, true);
}

/* MIISR in bits 15:8, MIICR in bits 7:0, for one poll condition */
static u16 velocity_mii_state(struct velocity_priv *vp)
{
	return vel_r8(vp, VEL_MIISR) << 8 | vel_r8(vp, VEL_MIICR);
}

/*
 * Switch auto-polling on.  It keeps PHYSR0 current and raises SRCI on a
 * change; the chip switches it off when it raises SRCI.
 */
static void velocity_mii_autopoll_start(struct velocity_priv *vp)
{
	u16 st;

	if (velocity_mii_idle(vp))
		goto timeout;
	vel_w8(vp, VEL_MIIADR, VEL_MIIADR_SWMPL);
	if (velocity_mii_wait(vp, VEL_MIISR, VEL_MIISR_MIDLE, true))
		goto timeout;
	vel_w8(vp, VEL_MIICR, VEL_MIICR_MAUTO);
	/*
	 * The engine leaves idle once polling runs.  A change seen on the
	 * very first poll raises SRCI and stops polling again at once; that
	 * counts as started, the link work restarts it.
	 */
	if (read_poll_timeout(velocity_mii_state, st,
			      !(st & (VEL_MIISR_MIDLE << 8)) || !(st & VEL_MIICR_MAUTO),
			      5, VELOCITY_MII_US, false, vp))
		goto timeout;
	return;

timeout:
	netdev_err(vp->netdev, "MII auto-polling did not start\n");
}

/* Take the MII engine from auto-poll for PHY register accesses */
static int velocity_mii_stop(struct velocity_priv *vp)
{
	int err;

	if (velocity_gone(vp))
		return -ENODEV;
	err = velocity_mii_idle(vp);
	if (err)
		netdev_err(vp->netdev, "MII engine did not go idle\n");
	return err;
}

/*
 * Give the MII engine back to auto-poll if the link is being watched.  A
 * link change while auto-poll was off need not raise SRCI, so the link
 * work also looks at PHYSR0 once the grace time has passed.
 */
static void velocity_mii_resume(struct velocity_priv *vp)
{
	unsigned long grace = msecs_to_jiffies(VELOCITY_LINK_GRACE_MS);

	if (!vp->link_armed || velocity_gone(vp))
		return;
	velocity_mii_autopoll_start(vp);
	vp->link_check_at = jiffies + grace;
	mod_delayed_work(system_wq, &vp->link_work, grace);
}

/* Auto-poll stopped by velocity_mii_stop() */
static int velocity_mii_read(struct velocity_priv *vp, unsigned int reg)
{
	vel_w8(vp, VEL_MIIADR, FIELD_PREP(VEL_MIIADR_REG, reg));
	vel_w8(vp, VEL_MIICR, VEL_MIICR_RCMD);
	if (velocity_mii_wait(vp, VEL_MIICR, VEL_MIICR_RCMD, false)) {
		netdev_err(vp->netdev, "MII read of register %u timed out\n", reg);
		return -ETIMEDOUT;
	}
	return vel_r16(vp, VEL_MIIDATA);
}

/* Auto-poll stopped by velocity_mii_stop() */
static int velocity_mii_write(struct velocity_priv *vp, unsigned int reg, u16 val)
{
	vel_w8(vp, VEL_MIIADR, FIELD_PREP(VEL_MIIADR_REG, reg));
	vel_w16(vp, VEL_MIIDATA, val);
	vel_w8(vp, VEL_MIICR, VEL_MIICR_WCMD);
	if (velocity_mii_wait(vp, VEL_MIICR, VEL_MIICR_WCMD, false)) {
		netdev_err(vp->netdev, "MII write of register %u timed out\n", reg);
		return -ETIMEDOUT;
	}
	return 0;
}

/* Return: 1 if the register changed, 0 if not, or a negative error */
static int velocity_mii_modify(struct velocity_priv *vp, unsigned int reg, u16 mask, u16 set)
{
	int old, err;

	old = velocity_mii_read(vp, reg);
	if (old < 0)
		return old;
	if (((old & ~mask) | set) == old)
		return 0;
	err = velocity_mii_write(vp, reg, (old & ~mask) | set);
	return err ? err : 1;
}

/* One register, for the MII ioctls */
static int velocity_phy_access(struct velocity_priv *vp, unsigned int reg, bool write, u16 val)
{
	int ret;

	mutex_lock(&vp->mii_lock);
	ret = velocity_mii_stop(vp);
	if (!ret)
		ret = write ? velocity_mii_write(vp, reg, val) : velocity_mii_read(vp, reg);
	velocity_mii_resume(vp);
	mutex_unlock(&vp->mii_lock);
	return ret;
}

/* ---- PHY settings (mii_lock held) ---- */

/* The PHY quirks that do not depend on the link; auto-poll stopped */
static int velocity_phy_fixup(struct velocity_priv *vp)
{
	int err = 0;

	if (vp->phy_quirks & VELOCITY_PHYQ_MDPPS)
		err = velocity_mii_modify(vp, CICADA_AUX_CTRL, 0, CICADA_AUX_MDPPS);
	if (err >= 0 && (vp->phy_quirks & VELOCITY_PHYQ_LED))
		err = velocity_mii_modify(vp, CICADA_LED_CTRL, 0, CICADA_LED_LALBE);
	if (err >= 0 && (vp->phy_quirks & VELOCITY_PHYQ_ACRSTX))
		err = velocity_mii_modify(vp, MARVELL_PHY_SPEC_CTRL, 0, MARVELL_PSCR_ACRSTX);
	/* some boards strap the PHY isolated from the MII */
	if (err >= 0)
		err = velocity_mii_modify(vp, MII_BMCR, BMCR_ISOLATE, 0);
	return err < 0 ? err : 0;
}

/*
 * ANAR pause bits.  "As negotiated" offers both directions; a fixed
 * choice advertises what it will use (802.3 annex 28B).
 */
static u16 velocity_pause_adv(const struct velocity_priv *vp)
{
	if (vp->pause_autoneg)
		return ADVERTISE_PAUSE_CAP | ADVERTISE_PAUSE_ASYM;
	return mii_advertise_flowctrl((vp->pause_rx ? FLOW_CTRL_RX : 0) |
				      (vp->pause_tx ? FLOW_CTRL_TX : 0));
}

/**
 * velocity_phy_program() - write the link settings into the PHY
 * @vp: device private data
 * @restart: renegotiate even if the advertisement did not change
 *
 * With autonegotiation the PHY advertises vp->adv, vp->adv_1000 and the pause
 * bits of flow_control, and renegotiates when that changed or when it was
 * not negotiating.  Otherwise BMCR forces the speed and duplex.
 * Auto-poll must be stopped.
 *
 * Return: 0 or a negative error.
 */
static int velocity_phy_program(struct velocity_priv *vp, bool restart)
{
	u16 adv = vp->adv | velocity_pause_adv(vp);
	int bmcr, ret;

	bmcr = velocity_mii_read(vp, MII_BMCR);
	if (bmcr < 0)
		return bmcr;

	if (!vp->autoneg) {
		u16 val = bmcr & ~(BMCR_ANENABLE | BMCR_SPEED100 | BMCR_SPEED1000 |
				   BMCR_FULLDPLX | BMCR_ISOLATE | BMCR_PDOWN);

		val |= mii_bmcr_encode_fixed(vp->forced_speed, vp->forced_duplex);
		return val == bmcr ? 0 : velocity_mii_write(vp, MII_BMCR, val);
	}

	ret = velocity_mii_modify(vp, MII_ADVERTISE, ADVERTISE_ALL | ADVERTISE_PAUSE_CAP |
				  ADVERTISE_PAUSE_ASYM, adv);
	if (ret < 0)
		return ret;
	restart |= ret;
	if (vp->sup_1000) {
		ret = velocity_mii_modify(vp, MII_CTRL1000, ADVERTISE_1000FULL | ADVERTISE_1000HALF,
					  vp->adv_1000);
		if (ret < 0)
			return ret;
		restart |= ret;
	}
	if (!restart && (bmcr & BMCR_ANENABLE) && !(bmcr & (BMCR_ISOLATE | BMCR_PDOWN)))
		return 0;

	bmcr &= ~(BMCR_ISOLATE | BMCR_PDOWN);
	return velocity_mii_write(vp, MII_BMCR, bmcr | BMCR_ANENABLE | BMCR_ANRESTART);
}

/*
 * The one speed and duplex the settings allow, if they allow only one:
 * autonegotiation off, or on with one mode advertised ("NWay-forced").
 */
static bool velocity_phy_fixed_mode(const struct velocity_priv *vp, int *speed, int *duplex)
{
	const struct velocity_link_mode *one = NULL;
	unsigned int i;

	if (!vp->autoneg) {
		*speed = vp->forced_speed;
		*duplex = vp->forced_duplex;
		return true;
	}
	for (i = 0; i < ARRAY_SIZE(velocity_link_modes); i++) {
		if (!velocity_mode_in(&velocity_link_modes[i], vp->adv, vp->adv_1000))
			continue;
		if (one)
			return false;
		one = &velocity_link_modes[i];
	}
	if (!one)
		return false;
	*speed = one->speed;
	*duplex = one->duplex;
	return true;
}

/* ---- MAC side of the link (mii_lock held) ---- */

/* Pause in use on a link: as resolved by the PHY or as forced */
static void velocity_link_pause(const struct velocity_priv *vp, u8 status, bool *rx, bool *tx)
{
	*rx = false;
	*tx = false;
	if (!(status & VEL_PHYSR0_FDPX))
		return;

	if (vp->pause_autoneg) {
		*rx = status & VEL_PHYSR0_RXFLC;
		*tx = status & VEL_PHYSR0_TXFLC;
	} else {
		*rx = vp->pause_rx;
		*tx = vp->pause_tx;
	}
}

/**
 * velocity_mac_link_config() - program the MAC for the settings and a link
 * @vp: device private data
 * @status: the link as velocity_link_status() gives it, 0 for none
 *
 * The MAC's forced mode follows the settings; flow control, frame
 * bursting and the SQE test follow the link.  (The queue-empty timers do
 * not: they are written with the moderation settings, velocity_mac.c.)
 */
static void velocity_mac_link_config(struct velocity_priv *vp, u8 status)
{
	bool full = status & VEL_PHYSR0_FDPX;
	bool rx_pause, tx_pause;
	int speed, duplex;
	u8 v;

	/* a pinned mode also goes into the MAC, not only the PHY */
	v = 0;
	if (velocity_phy_fixed_mode(vp, &speed, &duplex)) {
		v |= VEL_CHIPGCR_FCMODE;
		if (duplex == DUPLEX_FULL)
			v |= VEL_CHIPGCR_FCFDX;
		if (speed == SPEED_1000)
			v |= VEL_CHIPGCR_FCGMII;
	}
	velocity_mod8(vp, VEL_CHIPGCR,
		      VEL_CHIPGCR_FCMODE | VEL_CHIPGCR_FCFDX | VEL_CHIPGCR_FCGMII, v);

	if (!status)
		return;

	velocity_link_pause(vp, status, &rx_pause, &tx_pause);
	vel_w8(vp, VEL_CR2_CLR, VEL_CR2_FDXRFCEN | VEL_CR2_FDXTFCEN);
	v = (rx_pause ? VEL_CR2_FDXRFCEN : 0) | (tx_pause ? VEL_CR2_FDXTFCEN : 0);
	if (v)
		vel_w8(vp, VEL_CR2_SET, v);

	/* VT3119 must not burst frames back to back in half duplex */
	if (velocity_has(vp, VELOCITY_F_B2B_BY_DUPLEX))
		velocity_mod8(vp, VEL_TCR, VEL_TCR_TB2BDIS, full ? 0 : VEL_TCR_TB2BDIS);

	/* SQE test errors only mean something at 10 Mb/s half duplex */
	if (velocity_has(vp, VELOCITY_F_SQE_PATCH))
		velocity_mod8(vp, VEL_TESTCFG, VEL_TESTCFG_HBDIS,
			      velocity_status_speed(status) == SPEED_10 && !full ?
			      0 : VEL_TESTCFG_HBDIS);
	else if (velocity_has(vp, VELOCITY_F_SQE_BOGUS))
		velocity_mod8(vp, VEL_TESTCFG, 0, VEL_TESTCFG_HBDIS);
}

/* Carrier and the one log line per change */
static void velocity_link_report(struct velocity_priv *vp, u8 status)
{
	struct net_device *netdev = vp->netdev;
	bool rx_pause, tx_pause;
	int speed;

	if (status == vp->link_status)
		return;
	vp->link_status = status;

	if (!status) {
		netif_carrier_off(netdev);
		netif_info(vp, link, netdev, "Link is Down\n");
		return;
	}

	netif_carrier_on(netdev);
	speed = velocity_status_speed(status);
	velocity_link_pause(vp, status, &rx_pause, &tx_pause);
	netif_info(vp, link, netdev, "Link is Up - %s/%s - flow control %s\n",
		   speed == SPEED_1000 ? "1Gbps" : speed == SPEED_100 ? "100Mbps" : "10Mbps",
		   status & VEL_PHYSR0_FDPX ? "Full" : "Half",
		   rx_pause && tx_pause ? "rx/tx" : rx_pause ? "rx" : tx_pause ? "tx" : "off");
}

/*
 * Link work: after SRCI, or once the grace time after switching auto-poll
 * on has passed.
 */
static void velocity_link_task(struct work_struct *work)
{
	struct velocity_priv *vp = container_of(to_delayed_work(work), struct velocity_priv,
						link_work);
	bool poll = false;
	u8 status;

	mutex_lock(&vp->mii_lock);
	if (!vp->link_armed || velocity_gone(vp))
		goto out;

	/* before the first poll cycle PHYSR0 may describe an older link */
	if (!test_and_clear_bit(VELOCITY_EV_LINK, &vp->events)) {
		if (time_before(jiffies, vp->link_check_at)) {
			mod_delayed_work(system_wq, &vp->link_work, vp->link_check_at - jiffies);
			goto out;
		}
	} else {
		poll = true;	/* SRCI switched auto-poll off */
	}

	status = velocity_link_status(vel_r8(vp, VEL_PHYSR0));

	/* the Cicada echo canceller follows the negotiated duplex */
	if (status && status != vp->link_status && (vp->phy_quirks & VELOCITY_PHYQ_ECHODIS) &&
	    !velocity_mii_stop(vp)) {
		velocity_mii_modify(vp, CICADA_TEST_CTRL, CICADA_TEST_ECHODIS,
				    status & VEL_PHYSR0_FDPX ? CICADA_TEST_ECHODIS : 0);
		poll = true;
	}

	/* also when an SRCI got lost: without polling no change is ever seen */
	if (poll || !(vel_r8(vp, VEL_MIICR) & VEL_MIICR_MAUTO))
		velocity_mii_autopoll_start(vp);

	velocity_mac_link_config(vp, status);
	velocity_link_report(vp, status);
out:
	mutex_unlock(&vp->mii_lock);
}

/**
 * velocity_link_irq() - note a link change, from the hard IRQ
 * @vp: device private data
 */
void velocity_link_irq(struct velocity_priv *vp)
{
	set_bit(VELOCITY_EV_LINK, &vp->events);
	mod_delayed_work(system_wq, &vp->link_work, 0);
}

/**
 * velocity_link_start() - watch the link once the chip is initialised
 * @vp: device private data
 *
 * Switches auto-poll on and programs the MAC for the last known link; the
 * link work then confirms or corrects that from PHYSR0 after the grace
 * time, or earlier on SRCI.  The IRQ must still be masked.
 */
void velocity_link_start(struct velocity_priv *vp)
{
	unsigned long grace = msecs_to_jiffies(VELOCITY_LINK_GRACE_MS);

	mutex_lock(&vp->mii_lock);
	clear_bit(VELOCITY_EV_LINK, &vp->events);
	vp->link_armed = true;
	velocity_mii_autopoll_start(vp);
	vp->link_check_at = jiffies + grace;
	velocity_mac_link_config(vp, vp->link_status);
	mutex_unlock(&vp->mii_lock);

	mod_delayed_work(system_wq, &vp->link_work, grace);
}

/**
 * velocity_link_halt() - stop watching the link, before the chip stops
 * @vp: device private data
 *
 * The carrier is left alone: a chip reset keeps the link.
 */
void velocity_link_halt(struct velocity_priv *vp)
{
	mutex_lock(&vp->mii_lock);
	vp->link_armed = false;
	velocity_mii_stop(vp);
	mutex_unlock(&vp->mii_lock);
}

/**
 * velocity_link_forget() - the interface goes down: no carrier, no link
 * @vp: device private data
 *
 * Called after the IRQ is released, so no link work can be queued again.
 */
void velocity_link_forget(struct velocity_priv *vp)
{
	cancel_delayed_work_sync(&vp->link_work);
	mutex_lock(&vp->mii_lock);
	vp->link_status = 0;
	netif_carrier_off(vp->netdev);
	mutex_unlock(&vp->mii_lock);
}

/* ---- probe, sleep, wake ---- */

static u32 velocity_phy_quirks_of(u32 phy_id)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(velocity_phy_quirks); i++)
		if (velocity_phy_quirks[i].id == (phy_id & VELOCITY_PHY_ID_MASK))
			return velocity_phy_quirks[i].quirks;
	return 0;
}

/* The BASE-T modes the PHY has, from BMSR and the extended status */
static int velocity_phy_read_abilities(struct velocity_priv *vp)
{
	int bmsr, estat = 0;

	bmsr = velocity_mii_read(vp, MII_BMSR);
	if (bmsr < 0)
		return bmsr;
	if (bmsr & BMSR_ESTATEN) {
		estat = velocity_mii_read(vp, MII_ESTATUS);
		if (estat < 0)
			return estat;
	}

	vp->sup_adv = 0;
	if (bmsr & BMSR_10HALF)
		vp->sup_adv |= ADVERTISE_10HALF;
	if (bmsr & BMSR_10FULL)
		vp->sup_adv |= ADVERTISE_10FULL;
	if (bmsr & BMSR_100HALF)
		vp->sup_adv |= ADVERTISE_100HALF;
	if (bmsr & BMSR_100FULL)
		vp->sup_adv |= ADVERTISE_100FULL;
	vp->sup_1000 = 0;
	if (estat & ESTATUS_1000_THALF)
		vp->sup_1000 |= ADVERTISE_1000HALF;
	if (estat & ESTATUS_1000_TFULL)
		vp->sup_1000 |= ADVERTISE_1000FULL;
	return 0;
}

/*
 * The link the module parameters ask for: every mode the PHY has, or the
 * one mode of speed_duplex advertised alone ("NWay-forced").
 */
static void velocity_phy_req_settings(struct velocity_priv *vp)
{
	unsigned int i;

	vp->autoneg = true;
	vp->adv = vp->sup_adv;
	vp->adv_1000 = vp->sup_1000;
	if (vp->req_speed == SPEED_UNKNOWN)
		return;

	for (i = 0; i < ARRAY_SIZE(velocity_link_modes); i++) {
		const struct velocity_link_mode *m = &velocity_link_modes[i];

		if (m->speed == vp->req_speed && m->duplex == vp->req_duplex &&
		    velocity_mode_in(m, vp->sup_adv, vp->sup_1000)) {
			vp->adv = m->adv;
			vp->adv_1000 = m->adv_1000;
			return;
		}
	}
	dev_warn(&vp->pdev->dev, "%d Mb/s %s duplex not supported by the PHY, autonegotiating\n",
		 vp->req_speed, vp->req_duplex == DUPLEX_FULL ? "full" : "half");
}

/**
 * velocity_phy_init() - find the PHY and apply the module parameters
 * @vp: device private data, with the requested link and pause set
 *
 * Return: 0, -ENODEV without a PHY, or another negative error.
 */
int velocity_phy_init(struct velocity_priv *vp)
{
	int id1, id2, err;

	mutex_init(&vp->mii_lock);
	INIT_DELAYED_WORK(&vp->link_work, velocity_link_task);

	/* PCIe parts report their strapping in MIICFG; their PHY is at 1 */
	if (velocity_has(vp, VELOCITY_F_PHY_AT_1))
		vp->phy_addr = 1;
	else
		vp->phy_addr = FIELD_GET(VEL_MIICFG_PHYAD, vel_r8(vp, VEL_MIICFG));

	mutex_lock(&vp->mii_lock);
	err = velocity_mii_stop(vp);
	if (err)
		goto out;
	id1 = velocity_mii_read(vp, MII_PHYSID1);
	id2 = velocity_mii_read(vp, MII_PHYSID2);
	if (id1 < 0 || id2 < 0) {
		err = -EIO;
		goto out;
	}
	vp->phy_id = id1 << 16 | id2;
	if (!vp->phy_id || vp->phy_id == 0xffffffff) {
		dev_err(&vp->pdev->dev, "no PHY at MII address %u\n", vp->phy_addr);
		err = -ENODEV;
		goto out;
	}
	vp->phy_quirks = velocity_phy_quirks_of(vp->phy_id);

	err = velocity_phy_read_abilities(vp);
	if (err)
		goto out;
	velocity_phy_req_settings(vp);
	err = velocity_phy_fixup(vp);
	if (!err)
		err = velocity_phy_program(vp, false);
out:
	mutex_unlock(&vp->mii_lock);
	return err;
}

/* Wait for a renegotiation to end (auto-poll stopped) */
static void velocity_phy_settle(struct velocity_priv *vp)
{
	int bmsr;

	if (read_poll_timeout(velocity_mii_read, bmsr,
			      bmsr < 0 || (bmsr & BMSR_ANEGCOMPLETE),
			      10 * USEC_PER_MSEC, VELOCITY_WOL_AN_US, true, vp, MII_BMSR))
		netdev_info(vp->netdev,
			    "link still negotiating at sleep: it may wake the machine\n");
}

/**
 * velocity_phy_sleep() - slow the link down for Wake-on-LAN
 * @vp: device private data
 * @settle: wait for the renegotiation to end (the link is a wake source)
 *
 * The MAC runs 10/100 full duplex MII while asleep.  Unless the settings
 * pin the link at 1000 Mb/s, 1000BASE-T is no longer advertised, and the
 * link renegotiates if that changed the advertisement: only then can it
 * have been at 1000 Mb/s.  That renegotiation is a link change: with wake
 * on link armed it would wake the machine as soon as it slept, so with
 * @settle the PHY is given VELOCITY_WOL_AN_US to finish it first.
 * Auto-poll is left on while asleep, as the in-tree driver leaves it.
 * The MAC must be stopped.
 */
void velocity_phy_sleep(struct velocity_priv *vp, bool settle)
{
	int speed, duplex, ret;

	mutex_lock(&vp->mii_lock);
	if (velocity_phy_fixed_mode(vp, &speed, &duplex) && speed == SPEED_1000)
		goto out;

	if (!velocity_mii_stop(vp)) {
		if (vp->phy_quirks & VELOCITY_PHYQ_MDPPS)
			velocity_mii_modify(vp, CICADA_AUX_CTRL, 0, CICADA_AUX_MDPPS);
		if (vp->autoneg && vp->sup_1000) {
			ret = velocity_mii_modify(vp, MII_CTRL1000,
						  ADVERTISE_1000FULL | ADVERTISE_1000HALF, 0);
			if (ret > 0)
				ret = velocity_mii_modify(vp, MII_BMCR, 0,
							  BMCR_ANENABLE | BMCR_ANRESTART);
			if (ret > 0 && settle)
				velocity_phy_settle(vp);
		}
		velocity_mii_autopoll_start(vp);
	}

	velocity_mod8(vp, VEL_CHIPGCR, VEL_CHIPGCR_FCGMII, VEL_CHIPGCR_FCMODE | VEL_CHIPGCR_FCFDX);
out:
	mutex_unlock(&vp->mii_lock);
}

/**
 * velocity_phy_resume() - restore the PHY after sleep
 * @vp: device private data
 *
 * The PHY may have lost its settings, and velocity_phy_sleep() took
 * 1000BASE-T out of the advertisement: write everything again.
 */
void velocity_phy_resume(struct velocity_priv *vp)
{
	int err;

	mutex_lock(&vp->mii_lock);
	err = velocity_mii_stop(vp);
	if (!err)
		err = velocity_phy_fixup(vp);
	if (!err)
		err = velocity_phy_program(vp, false);
	velocity_mii_resume(vp);
	mutex_unlock(&vp->mii_lock);
	if (err)
		netdev_err(vp->netdev, "cannot restore the PHY settings: %d\n", err);
}

/* ---- ethtool and ioctl ---- */

/* After a settings change: PHY, then the MAC for the link there is now */
static int velocity_phy_apply(struct velocity_priv *vp, bool restart)
{
	int err;

	err = velocity_mii_stop(vp);
	if (!err)
		err = velocity_phy_program(vp, restart);
	velocity_mii_resume(vp);
	if (vp->link_armed && !velocity_gone(vp))
		velocity_mac_link_config(vp, vp->link_status);
	return err;
}

static void velocity_supported_modes(const struct velocity_priv *vp, unsigned long *modes)
{
	mii_adv_to_linkmode_adv_t(modes, vp->sup_adv | ADVERTISE_PAUSE_CAP | ADVERTISE_PAUSE_ASYM);
	mii_ctrl1000_mod_linkmode_adv_t(modes, vp->sup_1000);
	linkmode_set_bit(ETHTOOL_LINK_MODE_Autoneg_BIT, modes);
	linkmode_set_bit(ETHTOOL_LINK_MODE_TP_BIT, modes);
	linkmode_set_bit(ETHTOOL_LINK_MODE_MII_BIT, modes);
}

/**
 * velocity_get_link_ksettings() - ethtool: link settings and state
 * @netdev: our device
 * @cmd: filled in
 *
 * Advertisement and autonegotiation come from the PHY's registers, the
 * partner's modes too while there is a link; speed and duplex are the
 * link the MAC reported last.
 *
 * Return: 0 or a negative error.
 */
int velocity_get_link_ksettings(struct net_device *netdev, struct ethtool_link_ksettings *cmd)
{
	int bmcr = 0, adv = 0, ctrl1000 = 0, lpa = 0, stat1000 = 0;
	struct ethtool_link_settings *base = &cmd->base;
	struct velocity_priv *vp = netdev_priv(netdev);
	bool up = netif_carrier_ok(netdev);
	int err;

	mutex_lock(&vp->mii_lock);
	err = velocity_mii_stop(vp);
	if (err)
		goto out;
	bmcr = velocity_mii_read(vp, MII_BMCR);
	adv = velocity_mii_read(vp, MII_ADVERTISE);
	if (vp->sup_1000)
		ctrl1000 = velocity_mii_read(vp, MII_CTRL1000);
	if (up && bmcr >= 0 && (bmcr & BMCR_ANENABLE)) {
		lpa = velocity_mii_read(vp, MII_LPA);
		if (vp->sup_1000)
			stat1000 = velocity_mii_read(vp, MII_STAT1000);
	}
	if (bmcr < 0 || adv < 0 || ctrl1000 < 0 || lpa < 0 || stat1000 < 0)
		err = -EIO;
out:
	velocity_mii_resume(vp);
	if (!err) {
		velocity_supported_modes(vp, cmd->link_modes.supported);
		mii_adv_to_linkmode_adv_t(cmd->link_modes.advertising, adv);
		mii_ctrl1000_mod_linkmode_adv_t(cmd->link_modes.advertising, ctrl1000);
		mii_lpa_mod_linkmode_lpa_t(cmd->link_modes.lp_advertising, lpa);
		mii_stat1000_mod_linkmode_lpa_t(cmd->link_modes.lp_advertising, stat1000);
		base->autoneg = bmcr & BMCR_ANENABLE ? AUTONEG_ENABLE : AUTONEG_DISABLE;
		if (base->autoneg == AUTONEG_ENABLE)
			linkmode_set_bit(ETHTOOL_LINK_MODE_Autoneg_BIT,
					 cmd->link_modes.advertising);
		base->speed = SPEED_UNKNOWN;
		base->duplex = DUPLEX_UNKNOWN;
		if (up && vp->link_status) {
			base->speed = velocity_status_speed(vp->link_status);
			base->duplex = DUPLEX_HALF;
			if (vp->link_status & VEL_PHYSR0_FDPX)
				base->duplex = DUPLEX_FULL;
		}
		base->port = PORT_TP;
		base->phy_address = vp->phy_addr;
		base->transceiver = velocity_has(vp, VELOCITY_F_EXT_PHY) ? XCVR_EXTERNAL :
									    XCVR_INTERNAL;
		base->mdio_support = ETH_MDIO_SUPPORTS_C22;
	}
	mutex_unlock(&vp->mii_lock);
	return err;
}

/**
 * velocity_set_link_ksettings() - ethtool: change the link settings
 * @netdev: our device
 * @cmd: requested settings
 *
 * Autonegotiation advertises the requested BASE-T modes (pause comes from
 * the pause parameters).  Without it, 10 and 100 Mb/s are forced in BMCR;
 * 1000BASE-T cannot link without negotiation, so a fixed gigabit link is
 * asked for as autonegotiation with that one mode advertised.
 *
 * Return: 0, -EINVAL for settings the PHY cannot do (another port, PHY
 * address or MDI-X setting, a mode beyond 10/100/1000BASE-T), or another
 * error.
 */
int velocity_set_link_ksettings(struct net_device *netdev,
				const struct ethtool_link_ksettings *cmd)
{
	const struct ethtool_link_settings *base = &cmd->base;
	struct velocity_priv *vp = netdev_priv(netdev);
	__ETHTOOL_DECLARE_LINK_MODE_MASK(req);
	u16 adv = 0, adv_1000 = 0;
	unsigned int i;
	int err;

	/* one PHY on twisted pair, no MDI/MDI-X control: nothing else to choose */
	if (base->phy_address != vp->phy_addr || base->port != PORT_TP ||
	    base->eth_tp_mdix_ctrl != ETH_TP_MDI_INVALID)
		return -EINVAL;
	if (base->autoneg != AUTONEG_ENABLE && base->autoneg != AUTONEG_DISABLE)
		return -EINVAL;

	if (base->autoneg == AUTONEG_ENABLE) {
		/*
		 * A mode no BASE-T PHY of these chips has (10G, fibre, ...) is
		 * refused, not quietly left out; a 10/100/1000 mode this PHY
		 * lacks is left out, so "advertise 0x03f" keeps meaning "all".
		 */
		linkmode_zero(req);
		mii_adv_to_linkmode_adv_t(req, ADVERTISE_ALL | ADVERTISE_PAUSE_CAP |
					  ADVERTISE_PAUSE_ASYM);
		mii_ctrl1000_mod_linkmode_adv_t(req, ADVERTISE_1000HALF | ADVERTISE_1000FULL);
		linkmode_set_bit(ETHTOOL_LINK_MODE_Autoneg_BIT, req);
		linkmode_set_bit(ETHTOOL_LINK_MODE_TP_BIT, req);
		linkmode_set_bit(ETHTOOL_LINK_MODE_MII_BIT, req);
		if (!linkmode_subset(cmd->link_modes.advertising, req))
			return -EINVAL;
		linkmode_copy(req, cmd->link_modes.advertising);
		adv = linkmode_adv_to_mii_adv_t(req) & ADVERTISE_ALL & vp->sup_adv;
		adv_1000 = linkmode_adv_to_mii_ctrl1000_t(req) & vp->sup_1000;
		if (!adv && !adv_1000)
			return -EINVAL;
	} else {
		for (i = 0; i < ARRAY_SIZE(velocity_link_modes); i++)
			if (velocity_link_modes[i].speed == base->speed &&
			    velocity_link_modes[i].duplex == base->duplex &&
			    velocity_mode_in(&velocity_link_modes[i], vp->sup_adv, vp->sup_1000))
				break;
		if (i == ARRAY_SIZE(velocity_link_modes) || base->speed == SPEED_1000)
			return -EINVAL;
	}

	mutex_lock(&vp->mii_lock);
	vp->autoneg = base->autoneg == AUTONEG_ENABLE;
	if (vp->autoneg) {
		vp->adv = adv;
		vp->adv_1000 = adv_1000;
	} else {
		vp->forced_speed = base->speed;
		vp->forced_duplex = base->duplex;
	}
	err = velocity_phy_apply(vp, false);
	mutex_unlock(&vp->mii_lock);
	return err;
}

/**
 * velocity_nway_reset() - ethtool -r: renegotiate
 * @netdev: our device
 *
 * Return: 0, -EINVAL without autonegotiation, or an error.
 */
int velocity_nway_reset(struct net_device *netdev)
{
	struct velocity_priv *vp = netdev_priv(netdev);
	int err;

	mutex_lock(&vp->mii_lock);
	if (vp->autoneg)
		err = velocity_phy_apply(vp, true);
	else
		err = -EINVAL;
	mutex_unlock(&vp->mii_lock);
	return err;
}

/**
 * velocity_get_pauseparam() - ethtool: flow control settings
 * @netdev: our device
 * @pause: filled in; "as negotiated" reads as autoneg with both directions
 */
void velocity_get_pauseparam(struct net_device *netdev, struct ethtool_pauseparam *pause)
{
	struct velocity_priv *vp = netdev_priv(netdev);

	mutex_lock(&vp->mii_lock);
	pause->autoneg = vp->pause_autoneg;
	pause->rx_pause = vp->pause_autoneg || vp->pause_rx;
	pause->tx_pause = vp->pause_autoneg || vp->pause_tx;
	mutex_unlock(&vp->mii_lock);
}

/**
 * velocity_set_pauseparam() - ethtool: change flow control
 * @netdev: our device
 * @pause: requested pause settings
 *
 * The choices are those of the flow_control parameter: "as negotiated"
 * (autoneg on, both directions offered) or a fixed choice that is
 * advertised and forced into the MAC.
 *
 * Return: 0, -EINVAL for autoneg with only one direction, or an error.
 */
int velocity_set_pauseparam(struct net_device *netdev, struct ethtool_pauseparam *pause)
{
	struct velocity_priv *vp = netdev_priv(netdev);
	int err;

	if (pause->autoneg && (!pause->rx_pause || !pause->tx_pause))
		return -EINVAL;

	mutex_lock(&vp->mii_lock);
	vp->pause_autoneg = pause->autoneg;
	vp->pause_rx = !pause->autoneg && pause->rx_pause;
	vp->pause_tx = !pause->autoneg && pause->tx_pause;
	err = velocity_phy_apply(vp, false);
	mutex_unlock(&vp->mii_lock);
	return err;
}

/**
 * velocity_phy_link_ok() - ethtool -t: does the PHY see a link now
 * @vp: device private data
 *
 * BMSR's link bit latches a loss until read, so it is read twice.
 *
 * Return: true with a link.
 */
bool velocity_phy_link_ok(struct velocity_priv *vp)
{
	int bmsr = -EIO;

	mutex_lock(&vp->mii_lock);
	if (!velocity_mii_stop(vp)) {
		velocity_mii_read(vp, MII_BMSR);
		bmsr = velocity_mii_read(vp, MII_BMSR);
	}
	velocity_mii_resume(vp);
	mutex_unlock(&vp->mii_lock);
	return bmsr >= 0 && (bmsr & BMSR_LSTATUS);
}

/**
 * velocity_eth_ioctl() - SIOCGMIIPHY, SIOCGMIIREG and SIOCSMIIREG
 * @netdev: our device
 * @rq: request
 * @cmd: ioctl number
 *
 * The MII engine reaches only the PHY at phy_addr; other addresses read
 * as absent.  Register writes go to the PHY as they are: the link state
 * keeps following PHYSR0, and the driver's own settings return with the
 * next ethtool change or resume.
 *
 * Return: 0 or a negative error.
 */
int velocity_eth_ioctl(struct net_device *netdev, struct ifreq *rq, int cmd)
{
	struct velocity_priv *vp = netdev_priv(netdev);
	struct mii_ioctl_data *mii = if_mii(rq);
	int ret;

	switch (cmd) {
	case SIOCGMIIPHY:
		mii->phy_id = vp->phy_addr;
		fallthrough;
	case SIOCGMIIREG:
		if (mii->phy_id != vp->phy_addr) {
			mii->val_out = 0xffff;
			return 0;
		}
		ret = velocity_phy_access(vp, mii->reg_num & 0x1f, false, 0);
		if (ret < 0)
			return ret;
		mii->val_out = ret;
		return 0;
	case SIOCSMIIREG:
		if (mii->phy_id != vp->phy_addr)
			return -ENODEV;
		return velocity_phy_access(vp, mii->reg_num & 0x1f, true, mii->val_in);
	default:
		return -EOPNOTSUPP;
	}
}
