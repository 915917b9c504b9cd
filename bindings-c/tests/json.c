/* See json.h. Strict RFC 8259 parsing; depth limited to keep the recursion bounded. */
#include "json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JSON_MAX_DEPTH 256

typedef struct {
    const char *text;
    size_t len;
    size_t pos;
    char *err;
    size_t err_len;
} parser;

static int fail(parser *p, const char *what) {
    if (p->err && p->err_len) snprintf(p->err, p->err_len, "%s at byte %zu", what, p->pos);
    return 0;
}

static void skip_ws(parser *p) {
    while (p->pos < p->len) {
        char c = p->text[p->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
        p->pos++;
    }
}

static int peek(const parser *p) { return p->pos < p->len ? (unsigned char)p->text[p->pos] : -1; }

static int literal(parser *p, const char *word) {
    size_t n = strlen(word);
    if (p->len - p->pos < n || memcmp(p->text + p->pos, word, n) != 0) return fail(p, "bad literal");
    p->pos += n;
    return 1;
}

static int is_digit(int c) { return c >= '0' && c <= '9'; }

static int parse_number(parser *p) {
    if (peek(p) == '-') p->pos++;
    if (peek(p) == '0') {
        p->pos++;
    } else if (is_digit(peek(p))) {
        while (is_digit(peek(p))) p->pos++;
    } else {
        return fail(p, "bad number");
    }
    if (peek(p) == '.') {
        p->pos++;
        if (!is_digit(peek(p))) return fail(p, "bad fraction");
        while (is_digit(peek(p))) p->pos++;
    }
    if (peek(p) == 'e' || peek(p) == 'E') {
        p->pos++;
        if (peek(p) == '+' || peek(p) == '-') p->pos++;
        if (!is_digit(peek(p))) return fail(p, "bad exponent");
        while (is_digit(peek(p))) p->pos++;
    }
    return 1;
}

static int hex4(parser *p, unsigned *out) {
    unsigned v = 0;
    if (p->len - p->pos < 4) return fail(p, "short \\u escape");
    for (int i = 0; i < 4; i++) {
        char c = p->text[p->pos++];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
        else return fail(p, "bad \\u escape");
    }
    *out = v;
    return 1;
}

static size_t put_utf8(char *out, unsigned cp) {
    if (cp < 0x80) { out[0] = (char)cp; return 1; }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Parse a string at p->pos (on the opening quote) into a new NUL-terminated buffer. */
static int parse_string(parser *p, char **out, size_t *out_len) {
    p->pos++; /* opening quote */
    /* The unescaped text is never longer than the escaped one. */
    size_t start = p->pos, cap = 1;
    while (start + cap - 1 < p->len && p->text[start + cap - 1] != '"') {
        cap += (p->text[start + cap - 1] == '\\' && start + cap < p->len) ? 2 : 1;
    }
    char *buf = malloc(cap + 4);
    if (!buf) return fail(p, "out of memory");
    size_t n = 0;
    for (;;) {
        int c = peek(p);
        if (c < 0) { free(buf); return fail(p, "unterminated string"); }
        p->pos++;
        if (c == '"') break;
        if (c < 0x20) { free(buf); return fail(p, "control character in string"); }
        if (c != '\\') { buf[n++] = (char)c; continue; }
        c = peek(p);
        p->pos++;
        switch (c) {
        case '"': buf[n++] = '"'; break;
        case '\\': buf[n++] = '\\'; break;
        case '/': buf[n++] = '/'; break;
        case 'b': buf[n++] = '\b'; break;
        case 'f': buf[n++] = '\f'; break;
        case 'n': buf[n++] = '\n'; break;
        case 'r': buf[n++] = '\r'; break;
        case 't': buf[n++] = '\t'; break;
        case 'u': {
            unsigned cp, lo;
            if (!hex4(p, &cp)) { free(buf); return 0; }
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (p->len - p->pos < 2 || p->text[p->pos] != '\\' || p->text[p->pos + 1] != 'u') {
                    free(buf);
                    return fail(p, "lone high surrogate");
                }
                p->pos += 2;
                if (!hex4(p, &lo)) { free(buf); return 0; }
                if (lo < 0xDC00 || lo > 0xDFFF) { free(buf); return fail(p, "bad low surrogate"); }
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                free(buf);
                return fail(p, "lone low surrogate");
            }
            n += put_utf8(buf + n, cp);
            break;
        }
        default: free(buf); return fail(p, "bad escape");
        }
    }
    buf[n] = '\0';
    *out = buf;
    *out_len = n;
    return 1;
}

static int parse_value(parser *p, json_value *v, int depth);

static int push_item(json_value *v, size_t *cap, json_value **slot) {
    if (v->count == *cap) {
        size_t ncap = *cap ? *cap * 2 : 4;
        json_value *items = realloc(v->items, ncap * sizeof *items);
        if (!items) return 0;
        v->items = items;
        if (v->type == JSON_OBJECT) {
            char **keys = realloc(v->keys, ncap * sizeof *keys);
            if (!keys) return 0;
            v->keys = keys;
            size_t *lens = realloc(v->key_lens, ncap * sizeof *lens);
            if (!lens) return 0;
            v->key_lens = lens;
        }
        *cap = ncap;
    }
    *slot = &v->items[v->count];
    memset(*slot, 0, sizeof **slot);
    return 1;
}

static void free_children(json_value *v);

static int parse_container(parser *p, json_value *v, int depth) {
    int object = v->type == JSON_OBJECT;
    char close = object ? '}' : ']';
    size_t cap = 0;
    p->pos++;
    skip_ws(p);
    if (peek(p) == close) { p->pos++; return 1; }
    for (;;) {
        json_value *item;
        char *key = NULL;
        size_t key_len = 0;
        skip_ws(p);
        if (object) {
            if (peek(p) != '"') return fail(p, "expected a key");
            if (!parse_string(p, &key, &key_len)) return 0;
            skip_ws(p);
            if (peek(p) != ':') { free(key); return fail(p, "expected ':'"); }
            p->pos++;
            skip_ws(p);
        }
        if (!push_item(v, &cap, &item)) { free(key); return fail(p, "out of memory"); }
        if (object) { v->keys[v->count] = key; v->key_lens[v->count] = key_len; }
        v->count++; /* counted before parsing so a failure frees what was built */
        if (!parse_value(p, item, depth + 1)) return 0;
        skip_ws(p);
        if (peek(p) == ',') { p->pos++; continue; }
        if (peek(p) == close) { p->pos++; return 1; }
        return fail(p, object ? "expected ',' or '}'" : "expected ',' or ']'");
    }
}

static int parse_value(parser *p, json_value *v, int depth) {
    if (depth > JSON_MAX_DEPTH) return fail(p, "nesting too deep");
    skip_ws(p);
    size_t start = p->pos;
    int ok;
    switch (peek(p)) {
    case '{': v->type = JSON_OBJECT; ok = parse_container(p, v, depth); break;
    case '[': v->type = JSON_ARRAY; ok = parse_container(p, v, depth); break;
    case '"': v->type = JSON_STRING; ok = parse_string(p, &v->str, &v->str_len); break;
    case 't': v->type = JSON_BOOL; v->boolean = 1; ok = literal(p, "true"); break;
    case 'f': v->type = JSON_BOOL; ok = literal(p, "false"); break;
    case 'n': v->type = JSON_NULL; ok = literal(p, "null"); break;
    default: v->type = JSON_NUMBER; ok = parse_number(p); break;
    }
    v->raw = p->text + start;
    v->raw_len = p->pos - start;
    return ok;
}

json_value *json_parse(const char *text, size_t len, char *err, size_t err_len) {
    parser p = {text, len, 0, err, err_len};
    json_value *v = calloc(1, sizeof *v);
    if (!v) return NULL;
    if (!parse_value(&p, v, 0)) { json_free(v); return NULL; }
    skip_ws(&p);
    if (p.pos != len) { fail(&p, "trailing characters"); json_free(v); return NULL; }
    return v;
}

static void free_children(json_value *v) {
    for (size_t i = 0; i < v->count; i++) {
        free_children(&v->items[i]);
        if (v->keys) free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->key_lens);
    free(v->str);
}

void json_free(json_value *v) {
    if (!v) return;
    free_children(v);
    free(v);
}

const json_value *json_get(const json_value *obj, const char *key) {
    if (!obj || obj->type != JSON_OBJECT) return NULL;
    size_t n = strlen(key);
    for (size_t i = 0; i < obj->count; i++) {
        if (obj->key_lens[i] == n && memcmp(obj->keys[i], key, n) == 0) return &obj->items[i];
    }
    return NULL;
}

static int is_integer(const json_value *v) {
    for (size_t i = 0; i < v->raw_len; i++) {
        char c = v->raw[i];
        if (c == '.' || c == 'e' || c == 'E') return 0;
    }
    return 1;
}

static double number_value(const json_value *v) {
    char buf[128];
    size_t n = v->raw_len < sizeof buf - 1 ? v->raw_len : sizeof buf - 1;
    memcpy(buf, v->raw, n);
    buf[n] = '\0';
    return strtod(buf, NULL);
}

static int numbers_equal(const json_value *a, const json_value *b) {
    int ia = is_integer(a), ib = is_integer(b);
    if (ia != ib) return 0;
    if (ia) {
        /* "-0" and "0" are the same integer in serde_json. */
        int za = a->raw_len == 2 && a->raw[0] == '-' && a->raw[1] == '0';
        int zb = b->raw_len == 2 && b->raw[0] == '-' && b->raw[1] == '0';
        if (za || zb) return number_value(a) == number_value(b);
        return a->raw_len == b->raw_len && memcmp(a->raw, b->raw, a->raw_len) == 0;
    }
    return number_value(a) == number_value(b);
}

static void set_where(char *where, size_t where_len, const char *prefix, const char *what) {
    if (where && where_len) snprintf(where, where_len, "%s: %s", prefix[0] ? prefix : "(root)", what);
}

static int equal_at(const json_value *a, const json_value *b, char *path, size_t path_len,
                    char *where, size_t where_len) {
    size_t used = strlen(path);
    if (a->type != b->type) { set_where(where, where_len, path, "different types"); return 0; }
    switch (a->type) {
    case JSON_NULL: return 1;
    case JSON_BOOL:
        if (a->boolean != b->boolean) { set_where(where, where_len, path, "different booleans"); return 0; }
        return 1;
    case JSON_NUMBER:
        if (!numbers_equal(a, b)) { set_where(where, where_len, path, "different numbers"); return 0; }
        return 1;
    case JSON_STRING:
        if (a->str_len != b->str_len || memcmp(a->str, b->str, a->str_len) != 0) {
            set_where(where, where_len, path, "different strings");
            return 0;
        }
        return 1;
    case JSON_ARRAY:
        if (a->count != b->count) { set_where(where, where_len, path, "different array lengths"); return 0; }
        for (size_t i = 0; i < a->count; i++) {
            snprintf(path + used, path_len - used, "[%zu]", i);
            if (!equal_at(&a->items[i], &b->items[i], path, path_len, where, where_len)) return 0;
            path[used] = '\0';
        }
        return 1;
    case JSON_OBJECT:
        if (a->count != b->count) { set_where(where, where_len, path, "different member counts"); return 0; }
        for (size_t i = 0; i < a->count; i++) {
            const json_value *other = NULL;
            for (size_t j = 0; j < b->count; j++) {
                if (b->key_lens[j] == a->key_lens[i] && memcmp(b->keys[j], a->keys[i], a->key_lens[i]) == 0) {
                    other = &b->items[j];
                    break;
                }
            }
            snprintf(path + used, path_len - used, "%s%s", used ? "." : "", a->keys[i]);
            if (!other) { set_where(where, where_len, path, "missing member"); return 0; }
            if (!equal_at(&a->items[i], other, path, path_len, where, where_len)) return 0;
            path[used] = '\0';
        }
        return 1;
    }
    return 0;
}

int json_equal(const json_value *a, const json_value *b, char *where, size_t where_len) {
    char path[1024] = "";
    if (where && where_len) where[0] = '\0';
    return equal_at(a, b, path, sizeof path, where, where_len);
}
