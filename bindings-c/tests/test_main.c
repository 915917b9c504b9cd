/* C tests of libsalesrules: every golden vector through sr_engine_call, every status the C
 * layer can produce, NULL / UTF-8 / NUL / length handling, free(NULL) and repeated calls, and
 * one engine shared by 8 threads. Usage: sr_tests GOLDEN_DIR. Ends with "N passed, M failed". */
#define _XOPEN_SOURCE 700
#include "json.h"
#include "salesrules.h"

#include <ftw.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The status values are ABI: a change in the header must fail to compile here. */
_Static_assert(SR_OK == 0, "SR_OK");
_Static_assert(SR_INVALID_REQUEST == 1, "SR_INVALID_REQUEST");
_Static_assert(SR_INVALID_POLICY == 2, "SR_INVALID_POLICY");
_Static_assert(SR_UNKNOWN_OPERATION == 3, "SR_UNKNOWN_OPERATION");
_Static_assert(SR_LIMIT_EXCEEDED == 4, "SR_LIMIT_EXCEEDED");
_Static_assert(SR_CALENDAR_DATA_MISSING == 5, "SR_CALENDAR_DATA_MISSING");
_Static_assert(SR_INVALID_TRANSITION == 6, "SR_INVALID_TRANSITION");
_Static_assert(SR_ARITHMETIC_OVERFLOW == 7, "SR_ARITHMETIC_OVERFLOW");
_Static_assert(SR_INVALID_UTF8 == 8, "SR_INVALID_UTF8");
_Static_assert(SR_NULL_ARGUMENT == 9, "SR_NULL_ARGUMENT");
_Static_assert(SR_PANIC == 10, "SR_PANIC");
_Static_assert(SR_OTHER_ERROR == 11, "SR_OTHER_ERROR");
_Static_assert(SR_INTERNAL_ERROR == 12, "SR_INTERNAL_ERROR");

static int passed, failed;

#define CHECK(cond, ...)                                                  \
    do {                                                                  \
        if (cond) {                                                       \
            passed++;                                                     \
        } else {                                                          \
            failed++;                                                     \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);          \
            fprintf(stderr, __VA_ARGS__);                                 \
            fputc('\n', stderr);                                          \
        }                                                                 \
    } while (0)

static const char *or_null(const char *s) { return s ? s : "(null)"; }

/* The status each stable code maps to; -1 for a code this test does not know. */
static int status_of_code(const char *code) {
    static const struct { const char *code; sr_status status; } table[] = {
        {"invalid_request", SR_INVALID_REQUEST},
        {"invalid_policy", SR_INVALID_POLICY},
        {"unknown_operation", SR_UNKNOWN_OPERATION},
        {"limit_exceeded", SR_LIMIT_EXCEEDED},
        {"calendar_data_missing", SR_CALENDAR_DATA_MISSING},
        {"invalid_transition", SR_INVALID_TRANSITION},
        {"arithmetic_overflow", SR_ARITHMETIC_OVERFLOW},
        {"invalid_utf8", SR_INVALID_UTF8},
        {"null_argument", SR_NULL_ARGUMENT},
        {"panic", SR_PANIC},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (strcmp(table[i].code, code) == 0) return (int)table[i].status;
    }
    return -1;
}

/* Call `op` on `request` (NUL-terminated) and check the failure: status, code, path (NULL =
 * any), that the response slot is NULL and the error is consistent. */
