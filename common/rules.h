/*
 * rules.h - the findings rules the reporter evaluates, declared once.
 *
 * X(id, warn, crit, minutes): the default thresholds of each rule.  A rule
 * fires WARNING when its metric stays at or beyond warn for at least
 * minutes (0: at any single sample), CRITICAL likewise for crit.  The
 * metric, direction, wording and recommendation of each rule live in
 * reporter/findings/findings.c; perfweek.conf(5) lets [findings] override the
 * numbers ("cpu_busy = 80 90 20") or switch a rule off ("steal = off").
 * The health rules judge each [health] check over the week: the percent
 * of its error budget spent, its p95 latency in ms, and the days left on
 * its certificate (below warn, then below crit).
 */
#ifndef PW_RULES_H
#define PW_RULES_H

#define PW_RULES(X)                         \
	X(cpu_busy, 85, 95, 30)             \
	X(load_per_cpu, 1.0, 2.0, 30)       \
	X(iowait, 10, 25, 15)               \
	X(steal, 5, 15, 15)                 \
	X(memory_used, 90, 97, 15)          \
	X(swapping, 100, 1000, 10)          \
	X(major_faults, 50, 500, 10)        \
	X(psi_cpu, 20, 50, 15)              \
	X(psi_memory, 10, 30, 10)           \
	X(psi_io, 20, 50, 15)               \
	X(disk_await, 20, 100, 15)          \
	X(disk_util, 80, 95, 30)            \
	X(fs_used, 85, 95, 0)               \
	X(fs_days_to_full, 14, 3, 0)        \
	X(net_errors, 1, 10, 5)             \
	X(net_drops, 10, 100, 5)            \
	X(tcp_retrans, 2, 5, 15)            \
	X(underused, 10, 40, 0)             \
	X(health_budget, 100, 200, 0)       \
	X(health_latency_ms, 1000, 5000, 0) \
	X(cert_days_left, 21, 7, 0)

enum rule_id {
#define RULE_ENUM(id, w, c, m) RULE_##id,
	PW_RULES(RULE_ENUM)
#undef RULE_ENUM
	RULE_COUNT
};

struct rule_limits {
	int enabled;
	double warn, crit;
	double minutes;
};

#endif
