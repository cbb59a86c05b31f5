/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pure decisions of the velocity driver: chip generations, module
 * parameter limits, encodings.  Nothing here touches the device or the
 * driver's private state, so the same code is compiled into the module
 * and into the host-side unit tests (tests/unit) without copies.
 */
#ifndef _VELOCITY_LOGIC_H
#define _VELOCITY_LOGIC_H

#include <linux/bitrev.h>
#include <linux/types.h>

#include "velocity_hw.h"

/* Generation feature flags */
#define VELOCITY_F_EXT_PHY	BIT(0)	/* PHY is a separate chip */
#define VELOCITY_F_QUEUE_TIMERS	BIT(1)	/* TQETMR/RQETMR exist */
#define VELOCITY_F_B2B_BY_DUPLEX BIT(2)	/* TCR.TB2BDIS follows duplex */
#define VELOCITY_F_SQE_PATCH	BIT(3)	/* HBDIS cleared only at 10/half */
#define VELOCITY_F_SQE_BOGUS	BIT(4)	/* SQE counter meaningless */
#define VELOCITY_F_MRDPL	BIT(5)	/* Memory Read Multiple always on */
#define VELOCITY_F_RBRDU_CLAMP	BIT(6)	/* residue must stay <= ring size */
#define VELOCITY_F_PCIE		BIT(7)
#define VELOCITY_F_PHY_AT_1	BIT(8)	/* MIICFG is strapping, PHY is 1 */

/**
 * struct velocity_chip_info - what one silicon generation can do
 * @rev_first: lowest PCI revision of the generation
 * @name: VIA's internal chip name
 * @product: marketing names of the parts built on it
 * @flags: VELOCITY_F_* feature flags
 * @dma_bits: streaming DMA address width
 * @max_frame: largest frame (with VLAN tag and FCS) the chip may send
 */
struct velocity_chip_info {
	u8 rev_first;
	const char *name;
	const char *product;
	u32 flags;
	u8 dma_bits;
	u16 max_frame;
};

const struct velocity_chip_info *velocity_chip_lookup(u8 rev);

/*
 * Module parameter defaults, shared by the range table and the parameter
 * arrays so that /sys/module/velocity/parameters shows them.
 */
#define VELOCITY_DEF_DMA_LENGTH		6	/* store and forward */
#define VELOCITY_DEF_INT_WORKS		32	/* two passes fill a NAPI budget */
#define VELOCITY_DEF_RX_DESCS		252
#define VELOCITY_DEF_TX_DESCS		256
#define VELOCITY_DEF_RX_THRESH		0	/* 128 bytes */
#define VELOCITY_DEF_SPEED_DUPLEX	0	/* autonegotiation */
#define VELOCITY_DEF_FLOW_CONTROL	1	/* as negotiated */
#define VELOCITY_DEF_WOL_OPTS		0	/* magic packet only */
#define VELOCITY_DEF_IP_ALIGN		0
#define VELOCITY_DEF_RX_COPYBREAK	200
#define VELOCITY_DEF_MRDPL		0
#define VELOCITY_DEF_AI			1
#define VELOCITY_DEF_TXQ_TIMER		0x59	/* 25 x 4 us */
#define VELOCITY_DEF_RXQ_TIMER		0x14	/* 20 x 1 us */
#define VELOCITY_DEF_TX_INTSUP		31
#define VELOCITY_DEF_RX_INTSUP		31

/* speed_duplex values */
enum velocity_speed_duplex {
	VELOCITY_SPD_AUTO,
	VELOCITY_SPD_100_HALF,
	VELOCITY_SPD_100_FULL,
	VELOCITY_SPD_10_HALF,
	VELOCITY_SPD_10_FULL,
	VELOCITY_SPD_1000_FULL,
};

/* flow_control values */
enum velocity_flow_control {
	VELOCITY_FC_AUTO = 1,
	VELOCITY_FC_TX,
	VELOCITY_FC_RX,
	VELOCITY_FC_BOTH,
	VELOCITY_FC_OFF,
};

/* wol_opts bits (velocityget's); magic packet wake is always armed */
#define VELOCITY_WOL_OPT_LINK		BIT(0)
#define VELOCITY_WOL_OPT_ARP		BIT(1)
#define VELOCITY_WOL_OPT_UCAST		BIT(2)

/* Module parameters: one slot each */
enum velocity_param_id {
	VELOCITY_P_DMA_LENGTH,
	VELOCITY_P_INT_WORKS,
	VELOCITY_P_RX_DESCS,
	VELOCITY_P_TX_DESCS,
	VELOCITY_P_RX_THRESH,
	VELOCITY_P_SPEED_DUPLEX,
	VELOCITY_P_FLOW_CONTROL,
	VELOCITY_P_WOL_OPTS,
	VELOCITY_P_IP_ALIGN,
	VELOCITY_P_RX_COPYBREAK,
	VELOCITY_P_MRDPL,
	VELOCITY_P_AI,
	VELOCITY_P_TXQ_TIMER,
	VELOCITY_P_RXQ_TIMER,
	VELOCITY_P_TX_INTSUP,
	VELOCITY_P_RX_INTSUP,
	VELOCITY_P_NUM
};

