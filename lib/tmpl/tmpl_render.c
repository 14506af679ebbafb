/*
 * tmpl_render.c - walk a parsed template against a cJSON context stack.
 *
 * The context stack is a fixed array: the data at the bottom, one entry per
 * section being rendered above it.  Every section and partial entered counts
 * towards TMPL_MAX_DEPTH, which bounds both the stack and the recursion of
 * this file, whatever the data or a self-including partial asks for.  Every
 * node rendered counts towards TMPL_MAX_STEPS, which bounds the time:
 * sections nested over lists multiply without writing anything.
 *
 * Partials are fetched through the caller's lookup and parsed the first time
 * they are used; the parsed partials live in a small cache owned by one
 * render call.  A partial standing alone on its line is indented: the
 * indentation of every enclosing standalone partial, outermost first, goes
 * before each of its source lines (nodes marked bol, and lines inside text).
 *
 * Never modifies the template or the data; writes only to the caller's
 * buffer and error struct.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpl_int.h"

/* The indentation of a standalone partial, chained to the enclosing one's. */
struct indent {
	const char *s;
	size_t len;
	const struct indent *up;
};

struct partial_slot {
	char *name;
	struct tmpl *t; /* NULL: there is no such partial */
};

struct render {
	const struct tmpl *top;
	const struct tmpl_partials *partials;
	struct buf *out;
	struct tmpl_error *err;
	enum tmpl_escape escape;
	const cJSON *stack[TMPL_MAX_DEPTH + 1];
	int nstack;
	int depth;           /* sections and partials entered */
	unsigned long steps; /* nodes rendered */
	struct partial_slot *slots;
	size_t nslots, aslots;
};

static enum pw_status
render_nodes(struct render *r, const struct tmpl *t, size_t from, size_t to,
	     const struct indent *ind);

static enum pw_status
render_emit(struct render *r, const char *s, size_t n)
{
	enum pw_status st;

	st = buf_add(r->out, s, n);
	if (st == PW_ETOOBIG)
		tmpl_error_set(r->err, r->top->name, 0, 0,
			       "output is larger than %zu bytes", r->out->cap);
	else if (st)
		tmpl_error_set(r->err, r->top->name, 0, 0, "out of memory");
	return st;
}

static enum pw_status
render_indent(struct render *r, const struct indent *ind)
{
	enum pw_status st;

	if (!ind)
		return PW_OK;
	st = render_indent(r, ind->up);
	if (st || ind->len == 0)
		return st;
	return render_emit(r, ind->s, ind->len);
}

/* Text; inside an indented partial every line that starts in it is indented. */
static enum pw_status
emit_text(struct render *r, const struct tmpl *t, const struct tmpl_node *n,
	  const struct indent *ind)
{
	const char *s = t->text + n->off, *nl;
	size_t left = n->len;

	while (ind && (nl = memchr(s, '\n', left)) &&
	       (size_t)(nl - s) + 1 < left) {
		size_t k = (size_t)(nl - s) + 1;
		enum pw_status st;

		st = render_emit(r, s, k);
		if (!st)
			st = render_indent(r, ind);
		if (st)
			return st;
		s += k;
		left -= k;
	}
	return render_emit(r, s, left);
}

/* What {{name}} writes for c, or NULL to write c itself. */
static const char *
html_entity(char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	default:
		return NULL;
	}
}

static enum pw_status
render_escaped(struct render *r, const char *s, size_t n)
{
	size_t i, run = 0;
	enum pw_status st;

	for (i = 0; i < n; i++) {
		const char *rep = html_entity(s[i]);

		if (!rep)
			continue;
		st = render_emit(r, s + run, i - run);
		if (!st)
			st = render_emit(r, rep, strlen(rep));
		if (st)
			return st;
		run = i + 1;
	}
	return render_emit(r, s + run, n - run);
}

/*
 * Integers below 2^53 in full (85, 100000); other numbers in the shortest
 * %g form that reads back as the same double (1.21, 0.1, 1e+21, 1e-07).
 */
static void
render_number(double v, char *dst, size_t dstsz)
{
	int prec, n;

	if (v == 0)
		v = fabs(v); /* -0 prints as 0 */
	if (v == trunc(v) && fabs(v) < 9007199254740992.0) {
		n = snprintf(dst, dstsz, "%.0f", v);
		if (n < 0 || (size_t)n >= dstsz)
			dst[0] = '\0';
		return;
	}
	for (prec = 1; prec <= 17; prec++) {
		n = snprintf(dst, dstsz, "%.*g", prec, v);
		if (n < 0 || (size_t)n >= dstsz) {
			dst[0] = '\0';
			return;
		}
		if (strtod(dst, NULL) == v)
			return;
	}
}

