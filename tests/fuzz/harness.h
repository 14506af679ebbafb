/*
 * harness.h - what the libFuzzer targets in tests/fuzz share.
 *
 * A target is one file, tests/fuzz/fuzz_NAME.c, that defines
 * LLVMFuzzerTestOneInput() and feeds the bytes it is given to one parser,
 * through the same entry point the programs use.  The readers of /proc take
 * a root directory, so their targets write the input into a private scratch
 * tree (fuzz_put) and call the reader on it: the code under test is the code
 * that ships, file reading and NUL checks included.
 *
 * Nothing here returns an error: a harness that cannot set itself up aborts,
 * which libFuzzer reports at once rather than fuzzing nothing.
 */
#ifndef PW_FUZZ_HARNESS_H
#define PW_FUZZ_HARNESS_H

#include <stddef.h>
#include <stdint.h>

/* The entry point libFuzzer calls, once per input. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Most parts fuzz_split() returns. */
#define FUZZ_MAX_PARTS 8

/* One part of an input split on a separator byte; not NUL-terminated. */
struct fuzz_part {
	const uint8_t *p;
	size_t len;
};

/*
 * The scratch directory, made (with logging quietened to errors) on first
 * use and removed with its contents at exit.
 */
const char *fuzz_root(void);

/* Write size bytes to fuzz_root()/rel, making its directories. */
void fuzz_put(const char *rel, const uint8_t *data, size_t size);

/* Remove fuzz_root()/rel if it exists. */
void fuzz_remove(const char *rel);

/* fuzz_root()/rel in a buffer the caller frees. */
char *fuzz_path(const char *rel);

/* A NUL-terminated copy of size bytes, which the caller frees. */
char *fuzz_strndup(const uint8_t *data, size_t size);

/*
 * Split data at each sep byte into at most max parts (the last part keeps
 * any further separators) and return how many there are: at least 1.
 */
size_t fuzz_split(const uint8_t *data, size_t size, uint8_t sep,
		  struct fuzz_part *parts, size_t max);

#endif
