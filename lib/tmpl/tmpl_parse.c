/*
 * tmpl_parse.c - turn Mustache source into the flat node array of tmpl_int.h.
 *
 * One pass over the source: find the next opening delimiter, read the tag,
 * decide whether it stands alone on its line (then its indentation and its
 * newline vanish from the output), and append nodes.  Open sections live on a
 * fixed stack of TMPL_MAX_DEPTH entries, so nesting never recurses.
 *
 * Each node that starts a source line is marked bol, so that a partial
 * included on a line of its own can be indented line by line at render time
 * exactly as if its source had been indented.  A tag that produces no node
 * (comment, set-delimiter, section close) at the start of a line leaves an
 * empty text node marked bol in its place.
 *
 * Owns the template's copies of its name and source.  Never looks at data or
 * partials; never logs when the caller passes an error struct.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpl_int.h"

/* Longest tag name quoted in a message, in bytes. */
#define NAME_SHOWN 64

struct tag {
	int type;          /* '#', '^', '/', '>', '!', '=', '&', '{' or 'v' */
	size_t start, end; /* the tag's bytes, delimiters included */
	size_t name_off, name_len; /* the content, trimmed */
	unsigned line, col;
};

struct parser {
	struct tmpl *t;
	struct tmpl_error *err;
	size_t pos; /* first source byte not consumed yet */
	char otag[TMPL_DELIM_MAX + 1];
	char ctag[TMPL_DELIM_MAX + 1];
	size_t olen, clen;
	size_t open[TMPL_MAX_DEPTH]; /* node index of each open section */
	int nopen;
	int bol_pending; /* the next node starts a source line */
	size_t lc_off;   /* lc_line and lc_col are those of lc_off */
	unsigned lc_line, lc_col;
};

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
		c == '\f';
}

/* Line and column of source offset off; columns count UTF-8 characters. */
static void
parser_linecol(struct parser *p, size_t off, unsigned *line, unsigned *col)
{
	const unsigned char *s = (const unsigned char *)p->t->text;

	if (off < p->lc_off) {
		p->lc_off = 0;
		p->lc_line = 1;
		p->lc_col = 1;
	}
	for (; p->lc_off < off; p->lc_off++) {
		if (s[p->lc_off] == '\n') {
			p->lc_line++;
			p->lc_col = 1;
		} else if ((s[p->lc_off] & 0xC0) != 0x80) {
			p->lc_col++;
		}
	}
	*line = p->lc_line;
	*col = p->lc_col;
}

/* Append a node; *out points at it until the next append. */
static enum pw_status
parser_add(struct parser *p, enum tmpl_node_type type, size_t off, size_t len,
	   struct tmpl_node **out)
{
	struct tmpl *t = p->t;
	struct tmpl_node *n;

	if (t->nnodes == t->anodes) {
		size_t na = t->anodes ? t->anodes * 2 : 16;

		n = reallocarray(t->nodes, na, sizeof(*n));
		if (!n) {
			tmpl_error_set(p->err, t->name, 0, 0, "out of memory");
			return PW_ENOMEM;
		}
		t->nodes = n;
		t->anodes = na;
	}
	n = &t->nodes[t->nnodes++];
	memset(n, 0, sizeof(*n));
	n->type = type;
	n->off = off;
	n->len = len;
	*out = n;
	return PW_OK;
}

/*
 * Append the node of a tag.  A standalone tag's line vanishes, so its node
 * does not take the start of the line; any other tag's node does.
 */
static enum pw_status
parser_add_tag(struct parser *p, enum tmpl_node_type type, const struct tag *tg,
	       int alone, struct tmpl_node **out)
{
	enum pw_status st;

	st = parser_add(p, type, tg->name_off, tg->name_len, out);
	if (st)
		return st;
	(*out)->line = tg->line;
	(*out)->col = tg->col;
	if (alone)
		return PW_OK;
	(*out)->bol = (unsigned char)p->bol_pending;
	p->bol_pending = 0;
	return PW_OK;
}

static enum pw_status
parser_text(struct parser *p, size_t from, size_t to)
{
	struct tmpl_node *n;
	enum pw_status st;

	if (from >= to)
		return PW_OK;
	st = parser_add(p, TN_TEXT, from, to - from, &n);
	if (st)
		return st;
	n->bol = (unsigned char)p->bol_pending;
	p->bol_pending = p->t->text[to - 1] == '\n';
	return PW_OK;
}

/* A tag with no node of its own at the start of a line keeps its place. */
static enum pw_status
parser_keep_bol(struct parser *p)
{
	struct tmpl_node *n;
	enum pw_status st;

	if (!p->bol_pending)
		return PW_OK;
	st = parser_add(p, TN_TEXT, p->pos, 0, &n);
	if (st)
		return st;
	n->bol = 1;
	p->bol_pending = 0;
	return PW_OK;
}

