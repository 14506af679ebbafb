/*
 * tmpl.h - perfweek's Mustache template engine over cJSON data.
 *
 * A template is parsed once into a flat tree (text, escaped and raw
 * variables, sections, inverted sections, partials) and can then be rendered
 * any number of times against a cJSON value.  The engine implements the
 * Mustache specification's comments, delimiters, interpolation, inverted,
 * partials and sections modules; lambdas and inheritance are not supported.
 *
 * Rules a template author may need:
 *  - {{x}} escapes & < > " for HTML; {{{x}}} and {{& x}} do not escape.
 *    tmpl_render_mode() with TMPL_ESCAPE_NONE makes {{x}} write the value
 *    as it is too: the text report renders so, since it is not HTML.
 *  - Only false, null, a missing name and an empty array are falsey; "" and
 *    0 are truthy, as in the specification's reference implementation.
 *  - Numbers print in their shortest form that reads back to the same
 *    double (85, 1.21, 1e+21); true and false print as such; an object or an
 *    array prints as compact JSON.  LC_NUMERIC must be "C".
 *  - A missing partial renders as nothing.
 *
 * Every cap is an error, never a truncation: more than TMPL_MAX_DEPTH nested
 * sections in a template is PW_EPARSE; more than TMPL_MAX_DEPTH nested
 * sections and partials while rendering (a partial that includes itself) is
 * PW_ETOOBIG; so are more than TMPL_MAX_STEPS tags and text pieces rendered
 * and output past the cap of the caller's struct buf.
 *
 * Errors are reported in a struct tmpl_error as one line naming the template,
 * line and column: "report.txt.mustache:12:5: section 'disks' is never
 * closed".  When the caller passes an error struct nothing is logged and the
 * caller reports the message once; when it passes NULL the engine logs the
 * message itself with log_err().
 */
#ifndef PW_TMPL_H
#define PW_TMPL_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "status.h"

/* Most sections (and, when rendering, partials) open at once. */
#define TMPL_MAX_DEPTH 100
/*
 * Most tags and pieces of text one render visits: sections nested over
 * lists multiply, and would otherwise run for ages with no output to hit
 * the cap.  The text report of a host with 4096 disks visits far fewer.
 */
#define TMPL_MAX_STEPS 1000000UL
/* Longest delimiter a set-delimiter tag may choose, in bytes. */
#define TMPL_DELIM_MAX 16
/* Size of an error message, terminator included. */
#define TMPL_ERROR_MAX 512

struct tmpl;

struct tmpl_error {
	unsigned line; /* 1-based; 0 when the error has no position */
	unsigned col;  /* 1-based, in UTF-8 characters; 0 as line */
	char msg[TMPL_ERROR_MAX]; /* "name:line:col: what went wrong", no newline */
};

/*
 * Where partials come from.  lookup returns the text of the partial called
 * name and its length in *len, or NULL when there is no such partial.  The
 * text need only stay valid until lookup is called again or the render ends.
 */
struct tmpl_partials {
	const char *(*lookup)(void *ctx, const char *name, size_t *len);
	void *ctx;
};

/*
 * Parse len bytes of text; name is used in error messages only.  On success
 * *out holds a template that the caller frees with tmpl_free(); it keeps its
 * own copies of name and text.  Returns PW_EPARSE with err filled for a
 * malformed template, PW_ENOMEM when memory runs out.
 */
enum pw_status tmpl_parse(const char *name, const char *text, size_t len,
			  struct tmpl **out, struct tmpl_error *err);

/*
 * Render t against data (may be NULL) and append the result to out, which
 * the caller has initialised with buf_init() and a cap.  partials may be
 * NULL (every partial is then missing); partials are parsed when first used
 * and freed when the render ends.  On failure out is freed, as struct buf
 * does itself, and err says why: PW_ETOOBIG for the output cap or nesting
 * too deep, PW_EPARSE for a malformed partial, PW_ENOMEM.
 */
enum pw_status tmpl_render(const struct tmpl *t, const cJSON *data,
			   const struct tmpl_partials *partials,
			   struct buf *out, struct tmpl_error *err);

/* What {{x}} does to the value: the specification's HTML escaping, or none. */
enum tmpl_escape {
	TMPL_ESCAPE_HTML, /* & < > " as entities: tmpl_render() */
	TMPL_ESCAPE_NONE  /* the value as it is, as {{{x}}} writes it */
};

/* tmpl_render() with the escaping of {{x}} chosen by the caller. */
enum pw_status
tmpl_render_mode(const struct tmpl *t, const cJSON *data,
		 const struct tmpl_partials *partials, enum tmpl_escape escape,
		 struct buf *out, struct tmpl_error *err);

/* Free a template from tmpl_parse().  NULL is fine. */
void tmpl_free(struct tmpl *t);

/*
 * A ready lookup for tmpl_partials over a cJSON object of name -> template
 * text, as the specification's tests give them: pass the object as ctx.
 * A member that is not a string counts as missing.
 */
const char *tmpl_partials_json(void *ctx, const char *name, size_t *len);

#endif
