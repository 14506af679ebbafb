/*
 * render_wrap.c - word wrapping and fixed columns for the text report,
 * shared by the files that build its view (render_text.c and the section
 * files beside it).  Columns are display columns (utf8.h), so a line of
 * CJK text wraps and aligns as a terminal shows it.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "render_text_int.h"
#include "utf8.h"

/* Word-wrap text after a first-line prefix; continuation lines indented. */
char *
text_wrap(const char *prefix, const char *text, size_t indent)
{
	const char *p = text;
	size_t col = utf8_width(prefix), len, w;
	int first = 1;
	struct buf b;

	buf_init(&b, 65536);
	if (buf_adds(&b, prefix))
		return NULL;
	for (;;) {
		while (*p == ' ' || *p == '\n')
			p++;
		if (!(len = strcspn(p, " \n")))
			break;
		w = utf8_width_n(p, len);
		if (!first && col + 1 + w > TEXT_WIDTH) {
			if (buf_printf(&b, "\n%*s", (int)indent, ""))
				return NULL;
			col = indent;
		} else if (!first) {
			if (buf_add(&b, " ", 1))
				return NULL;
			col++;
		}
		if (buf_add(&b, p, len))
			return NULL;
		col += w;
		p += len;
		first = 0;
	}
	return buf_steal(&b);
}

int
text_wrap_add(cJSON *arr, const char *prefix, const char *text, size_t indent)
{
	char *w = text_wrap(prefix, text, indent);
	cJSON *s = w ? cJSON_CreateString(w) : NULL;

	free(w);
	if (!s)
		return 0;
	cJSON_AddItemToArray(arr, s);
	return 1;
}

void
text_col(char *dst, size_t n, const char *s, size_t cols)
{
	struct buf b;
	size_t len = 0, k;
	uint32_t cp;

	buf_init(&b, n);
	if (utf8_fit(&b, s, cols, 1) == PW_OK && b.len < n) {
		memcpy(dst, b.data, b.len + 1);
		buf_free(&b);
		return;
	}
	buf_free(&b);
	while ((k = utf8_decode(s + len, &cp)) && len + k < n)
		len += k;
	memcpy(dst, s, len);
	dst[len] = '\0';
}
