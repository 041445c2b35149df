/* fault.h: named fault points, for the tests that kill, pause or fail a run at a chosen
 * moment.
 *
 * When the environment variable CSA_FAULT names a point, the process kills itself there
 * with SIGKILL, exactly as a power cut or `kill -9` would, so the tests can prove that the
 * next run finishes the work. "NAME:stop" stops the process there instead (SIGSTOP), so a
 * test can change the world at that exact moment (swap a file for a link, rewrite a file,
 * end the database's connections) and then let it go on with SIGCONT. "NAME:fail" makes the
 * operation behind fault_fails(NAME) fail as the system could make it fail. Unset (always,
 * in normal use) a point costs one getenv. */
#ifndef CSA_FAULT_H
#define CSA_FAULT_H

/* Kills (CSA_FAULT=name) or stops (CSA_FAULT=name:stop) the process here. */
void fault_point(const char *name);

/* Whether CSA_FAULT=name:fail asks the operation at this point to fail. */
int fault_fails(const char *name);

#endif
