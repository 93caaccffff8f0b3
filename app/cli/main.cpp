// integrations-cli: sign in, inspect and sign out of an integration, load its
// items and keep a local copy up to date, without a window. See docs/cli.md;
// the program is the desk_cli library (cli.cpp).
#include "clicontext.h"

int main(int argc, char **argv)
{
    return desk::cli::run(argc, argv);
}
