/*
 * render_capacity.c - the text view of the model's capacity section: a
 * wrapped paragraph for the CPUs (Erlang C), one per service (Little's
 * law) and one per disk (M/M/1), in that order.  The figures are the
 * model's, unchanged.
 */
#include <stdio.h>

#include "model.h"
#include "render_text_int.h"

int
text_view_capacity(struct text_view *v, cJSON *t)
{
	const struct model_capacity *cap = &v->m->capacity;
	const struct model_cpu_capacity *cpu = &cap->cpu;
	cJSON *arr = cJSON_AddArrayToObject(t, "capacity");
	char line[512], prefix[96];
	size_t i;

	if (!arr)
		return 0;
	if (cap->has_cpu) {
		snprintf(
			line, sizeof(line),
			"%.0f CPUs at a p95 of %.1f %% busy: a runnable task finds all CPUs busy with probability %.2f (Erlang C) and waits on average %.2f times its service time; headroom to %.0f %%: %.0f %%.",
			cpu->cpus, cpu->p95_busy_pct, cpu->erlang_c,
			cpu->wait_ratio, cap->target_util_pct,
			cpu->headroom_pct);
		if (!text_wrap_add(arr, "  CPU:  ", line, 8))
			return 0;
	}
	for (i = 0; i < cap->nservices; i++) {
		const struct model_service *s = &cap->services[i];

		snprintf(prefix, sizeof(prefix),
			 "  %s: ", text_str(v, s->service));
		snprintf(
			line, sizeof(line),
			"%.2f requests/s at a mean response time of %.4f s: on average %.2f requests in flight (Little's law, L = lambda W).",
			s->requests_per_s, s->response_time_s, s->concurrency);
		if (!text_wrap_add(arr, prefix, line, 8))
			return 0;
	}
	for (i = 0; i < cap->ndisks; i++) {
		const struct model_disk_capacity *d = &cap->disks[i];

		snprintf(prefix, sizeof(prefix),
			 "  %s: ", text_str(v, d->name));
		snprintf(
			line, sizeof(line),
			"p95 utilisation %.1f %%: response times %.2f times the service time (M/M/1); headroom to %.0f %%: %.0f %%.",
			d->p95_util_pct, d->stretch, cap->target_util_pct,
			d->headroom_pct);
		if (!text_wrap_add(arr, prefix, line, 8))
			return 0;
	}
	return 1;
}
