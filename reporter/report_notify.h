/*
 * report_notify.h - the weekly report's summary posted to the sinks of
 * [report] notify (docs/alerts.md): status, counts, the worst three
 * findings and where the files are.
 */
#ifndef PW_REPORT_NOTIFY_H
#define PW_REPORT_NOTIFY_H

#include "config.h"
#include "deliver.h"
#include "model.h"
#include "status.h"

/*
 * Send m's summary to every sink [report] notify names; a sink that
 * fails is logged with its reason and the others are still served.
 * PW_OK when every sink took it (or none is named), PW_EPARTIAL if not.
 */
enum pw_status report_notify(const struct config *cfg, const struct model *m,
			     const struct delivery *d);

#endif
