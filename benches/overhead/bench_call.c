/* Times sr_engine_call("attribute", ...) on one request file: the C side of
 * benches/overhead/run.sh. Prints "c <ns per call>". */
#define _POSIX_C_SOURCE 199309L
#include <salesrules.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) { fclose(f); free(buf); return NULL; }
    fclose(f);
    buf[n] = '\0';
    *len = (size_t)n;
    return buf;
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: bench_call REQUEST.json [ITERATIONS]\n"); return 2; }
    long iterations = argc > 2 ? atol(argv[2]) : 20000;
    size_t len = 0;
    char *request = read_file(argv[1], &len);
    if (!request) { perror(argv[1]); return 2; }
    sr_engine *engine = NULL;
    sr_error *error = NULL;
    if (sr_engine_new(NULL, 0, &engine, &error) != SR_OK) { fprintf(stderr, "engine: %s\n", sr_error_message(error)); return 1; }
    size_t bytes = 0;
    for (long i = 0; i < iterations / 10; i++) {
        char *out = NULL;
        if (sr_engine_call(engine, "attribute", request, len, &out, &error) != SR_OK) { fprintf(stderr, "call: %s\n", sr_error_message(error)); return 1; }
        sr_string_free(out);
    }
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (long i = 0; i < iterations; i++) {
        char *out = NULL;
        sr_engine_call(engine, "attribute", request, len, &out, &error);
        bytes += out ? strlen(out) : 0;
        sr_string_free(out);
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    double ns = ((double)(b.tv_sec - a.tv_sec) * 1e9 + (double)(b.tv_nsec - a.tv_nsec)) / (double)iterations;
    printf("c %.0f ns/call (%zu bytes)\n", ns, bytes);
    sr_engine_free(engine);
    free(request);
    return 0;
}
