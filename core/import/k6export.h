#pragma once

// A strategy's targets and scenarios as a k6 script (an ES module for `k6 run`), for teams that also
// use k6. What does not translate is listed in the script's header comment and in the README.

#include "model/strategy.h"

#include <QString>
#include <QStringList>

namespace lw::import {

struct K6Script
{
    QString script;
    QStringList notTranslated; // what the script cannot express, one line each (also in its header)
    QStringList dataFiles;     // data files the script opens (copy them next to it)
};

K6Script exportK6(const Strategy &s);

} // namespace lw::import
