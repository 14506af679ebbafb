/*
 * prom.h - the Prometheus-compatible source: struct source over the HTTP
 * API of Prometheus, VictoriaMetrics, Thanos or Mimir holding
 * node_exporter's metrics (docs/prometheus.md).
 */
#ifndef PW_PROM_H
#define PW_PROM_H

#include "config.h"
#include "source.h"

/*
 * A source reading host (a value of sc->host_label) from the API at
 * sc->url; sc and cfg stay the caller's and must outlive the source.
 * Reads the secrets (PW_ECONFIG, logged, when one cannot be read); asks
 * the server nothing yet.
 */
enum pw_status
source_prom_open(const struct source_config *sc, const struct config *cfg,
		 const char *host, struct source *out);

/* The HTTP requests the source has made so far. */
unsigned source_prom_requests(const struct source *s);

#endif
