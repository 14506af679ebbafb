/*
 * unit.h - what more than one unit test uses; include after <cmocka.h>.
 */
#ifndef PW_TEST_UNIT_H
#define PW_TEST_UNIT_H

#include <math.h>

/* got equals want to nine significant digits; the message shows both. */
#define assert_near(got, want)                                            \
	do {                                                              \
		double got_ = (got), want_ = (want);                      \
		if (fabs(got_ - want_) > 1e-9 * (fabs(want_) + 1.0))      \
			fail_msg("%s is %.6f, expected %.6f", #got, got_, \
				 want_);                                  \
	} while (0)

#endif
