/*
 * model_incidents.c - the incidents section of the report model, from
 * the ServiceNow fetch chosen by snow_prepare() (snow.c), as snow_read()
 * reads it into the model's arena.  Also fills summary.open_incidents.
 */
#include <math.h>

#include "model_parts.h"
#include "snow.h"

enum pw_status
model_incidents(struct model_ctx *ctx)
{
	const struct model_input *ri = ctx->in;
	struct snow_read_input in = { ri->db, ri->snow, &ri->period, ri->tz,
				      ri->cfg->snow_list_max };
	struct model *m = ctx->m;
	enum pw_status rc;

	if ((rc = snow_read(&in, &m->arena, &m->incidents)))
		return rc;
	/* the model's one rounding, whoever read the figure */
	m->incidents.mttr_hours = stats_round(m->incidents.mttr_hours, 2);
	if (!isnan(m->incidents.open_total))
		m->summary.open_incidents = m->incidents.open_total;
	return PW_OK;
}