static void expect_error(const sr_engine *engine, const char *op, const char *request, size_t len,
                         sr_status status, const char *code, const char *path, const char *what) {
    char sentinel = 0;
    char *response = &sentinel; /* must be overwritten with NULL */
    sr_error *error = NULL;
    sr_status got = sr_engine_call(engine, op, request, len, &response, &error);
    CHECK(got == status, "%s: status %d, want %d (%s: %s)", what, (int)got, (int)status,
          or_null(sr_error_code(error)), or_null(sr_error_message(error)));
    CHECK(response == NULL, "%s: response not set to NULL on failure", what);
    CHECK(error != NULL, "%s: no error detail", what);
    if (error) {
        CHECK(strcmp(or_null(sr_error_code(error)), code) == 0, "%s: code %s, want %s", what,
              or_null(sr_error_code(error)), code);
        CHECK(sr_error_status(error) == status, "%s: sr_error_status %d", what, (int)sr_error_status(error));
        if (path) {
            CHECK(strcmp(or_null(sr_error_path(error)), path) == 0, "%s: path '%s', want '%s'", what,
                  or_null(sr_error_path(error)), path);
        }
        CHECK(sr_error_message(error) && sr_error_message(error)[0], "%s: empty message", what);
    }
    sr_error_free(error);
    /* The same failure with no error slot: only the status comes back. */
    response = &sentinel;
    got = sr_engine_call(engine, op, request, len, &response, NULL);
    CHECK(got == status && response == NULL, "%s (no error slot): status %d", what, (int)got);
}

static void expect_policy_error(const char *policy, size_t len, sr_status status, const char *code,
                                const char *path, const char *what) {
    sr_engine *engine = (sr_engine *)&passed; /* any non-NULL value; must become NULL */
    sr_error *error = NULL;
    sr_status got = sr_engine_new(policy, len, &engine, &error);
    CHECK(got == status, "%s: status %d, want %d (%s)", what, (int)got, (int)status,
          or_null(sr_error_message(error)));
    CHECK(engine == NULL, "%s: engine not set to NULL on failure", what);
    CHECK(error && strcmp(or_null(sr_error_code(error)), code) == 0, "%s: code %s, want %s", what,
          or_null(sr_error_code(error)), code);
    if (error && path) {
        CHECK(strcmp(or_null(sr_error_path(error)), path) == 0, "%s: path '%s', want '%s'", what,
              or_null(sr_error_path(error)), path);
    }
    sr_error_free(error);
    sr_engine_free(engine);
}

static char *call_ok(const sr_engine *engine, const char *op, const char *request, const char *what) {
    char *response = NULL;
    sr_error *error = (sr_error *)&passed; /* must be overwritten with NULL on success */
    sr_status got = sr_engine_call(engine, op, request, strlen(request), &response, &error);
    CHECK(got == SR_OK, "%s: status %d", what, (int)got);
    if (got != SR_OK) {
        sr_error_free(error);
        return NULL;
    }
    CHECK(error == NULL, "%s: error slot not cleared on success", what);
    CHECK(response != NULL, "%s: no response", what);
    return response;
}

/* ---------------------------------------------------------------- golden vectors */

typedef struct {
    char *op;
    char *request;
    size_t request_len;
    /* the single-threaded answer on the default engine */
    sr_status status;
    char *response;
    char *code;
} shared_case;

static shared_case *shared_cases;
static size_t shared_count, shared_cap;

static char **golden_paths;
static size_t golden_count, golden_cap;

static int collect_json(const char *path, const struct stat *sb, int type, struct FTW *ftw) {
    (void)sb;
    (void)ftw;
    size_t n = strlen(path);
    if (type == FTW_F && n > 5 && strcmp(path + n - 5, ".json") == 0) {
        if (golden_count == golden_cap) {
            golden_cap = golden_cap ? golden_cap * 2 : 16;
            char **grown = realloc(golden_paths, golden_cap * sizeof *grown);
            if (!grown) return 1;
            golden_paths = grown;
        }
        golden_paths[golden_count] = malloc(n + 1);
        if (!golden_paths[golden_count]) return 1;
        memcpy(golden_paths[golden_count++], path, n + 1);
    }
    return 0;
}

static int compare_paths(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap) break;
        cap *= 2;
        char *grown = realloc(buf, cap);
        if (!grown) { free(buf); buf = NULL; }
        else buf = grown;
    }
    int bad = ferror(f);
    fclose(f);
    if (!buf || bad) { free(buf); return NULL; }
    *len = n;
    return buf;
}

static char *dup_range(const char *s, size_t n) {
    char *out = malloc(n + 1);
    if (out) { memcpy(out, s, n); out[n] = '\0'; }
    return out;
}

