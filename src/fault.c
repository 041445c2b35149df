/* fault.c: the fault points named by CSA_FAULT (see fault.h). */
#include "csa/fault.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

/* What CSA_FAULT asks of point name: "" when it names the point alone, the text after
 * "name:" when it names it with an action, NULL when it is about another point. */
static const char *asked(const char *name)
{
    const char *want = getenv("CSA_FAULT");
    size_t n = strlen(name);
    if (want == NULL || strncmp(want, name, n) != 0)
        return NULL;
    return want[n] == '\0' ? "" : want[n] == ':' ? want + n + 1 : NULL;
}

void fault_point(const char *name)
{
    const char *a = asked(name);
    if (a == NULL)
        return;
    if (a[0] == '\0')
        raise(SIGKILL);
    else if (strcmp(a, "stop") == 0)
        raise(SIGSTOP);
}

int fault_fails(const char *name)
{
    const char *a = asked(name);
    return a != NULL && strcmp(a, "fail") == 0;
}