static enum pw_status __attribute__((format(printf, 3, 4)))
parser_fail(struct parser *p, const struct tag *tg, const char *fmt, ...)
{
	char what[320];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (n < 0)
		memcpy(what, "malformed tag", sizeof("malformed tag"));
	tmpl_error_set(p->err, p->t->name, tg->line, tg->col, "%s", what);
	return PW_EPARSE;
}

/* Read the tag whose opening delimiter starts at start. */
static enum pw_status
parser_read_tag(struct parser *p, size_t start, struct tag *tg)
{
	const char *s = p->t->text;
	size_t len = p->t->len;
	size_t c = start + p->olen;
	char close[TMPL_DELIM_MAX + 2];
	size_t clen = 0;
	const char *hit;

	memset(tg, 0, sizeof(*tg));
	tg->start = start;
	parser_linecol(p, start, &tg->line, &tg->col);
	tg->type = 'v';
	if (c < len && s[c] != '\0' && strchr("#^/>!=&{", s[c]))
		tg->type = (unsigned char)s[c++];
	if (tg->type == '{' || tg->type == '=')
		close[clen++] = tg->type == '{' ? '}' : '=';
	memcpy(close + clen, p->ctag, p->clen);
	clen += p->clen;
	close[clen] = '\0';
	hit = memmem(s + c, len - c, close, clen);
	if (!hit)
		return parser_fail(
			p, tg, "tag is never closed: no '%s' after it", close);
	tg->end = (size_t)(hit - s) + clen;
	tg->name_off = c;
	tg->name_len = (size_t)(hit - s) - c;
	while (tg->name_len && is_space(s[tg->name_off])) {
		tg->name_off++;
		tg->name_len--;
	}
	while (tg->name_len && is_space(s[tg->name_off + tg->name_len - 1]))
		tg->name_len--;
	return PW_OK;
}

/* Names are non-empty, without spaces or controls, and "." or a.b.c. */
static enum pw_status
parser_check_name(struct parser *p, const struct tag *tg)
{
	const char *s = p->t->text + tg->name_off;
	size_t i, n = tg->name_len;
	int shown = n > NAME_SHOWN ? NAME_SHOWN : (int)n;

	if (n == 0)
		return parser_fail(p, tg, "empty tag name");
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= ' ' || c == 0x7f)
			return parser_fail(p, tg,
					   "tag name contains a space "
					   "or a control character");
	}
	if (n == 1 && s[0] == '.')
		return PW_OK;
	if (s[0] == '.' || s[n - 1] == '.' || memmem(s, n, "..", 2))
		return parser_fail(p, tg, "tag name '%.*s' has an empty part",
				   shown, s);
	return PW_OK;
}

/* {{=<% %>=}}: two delimiters without spaces, controls or '='. */
static enum pw_status
parser_set_delims(struct parser *p, const struct tag *tg)
{
	const char *s = p->t->text + tg->name_off;
	size_t n = tg->name_len, a = 0, b, i;

	while (a < n && !is_space(s[a]))
		a++;
	b = a;
	while (b < n && is_space(s[b]))
		b++;
	if (a == 0 || b == n || a > TMPL_DELIM_MAX || n - b > TMPL_DELIM_MAX)
		goto bad;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((i < a || i >= b) && (c <= ' ' || c == 0x7f || c == '='))
			goto bad;
	}
	memcpy(p->otag, s, a);
	p->otag[a] = '\0';
	p->olen = a;
	memcpy(p->ctag, s + b, n - b);
	p->ctag[n - b] = '\0';
	p->clen = n - b;
	return PW_OK;
bad:
	return parser_fail(p, tg,
			   "set-delimiter tag needs two delimiters "
			   "of 1 to %d bytes without spaces or '='",
			   TMPL_DELIM_MAX);
}

/*
 * A section, inverted, close, partial, comment or set-delimiter tag alone on
 * its line, with only spaces and tabs around it, is standalone: the line
 * disappears.  *line_start is where its indentation starts, *after is past
 * its newline.
 */
static int
parser_standalone(const struct parser *p, const struct tag *tg,
		  size_t *line_start, size_t *after)
{
	const char *s = p->t->text;
	size_t len = p->t->len, k = tg->start, q = tg->end;

	if (!strchr("#^/>!=", tg->type))
		return 0;
	while (k > p->pos && (s[k - 1] == ' ' || s[k - 1] == '\t'))
		k--;
	if (k > 0 && s[k - 1] != '\n')
		return 0;
	while (q < len && (s[q] == ' ' || s[q] == '\t'))
		q++;
	if (q + 1 < len && s[q] == '\r' && s[q + 1] == '\n')
		q += 2;
	else if (q < len && s[q] == '\n')
		q++;
	else if (q < len)
		return 0;
	*line_start = k;
	*after = q;
	return 1;
}

static enum pw_status
parser_open(struct parser *p, const struct tag *tg, int alone)
{
	struct tmpl_node *n;
	enum pw_status st;

	if (p->nopen == TMPL_MAX_DEPTH)
		return parser_fail(p, tg, "sections nested deeper than %d",
				   TMPL_MAX_DEPTH);
	st = parser_add_tag(p, TN_SECTION, tg, alone, &n);
	if (st)
		return st;
	if (tg->type == '^')
		n->type = TN_INVERTED;
	p->open[p->nopen++] = p->t->nnodes - 1;
	return PW_OK;
}

