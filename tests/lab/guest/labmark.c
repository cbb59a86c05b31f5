// SPDX-License-Identifier: GPL-2.0
/*
 * labmark: execute the lab's marker instruction once, so the insncount TCG plugin
 * (tests/qemu/insncount.c, loaded by tests/lab/run --plugin) writes its running
 * instruction counts. A scenario brackets a measured window with two calls; the
 * Nth call writes mark N. Without the plugin the marker is a no-op. It prints
 * CLOCK_MONOTONIC (seconds) as read just after the marker: the window's guest time.
 */
#include <stdio.h>
#include <time.h>

int main(void)
{
	struct timespec ts;

	/* nopl 0x2142414c(%rax,%rax,1): an 8-byte NOP whose displacement spells "LAB!" */
	__asm__ volatile(".byte 0x0f, 0x1f, 0x84, 0x00, 0x4c, 0x41, 0x42, 0x21");
	clock_gettime(CLOCK_MONOTONIC, &ts);
	printf("%ld.%09ld\n", (long)ts.tv_sec, ts.tv_nsec);
	return 0;
}