static void remember_shared(const char *op, const char *request, size_t len) {
    if (shared_count == shared_cap) {
        shared_cap = shared_cap ? shared_cap * 2 : 16;
        shared_case *grown = realloc(shared_cases, shared_cap * sizeof *grown);
        if (!grown) return;
        shared_cases = grown;
    }
    shared_case *c = &shared_cases[shared_count++];
    memset(c, 0, sizeof *c);
    c->op = dup_range(op, strlen(op));
    c->request = dup_range(request, len);
    c->request_len = len;
}

static void run_golden_case(const char *path) {
    size_t len = 0;
    char *text = read_file(path, &len);
    CHECK(text != NULL, "%s: unreadable", path);
    if (!text) return;
    char err[256];
    json_value *doc = json_parse(text, len, err, sizeof err);
    CHECK(doc != NULL, "%s: not JSON: %s", path, err);
    if (!doc) { free(text); return; }

    const json_value *op = json_get(doc, "op");
    const json_value *request = json_get(doc, "request");
    const json_value *policy = json_get(doc, "policy");
    const json_value *expect = json_get(doc, "expect");
    const json_value *want_response = json_get(expect, "response");
    const json_value *want_error = json_get(expect, "error");
    CHECK(op && op->type == JSON_STRING && expect && (want_response || want_error),
          "%s: needs a string op and expect.response or expect.error", path);
    if (!(op && op->type == JSON_STRING && expect && (want_response || want_error))) goto done;

    const char *request_text = request ? request->raw : "null";
    size_t request_len = request ? request->raw_len : 4;
    int default_policy = !policy || policy->type == JSON_NULL;

    sr_engine *engine = NULL;
    sr_error *error = NULL;
    sr_status status = default_policy ? sr_engine_new(NULL, 0, &engine, &error)
                                      : sr_engine_new(policy->raw, policy->raw_len, &engine, &error);
    char *response = NULL;
    if (status == SR_OK) {
        status = sr_engine_call(engine, op->str, request_text, request_len, &response, &error);
    }

    if (want_response) {
        CHECK(status == SR_OK, "%s: status %d (%s at '%s': %s)", path, (int)status,
              or_null(sr_error_code(error)), or_null(sr_error_path(error)), or_null(sr_error_message(error)));
        if (status == SR_OK && response) {
            json_value *got = json_parse(response, strlen(response), err, sizeof err);
            CHECK(got != NULL, "%s: response is not JSON: %s", path, err);
            char where[1200];
            if (got) {
                CHECK(json_equal(want_response, got, where, sizeof where), "%s: response differs at %s",
                      path, where);
            }
            json_free(got);
            /* Calling again answers byte for byte the same. */
            char *again = NULL;
            sr_status status2 = sr_engine_call(engine, op->str, request_text, request_len, &again, NULL);
            CHECK(status2 == SR_OK && again && strcmp(again, response) == 0, "%s: second call differs", path);
            sr_string_free(again);
        }
    } else {
        const json_value *code = json_get(want_error, "code");
        const json_value *want_path = json_get(want_error, "path");
        CHECK(status != SR_OK, "%s: succeeded, want error %s", path, code ? or_null(code->str) : "?");
        CHECK(response == NULL, "%s: response set on failure", path);
        if (status != SR_OK && code && code->type == JSON_STRING) {
            CHECK(strcmp(or_null(sr_error_code(error)), code->str) == 0, "%s: code %s, want %s", path,
                  or_null(sr_error_code(error)), code->str);
            int want_status = status_of_code(code->str);
            CHECK(want_status >= 0 && (int)status == want_status, "%s: status %d for code %s", path,
                  (int)status, code->str);
            CHECK(sr_error_status(error) == status, "%s: sr_error_status disagrees", path);
        }
        if (status != SR_OK && want_path && want_path->type == JSON_STRING) {
            CHECK(strcmp(or_null(sr_error_path(error)), want_path->str) == 0, "%s: path '%s', want '%s'",
                  path, or_null(sr_error_path(error)), want_path->str);
        }
    }
    if (default_policy) remember_shared(op->str, request_text, request_len);

    sr_string_free(response);
    sr_error_free(error);
    sr_engine_free(engine);
done:
    json_free(doc);
    free(text);
}