static enum pw_status
parser_close(struct parser *p, const struct tag *tg)
{
	const char *name = p->t->text + tg->name_off;
	int shown = tg->name_len > NAME_SHOWN ? NAME_SHOWN : (int)tg->name_len;
	struct tmpl_node *n;

	if (p->nopen == 0)
		return parser_fail(p, tg,
				   "closing tag '%.*s' has no open "
				   "section",
				   shown, name);
	n = &p->t->nodes[p->open[p->nopen - 1]];
	if (n->len != tg->name_len ||
	    memcmp(p->t->text + n->off, name, n->len) != 0)
		return parser_fail(p, tg,
				   "closing tag '%.*s' does not match "
				   "section '%.*s' opened at %u:%u",
				   shown, name,
				   n->len > NAME_SHOWN ? NAME_SHOWN :
							 (int)n->len,
				   p->t->text + n->off, n->line, n->col);
	n->end = p->t->nnodes;
	p->nopen--;
	return PW_OK;
}

static enum pw_status
parser_partial(struct parser *p, const struct tag *tg, int alone,
	       size_t line_start)
{
	struct tmpl_node *n;
	enum pw_status st;

	st = parser_add_tag(p, TN_PARTIAL, tg, alone, &n);
	if (st || !alone)
		return st;
	n->standalone = 1;
	n->ind_off = line_start;
	n->ind_len = tg->start - line_start;
	return PW_OK;
}

static enum pw_status
parser_apply(struct parser *p, const struct tag *tg, int alone,
	     size_t line_start)
{
	struct tmpl_node *n;
	enum pw_status st;

	if (tg->type == '=')
		st = parser_set_delims(p, tg);
	else if (tg->type == '!')
		st = PW_OK;
	else
		st = parser_check_name(p, tg);
	if (st)
		return st;
	if (!alone && strchr("!=/", tg->type)) {
		st = parser_keep_bol(p);
		if (st)
			return st;
	}
	switch (tg->type) {
	case '!':
	case '=':
		return PW_OK;
	case '/':
		return parser_close(p, tg);
	case '#':
	case '^':
		return parser_open(p, tg, alone);
	case '>':
		return parser_partial(p, tg, alone, line_start);
	case '{':
	case '&':
		return parser_add_tag(p, TN_RAW, tg, 0, &n);
	default:
		return parser_add_tag(p, TN_VAR, tg, 0, &n);
	}
}

static enum pw_status
parser_run(struct parser *p)
{
	const char *s = p->t->text;
	size_t len = p->t->len;
	enum pw_status st;

	while (p->pos < len) {
		const char *hit = memmem(s + p->pos, len - p->pos, p->otag,
					 p->olen);
		size_t line_start = 0, after = 0;
		struct tag tg;
		int alone;

		if (!hit) {
			st = parser_text(p, p->pos, len);
			p->pos = len;
			return st;
		}
		st = parser_read_tag(p, (size_t)(hit - s), &tg);
		if (st)
			return st;
		alone = parser_standalone(p, &tg, &line_start, &after);
		st = parser_text(p, p->pos, alone ? line_start : tg.start);
		if (st)
			return st;
		st = parser_apply(p, &tg, alone, line_start);
		if (st)
			return st;
		p->pos = alone ? after : tg.end;
		if (alone)
			p->bol_pending = 1;
	}
	return PW_OK;
}

enum pw_status
tmpl_parse(const char *name, const char *text, size_t len, struct tmpl **out,
	   struct tmpl_error *err)
{
	struct parser p;
	struct tmpl *t;
	enum pw_status st = PW_ENOMEM;

	if (!name)
		name = "template";
	t = calloc(1, sizeof(*t));
	if (t && len < SIZE_MAX) {
		t->name = strdup(name);
		t->text = malloc(len + 1);
	}
	if (!t || !t->name || !t->text) {
		tmpl_error_set(err, name, 0, 0, "out of memory");
		goto out;
	}
	if (len)
		memcpy(t->text, text, len);
	t->text[len] = '\0';
	t->len = len;

	memset(&p, 0, sizeof(p));
	p.t = t;
	p.err = err;
	memcpy(p.otag, "{{", 3);
	memcpy(p.ctag, "}}", 3);
	p.olen = p.clen = 2;
	p.bol_pending = 1;
	p.lc_line = p.lc_col = 1;
	st = parser_run(&p);
	if (st)
		goto out;
	if (p.nopen) {
		const struct tmpl_node *n = &t->nodes[p.open[p.nopen - 1]];

		tmpl_error_set(err, t->name, n->line, n->col,
			       "section '%.*s' is never closed",
			       n->len > NAME_SHOWN ? NAME_SHOWN : (int)n->len,
			       t->text + n->off);
		st = PW_EPARSE;
		goto out;
	}
	*out = t;
	return PW_OK;
out:
	tmpl_free(t);
	return st;
}
