/* fault.h: named crash points, for the tests that kill a run at a chosen moment.
 *
 * When the environment variable CSA_FAULT names a point, the process kills itself there
 * with SIGKILL, exactly as a power cut or `kill -9` would, so the tests can prove that the
 * next run finishes the work. Unset (always, in normal use) a point costs one comparison. */
#ifndef CSA_FAULT_H
#define CSA_FAULT_H

void fault_point(const char *name);

#endif
