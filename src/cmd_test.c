#include "cli.h"
int cmd_test(int argc, char **argv) { (void)argc; (void)argv; return 2; }
