// SPDX-License-Identifier: GPL-2.0
/* Revision classification: velocity_chipid.c, compiled as is. */
#include <string.h>

#include "unit.h"
#include "velocity_chipid.h"
#include "velocity_hw.h"
#include "velocity_param.h"

/* The generation each revision belongs to, written out independently */
static const char *expected_name(unsigned int rev)
{
	if (rev >= 0x80)
		return "VT3286";
	if (rev >= 0x20)
		return "VT3284";
	if (rev >= 0x10)
		return "VT3216";
	return "VT3119";
}

int main(void)
{
	const struct velocity_chip_info *c;
	unsigned int rev;

	for (rev = 0; rev < 256; rev++) {
		c = velocity_chip_lookup(rev);
		CHECK(c && !strcmp(c->name, expected_name(rev)));
		CHECK(rev >= c->rev_first);
	}

	/* boundaries */
	CHECK(!strcmp(velocity_chip_lookup(0x0f)->name, "VT3119"));
	CHECK(!strcmp(velocity_chip_lookup(0x10)->name, "VT3216"));
	CHECK(!strcmp(velocity_chip_lookup(0x1f)->name, "VT3216"));
	CHECK(!strcmp(velocity_chip_lookup(0x20)->name, "VT3284"));
	CHECK(!strcmp(velocity_chip_lookup(0x7f)->name, "VT3284"));
	CHECK(!strcmp(velocity_chip_lookup(0x80)->name, "VT3286"));

	/* VT3119: external PHY, frame-burst fix, SQE patch, no timers */
	c = velocity_chip_lookup(0x01);
	CHECK(c->flags & VELOCITY_F_EXT_PHY);
	CHECK(c->flags & VELOCITY_F_B2B_BY_DUPLEX);
	CHECK(c->flags & VELOCITY_F_SQE_PATCH);
	CHECK(!(c->flags & VELOCITY_F_QUEUE_TIMERS));
	CHECK(!(c->flags & VELOCITY_F_MRDPL));
	CHECK_EQ(c->dma_bits, 32);
	CHECK(!strcmp(c->product, "VT6110"));

	/* VT3216: queue timers from here on, still the SQE patch */
	c = velocity_chip_lookup(0x11);
	CHECK(c->flags & VELOCITY_F_QUEUE_TIMERS);
	CHECK(c->flags & VELOCITY_F_SQE_PATCH);
	CHECK(!(c->flags & (VELOCITY_F_EXT_PHY | VELOCITY_F_B2B_BY_DUPLEX)));
	CHECK(!(c->flags & (VELOCITY_F_RBRDU_CLAMP | VELOCITY_F_MRDPL)));
	CHECK_EQ(c->max_frame, 9000 + 14 + 4 + 4);

	/* VT3284: MRM always on, no SQE patch */
	c = velocity_chip_lookup(0x20);
	CHECK(c->flags & VELOCITY_F_MRDPL);
	CHECK(c->flags & VELOCITY_F_QUEUE_TIMERS);
	CHECK(!(c->flags & (VELOCITY_F_SQE_PATCH | VELOCITY_F_SQE_BOGUS)));
	CHECK_EQ(c->dma_bits, 32);

	/* VT3286: PCIe, RBRDU clamp, 4 KB TX frames, bogus SQE, 48-bit DMA */
	c = velocity_chip_lookup(0x80);
	CHECK(c->flags & VELOCITY_F_PCIE);
	CHECK(c->flags & VELOCITY_F_RBRDU_CLAMP);
	CHECK(c->flags & VELOCITY_F_SQE_BOGUS);
	CHECK(c->flags & VELOCITY_F_PHY_AT_1);
	CHECK(c->flags & VELOCITY_F_MRDPL);
	CHECK(!(c->flags & VELOCITY_F_SQE_PATCH));
	CHECK_EQ(c->dma_bits, 48);
	CHECK_EQ(c->max_frame, 4096);
	/* MTU that keeps a tagged frame with FCS within 4 KB */
	CHECK_EQ(c->max_frame - 14 - 4 - 4, 4074);

	/* only VT3286 clamps or fixes the PHY address */
	for (rev = 0; rev < 0x80; rev++) {
		c = velocity_chip_lookup(rev);
		CHECK(!(c->flags & (VELOCITY_F_RBRDU_CLAMP | VELOCITY_F_PHY_AT_1 |
				    VELOCITY_F_PCIE)));
	}

	return unit_result("chipid");
}
