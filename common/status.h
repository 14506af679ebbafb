/*
 * status.h - the one status type of perfweek, and the exit codes.
 *
 * Every function that can fail returns an enum pw_status.  The code says what
 * kind of failure happened; the message has already been logged where the
 * failure was found (see log.h), so callers only propagate the code.  Only
 * main() turns a status into one of the four documented exit codes.
 */
#ifndef PW_STATUS_H
#define PW_STATUS_H

enum pw_status {
	PW_OK = 0,
	PW_ERR,       /* generic runtime failure, already logged */
	PW_ENOMEM,    /* out of memory */
	PW_EIO,       /* read or write failed */
	PW_ENOTFOUND, /* the file or feature does not exist (not logged) */
	PW_EPARSE,    /* input did not have the expected format */
	PW_ETOOBIG,   /* input went past its size cap */
	PW_ECONFIG,   /* configuration or usage error */
	PW_EDB,       /* database error */
	PW_EBUSY,     /* locked by someone else */
	PW_ETIMEOUT,  /* a time limit ran out */
	PW_EPARTIAL   /* done, with something missing */
};

/* The exit codes of all three programs, as documented in the man pages. */
enum pw_exit {
	PW_EXIT_OK = 0,     /* done */
	PW_EXIT_FAIL = 1,   /* runtime failure, nothing written */
	PW_EXIT_USAGE = 2,  /* usage or configuration error */
	PW_EXIT_PARTIAL = 3 /* done with something missing */
};

/* Map a status to the exit code main() should return. */
int pw_exit_code(enum pw_status st);

#endif