/**
 * struct velocity_param_spec - range of one module parameter
 * @name: parameter name as typed on the modprobe command line
 * @min: smallest accepted value
 * @max: largest accepted value
 * @def: value used when none is given or the given one is out of range
 * @align: accepted values are rounded down to a multiple of this
 */
struct velocity_param_spec {
	const char *name;
	int min;
	int max;
	int def;
	int align;
};

extern const struct velocity_param_spec velocity_param_specs[VELOCITY_P_NUM];

/* velocity_param_pick() outcome */
enum velocity_param_result {
	VELOCITY_PARAM_DEFAULT,		/* nothing given for this card */
	VELOCITY_PARAM_OK,
	VELOCITY_PARAM_ROUNDED,		/* in range, rounded down */
	VELOCITY_PARAM_BAD,		/* out of range, default used */
};

/**
 * velocity_param_pick() - the value one card gets from a parameter array
 * @spec: range and default of the parameter
 * @vals: values given on the command line
 * @nvals: how many were given
 * @unit: card number in probe order
 * @out: where the value to use is stored
 *
 * One value applies to every card; a list gives one value per card and
 * cards past its end get the default.
 *
 * Return: how @out was chosen.
 */
static inline enum velocity_param_result
velocity_param_pick(const struct velocity_param_spec *spec, const int *vals,
		    unsigned int nvals, unsigned int unit, int *out)
{
	int v;

	*out = spec->def;
	if (!nvals || (nvals > 1 && unit >= nvals))
		return VELOCITY_PARAM_DEFAULT;

	v = vals[nvals == 1 ? 0 : unit];
	if (v < spec->min || v > spec->max)
		return VELOCITY_PARAM_BAD;

	*out = v - v % spec->align;
	return *out == v ? VELOCITY_PARAM_OK : VELOCITY_PARAM_ROUNDED;
}

/*
 * Queue-empty timers take a 2-bit resolution (1, 4, 16 or 64 us) and a
 * 6-bit count.  The smallest resolution that can express the request is
 * used, rounding the count up so the delay is never shorter than asked.
 */
static inline u8 velocity_qtimer_encode(u32 usecs)
{
	unsigned int res;

	for (res = 0; res < 4; res++) {
		u32 unit = 1U << (2 * res);
		u32 count = (usecs + unit - 1) / unit;

		if (count <= FIELD_MAX(VEL_QTMR_COUNT))
			return FIELD_PREP(VEL_QTMR_RES, res) |
			       FIELD_PREP(VEL_QTMR_COUNT, count);
	}
	return FIELD_PREP(VEL_QTMR_RES, 3) |
	       FIELD_PREP(VEL_QTMR_COUNT, FIELD_MAX(VEL_QTMR_COUNT));
}

static inline u32 velocity_qtimer_decode(u8 reg)
{
	return FIELD_GET(VEL_QTMR_COUNT, reg) << (2 * FIELD_GET(VEL_QTMR_RES, reg));
}

/* Hold-off timer units for a delay, rounded up, at most one byte */
static inline u8 velocity_holdoff_units(u32 usecs)
{
	u32 units = (usecs + VEL_HOLDOFF_UNIT_US - 1) / VEL_HOLDOFF_UNIT_US;

	return units > 255 ? 255 : units;
}

/**
 * velocity_coal_usecs() - the delay the hardware will really apply
 * @queue_timers: the chip has queue-empty timers (else the hold-off timer)
 * @usecs: requested delay
 *
 * Return: @usecs rounded to what the timer in use can express.
 */
static inline u32 velocity_coal_usecs(bool queue_timers, u32 usecs)
{
	if (queue_timers)
		return velocity_qtimer_decode(velocity_qtimer_encode(usecs));
	return velocity_holdoff_units(usecs) * VEL_HOLDOFF_UNIT_US;
}

/*
 * Bit of the 64-bit multicast hash table (MAR) for an address whose
 * big-endian CRC-32 (ether_crc()) is @crc: its six most significant bits.
 */
static inline unsigned int velocity_mc_hash_bit(u32 crc)
{
	return crc >> 26;
}

/*
 * ARP wake-up pattern.  The mask selects the EtherType, the low byte of
 * the ARP opcode and the target protocol address; the template is an ARP
 * request for @ip with every other byte zero.
 */
