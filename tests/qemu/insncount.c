/* SPDX-License-Identifier: GPL-2.0 */
/*
 * insncount: a TCG plugin for the lab's QEMU (tests/qemu/build --plugins) that
 * counts the guest instructions executed, whole guest and per 4 KB page (or finer
 * bucket) of the x86_64 module area, and writes the running totals to a file each time the
 * guest executes the lab's marker instruction, so a scenario can bracket a
 * measured window (tests/lab/guest/labmark.c) without talking to the host.
 *
 *   -plugin insncount.so,out=FILE[,gran=N][,qmp=SOCKET,dev=QOM-PATH,stats=NAME:NAME...]
 *
 * FILE gets, per marker executed (in order, from 1):
 *   mark N total T kernel K user U
 *   page 0xADDR COUNT      (one line per module-area bucket that ran code: 2^N
 *                          bytes from 0xADDR, N = gran, 0-12, default 12; gran=0
 *                          counts each instruction, for a profile by function)
 *   stat NAME VALUE        (with qmp=: each QOM property of dev=, read at the mark)
 *   end N
 * With qmp= (a QMP monitor socket of the same QEMU, server side) the plugin reads
 * the device's counters itself while the marker instruction executes: the vCPU
 * stands still (the vCPU thread waits in the callback, without the iothread lock,
 * while the main loop answers), so under -icount no guest time passes between the
 * instruction count and the counters, and an idle guest's clock cannot jump while
 * the host answers, as it does when the guest asks the host (lab-host).
 * The counts are cumulative since QEMU started; tests/bench subtracts two marks
 * and sums the pages inside the driver's module text (from /sys/module/<mod>/
 * sections and coresize).
 *
 * Each instruction adds 1 to its bucket with an inline op at translation, so a
 * block that ends early (an interrupt, an exception) is counted only as far as it
 * ran. Under -icount an MMIO access in the middle of a block restarts that one
 * instruction in a block of its own, instrumented for memory only (CF_MEMI_ONLY):
 * it is counted once. The ops are not atomic: run with one vCPU (as --icount does).
 *
 * The marker is an 8-byte NOP, nopl 0x2142414c(%rax,%rax,1) ("LAB!"), which
 * neither the kernel nor ordinary programs contain.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <glib.h>
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define MOD_START 0xffffffffc0000000ULL	/* MODULES_VADDR */
#define MOD_END   0xffffffffff000000ULL	/* MODULES_END */

static const uint8_t marker[8] = { 0x0f, 0x1f, 0x84, 0x00, 0x4c, 0x41, 0x42, 0x21 };

static GHashTable *buckets;	/* module-area bucket address -> its counter */
static GMutex buckets_lock;	/* translation may run on any vCPU thread */
static unsigned int gran = 12;	/* log2 of the bucket size */
static uint64_t kernel_other;	/* kernel addresses outside the module area */
static uint64_t user;		/* user addresses */
static uint64_t marks;
static FILE *out;
static const char *qmp_path, *qom_dev = "/machine/peripheral/vt0";
static char **stats;
static FILE *qmp;

/* One line from QMP that is a command's answer (events are skipped). */
static int qmp_answer(char *buf, size_t n)
{
	while (fgets(buf, n, qmp))
		if (strstr(buf, "\"return\"") || strstr(buf, "\"error\""))
			return 0;
	return -1;
}

static int qmp_open(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char buf[4096];
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", qmp_path);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("insncount: qmp connect");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	qmp = fdopen(fd, "r+");
	if (!fgets(buf, sizeof(buf), qmp))	/* greeting */
		return -1;
	fputs("{\"execute\": \"qmp_capabilities\"}\n", qmp);
	fflush(qmp);
	return qmp_answer(buf, sizeof(buf));
}

static void qmp_stats(void)
{
	char buf[4096];
	char **s;

	if (!qmp && qmp_open() < 0) {
		fprintf(out, "stat-error cannot talk to %s\n", qmp_path);
		return;
	}
	for (s = stats; s && *s; s++) {
		char *p;

		fprintf(qmp, "{\"execute\": \"qom-get\", \"arguments\": {\"path\": \"%s\", \"property\": \"%s\"}}\n",
			qom_dev, *s);
		fflush(qmp);
		if (qmp_answer(buf, sizeof(buf)) < 0) {
			fprintf(out, "stat-error %s: no answer\n", *s);
			return;
		}
		p = strstr(buf, "\"return\":");
		if (!p) {
			fprintf(out, "stat-error %s: %s", *s, buf);
			continue;
		}
		fprintf(out, "stat %s %" PRIu64 "\n", *s, (uint64_t)strtoull(p + 9, NULL, 10));
	}
}

