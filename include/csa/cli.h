/* cli.h: the csa command line (doc/cli.md). main() only forwards here, so tests
 * reach every command exactly as a user's script does. */
#ifndef CSA_CLI_H
#define CSA_CLI_H

/* Runs the command line argv; returns the process exit code (enum csa_rc). */
int csa_main(int argc, char **argv);

#endif