static inline void velocity_wol_arp_mask(u8 mask[VEL_WOL_MASK_BYTES])
{
	static const u8 picked[] = {
		VEL_ARP_ETHERTYPE_OFF, VEL_ARP_ETHERTYPE_OFF + 1,
		VEL_ARP_OPCODE_LO_OFF,
		VEL_ARP_TARGET_IP_OFF, VEL_ARP_TARGET_IP_OFF + 1,
		VEL_ARP_TARGET_IP_OFF + 2, VEL_ARP_TARGET_IP_OFF + 3,
	};
	unsigned int i;

	for (i = 0; i < VEL_WOL_MASK_BYTES; i++)
		mask[i] = 0;
	for (i = 0; i < sizeof(picked); i++)
		mask[picked[i] / 8] |= BIT(picked[i] % 8);
}

/* @ip points at the address in network byte order */
static inline void velocity_wol_arp_frame(u8 frame[VEL_ARP_FRAME_LEN], const u8 ip[4])
{
	unsigned int i;

	for (i = 0; i < VEL_ARP_FRAME_LEN; i++)
		frame[i] = 0;
	frame[VEL_ARP_ETHERTYPE_OFF] = 0x08;		/* ETH_P_ARP */
	frame[VEL_ARP_ETHERTYPE_OFF + 1] = 0x06;
	frame[VEL_ARP_OPCODE_LO_OFF] = 0x01;		/* ARPOP_REQUEST */
	for (i = 0; i < 4; i++)
		frame[VEL_ARP_TARGET_IP_OFF + i] = ip[i];
}

/**
 * velocity_wol_pattern_crc() - PatternCRC value for a wake-up pattern
 * @frame: template frame
 * @len: its length; mask bits past it select nothing
 * @mask: 16-byte mask, bit j of byte i selects frame byte 8 * i + j
 *
 * The chip runs CRC-16/X-25 (reflected CCITT polynomial 0x8408, preset
 * and final inversion) over the selected bytes and compares it,
 * bit-reversed, with the register.  Done bit by bit here: a few dozen
 * bytes when arming, not worth a dependency on CONFIG_CRC_CCITT.
 *
 * Return: the value for the PatternCRC register.
 */
static inline u16 velocity_wol_pattern_crc(const u8 *frame, unsigned int len,
					   const u8 mask[VEL_WOL_MASK_BYTES])
{
	unsigned int i, b;
	u16 crc = 0xffff;

	for (i = 0; i < len && i < 8 * VEL_WOL_MASK_BYTES; i++) {
		if (!(mask[i / 8] & BIT(i % 8)))
			continue;
		crc ^= frame[i];
		for (b = 0; b < 8; b++)
			crc = crc & 1 ? (crc >> 1) ^ 0x8408 : crc >> 1;
	}

	return bitrev16(~crc);
}

/**
 * velocity_rx_credit() - how many RX descriptors to hand to the NIC
 * @ready: host-owned descriptors holding a buffer, in ring order
 * @residue: the NIC's residue count (only read when @clamp is set)
 * @ring_size: number of descriptors in the ring
 * @clamp: keep the residue within the ring size (VT3286)
 *
 * The NIC takes descriptors four at a time; a remainder waits for the
 * next call.
 *
 * Return: a multiple of four, possibly zero.
 */
static inline unsigned int velocity_rx_credit(unsigned int ready, unsigned int residue,
					      unsigned int ring_size, bool clamp)
{
	unsigned int credit = ready & ~3U;

	if (clamp) {
		unsigned int room = residue < ring_size ? ring_size - residue : 0;

		if (credit > (room & ~3U))
			credit = room & ~3U;
	}
	return credit;
}

/*
 * A frame is good when the NIC says RXOK.  A tagged frame whose VID is
 * not in the VLAN CAM arrives with VIDM and RXOK clear; that only happens
 * while VLAN filtering is off, and then the stack filters it.
 */
static inline bool velocity_rx_frame_ok(u16 rsr)
{
	if (rsr & VEL_RSR_ERRORS)
		return false;
	return rsr & (VEL_RSR_RXOK | VEL_RSR_VIDM);
}

/*
 * Only a TCP or UDP segment of an unfragmented IPv4 packet whose header
 * and payload checksums the NIC verified may skip software verification.
 * For other IPv4 payloads (ICMP, ...) the NIC checks the IP header only,
 * which the stack checks anyway, so they stay CHECKSUM_NONE.
 */
static inline bool velocity_rx_csum_ok(u8 csm)
{
	if ((csm & (VEL_CSM_IPKT | VEL_CSM_IPOK)) != (VEL_CSM_IPKT | VEL_CSM_IPOK))
		return false;
	if (csm & VEL_CSM_FRAG)
		return false;
	return (csm & (VEL_CSM_TCPKT | VEL_CSM_UDPKT)) && (csm & VEL_CSM_TUPOK);
}

#endif /* _VELOCITY_LOGIC_H */
