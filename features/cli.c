/* cli.c - command-line helpers shared by the programs. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>

void fx_option_error(const char *prog, char **argv, int c)
{
    const char *arg = optind > 0 ? argv[optind - 1] : "";
    int is_long = arg[0] == '-' && arg[1] == '-';
    if (c == ':') {
        if (optopt && !is_long)
            fprintf(stderr, "%s: option '-%c' needs a value\n", prog, optopt);
        else
            fprintf(stderr, "%s: option '%s' needs a value\n", prog, arg);
    } else if (optopt && !is_long) {
        fprintf(stderr, "%s: unknown option '-%c'\n", prog, optopt);
    } else {
        fprintf(stderr, "%s: unknown option '%s'\n", prog, arg);
    }
    fprintf(stderr, "%s: try '%s -h' for help\n", prog, prog);
}
