/* fault.c: SIGKILL at the crash point named by CSA_FAULT (see fault.h). */
#include "csa/fault.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

void fault_point(const char *name)
{
    const char *want = getenv("CSA_FAULT");
    if (want != NULL && strcmp(want, name) == 0)
        raise(SIGKILL);
}
