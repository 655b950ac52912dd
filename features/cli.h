/* cli.h - what the programs share on their command lines. */
#ifndef FX_CLI_H
#define FX_CLI_H

/* Prints getopt_long's complaint (c is '?' or ':') in the house style,
 * "prog: unknown option '--x'" or "prog: option '-m' needs a value", and a
 * hint to run prog -h, on stderr. Call with opterr = 0 and an optstring
 * that starts with ':'. */
void fx_option_error(const char *prog, char **argv, int c);

#endif
