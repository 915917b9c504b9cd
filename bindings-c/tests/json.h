/* A small JSON reader for the C tests: parses a document into a tree that remembers each
 * value's raw text (to hand sub-documents to the engine unchanged) and compares two trees as
 * JSON values (object key order ignored, strings compared after unescaping, integers by their
 * digits, other numbers by value; an integer never equals a fraction, as in serde_json). */
#ifndef SR_TEST_JSON_H
#define SR_TEST_JSON_H

#include <stddef.h>

typedef enum { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT } json_type;

typedef struct json_value {
    json_type type;
    const char *raw; /* the value's text inside the parsed document (not NUL-terminated) */
    size_t raw_len;
    int boolean;
    char *str; /* JSON_STRING: unescaped UTF-8, NUL-terminated (may contain \0 before str_len) */
    size_t str_len;
    size_t count;              /* JSON_ARRAY items, JSON_OBJECT members */
    struct json_value *items;  /* array items, or object member values */
    char **keys;               /* JSON_OBJECT keys, unescaped, NUL-terminated */
    size_t *key_lens;
} json_value;

/* Parse `len` bytes; NULL on error with a message in `err`. The tree points into `text`,
 * which must outlive it. Free with json_free. */
json_value *json_parse(const char *text, size_t len, char *err, size_t err_len);
void json_free(json_value *v);

/* The member `key` of an object, or NULL. */
const json_value *json_get(const json_value *obj, const char *key);

/* 1 when equal; otherwise 0 and the path of the first difference in `where`. */
int json_equal(const json_value *a, const json_value *b, char *where, size_t where_len);

#endif
