-- perfweek schema, migration 5: discards and flushes per second as their
-- own disk columns (await_ms now covers reads and writes only, as
-- iostat's r_await and w_await do).  NULL where the kernel does not count
-- them: discards from 4.18, flushes from 5.5.
ALTER TABLE disk ADD COLUMN discards_per_s REAL;
ALTER TABLE disk ADD COLUMN flushes_per_s REAL;
