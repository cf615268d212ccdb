#include "shell/actinguser.h"

#include "storage/accountname.h"

#include <QSettings>

namespace lw::ui {

namespace {
const char *const kKey = "run/user";
}

QString systemUser()
{
    return accountName();
}

QString actingUser()
{
    const QString configured = QSettings().value(QLatin1String(kKey)).toString().trimmed();
    return configured.isEmpty() ? systemUser() : configured;
}

void setActingUser(const QString &name)
{
    QSettings settings;
    if (name.trimmed().isEmpty())
        settings.remove(QLatin1String(kKey));
    else
        settings.setValue(QLatin1String(kKey), name.trimmed());
}

} // namespace lw::ui
