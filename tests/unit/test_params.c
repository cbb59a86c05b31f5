// SPDX-License-Identifier: GPL-2.0
/* Module parameter limits and the per-card choice of a value. */
#include <string.h>

#include <linux/kernel.h>

#include "unit.h"
#include "velocity_logic.h"

static const struct velocity_param_spec *spec(enum velocity_param_id id)
{
	return &velocity_param_specs[id];
}

/* The documented range and default of every parameter */
static void check_table(void)
{
	static const struct {
		enum velocity_param_id id;
		const char *name;
		int min, max, def;
	} want[] = {
		{ VELOCITY_P_DMA_LENGTH, "DMA_length", 0, 7, 6 },
		{ VELOCITY_P_INT_WORKS, "int_works", 10, 256, 32 },
		{ VELOCITY_P_RX_DESCS, "RxDescriptors", 64, 255, 252 },
		{ VELOCITY_P_TX_DESCS, "TxDescriptors", 16, 256, 256 },
		{ VELOCITY_P_RX_THRESH, "rx_thresh", 0, 3, 0 },
		{ VELOCITY_P_SPEED_DUPLEX, "speed_duplex", 0, 5, 0 },
		{ VELOCITY_P_FLOW_CONTROL, "flow_control", 1, 5, 1 },
		{ VELOCITY_P_WOL_OPTS, "wol_opts", 0, 7, 0 },
		{ VELOCITY_P_IP_ALIGN, "IP_byte_align", 0, 1, 0 },
		{ VELOCITY_P_RX_COPYBREAK, "rx_copybreak", 0, 1514, 200 },
		{ VELOCITY_P_MRDPL, "EnableMRDPL", 0, 1, 0 },
		{ VELOCITY_P_AI, "EnableAI", 0, 1, 1 },
		{ VELOCITY_P_TXQ_TIMER, "txque_timer", 0, 255, 0x59 },
		{ VELOCITY_P_RXQ_TIMER, "rxque_timer", 0, 255, 0x14 },
		{ VELOCITY_P_TX_INTSUP, "tx_intsup", 0, 255, 31 },
		{ VELOCITY_P_RX_INTSUP, "rx_intsup", 0, 255, 31 },
	};
	unsigned int i;

	CHECK_EQ(ARRAY_SIZE(want), VELOCITY_P_NUM);
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		const struct velocity_param_spec *s = spec(want[i].id);

		CHECK(s->name && !strcmp(s->name, want[i].name));
		CHECK_EQ(s->min, want[i].min);
		CHECK_EQ(s->max, want[i].max);
		CHECK_EQ(s->def, want[i].def);
		/* the default must itself be a value the parameter accepts */
		CHECK(s->def >= s->min && s->def <= s->max && s->def % s->align == 0);
	}
}

/* Both ends of every range are accepted, one past either end is not */
static void check_ranges(void)
{
	unsigned int id;
	int v, out;

	for (id = 0; id < VELOCITY_P_NUM; id++) {
		const struct velocity_param_spec *s = spec(id);

		v = s->min;
		CHECK(velocity_param_pick(s, &v, 1, 0, &out) != VELOCITY_PARAM_BAD);
		CHECK(out >= s->min && out <= s->max);
		v = s->max;
		CHECK(velocity_param_pick(s, &v, 1, 0, &out) != VELOCITY_PARAM_BAD);
		CHECK(out >= s->min && out <= s->max);

		v = s->min - 1;
		CHECK_EQ(velocity_param_pick(s, &v, 1, 0, &out), VELOCITY_PARAM_BAD);
		CHECK_EQ(out, s->def);
		v = s->max + 1;
		CHECK_EQ(velocity_param_pick(s, &v, 1, 0, &out), VELOCITY_PARAM_BAD);
		CHECK_EQ(out, s->def);
	}
}

static void check_rounding(void)
{
	const struct velocity_param_spec *rx = spec(VELOCITY_P_RX_DESCS);
	int v, out;

	v = 64;
	CHECK_EQ(velocity_param_pick(rx, &v, 1, 0, &out), VELOCITY_PARAM_OK);
	CHECK_EQ(out, 64);
	v = 67;
	CHECK_EQ(velocity_param_pick(rx, &v, 1, 0, &out), VELOCITY_PARAM_ROUNDED);
	CHECK_EQ(out, 64);
	v = 255;
	CHECK_EQ(velocity_param_pick(rx, &v, 1, 0, &out), VELOCITY_PARAM_ROUNDED);
	CHECK_EQ(out, 252);
	v = 63;
	CHECK_EQ(velocity_param_pick(rx, &v, 1, 0, &out), VELOCITY_PARAM_BAD);
	CHECK_EQ(out, 252);
}

/* One value for all cards, or one value per card */
static void check_units(void)
{
	const struct velocity_param_spec *d = spec(VELOCITY_P_DMA_LENGTH);
	int one[] = { 3 };
	int list[] = { 1, 9, 5 };
	unsigned int unit;
	int out;

	for (unit = 0; unit < 8; unit++) {
		CHECK_EQ(velocity_param_pick(d, one, 0, unit, &out), VELOCITY_PARAM_DEFAULT);
		CHECK_EQ(out, 6);
		CHECK_EQ(velocity_param_pick(d, one, 1, unit, &out), VELOCITY_PARAM_OK);
		CHECK_EQ(out, 3);
	}

	CHECK_EQ(velocity_param_pick(d, list, 3, 0, &out), VELOCITY_PARAM_OK);
	CHECK_EQ(out, 1);
	CHECK_EQ(velocity_param_pick(d, list, 3, 1, &out), VELOCITY_PARAM_BAD);
	CHECK_EQ(out, 6);
	CHECK_EQ(velocity_param_pick(d, list, 3, 2, &out), VELOCITY_PARAM_OK);
	CHECK_EQ(out, 5);
	/* cards past the end of a list get the default */
	CHECK_EQ(velocity_param_pick(d, list, 3, 3, &out), VELOCITY_PARAM_DEFAULT);
	CHECK_EQ(out, 6);
}

int main(void)
{
	check_table();
	check_ranges();
	check_rounding();
	check_units();
	return unit_result("params");
}
