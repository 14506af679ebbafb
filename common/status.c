/*
 * status.c - from a status to an exit code, in one place.
 */
#include "status.h"

int
pw_exit_code(enum pw_status st)
{
	switch (st) {
	case PW_OK:
		return PW_EXIT_OK;
	case PW_ECONFIG:
		return PW_EXIT_USAGE;
	case PW_EPARTIAL:
		return PW_EXIT_PARTIAL;
	default:
		return PW_EXIT_FAIL;
	}
}
