// SPDX-License-Identifier: GPL-2.0
/*
 * labstamp: hold the kernel's RX timestamp static key on for the guest's life.
 *
 *   labstamp &     a UDP socket with SO_TIMESTAMP, then pause() until killed
 *
 * Every ping (iputils asks for SO_TIMESTAMP) turns netstamp_needed_key on when it
 * starts and, through a work item, off again when it exits: each flip rewrites the
 * key's sites in the receive path with text_poke_bp() while the other vCPU runs
 * them, which QEMU 7.2's multi-threaded TCG does not always survive (stale int3,
 * tests/lab/README.md). With one socket holding the key on from boot, the flips of
 * later sockets are counter updates and patch nothing. A real system with chronyd
 * or any long-lived ping looks the same.
 */
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	int on = 1;

	if (s < 0 || setsockopt(s, SOL_SOCKET, SO_TIMESTAMP, &on, sizeof(on)) < 0) {
		perror("labstamp");
		return 1;
	}
	for (;;)
		pause();
}
