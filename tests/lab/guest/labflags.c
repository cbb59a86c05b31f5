// SPDX-License-Identifier: GPL-2.0
/*
 * labflags: checks that the emulated CPU keeps EFLAGS across CMPXCHG16B and
 * CMPXCHG8B (tests/qemu/patches/0001-target-i386-cmpxchg-cc-op.patch).
 *
 * QEMU 7.2's TCG computes the flags these two instructions leave from the
 * lazy-flags state (cc_op) the translation block started with, not the one the
 * previous instruction left, unless the patch is applied.  Each case below
 * ends a block with POPFQ (which leaves cc_op = "the flags are in CC_SRC"),
 * then ADDs a value with bits 22-31 set (CC_SRC = that value), then
 * CMPXCHG16B or CMPXCHG8B, then PUSHFQ.  On a real CPU the pushed flags are
 * the ADD's with ZF from the compare and no reserved bit set; the unpatched
 * emulator pushes the ADD's operand as flags.
 *
 * Prints one line per case and exits 1 if any case read wrong flags.
 */
#include <stdint.h>
#include <stdio.h>

#define FLAGS_RESERVED	0xffc08028UL	/* bits 3, 5, 15, 22-63 read as 0 */
#define FLAGS_ARITH	0x8d5UL		/* CF PF AF ZF SF OF */

struct pair {
	uint64_t lo, hi;
} __attribute__((aligned(16)));

static uint64_t run16(struct pair *m, uint64_t addend, uint64_t cmp_lo)
{
	uint64_t cmp_hi = m->hi, new_lo = m->lo, new_hi = m->hi;
	uint64_t flags, acc = 0;

	__asm__ volatile("pushfq\n\t"
			 "popfq\n\t"		/* ends the block: cc_op = EFLAGS */
			 "addq %[add], %[acc]\n\t"	/* CC_SRC = addend */
			 "cmpxchg16b %[mem]\n\t"
			 "pushfq\n\t"
			 "popq %[flags]"
			 : [flags] "=r" (flags), [acc] "+r" (acc), [mem] "+m" (*m),
			   "+a" (cmp_lo), "+d" (cmp_hi)
			 : [add] "r" (addend), "b" (new_lo), "c" (new_hi)
			 : "cc", "memory");
	return flags;
}

static uint64_t run8(uint64_t *m, uint64_t addend, uint32_t cmp_lo)
{
	uint32_t hi = (uint32_t)(*m >> 32), lo = (uint32_t)*m;
	uint64_t flags, acc = 0;

	__asm__ volatile("pushfq\n\t"
			 "popfq\n\t"
			 "addq %[add], %[acc]\n\t"
			 "cmpxchg8b %[mem]\n\t"
			 "pushfq\n\t"
			 "popq %[flags]"
			 : [flags] "=r" (flags), [acc] "+r" (acc), [mem] "+m" (*m),
			   "+a" (cmp_lo), "+d" (hi)
			 : [add] "r" (addend), "b" (lo), "c" (hi)
			 : "cc", "memory");
	return flags;
}

static int check(const char *name, uint64_t flags, int zf)
{
	/* 0 + 0xffc00000 = 0xffc00000: CF OF SF AF clear, PF set (low byte 0) */
	uint64_t want = 0x4UL | (zf ? 0x40UL : 0);
	int bad = (flags & FLAGS_RESERVED) || (flags & FLAGS_ARITH) != want;

	printf("labflags: %s: EFLAGS %#llx, arithmetic %#llx (want %#llx)%s\n", name,
	       (unsigned long long)flags, (unsigned long long)(flags & FLAGS_ARITH),
	       (unsigned long long)want, bad ? ": WRONG" : "");
	return bad;
}

int main(void)
{
	static struct pair p = { 0x1111, 0x2222 };
	static uint64_t q __attribute__((aligned(8))) = 0x0000333300004444ULL;
	const uint64_t addend = 0xffc00000UL;
	int bad = 0;

	bad |= check("cmpxchg16b equal", run16(&p, addend, p.lo), 1);
	bad |= check("cmpxchg16b different", run16(&p, addend, p.lo + 1), 0);
	bad |= check("cmpxchg8b equal", run8(&q, addend, (uint32_t)q), 1);
	bad |= check("cmpxchg8b different", run8(&q, addend, (uint32_t)q + 1), 0);
	return bad;
}