static void test_golden(const char *dir) {
    int rc = nftw(dir, collect_json, 16, FTW_PHYS);
    CHECK(rc == 0, "cannot walk %s", dir);
    CHECK(golden_count > 0, "no golden vectors under %s", dir);
    if (golden_count) qsort(golden_paths, golden_count, sizeof *golden_paths, compare_paths);
    for (size_t i = 0; i < golden_count; i++) run_golden_case(golden_paths[i]);
    printf("golden: %zu case(s) from %s\n", golden_count, dir);
    for (size_t i = 0; i < golden_count; i++) free(golden_paths[i]);
    free(golden_paths);
}

/* ---------------------------------------------------------------- statuses and arguments */

static const char *ATTRIBUTE_REQUEST =
    "{\"deal\": {\"id\": \"D-1\", \"customer_id\": \"C-9\", \"amount\": \"100000.00\", \"currency\": \"CNY\","
    " \"closed_at\": \"2026-03-31T18:00:00+08:00\"},"
    " \"contacts\": [{\"id\": \"P1\", \"role\": \"technical_director\"}, {\"id\": \"P3\", \"role\": \"cfo\"}],"
    " \"touches\": [{\"rep\": \"alice\", \"contact\": \"P1\", \"kind\": \"demo\", \"at\": \"2026-01-10T10:00:00+08:00\"},"
    "  {\"rep\": \"alice\", \"contact\": \"P1\", \"kind\": \"demo\", \"at\": \"2026-01-20T10:00:00+08:00\"},"
    "  {\"rep\": \"bob\", \"contact\": \"P3\", \"kind\": \"signoff\", \"at\": \"2026-03-30T10:00:00+08:00\"}],"
    " \"model\": \"role_weighted\"}";

static void test_version_and_default_policy(void) {
    const char *v = sr_version();
    CHECK(v && v[0] >= '0' && v[0] <= '9' && strchr(v, '.'), "sr_version: '%s'", or_null(v));
    CHECK(sr_version() == v, "sr_version is not static");

    char *policy = NULL;
    sr_error *error = (sr_error *)&passed;
    CHECK(sr_default_policy(&policy, &error) == SR_OK && policy && !error, "sr_default_policy");
    char err[256];
    json_value *doc = policy ? json_parse(policy, strlen(policy), err, sizeof err) : NULL;
    CHECK(doc && doc->type == JSON_OBJECT, "default policy is not a JSON object");

    /* An engine built from the default policy text answers like the default engine. */
    sr_engine *from_text = NULL, *builtin = NULL;
    CHECK(policy && sr_engine_new(policy, strlen(policy), &from_text, NULL) == SR_OK && from_text,
          "engine from the default policy text");
    CHECK(sr_engine_new(NULL, 12345, &builtin, NULL) == SR_OK && builtin, "default engine (NULL policy)");
    char *a = call_ok(from_text, "attribute", ATTRIBUTE_REQUEST, "attribute on text policy");
    char *b = call_ok(builtin, "attribute", ATTRIBUTE_REQUEST, "attribute on default policy");
    CHECK(a && b && strcmp(a, b) == 0, "default policy text and NULL policy answer differently");
    char *p = call_ok(builtin, "policy", "{}", "policy op");
    json_value *served = p ? json_parse(p, strlen(p), err, sizeof err) : NULL;
    char where[1200];
    CHECK(doc && served && json_equal(doc, served, where, sizeof where),
          "op 'policy' differs from sr_default_policy at %s", where);
    json_free(served);
    json_free(doc);
    sr_string_free(p);
    sr_string_free(a);
    sr_string_free(b);
    sr_string_free(policy);
    sr_engine_free(from_text);
    sr_engine_free(builtin);

    CHECK(sr_default_policy(NULL, &error) == SR_NULL_ARGUMENT && error, "sr_default_policy(NULL)");
    CHECK(strcmp(or_null(sr_error_code(error)), "null_argument") == 0 &&
              strcmp(or_null(sr_error_path(error)), "policy_json") == 0,
          "sr_default_policy(NULL) error names policy_json");
    sr_error_free(error);
}

