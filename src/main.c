/* main.c: the csa executable; everything lives in the csa_core library (cli.c). */
#include "csa/cli.h"

int main(int argc, char **argv)
{
    return csa_main(argc, argv);
}
