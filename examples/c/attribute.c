/* Attribute one deal: reads an `attribute` request (a deal with its contacts and touches) from
 * the JSON file named on the command line and prints the engine's answer.
 *
 *   make && ./attribute deal.json
 *
 * Built against an installed libsalesrules through pkg-config (see Makefile). */
#include <salesrules.h>

#include <stdio.h>
#include <stdlib.h>

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? cap * 2 : 4096;
            char *grown = realloc(buf, cap);
            if (!grown) { free(buf); fclose(f); return NULL; }
            buf = grown;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) { free(buf); return NULL; }
    *len = n;
    return buf;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s DEAL.json\n", argv[0]);
        return 2;
    }
    size_t len = 0;
    char *request = read_file(argv[1], &len);
    if (!request) {
        perror(argv[1]);
        return 1;
    }

    sr_engine *engine = NULL;
    sr_error *error = NULL;
    char *response = NULL;
    /* NULL policy: the default policy. Compile it once; reuse the engine for every deal. */
    sr_status status = sr_engine_new(NULL, 0, &engine, &error);
    if (status == SR_OK) {
        /* request need not be NUL-terminated: len bytes are read. */
        status = sr_engine_call(engine, "attribute", request, len, &response, &error);
    }
    if (status == SR_OK) {
        printf("%s\n", response);
    } else {
        fprintf(stderr, "salesrules %s: error %d %s at '%s': %s\n", sr_version(), (int)status,
                sr_error_code(error), sr_error_path(error), sr_error_message(error));
    }

    sr_string_free(response); /* never free(): each buffer has its own free function */
    sr_error_free(error);     /* all free functions accept NULL */
    sr_engine_free(engine);
    free(request);
    return status == SR_OK ? 0 : 1;
}
