/*
 * tmpl_int.h - the parsed form of a template, shared by tmpl_parse.c (which
 * builds it) and tmpl_render.c (which walks it).  Nothing outside the
 * template engine includes this file.
 *
 * The tree is a flat array in template order: a section node is followed by
 * its children, and its end field is the index one past its last child, so
 * a renderer skips a section by jumping to end.  Names and text are offsets
 * into the template's own copy of its source.
 */
#ifndef PW_TMPL_INT_H
#define PW_TMPL_INT_H

#include <stddef.h>

#include "tmpl.h"

enum tmpl_node_type {
	TN_TEXT,     /* literal text (may be empty: an indentation point) */
	TN_VAR,      /* {{name}}, HTML-escaped */
	TN_RAW,      /* {{{name}}} or {{& name}} */
	TN_SECTION,  /* {{#name}} ... {{/name}} */
	TN_INVERTED, /* {{^name}} ... {{/name}} */
	TN_PARTIAL   /* {{> name}} */
};

struct tmpl_node {
	enum tmpl_node_type type;
	unsigned char bol; /* starts a source line: indent it in a partial */
	unsigned char standalone; /* partial alone on its line */
	unsigned line, col;       /* where the tag starts, for messages */
	size_t off, len;          /* the text, or the tag's name */
	size_t ind_off, ind_len;  /* standalone partial: its indentation */
	size_t end;               /* section: index one past its last child */
};

struct tmpl {
	char *name;
	char *text; /* NUL-terminated copy of the source */
	size_t len;
	struct tmpl_node *nodes;
	size_t nnodes;
	size_t anodes;
};

/*
 * Fill err with "name:line:col: message" (or "name: message" when line is
 * 0), or log the message when err is NULL.
 */
void tmpl_error_set(struct tmpl_error *err, const char *name, unsigned line,
		    unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

#endif