static enum pw_status
render_value(struct render *r, const cJSON *v, int escape)
{
	char num[40];
	char *json = NULL;
	const char *s;
	enum pw_status st;

	if (!v || cJSON_IsNull(v))
		return PW_OK;
	if (cJSON_IsString(v) || cJSON_IsRaw(v)) {
		s = v->valuestring ? v->valuestring : "";
	} else if (cJSON_IsNumber(v)) {
		render_number(v->valuedouble, num, sizeof(num));
		s = num;
	} else if (cJSON_IsBool(v)) {
		s = cJSON_IsTrue(v) ? "true" : "false";
	} else {
		json = cJSON_PrintUnformatted(v);
		if (!json) {
			tmpl_error_set(r->err, r->top->name, 0, 0,
				       "out of memory");
			return PW_ENOMEM;
		}
		s = json;
	}
	st = escape ? render_escaped(r, s, strlen(s)) :
		      render_emit(r, s, strlen(s));
	cJSON_free(json);
	return st;
}

static const cJSON *
json_member(const cJSON *obj, const char *key, size_t klen)
{
	const cJSON *c;

	if (!cJSON_IsObject(obj))
		return NULL;
	for (c = obj->child; c; c = c->next)
		if (c->string && strncmp(c->string, key, klen) == 0 &&
		    c->string[klen] == '\0')
			return c;
	return NULL;
}

/*
 * "." is the top of the stack.  Otherwise the first part of a.b.c is looked
 * up from the top of the stack down, the rest only inside what was found.
 */
static const cJSON *
render_lookup(const struct render *r, const char *name, size_t len)
{
	const char *end = name + len, *dot;
	const cJSON *v = NULL;
	int k;

	if (len == 1 && name[0] == '.')
		return r->nstack ? r->stack[r->nstack - 1] : NULL;
	dot = memchr(name, '.', len);
	if (!dot)
		dot = end;
	for (k = r->nstack - 1; k >= 0 && !v; k--)
		v = json_member(r->stack[k], name, (size_t)(dot - name));
	while (v && dot < end) {
		name = dot + 1;
		dot = memchr(name, '.', (size_t)(end - name));
		if (!dot)
			dot = end;
		v = json_member(v, name, (size_t)(dot - name));
	}
	return v;
}

static int
is_falsey(const cJSON *v)
{
	return !v || cJSON_IsNull(v) || cJSON_IsFalse(v) ||
		(cJSON_IsArray(v) && !v->child);
}

static enum pw_status
render_enter(struct render *r, const struct tmpl *t, const struct tmpl_node *n)
{
	if (r->depth >= TMPL_MAX_DEPTH) {
		tmpl_error_set(r->err, t->name, n->line, n->col,
			       "sections and partials nested deeper than %d",
			       TMPL_MAX_DEPTH);
		return PW_ETOOBIG;
	}
	r->depth++;
	return PW_OK;
}

/* Render the children of section node i with ctx on top of the stack. */
static enum pw_status
render_with(struct render *r, const struct tmpl *t, size_t i, const cJSON *ctx,
	    const struct indent *ind)
{
	enum pw_status st;

	r->stack[r->nstack++] = ctx;
	st = render_nodes(r, t, i + 1, t->nodes[i].end, ind);
	r->nstack--;
	return st;
}

static enum pw_status
render_section(struct render *r, const struct tmpl *t, size_t i,
	       const struct indent *ind)
{
	const struct tmpl_node *n = &t->nodes[i];
	const cJSON *v, *item;
	enum pw_status st;

	v = render_lookup(r, t->text + n->off, n->len);
	if ((n->type == TN_INVERTED) != is_falsey(v))
		return PW_OK;
	st = render_enter(r, t, n);
	if (st)
		return st;
	if (n->type == TN_INVERTED)
		st = render_nodes(r, t, i + 1, n->end, ind);
	else if (cJSON_IsArray(v))
		for (item = v->child; item && !st; item = item->next)
			st = render_with(r, t, i, item, ind);
	else
		st = render_with(r, t, i, v, ind);
	r->depth--;
	return st;
}

