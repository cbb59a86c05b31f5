// SPDX-License-Identifier: GPL-2.0
/*
 * labnet: small-packet UDP and request/response for the benchmarks (tests/bench).
 *
 *   labnet echo PORT                       answer every datagram with itself (forever)
 *   labnet rr HOST PORT COUNT SIZE         COUNT requests of SIZE bytes, one at a time,
 *                                          each waiting for its answer (1 s, then lost)
 *       -> rr count=N lost=L secs=S tps=T p50_us=A p99_us=B max_us=C
 *   labnet sink PORT IDLE_MS               count datagrams until IDLE_MS pass without
 *                                          one (after the first)
 *       -> sink pkts=N bytes=B secs=S pps=P   (secs: first to last datagram)
 *   labnet blast HOST PORT SIZE COUNT      send COUNT datagrams of SIZE bytes as fast
 *                                          as the socket takes them
 *       -> blast sent=N failed=F secs=S pps=P
 * Times are CLOCK_MONOTONIC (guest time).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int sock_for(const char *host, int port, struct sockaddr_in *sa, int bind_it)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0);

	if (s < 0) {
		perror("socket");
		exit(1);
	}
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons(port);
	if (host && inet_pton(AF_INET, host, &sa->sin_addr) != 1) {
		fprintf(stderr, "labnet: bad address %s\n", host);
		exit(2);
	}
	if (bind_it) {
		int big = 4 << 20;

		setsockopt(s, SOL_SOCKET, SO_RCVBUF, &big, sizeof(big));
		if (bind(s, (struct sockaddr *)sa, sizeof(*sa)) < 0) {
			perror("bind");
			exit(1);
		}
	}
	return s;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	static char buf[65536];
	struct sockaddr_in sa, from;
	socklen_t fl;
	int s;

	if (argc == 3 && !strcmp(argv[1], "echo")) {
		s = sock_for(NULL, atoi(argv[2]), &sa, 1);
		for (;;) {
			ssize_t n;

			fl = sizeof(from);
			n = recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl);
			if (n >= 0)
				sendto(s, buf, n, 0, (struct sockaddr *)&from, fl);
		}
	}
	if (argc == 6 && !strcmp(argv[1], "rr")) {
		int count = atoi(argv[4]), size = atoi(argv[5]), i, ok = 0, lost = 0;
		double *lat = calloc(count, sizeof(double)), t0, t1;

		s = sock_for(argv[2], atoi(argv[3]), &sa, 0);
		if (connect(s, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
			perror("connect");
			return 1;
		}
		t0 = now();
		for (i = 0; i < count; i++) {
			struct pollfd p = { .fd = s, .events = POLLIN };
			double a = now();

			memcpy(buf, &i, sizeof(i));
			if (send(s, buf, size, 0) < 0) {
				lost++;
				continue;
			}
			for (;;) {
				int got;

				if (poll(&p, 1, 1000) <= 0) {
					lost++;
					break;
				}
				if (recv(s, buf, sizeof(buf), 0) < 0)
					continue;
				memcpy(&got, buf, sizeof(got));
				if (got != i)
					continue;	/* a late answer to a lost one */
				lat[ok++] = (now() - a) * 1e6;
				break;
			}
		}
		t1 = now();
		qsort(lat, ok, sizeof(double), cmp);
		printf("rr count=%d lost=%d secs=%.3f tps=%.0f p50_us=%.0f p99_us=%.0f max_us=%.0f\n",
		       ok, lost, t1 - t0, ok / (t1 - t0), ok ? lat[ok / 2] : 0,
		       ok ? lat[(int)(ok * 0.99)] : 0, ok ? lat[ok - 1] : 0);
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "sink")) {
		int idle = atoi(argv[3]);
		long pkts = 0, bytes = 0;
		double first = 0, last = 0;

		s = sock_for(NULL, atoi(argv[2]), &sa, 1);
		printf("sink ready\n");
		fflush(stdout);
		for (;;) {
			struct pollfd p = { .fd = s, .events = POLLIN };
			ssize_t n;

			if (poll(&p, 1, pkts ? idle : 600000) <= 0)
				break;
			n = recv(s, buf, sizeof(buf), 0);
			if (n < 0)
				continue;
			last = now();
			if (!pkts)
				first = last;
			pkts++;
			bytes += n;
		}
		printf("sink pkts=%ld bytes=%ld secs=%.3f pps=%.0f\n", pkts, bytes, last - first,
		       last > first ? (pkts - 1) / (last - first) : 0);
		return 0;
	}
	if (argc == 6 && !strcmp(argv[1], "blast")) {
		int size = atoi(argv[4]), i;
		long count = atol(argv[5]), sent = 0, failed = 0;
		double t0, t1;

		s = sock_for(argv[2], atoi(argv[3]), &sa, 0);
		memset(buf, 0x5a, size);
		t0 = now();
		for (i = 0; i < count; i++) {
			if (sendto(s, buf, size, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0)
				failed++;
			else
				sent++;
		}
		t1 = now();
		printf("blast sent=%ld failed=%ld secs=%.3f pps=%.0f\n", sent, failed, t1 - t0,
		       sent / (t1 - t0));
		return 0;
	}
	fprintf(stderr, "usage: labnet echo PORT | rr HOST PORT COUNT SIZE | sink PORT IDLE_MS | blast HOST PORT SIZE COUNT\n");
	return 2;
}
