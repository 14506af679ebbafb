/*
 * capacity.h - headroom and queueing estimates from the week's
 * utilisation: the CPUs as an M/M/c system (Erlang C), each disk as M/M/1.
 */
#ifndef PW_CAPACITY_H
#define PW_CAPACITY_H

#include "model_build.h"

enum pw_status
capacity_build(struct model_ctx *ctx, struct model_capacity *cap);

#endif
