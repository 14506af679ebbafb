/*
 * render_wrap.c - word wrapping for the text report, shared by the files
 * that build its view (render_text.c and the section files beside it).
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "render_text_int.h"

/* Word-wrap text after a first-line prefix; continuation lines indented. */
char *
text_wrap(const char *prefix, const char *text, size_t indent)
{
	const char *p = text;
	size_t col = strlen(prefix), len;
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
		if (!first && col + 1 + len > TEXT_WIDTH) {
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
		col += len;
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