static int cmp_addr(const void *a, const void *b)
{
	uint64_t x = **(uint64_t * const *)a, y = **(uint64_t * const *)b;

	return x < y ? -1 : x > y;
}

static void dump(unsigned int vcpu, void *udata)
{
	uint64_t mod = 0, total;
	gpointer *keys;
	guint i, n;

	g_mutex_lock(&buckets_lock);
	keys = g_hash_table_get_keys_as_array(buckets, &n);
	qsort(keys, n, sizeof(*keys), cmp_addr);
	for (i = 0; i < n; i++)
		mod += *(uint64_t *)g_hash_table_lookup(buckets, keys[i]);
	total = mod + kernel_other + user;
	marks++;
	fprintf(out, "mark %" PRIu64 " total %" PRIu64 " kernel %" PRIu64 " user %" PRIu64 "\n",
		marks, total, mod + kernel_other, user);
	for (i = 0; i < n; i++) {
		uint64_t c = *(uint64_t *)g_hash_table_lookup(buckets, keys[i]);

		if (c)
			fprintf(out, "page 0x%" PRIx64 " %" PRIu64 "\n", *(uint64_t *)keys[i], c);
	}
	g_mutex_unlock(&buckets_lock);
	g_free(keys);
	if (qmp_path)
		qmp_stats();
	fprintf(out, "end %" PRIu64 "\n", marks);
	fflush(out);
}

/* The counter of the bucket that holds va; buckets live as long as the plugin. */
static uint64_t *bucket(uint64_t va)
{
	uint64_t key = va & ~((1ULL << gran) - 1);
	uint64_t *ctr;

	g_mutex_lock(&buckets_lock);
	ctr = g_hash_table_lookup(buckets, &key);
	if (!ctr) {
		uint64_t *k = g_new(uint64_t, 1);

		*k = key;
		ctr = g_new0(uint64_t, 1);
		g_hash_table_insert(buckets, k, ctr);
	}
	g_mutex_unlock(&buckets_lock);
	return ctr;
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb);
	size_t i;

	for (i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		uint64_t va = qemu_plugin_insn_vaddr(insn);
		uint64_t *ctr;

		if (va >= MOD_START && va < MOD_END)
			ctr = bucket(va);
		else if (va >= 0xffff800000000000ULL)
			ctr = &kernel_other;
		else
			ctr = &user;
		qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, ctr, 1);
		if (qemu_plugin_insn_size(insn) == sizeof(marker) &&
		    !memcmp(qemu_plugin_insn_data(insn), marker, sizeof(marker)))
			qemu_plugin_register_vcpu_insn_exec_cb(insn, dump, QEMU_PLUGIN_CB_NO_REGS, NULL);
	}
}

static void at_exit(qemu_plugin_id_t id, void *p)
{
	if (out)
		fclose(out);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
					   int argc, char **argv)
{
	const char *path = NULL;
	int i;

	for (i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "out=", 4))
			path = argv[i] + 4;
		else if (!strncmp(argv[i], "qmp=", 4))
			qmp_path = argv[i] + 4;
		else if (!strncmp(argv[i], "dev=", 4))
			qom_dev = argv[i] + 4;
		else if (!strncmp(argv[i], "stats=", 6))
			stats = g_strsplit(argv[i] + 6, ":", -1);
		else if (!strncmp(argv[i], "gran=", 5))
			gran = atoi(argv[i] + 5);
	}
	if (!path) {
		fprintf(stderr, "insncount: out=FILE is required\n");
		return -1;
	}
	out = fopen(path, "w");
	if (!out) {
		perror(path);
		return -1;
	}
	if (gran > 12) {
		fprintf(stderr, "insncount: gran=%u: at most 12 (4 KB buckets)\n", gran);
		return -1;
	}
	buckets = g_hash_table_new(g_int64_hash, g_int64_equal);
	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}
