/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VIA Velocity: what each silicon generation can do.  velocity_chipid.c
 * maps a PCI revision to one of these; the host unit tests compile it.
 */
#ifndef _VELOCITY_CHIPID_H
#define _VELOCITY_CHIPID_H

#include <linux/bits.h>
#include <linux/types.h>

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

#endif /* _VELOCITY_CHIPID_H */