static void test_engine_errors(void) {
    sr_engine *engine = NULL;
    CHECK(sr_engine_new(NULL, 0, &engine, NULL) == SR_OK, "default engine");
    const char *money_as_float = "{\"deal\": {\"id\": \"D\", \"amount\": 5}}";
    expect_error(engine, "attribute", money_as_float, strlen(money_as_float), SR_INVALID_REQUEST,
                 "invalid_request", "deal.amount", "money as a JSON number");
    expect_error(engine, "policy", "{} x", 4, SR_INVALID_REQUEST, "invalid_request", "", "trailing characters");
    expect_error(engine, "attribute", "", 0, SR_INVALID_REQUEST, "invalid_request", "", "empty request (len 0)");
    expect_error(engine, "attribute", ATTRIBUTE_REQUEST, 20, SR_INVALID_REQUEST, "invalid_request", NULL,
                 "len shorter than the text");
    expect_error(engine, "attribute_everything", "{}", 2, SR_UNKNOWN_OPERATION, "unknown_operation", "",
                 "unknown operation");
    expect_error(engine, "", "{}", 2, SR_UNKNOWN_OPERATION, "unknown_operation", "", "empty operation name");
    sr_engine_free(engine);

    /* A policy whose request limit is tiny: JSON and TOML both accepted. */
    const char *json_policy = "{\"limits\": {\"max_request_bytes\": 16}}";
    const char *toml_policy = "[limits]\nmax_request_bytes = 16\n";
    const char *policies[] = {json_policy, toml_policy};
    for (int i = 0; i < 2; i++) {
        sr_engine *limited = NULL;
        sr_error *error = NULL;
        sr_status st = sr_engine_new(policies[i], strlen(policies[i]), &limited, &error);
        CHECK(st == SR_OK && limited && !error, "%s policy with small limit: %d (%s)", i ? "TOML" : "JSON",
              (int)st, or_null(sr_error_message(error)));
        sr_error_free(error);
        if (!limited) continue;
        expect_error(limited, "attribute", ATTRIBUTE_REQUEST, strlen(ATTRIBUTE_REQUEST), SR_LIMIT_EXCEEDED,
                     "limit_exceeded", "", "request over limits.max_request_bytes");
        char *ok = call_ok(limited, "policy", "{}", "small request under the limit");
        CHECK(ok && strstr(ok, "\"max_request_bytes\":16"), "policy op shows the configured limit");
        sr_string_free(ok);
        sr_engine_free(limited);
    }

    expect_policy_error("{not json", 9, SR_INVALID_POLICY, "invalid_policy", NULL, "malformed policy");
    const char *bad_field = "{\"limits\": {\"max_request_bytes\": \"many\"}}";
    expect_policy_error(bad_field, strlen(bad_field), SR_INVALID_POLICY, "invalid_policy",
                        "limits.max_request_bytes", "policy field of the wrong type");
    const char *unknown = "{\"no_such_section\": 1}";
    expect_policy_error(unknown, strlen(unknown), SR_INVALID_POLICY, "invalid_policy", NULL,
                        "unknown policy section");
}

