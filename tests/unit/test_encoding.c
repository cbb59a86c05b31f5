// SPDX-License-Identifier: GPL-2.0
/* Queue-timer encoding, multicast hash bit, descriptor words. */
#include <linux/crc32.h>

#include <linux/kernel.h>

#include "unit.h"
#include "velocity_chipid.h"
#include "velocity_hw.h"
#include "velocity_param.h"

static void check_qtimer(void)
{
	unsigned int us;

	/* values the datasheet-less drivers use */
	CHECK_EQ(velocity_qtimer_encode(0), 0x00);
	CHECK_EQ(velocity_qtimer_encode(20), 0x14);	/* 20 x 1 us */
	CHECK_EQ(velocity_qtimer_encode(100), 0x59);	/* 25 x 4 us */
	CHECK_EQ(velocity_qtimer_encode(63), 0x3f);
	CHECK_EQ(velocity_qtimer_encode(64), 0x50);	/* 16 x 4 us */
	CHECK_EQ(velocity_qtimer_encode(253), 0x90);	/* 16 x 16 us, rounded up */
	CHECK_EQ(velocity_qtimer_encode(4032), 0xff);
	CHECK_EQ(velocity_qtimer_encode(100000), 0xff);	/* saturates */
	CHECK_EQ(velocity_qtimer_decode(0x59), 100);
	CHECK_EQ(velocity_qtimer_decode(0x14), 20);
	CHECK_EQ(velocity_qtimer_decode(0xff), 4032);
	CHECK_EQ(velocity_qtimer_decode(0xc1), 64);

	/*
	 * Every request up to the maximum: the delay is never shorter than
	 * asked, less than one unit longer, and the encoding is canonical.
	 */
	for (us = 0; us <= VEL_QTMR_MAX_US; us++) {
		u8 reg = velocity_qtimer_encode(us);
		u32 back = velocity_qtimer_decode(reg);
		u32 unit = 1U << (2 * FIELD_GET(VEL_QTMR_RES, reg));

		CHECK(back >= us && back - us < unit);
		CHECK_EQ(velocity_qtimer_encode(back), reg);
	}
}

static void check_holdoff(void)
{
	CHECK_EQ(velocity_holdoff_units(0), 0);
	CHECK_EQ(velocity_holdoff_units(1), 1);
	CHECK_EQ(velocity_holdoff_units(20), 1);
	CHECK_EQ(velocity_holdoff_units(21), 2);
	CHECK_EQ(velocity_holdoff_units(40), 2);
	CHECK_EQ(velocity_holdoff_units(150), 8);
	CHECK_EQ(velocity_holdoff_units(5100), 255);
	CHECK_EQ(velocity_holdoff_units(9999), 255);

	/* what ethtool -c reads back after -C */
	CHECK_EQ(velocity_coal_usecs(true, 20), 20);
	CHECK_EQ(velocity_coal_usecs(true, 40), 40);
	CHECK_EQ(velocity_coal_usecs(true, 65), 68);
	CHECK_EQ(velocity_coal_usecs(true, 100), 100);
	CHECK_EQ(velocity_coal_usecs(false, 20), 20);
	CHECK_EQ(velocity_coal_usecs(false, 40), 40);
	CHECK_EQ(velocity_coal_usecs(false, 45), 60);
	CHECK_EQ(velocity_coal_usecs(false, 0), 0);
	/* the value read back is stable under another set */
	CHECK_EQ(velocity_coal_usecs(true, velocity_coal_usecs(true, 333)),
		 velocity_coal_usecs(true, 333));
	CHECK_EQ(velocity_coal_usecs(false, velocity_coal_usecs(false, 333)),
		 velocity_coal_usecs(false, 333));
}

static void check_hash(void)
{
	static const struct {
		u8 addr[6];
		unsigned int bit;
	} v[] = {
		{ { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 }, 31 },
		{ { 0x33, 0x33, 0x00, 0x00, 0x00, 0x01 }, 62 },
		{ { 0x01, 0x00, 0x5e, 0x7f, 0xff, 0xfa }, 43 },
		{ { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x00 }, 25 },
		{ { 0x33, 0x33, 0xff, 0x56, 0x34, 0x12 }, 40 },
	};
	unsigned int i;

	/* ether_crc() of 01:00:5e:00:00:01, computed independently */
	CHECK_EQ(ether_crc(6, v[0].addr), 0x7fa32d9b);
	for (i = 0; i < ARRAY_SIZE(v); i++)
		CHECK_EQ(velocity_mc_hash_bit(ether_crc(6, v[i].addr)), v[i].bit);
}

static void check_desc(void)
{
	CHECK_EQ(sizeof(struct velocity_rd), 16);
	CHECK_EQ(sizeof(struct velocity_td), 64);
	CHECK_EQ(sizeof(struct velocity_td_buf), 8);

	/* RD word 3: address bits 47:32, 14-bit size, interrupt enable */
	CHECK_EQ(velocity_rd_size_word(0x0000123456789abcULL, 1664),
		 0x80000000 | (1664 << 16) | 0x1234);
	CHECK_EQ(velocity_rd_size_word(0x12345678ULL, 2048), 0x80000000 | (2048 << 16));

	/* TD buffer word: 47:32 and length, never the QUEUE bit */
	CHECK_EQ(velocity_td_buf_word(0x0000abcd00001000ULL, 60), (60 << 16) | 0xabcd);
	CHECK_EQ(velocity_td_buf_word(0, 0x3fff), 0x3fff0000);
	CHECK_EQ(VEL_TDB_QUEUE, 0x80000000);

	/* TD word 1: TCI, TCR, TCPLS normal (3), CMDZ = buffers + 1 */
	CHECK_EQ(velocity_td_cmd_word(VEL_TDCMD_TIC, 1, 0), 0x23800000);
	CHECK_EQ(velocity_td_cmd_word(VEL_TDCMD_TIC | VEL_TDCMD_TCPCK | VEL_TDCMD_IPCK |
				      VEL_TDCMD_VETAG, 7, 0xe00a),
		 0x83b4e00a);
	CHECK_EQ(velocity_td_cmd_word(VEL_TDCMD_UDPCK | VEL_TDCMD_IPCK, 3, 0x0123),
		 0x43180123);

	/* TD word 0: owner and total length */
	CHECK_EQ(velocity_td_status_word(60), 0x803c0000);
	CHECK_EQ(velocity_td_status_word(9018), 0x80000000 | (9018 << 16));

	/* RD word 0 fields */
	CHECK_EQ(FIELD_GET(VEL_RD0_LEN, 0x85ee8000), 0x05ee);
	CHECK_EQ(FIELD_GET(VEL_RD0_RSR, 0x05ee8300), 0x8300);
	CHECK(!(0x05ee8300 & VEL_RD0_OWN));
}

int main(void)
{
	check_qtimer();
	check_holdoff();
	check_hash();
	check_desc();
	return unit_result("encoding");
}
