/*
 * json.h - the report model in its JSON form, the one documented field by
 * field in docs/report-json.md: what --format json writes, and the tree
 * the text report's Mustache templates name.
 */
#ifndef PW_JSON_H
#define PW_JSON_H

#include <cjson/cJSON.h>

#include "buf.h"
#include "model.h"
#include "status.h"
#include "utf8.h"

/*
 * The model as the cJSON tree of docs/report-json.md, every string
 * utf8_clean()ed with how; the caller frees it with cJSON_Delete.  NULL
 * when memory runs out.
 */
cJSON *json_model_tree(const struct model *m, enum utf8_clean how);

/*
 * The --format json bytes of the model: the tree with its stored text
 * made valid UTF-8 (UTF8_FIX_INVALID), printed formatted, and a newline,
 * appended to out.
 */
enum pw_status render_json(const struct model *m, struct buf *out);

#endif