/* The parsed partial called name, or NULL in *out when there is none. */
static enum pw_status
partial_get(struct render *r, const char *name, size_t len,
	    const struct tmpl **out)
{
	struct partial_slot *slot;
	const char *text = NULL;
	size_t i, tlen = 0;
	enum pw_status st;

	for (i = 0; i < r->nslots; i++) {
		slot = &r->slots[i];
		if (strncmp(slot->name, name, len) == 0 &&
		    slot->name[len] == '\0') {
			*out = slot->t;
			return PW_OK;
		}
	}
	if (r->nslots == r->aslots) {
		size_t na = r->aslots ? r->aslots * 2 : 8;

		slot = reallocarray(r->slots, na, sizeof(*slot));
		if (!slot)
			goto nomem;
		r->slots = slot;
		r->aslots = na;
	}
	slot = &r->slots[r->nslots];
	slot->t = NULL;
	slot->name = strndup(name, len);
	if (!slot->name)
		goto nomem;
	if (r->partials && r->partials->lookup)
		text = r->partials->lookup(r->partials->ctx, slot->name, &tlen);
	if (text) {
		st = tmpl_parse(slot->name, text, tlen, &slot->t, r->err);
		if (st) {
			free(slot->name);
			return st;
		}
	}
	r->nslots++;
	*out = slot->t;
	return PW_OK;
nomem:
	tmpl_error_set(r->err, r->top->name, 0, 0, "out of memory");
	return PW_ENOMEM;
}

static enum pw_status
render_partial(struct render *r, const struct tmpl *t,
	       const struct tmpl_node *n, const struct indent *ind)
{
	const struct tmpl *pt;
	struct indent own;
	enum pw_status st;

	st = partial_get(r, t->text + n->off, n->len, &pt);
	if (st || !pt)
		return st;
	st = render_enter(r, t, n);
	if (st)
		return st;
	own.s = t->text + n->ind_off;
	own.len = n->ind_len;
	own.up = ind;
	st = render_nodes(r, pt, 0, pt->nnodes, n->standalone ? &own : NULL);
	r->depth--;
	return st;
}

static enum pw_status
render_nodes(struct render *r, const struct tmpl *t, size_t from, size_t to,
	     const struct indent *ind)
{
	enum pw_status st = PW_OK;
	size_t i = from;

	while (i < to && !st) {
		const struct tmpl_node *n = &t->nodes[i];

		if (++r->steps > TMPL_MAX_STEPS) {
			tmpl_error_set(
				r->err, t->name, n->line, n->col,
				"more than %lu tags rendered: sections over lists "
				"nested too deep",
				TMPL_MAX_STEPS);
			return PW_ETOOBIG;
		}
		if (n->bol && ind) {
			st = render_indent(r, ind);
			if (st)
				break;
		}
		switch (n->type) {
		case TN_TEXT:
			st = emit_text(r, t, n, ind);
			break;
		case TN_VAR:
		case TN_RAW:
			st = render_value(
				r, render_lookup(r, t->text + n->off, n->len),
				n->type == TN_VAR &&
					r->escape == TMPL_ESCAPE_HTML);
			break;
		case TN_SECTION:
		case TN_INVERTED:
			st = render_section(r, t, i, ind);
			i = n->end;
			continue;
		case TN_PARTIAL:
			st = render_partial(r, t, n, ind);
			break;
		}
		i++;
	}
	return st;
}

enum pw_status
tmpl_render(const struct tmpl *t, const cJSON *data,
	    const struct tmpl_partials *partials, struct buf *out,
	    struct tmpl_error *err)
{
	return tmpl_render_mode(t, data, partials, TMPL_ESCAPE_HTML, out, err);
}

enum pw_status
tmpl_render_mode(const struct tmpl *t, const cJSON *data,
		 const struct tmpl_partials *partials, enum tmpl_escape escape,
		 struct buf *out, struct tmpl_error *err)
{
	struct render r;
	enum pw_status st;
	size_t i;

	memset(&r, 0, sizeof(r));
	r.top = t;
	r.partials = partials;
	r.out = out;
	r.err = err;
	r.escape = escape;
	if (data)
		r.stack[r.nstack++] = data;
	/* Even an empty result leaves out NUL-terminated. */
	st = render_emit(&r, "", 0);
	if (!st)
		st = render_nodes(&r, t, 0, t->nnodes, NULL);
	for (i = 0; i < r.nslots; i++) {
		tmpl_free(r.slots[i].t);
		free(r.slots[i].name);
	}
	free(r.slots);
	if (st)
		buf_free(out);
	return st;
}
