/* A bare libmicrohttpd server for bench/case-page.sh: the same daemon flags and options as
 * src/web/server.c (internal polling thread, epoll when available, a pool of 16 threads,
 * 256 connections, 30 s timeout) answering every request with one fixed small HTML page.
 * It gives the ceiling the case page is compared with in the same run (DESIGN §9).
 *
 *   bare_mhd PORT [THREADS]      listens on 127.0.0.1:PORT until SIGINT or SIGTERM */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char PAGE[] = "<!doctype html>\n<html lang=\"sv\"><head><meta charset=\"utf-8\">"
                           "<title>Bänk</title></head><body><p>Hej.</p></body></html>\n";

static struct MHD_Response *page;

static enum MHD_Result on_access(void *cls, struct MHD_Connection *conn, const char *url,
                                 const char *method, const char *version,
                                 const char *upload_data, size_t *upload_data_size,
                                 void **con_cls)
{
	(void)cls;
	(void)url;
	(void)method;
	(void)version;
	(void)upload_data;
	if (*con_cls == NULL) { /* first call: headers only, as in the real server */
		*con_cls = (void *)1;
		return MHD_YES;
	}
	if (*upload_data_size != 0) {
		*upload_data_size = 0; /* discard any body */
		return MHD_YES;
	}
	return MHD_queue_response(conn, MHD_HTTP_OK, page);
}

int main(int argc, char **argv)
{
	struct sockaddr_in sin;
	struct MHD_Daemon *d;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
	unsigned threads = 16;
	long port;
	sigset_t set;
	int sig;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: bare_mhd PORT [THREADS]\n");
		return 2;
	}
	port = strtol(argv[1], NULL, 10);
	if (port < 0 || port > 65535) {
		fprintf(stderr, "bare_mhd: bad port\n");
		return 2;
	}
	if (argc == 3)
		threads = (unsigned)strtoul(argv[2], NULL, 10);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	flags |=
	    MHD_is_feature_supported(MHD_FEATURE_EPOLL) == MHD_YES ? MHD_USE_EPOLL : MHD_USE_POLL;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	if (pthread_sigmask(SIG_BLOCK, &set, NULL) != 0)
		return 1;
	signal(SIGPIPE, SIG_IGN);

	page = MHD_create_response_from_buffer(sizeof(PAGE) - 1, (void *)PAGE,
	                                       MHD_RESPMEM_PERSISTENT);
	if (page == NULL ||
	    MHD_add_response_header(page, MHD_HTTP_HEADER_CONTENT_TYPE, "text/html; charset=utf-8") !=
	        MHD_YES)
		return 1;
	d = MHD_start_daemon(flags, (uint16_t)port, NULL, NULL, on_access, NULL,
	                     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sin,
	                     MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT,
	                     256u, MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_END);
	if (d == NULL) {
		fprintf(stderr, "bare_mhd: cannot listen on port %ld\n", port);
		return 1;
	}
	printf("bare_mhd listening on http://127.0.0.1:%u/\n",
	       (unsigned)MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT)->port);
	fflush(stdout);
	if (sigwait(&set, &sig) != 0)
		sig = 0;
	MHD_stop_daemon(d);
	MHD_destroy_response(page);
	return 0;
}
