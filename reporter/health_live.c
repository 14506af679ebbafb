/*
 * health_live.c - every configured health check once, at report time.
 *
 * The one part of a report that is not a function of the database: run
 * by perfweek-report's main before the model is built, never with
 * --offline, and stored nowhere.  The results go into the week's checks
 * (struct health_week) of the same name and URL, as their live result.
 */
#include <stdlib.h>
#include <string.h>

#include "health_live.h"
#include "probe.h"

enum pw_status
health_live(const struct config *cfg, int64_t now, struct health_week *hw)
{
	const struct health_check **sel;
	struct probe_result *res;
	size_t i, k;
	enum pw_status rc;

	if (!hw->configured)
		return PW_OK;
	if (!(res = calloc(cfg->nhealth, sizeof(*res))))
		return PW_ENOMEM;
	sel = calloc(cfg->nhealth, sizeof(const struct health_check *));
	if (!sel) {
		free(res);
		return PW_ENOMEM;
	}
	for (i = 0; i < cfg->nhealth; i++)
		sel[i] = &cfg->health[i];
	rc = probe_run(cfg, sel, cfg->nhealth, now, res);
	for (i = 0; !rc && i < cfg->nhealth; i++)
		for (k = 0; k < hw->n; k++)
			if (strcmp(hw->checks[k].name, sel[i]->name) == 0 &&
			    strcmp(hw->checks[k].url, sel[i]->url) == 0) {
				hw->checks[k].live = res[i];
				hw->checks[k].has_live = 1;
			}
	free(sel);
	free(res);
	return rc;
}
