#pragma once

#include <QCoreApplication>
#include <QStringList>

// `integrations-cli load ...`: arguments are the full command line (arguments[0] is
// the program, arguments[1] "load"). Returns the process exit code.
int runLoadCommand(QCoreApplication &app, const QStringList &arguments);
