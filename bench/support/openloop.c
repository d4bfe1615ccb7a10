/*
 * The open-loop load generator of the decision bench, in C so that it has no garbage collector or
 * event loop of its own to stall: a stall of the generator would be charged to the server.
 *
 *   openloop <host> <port> <rate/s> <connections> <seconds> <request file>
 *
 * Requests are due at a fixed rate whatever the answers do; each is sent on the first idle
 * connection when due (or queued until one is free), and its latency counts from when it was due,
 * not from when it could be sent (no coordinated omission). The request file holds the raw HTTP/1.1
 * request, sent as is on keep-alive connections. Answers are read by Content-Length. After the last
 * due time it waits at most 5 s for the answers still out. Prints one JSON line:
 *   {"requests":n,"seconds":s,"rps":r,"p50Ms":..,"p90Ms":..,"p99Ms":..,"errors":e}
 * Built by bench/support/load.ts with the system's C compiler (cc -O2); on a machine without one the
 * decision bench reports the open-loop rows as not measured. The host is a numeric IPv4 address.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct {
  int fd;
  double due;   /* ms: when the request now out on it was due; < 0 when idle */
  char buf[65536];
  size_t len;
} conn_t;

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static char *request;
static size_t request_len;
static double *latencies;
static size_t n_lat, cap_lat;
static long errors;

static void send_on(conn_t *c, double due) {
  c->due = due;
  size_t off = 0;
  while (off < request_len) {
    ssize_t w = write(c->fd, request + off, request_len - off);
    if (w < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      errors++;
      return;
    }
    off += (size_t)w;
  }
}

static void record(double ms) {
  if (n_lat == cap_lat) {
    cap_lat = cap_lat ? cap_lat * 2 : 65536;
    latencies = realloc(latencies, cap_lat * sizeof(double));
  }
  latencies[n_lat++] = ms;
}

/* One complete answer at the start of the buffer: its length, or 0 when more bytes are needed. */
static size_t answer_length(conn_t *c, int *status) {
  char *end = memmem(c->buf, c->len, "\r\n\r\n", 4);
  if (!end) return 0;
  size_t head = (size_t)(end - c->buf) + 4;
  long body = 0;
  int chunked = 0;
  for (char *p = c->buf; p < end; p++) {
    if (p != c->buf && p[-1] != '\n') continue;
    if (strncasecmp(p, "content-length:", 15) == 0) body = strtol(p + 15, NULL, 10);
    if (strncasecmp(p, "transfer-encoding: chunked", 26) == 0) chunked = 1;
  }
  *status = c->len > 12 ? atoi(c->buf + 9) : 0;
  if (chunked) {
    /* Small answers: read up to the last, empty chunk. */
    if (c->len >= head + 5 && memcmp(c->buf + head, "0\r\n\r\n", 5) == 0) return head + 5;
    char *last = memmem(c->buf + head, c->len - head, "\r\n0\r\n\r\n", 7);
    return last ? (size_t)(last - c->buf) + 7 : 0;
  }
  if (c->len < head + (size_t)body) return 0;
  return head + (size_t)body;
}

int main(int argc, char **argv) {
  if (argc != 7) {
    fprintf(stderr, "usage: openloop host port rate connections seconds request-file\n");
    return 2;
  }
  const char *host = argv[1];
  int port = atoi(argv[2]);
  double rate = atof(argv[3]);
  int n = atoi(argv[4]);
  double seconds = atof(argv[5]);
  FILE *f = fopen(argv[6], "rb");
  if (!f) { perror("request file"); return 2; }
  fseek(f, 0, SEEK_END);
  request_len = (size_t)ftell(f);
  fseek(f, 0, SEEK_SET);
  request = malloc(request_len);
  if (fread(request, 1, request_len, f) != request_len) { perror("read"); return 2; }
  fclose(f);

  int ep = epoll_create1(0);
  conn_t *conns = calloc((size_t)n, sizeof(conn_t));
  int *idle = malloc((size_t)n * sizeof(int));
  int n_idle = 0;
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((unsigned short)port) };
  inet_pton(AF_INET, host, &addr.sin_addr);
  for (int i = 0; i < n; i++) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) { perror("connect"); return 1; }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    fcntl(fd, F_SETFL, O_NONBLOCK);
    conns[i].fd = fd;
    conns[i].due = -1;
    struct epoll_event ev = { .events = EPOLLIN, .data.u32 = (unsigned)i };
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    idle[n_idle++] = i;
  }

  /* Due times waiting for a free connection: a ring as long as the run could need. */
  size_t qcap = (size_t)(rate * seconds) + 16, qhead = 0, qtail = 0;
  double *queue = malloc(qcap * sizeof(double));
  double interval = 1000.0 / rate;
  double start = now_ms(), end = start + seconds * 1000.0;
  long k = 0, outstanding = 0;
  struct epoll_event events[256];

  for (;;) {
    double t = now_ms();
    for (double due = start + k * interval; due <= t && due < end; due = start + (++k) * interval) {
      if (n_idle > 0) {
        send_on(&conns[idle[--n_idle]], due);
      } else {
        queue[qtail++ % qcap] = due;
      }
      outstanding++;
    }
    if (t >= end && (outstanding == 0 || t >= end + 5000.0)) break;
    int ready = epoll_wait(ep, events, 256, 0);
    for (int e = 0; e < ready; e++) {
      conn_t *c = &conns[events[e].data.u32];
      ssize_t r = read(c->fd, c->buf + c->len, sizeof c->buf - c->len);
      if (r <= 0) {
        if (r < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        errors++;
        epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
        continue;
      }
      c->len += (size_t)r;
      int status;
      size_t used;
      while (c->due >= 0 && (used = answer_length(c, &status)) > 0) {
        double done = now_ms();
        record(done - c->due);
        if (status < 200 || status >= 300) errors++;
        memmove(c->buf, c->buf + used, c->len - used);
        c->len -= used;
        outstanding--;
        c->due = -1;
        if (qhead != qtail) send_on(c, queue[qhead++ % qcap]);
        else idle[n_idle++] = (int)(c - conns);
      }
    }
  }
  double elapsed = (now_ms() - start) / 1000.0;
  qsort(latencies, n_lat, sizeof(double), cmp);
#define PCT(p) (n_lat ? latencies[(size_t)((p) / 100.0 * (double)n_lat) < n_lat ? (size_t)((p) / 100.0 * (double)n_lat) : n_lat - 1] : 0)
  printf("{\"requests\":%zu,\"seconds\":%.3f,\"rps\":%.1f,\"p50Ms\":%.4f,\"p90Ms\":%.4f,\"p99Ms\":%.4f,\"errors\":%ld}\n", n_lat, elapsed,
         (double)n_lat / elapsed, PCT(50), PCT(90), PCT(99), errors + outstanding);
  return 0;
}