static void test_arguments(void) {
    sr_engine *engine = NULL;
    CHECK(sr_engine_new(NULL, 0, &engine, NULL) == SR_OK, "default engine");
    char *response = NULL;
    sr_error *error = NULL;

    /* NULL arguments: each answered with SR_NULL_ARGUMENT naming the parameter. */
    expect_error(NULL, "policy", "{}", 2, SR_NULL_ARGUMENT, "null_argument", "engine", "NULL engine");
    expect_error(engine, NULL, "{}", 2, SR_NULL_ARGUMENT, "null_argument", "op", "NULL op");
    expect_error(engine, "policy", NULL, 2, SR_NULL_ARGUMENT, "null_argument", "request_json", "NULL request");
    expect_error(engine, "policy", NULL, 0, SR_NULL_ARGUMENT, "null_argument", "request_json",
                 "NULL request, len 0");
    CHECK(sr_engine_call(engine, "policy", "{}", 2, NULL, &error) == SR_NULL_ARGUMENT, "NULL response slot");
    CHECK(error && strcmp(or_null(sr_error_path(error)), "response_json") == 0, "NULL response slot path");
    sr_error_free(error);
    error = NULL;
    CHECK(sr_engine_new(NULL, 0, NULL, &error) == SR_NULL_ARGUMENT, "NULL engine slot");
    CHECK(error && strcmp(or_null(sr_error_path(error)), "engine") == 0, "NULL engine slot path");
    sr_error_free(error);
    CHECK(sr_engine_new(NULL, 0, NULL, NULL) == SR_NULL_ARGUMENT, "NULL engine and error slots");

    /* Bytes that are not UTF-8, in each text argument. */
    const char bad_request[] = "{\"x\": \"\xff\"}";
    expect_error(engine, "policy", bad_request, strlen(bad_request), SR_INVALID_UTF8, "invalid_utf8",
                 "request_json", "request with 0xff");
    expect_error(engine, "attr\xc3\x28", "{}", 2, SR_INVALID_UTF8, "invalid_utf8", "op", "op not UTF-8");
    const char truncated[] = "{\"x\": \"\xe4\xb8\"}"; /* a 3-byte sequence cut short */
    expect_error(engine, "policy", truncated, strlen(truncated), SR_INVALID_UTF8, "invalid_utf8",
                 "request_json", "truncated UTF-8 sequence");
    const char bad_policy[] = "{\"\xfe\": 1}";
    expect_policy_error(bad_policy, strlen(bad_policy), SR_INVALID_UTF8, "invalid_utf8", "policy_json",
                        "policy not UTF-8");

    /* Embedded NUL bytes inside len, e.g. len = strlen + 1. */
    expect_error(engine, "policy", "{}", 3, SR_INVALID_REQUEST, "invalid_request", "", "len counts the NUL");
    const char nul_inside[] = "{\"a\":\0\"b\"}";
    expect_error(engine, "policy", nul_inside, sizeof nul_inside - 1, SR_INVALID_REQUEST, "invalid_request", "",
                 "NUL inside the request");
    expect_policy_error("{}", 3, SR_INVALID_POLICY, "invalid_policy", "", "policy len counts the NUL");

    /* A length no buffer can have is refused before anything is read. */
    expect_error(engine, "policy", "{}", SIZE_MAX, SR_INVALID_REQUEST, "invalid_request", "",
                 "impossible request length");
    expect_policy_error("{}", SIZE_MAX, SR_INVALID_POLICY, "invalid_policy", "", "impossible policy length");

    /* A request need not be NUL-terminated: only len bytes are read. */
    const char unterminated[2] = {'{', '}'};
    response = NULL;
    CHECK(sr_engine_call(engine, "policy", unterminated, 2, &response, NULL) == SR_OK && response,
          "request without a terminator");
    sr_string_free(response);

    /* Free functions accept NULL; readers answer NULL / SR_OK for a NULL error. */
    sr_string_free(NULL);
    sr_error_free(NULL);
    sr_engine_free(NULL);
    CHECK(sr_error_code(NULL) == NULL && sr_error_path(NULL) == NULL && sr_error_message(NULL) == NULL,
          "readers of a NULL error");
    CHECK(sr_error_status(NULL) == SR_OK, "sr_error_status(NULL)");

    /* Many calls on one engine answer identically; two engines from the same policy too. */
    char *first = call_ok(engine, "attribute", ATTRIBUTE_REQUEST, "first call");
    int same = first != NULL;
    for (int i = 0; i < 50 && same; i++) {
        char *again = call_ok(engine, "attribute", ATTRIBUTE_REQUEST, "repeated call");
        same = again && strcmp(again, first) == 0;
        sr_string_free(again);
    }
    CHECK(same, "repeated calls differ");
    sr_engine *other = NULL;
    CHECK(sr_engine_new(NULL, 0, &other, NULL) == SR_OK, "second engine");
    char *from_other = call_ok(other, "attribute", ATTRIBUTE_REQUEST, "second engine call");
    CHECK(first && from_other && strcmp(first, from_other) == 0, "two engines differ");
    sr_string_free(from_other);
    sr_string_free(first);
    sr_engine_free(other);
    sr_engine_free(engine);
}

