/*
 * model_clean.c - a copy of the report model with its strings cleaned
 * for display or made valid UTF-8 (model_clean.h).  Works on a copy
 * only: the model itself stays as stored.  The model's
 * shared references (summary.top_findings) become plain copies in
 * cJSON_Duplicate, so each string is cleaned once, in its own item.
 * Also model_num() and model_str(), with which the text and PDF
 * renderers read the tree (json_model_tree()) until they read struct
 * model.
 */
#include <math.h>
#include <stdlib.h>

#include "model_clean.h"

/* Clean the strings of tree in place; 0 when memory runs out. */
static int
clean_tree(cJSON *tree, enum utf8_clean how)
{
	cJSON *c;

	if (cJSON_IsString(tree) && tree->valuestring &&
	    !utf8_is_clean(tree->valuestring, how)) {
		char *s = utf8_clean(tree->valuestring, how);
		int ok = s && cJSON_SetValuestring(tree, s) != NULL;

		free(s);
		if (!ok)
			return 0;
	}
	for (c = tree->child; c; c = c->next)
		if (!clean_tree(c, how))
			return 0;
	return 1;
}

cJSON *
model_clean_copy(const cJSON *model, enum utf8_clean how)
{
	cJSON *copy = cJSON_Duplicate(model, 1);

	if (copy && !clean_tree(copy, how)) {
		cJSON_Delete(copy);
		copy = NULL;
	}
	return copy;
}

double
model_num(const cJSON *o, const char *key)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsNumber(it) ? it->valuedouble : NAN;
}

const char *
model_str(const cJSON *o, const char *key)
{
	const char *s = cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(o, key));

	return s ? s : "";
}
