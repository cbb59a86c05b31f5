// SPDX-License-Identifier: GPL-2.0
/* RX decisions: descriptor credit, frame status, checksum status. */
#include "unit.h"
#include "velocity_chipid.h"
#include "velocity_hw.h"
#include "velocity_param.h"

static void check_credit(void)
{
	/* groups of four only; the remainder waits */
	CHECK_EQ(velocity_rx_credit(0, 0, 252, false), 0);
	CHECK_EQ(velocity_rx_credit(3, 0, 252, false), 0);
	CHECK_EQ(velocity_rx_credit(4, 0, 252, false), 4);
	CHECK_EQ(velocity_rx_credit(7, 0, 252, false), 4);
	CHECK_EQ(velocity_rx_credit(252, 0, 252, false), 252);
	/* without the clamp the residue is not even looked at */
	CHECK_EQ(velocity_rx_credit(64, 250, 252, false), 64);

	/* VT3286: the residue never goes past the ring size */
	CHECK_EQ(velocity_rx_credit(252, 0, 252, true), 252);
	CHECK_EQ(velocity_rx_credit(64, 200, 252, true), 52);
	CHECK_EQ(velocity_rx_credit(64, 250, 252, true), 0);
	CHECK_EQ(velocity_rx_credit(64, 247, 252, true), 4);
	CHECK_EQ(velocity_rx_credit(64, 300, 252, true), 0);
	CHECK_EQ(velocity_rx_credit(8, 100, 252, true), 8);
}

static void check_status(void)
{
	CHECK(velocity_rx_frame_ok(VEL_RSR_RXOK));
	CHECK(velocity_rx_frame_ok(VEL_RSR_RXOK | VEL_RSR_DETAG));
	CHECK(!velocity_rx_frame_ok(0));
	CHECK(!velocity_rx_frame_ok(VEL_RSR_RXOK | VEL_RSR_CRC));
	CHECK(!velocity_rx_frame_ok(VEL_RSR_RXOK | VEL_RSR_FAE));
	CHECK(!velocity_rx_frame_ok(VEL_RSR_RXOK | VEL_RSR_RL));
	CHECK(!velocity_rx_frame_ok(VEL_RSR_RXOK | VEL_RSR_RXER));
	/* VLAN CAM miss with filtering off: RXOK clear but the frame is good */
	CHECK(velocity_rx_frame_ok(VEL_RSR_VIDM));
	CHECK(!velocity_rx_frame_ok(VEL_RSR_VIDM | VEL_RSR_CRC));
	/* a checksum error is not a frame error */
	CHECK(velocity_rx_frame_ok(VEL_RSR_RXOK | VEL_RSR_CE));
}

static void check_csum(void)
{
	const u8 ip = VEL_CSM_IPKT | VEL_CSM_IPOK;

	CHECK(velocity_rx_csum_ok(ip | VEL_CSM_TCPKT | VEL_CSM_TUPOK));
	CHECK(velocity_rx_csum_ok(ip | VEL_CSM_UDPKT | VEL_CSM_TUPOK));
	CHECK(!velocity_rx_csum_ok(ip | VEL_CSM_TCPKT));
	CHECK(!velocity_rx_csum_ok(VEL_CSM_IPKT | VEL_CSM_TCPKT | VEL_CSM_TUPOK));
	CHECK(!velocity_rx_csum_ok(VEL_CSM_IPOK | VEL_CSM_TCPKT | VEL_CSM_TUPOK));
	/* fragments: the NIC cannot have checked the payload */
	CHECK(!velocity_rx_csum_ok(ip | VEL_CSM_FRAG | VEL_CSM_TCPKT | VEL_CSM_TUPOK));
	/* not TCP or UDP: the stack checks the payload itself */
	CHECK(!velocity_rx_csum_ok(ip));
	CHECK(!velocity_rx_csum_ok(0));
	CHECK_EQ(VEL_CSM_TUPOK, 0x20);
	CHECK_EQ(VEL_CSM_IPOK, 0x40);
	CHECK_EQ(VEL_CSM_FRAG, 0x10);
}

int main(void)
{
	check_credit();
	check_status();
	check_csum();
	return unit_result("rx");
}