/* ---------------------------------------------------------------- threads */

#define THREADS 8
#define ROUNDS 12

typedef struct {
    const sr_engine *engine;
    int index;
    int mismatches;
    int calls;
} worker_args;

static void *worker(void *arg) {
    worker_args *w = arg;
    for (int round = 0; round < ROUNDS; round++) {
        for (size_t k = 0; k < shared_count; k++) {
            /* Each thread walks the cases from its own offset, so different cases overlap. */
            const shared_case *c = &shared_cases[(k + (size_t)w->index) % shared_count];
            char *response = NULL;
            sr_error *error = NULL;
            sr_status st = sr_engine_call(w->engine, c->op, c->request, c->request_len, &response, &error);
            int ok = st == c->status;
            if (ok && st == SR_OK) ok = response && strcmp(response, c->response) == 0;
            if (ok && st != SR_OK) ok = error && strcmp(or_null(sr_error_code(error)), c->code) == 0;
            w->mismatches += !ok;
            w->calls++;
            sr_string_free(response);
            sr_error_free(error);
        }
    }
    return NULL;
}

static void test_threads(void) {
    sr_engine *engine = NULL;
    CHECK(sr_engine_new(NULL, 0, &engine, NULL) == SR_OK, "engine for threads");
    if (!engine) return;
    /* Cases beyond the golden ones: an attribution and two failures. */
    remember_shared("attribute", ATTRIBUTE_REQUEST, strlen(ATTRIBUTE_REQUEST));
    remember_shared("attribute", "{\"deal\": 1}", 11);
    remember_shared("no_such_op", "{}", 2);
    /* The single-threaded answers. */
    int successes = 0;
    for (size_t k = 0; k < shared_count; k++) {
        shared_case *c = &shared_cases[k];
        sr_error *error = NULL;
        c->status = sr_engine_call(engine, c->op, c->request, c->request_len, &c->response, &error);
        if (c->status == SR_OK) successes++;
        else c->code = dup_range(or_null(sr_error_code(error)), strlen(or_null(sr_error_code(error))));
        sr_error_free(error);
    }
    CHECK(successes > 0 && (size_t)successes < shared_count, "thread cases mix successes and failures");

    pthread_t threads[THREADS];
    worker_args args[THREADS];
    int started = 0;
    for (int i = 0; i < THREADS; i++) {
        args[i] = (worker_args){engine, i, 0, 0};
        if (pthread_create(&threads[i], NULL, worker, &args[i]) == 0) started++;
        else break;
    }
    CHECK(started == THREADS, "started %d of %d threads", started, THREADS);
    for (int i = 0; i < started; i++) pthread_join(threads[i], NULL);
    for (int i = 0; i < started; i++) {
        CHECK(args[i].mismatches == 0 && args[i].calls == ROUNDS * (int)shared_count,
              "thread %d: %d of %d answers differ from the single-threaded answer", i, args[i].mismatches,
              args[i].calls);
    }
    printf("threads: %d threads x %d rounds x %zu cases on one engine\n", started, ROUNDS, shared_count);
    for (size_t k = 0; k < shared_count; k++) {
        free(shared_cases[k].op);
        free(shared_cases[k].request);
        free(shared_cases[k].code);
        sr_string_free(shared_cases[k].response);
    }
    free(shared_cases);
    sr_engine_free(engine);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s GOLDEN_DIR\n", argv[0]);
        return 2;
    }
    printf("libsalesrules %s\n", sr_version());
    test_version_and_default_policy();
    test_engine_errors();
    test_arguments();
    test_golden(argv[1]);
    test_threads();
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
