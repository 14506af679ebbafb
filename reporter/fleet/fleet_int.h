/*
 * fleet_int.h - what the fleet part's files share.  Not for use outside
 * reporter/fleet/.
 */
#ifndef PW_FLEET_INT_H
#define PW_FLEET_INT_H

#include "fleet.h"

/*
 * A new row for host from source in rows, zeroed but for the names; NULL
 * with *rc PW_OK when rows has the host already (logged: the first file
 * wins), NULL with *rc PW_ENOMEM when memory runs out.
 */
struct fleet_row *fleet_row_add(struct fleet_rows *rows, const char *host,
				const char *source, enum pw_status *rc);

#endif
