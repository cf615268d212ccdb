#include "cli/notifycommands.h"
#include "services/openworkspace.h"

#include "audit/users.h"
#include "cli/clicontext.h"
#include "notify/channels.h"
#include "notify/channelstore.h"
#include "notify/deliveryworker.h"
#include "notify/pluginregistry.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>

namespace lw::cli {

using namespace lw::notify;

namespace {

QJsonArray fieldsJson(const QList<ConfigField> &fields)
{
    QJsonArray list;
    for (const ConfigField &f : fields)
        list.append(QJsonObject{{QStringLiteral("key"), f.key},
                                {QStringLiteral("label"), f.label},
                                {QStringLiteral("type"), toString(f.type)},
                                {QStringLiteral("required"), f.required},
                                {QStringLiteral("default"), f.defaultValue},
                                {QStringLiteral("help"), f.help}});
    return list;
}

const ConfigField *fieldOf(const QList<ConfigField> &fields, const QString &key)
{
    for (const ConfigField &f : fields) {
        if (f.key == key)
            return &f;
    }
    return nullptr;
}

QString fieldKeys(const QList<ConfigField> &fields)
{
    QStringList keys;
    for (const ConfigField &f : fields)
        keys << f.key;
    return keys.join(QStringLiteral(", "));
}

int channelsList(const Invocation &inv, CommandIo &io)
{
    const std::unique_ptr<Workspace> ws = openWorkspace(inv, io, false);
    if (!ws)
        return ExitBadInput;
    QString error;
    const QList<Channel> channels = Channels(*ws).list(&error);
    if (!error.isEmpty()) {
        io.err << "loadwright: " << error << Qt::endl;
        return ExitInternal;
    }
    if (inv.has(QStringLiteral("json"))) {
        QJsonArray list;
        for (const Channel &c : channels)
            list.append(
                QJsonObject{{QStringLiteral("name"), c.name},
                            {QStringLiteral("plugin"), c.plugin},
                            {QStringLiteral("events"), c.events},
                            {QStringLiteral("min_severity"), c.minSeverity},
                            {QStringLiteral("enabled"), c.enabled},
                            {QStringLiteral("config"), QJsonObject::fromVariantMap(c.config)},
                            {QStringLiteral("secret_fields"), QJsonArray::fromStringList(c.secretFields)}});
        io.out << QJsonDocument(list).toJson(QJsonDocument::Indented);
        return ExitSuccess;
    }
    if (channels.isEmpty()) {
        io.out
            << "no channels yet; add one with 'loadwright channels add NAME --plugin PLUGIN --set key=value'"
            << Qt::endl;
        return ExitSuccess;
    }
    QList<QStringList> rows{{QStringLiteral("NAME"), QStringLiteral("PLUGIN"), QStringLiteral("EVENTS"),
                             QStringLiteral("MIN SEVERITY"), QStringLiteral("SETTINGS")}};
    for (const Channel &c : channels) {
        QStringList settings;
        for (auto it = c.config.cbegin(); it != c.config.cend(); ++it)
            settings << it.key() + QLatin1Char('=') +
                            it.value().toString().replace(QLatin1Char('\n'), QStringLiteral("\\n"));
        for (const QString &s : c.secretFields)
            settings << s + QStringLiteral("=(in the keychain)");
        rows.append({c.name, c.plugin, c.events, c.minSeverity, settings.join(QStringLiteral(" "))});
    }
    printTable(io.out, rows);
    return ExitSuccess;
}

int channelsAdd(const Invocation &inv, CommandIo &io, const QString &name)
{
    if (const QString bad = checkChannelName(name); !bad.isEmpty())
        return usageError(io, bad);
    PluginRegistry registry;
    registry.load();
    const std::unique_ptr<Workspace> ws = openWorkspace(inv, io, true);
    if (!ws)
        return ExitBadInput;
    const Channels channels(*ws);
    QString error;
    const std::optional<Channel> existing = channels.find(name, &error);
    Channel c = existing.value_or(Channel());
    c.name = name;
    if (inv.has(QStringLiteral("plugin")))
        c.plugin = inv.value(QStringLiteral("plugin"));
    if (c.plugin.isEmpty())
        return usageError(io,
                          QStringLiteral("'channels add' needs --plugin PLUGIN (see 'loadwright plugins')"));
    const NotificationPlugin *plugin = registry.plugin(c.plugin);
    if (!plugin) {
        io.err << "loadwright: " << registry.missingMessage(c.plugin) << Qt::endl;
        return ExitBadInput;
    }
    if (existing && existing->plugin != c.plugin) {
        c.config.clear();
        c.secretFields.clear();
    }
    if (inv.has(QStringLiteral("events")))
        c.events = inv.value(QStringLiteral("events"));
    if (inv.has(QStringLiteral("min-severity")))
        c.minSeverity = inv.value(QStringLiteral("min-severity"));
    const QList<ConfigField> fields = plugin->configFields();
    QVariantMap newSecrets;
    for (const QString &assignment : inv.values(QStringLiteral("set"))) {
        const qsizetype eq = assignment.indexOf(QLatin1Char('='));
        const QString key = eq > 0 ? assignment.left(eq) : assignment;
        const ConfigField *f = fieldOf(fields, key);
        if (eq <= 0 || !f)
            return usageError(
                io, QStringLiteral("--set %1: the %2 plugin has the fields %3 (use --set key=value)")
                        .arg(assignment, c.plugin, fieldKeys(fields)));
        const QString value = assignment.mid(eq + 1).replace(QStringLiteral("\\n"), QStringLiteral("\n"));
        if (f->type == ConfigField::Type::Secret)
            newSecrets.insert(key, value);
        else
            c.config.insert(key, valueForField(*f, value));
    }
    const ChannelSetupResult result = channels.setUp(*plugin, c, newSecrets, actingUser(inv));
    switch (result.code) {
    case ChannelSetupResult::Code::Saved:
        break;
    case ChannelSetupResult::Code::Invalid:
        return usageError(io, result.message);
    case ChannelSetupResult::Code::Keychain:
        io.err << "loadwright: " << result.message << Qt::endl;
        return ExitRefused;
    case ChannelSetupResult::Code::Storage:
        io.err << "loadwright: " << result.message << Qt::endl;
        return ExitInternal;
    }
    io.out << (existing ? "updated" : "added") << " channel " << name << " (" << c.plugin << ", events "
           << c.events << ", min severity " << c.minSeverity << ")" << Qt::endl;
    return ExitSuccess;
}

int channelsTest(const Invocation &inv, CommandIo &io, const QString &name)
{
    PluginRegistry registry;
    registry.load();
    const std::unique_ptr<Workspace> ws = openWorkspace(inv, io, false);
    if (!ws)
        return ExitBadInput;
    qint64 ms = 0;
    const DeliveryOptions options = DeliveryOptions::fromEnvironment(ws->path());
    const DeliveryResult r = Channels(*ws).sendTest(registry, name, options.timeoutMs, &ms);
    switch (r.outcome) {
    case DeliveryResult::Outcome::Sent:
        io.out << "delivered to " << name << ": " << r.detail << " (" << ms << " ms)" << Qt::endl;
        return ExitSuccess;
    case DeliveryResult::Outcome::Retry:
        io.out << "not delivered to " << name
               << " (a temporary failure, the outbox would retry): " << r.detail << Qt::endl;
        return ExitVerdictFailed;
    case DeliveryResult::Outcome::Failed:
        break;
    }
    io.out << "not delivered to " << name << ": " << r.detail << Qt::endl;
    return ExitVerdictFailed;
}

int channelsRemove(const Invocation &inv, CommandIo &io, const QString &name)
{
    const std::unique_ptr<Workspace> ws = openWorkspace(inv, io, false);
    if (!ws)
        return ExitBadInput;
    const Channels::Removal r = Channels(*ws).remove(name, actingUser(inv));
    if (!r.removed) {
        io.err << "loadwright: " << r.error << Qt::endl;
        return r.existed ? ExitInternal : ExitBadInput;
    }
    for (const QString &problem : r.secretProblems)
        io.err << "loadwright: " << problem << Qt::endl;
    io.out << "removed channel " << name << Qt::endl;
    return ExitSuccess;
}

} // namespace

int pluginsCommand(const Invocation &inv, CommandIo &io)
{
    PluginRegistry registry;
    registry.load();
    if (inv.has(QStringLiteral("json"))) {
        QJsonArray list;
        for (const PluginInfo &p : registry.plugins())
            list.append(QJsonObject{{QStringLiteral("name"), p.name},
                                    {QStringLiteral("version"), p.version},
                                    {QStringLiteral("description"), p.description},
                                    {QStringLiteral("file"), p.file},
                                    {QStringLiteral("loaded"), p.loaded},
                                    {QStringLiteral("error"), p.error},
                                    {QStringLiteral("fields"), fieldsJson(p.fields)}});
        io.out << QJsonDocument(QJsonObject{{QStringLiteral("directories"),
                                             QJsonArray::fromStringList(registry.directories())},
                                            {QStringLiteral("plugins"), list}})
                      .toJson(QJsonDocument::Indented);
        return ExitSuccess;
    }
    QList<QStringList> rows{{QStringLiteral("NAME"), QStringLiteral("VERSION"), QStringLiteral("STATE"),
                             QStringLiteral("FILE / DESCRIPTION")}};
    for (const PluginInfo &p : registry.plugins()) {
        if (p.loaded)
            rows.append({p.name, p.version, QStringLiteral("loaded"), p.description});
    }
    for (const PluginInfo &p : registry.plugins()) {
        if (!p.loaded)
            rows.append(
                {p.name, p.version, QStringLiteral("failed"), p.file + QStringLiteral(": ") + p.error});
    }
    if (rows.size() > 1)
        printTable(io.out, rows);
    else
        io.out << "no plugins found" << Qt::endl;
    io.out << "\nsearched: " << registry.directories().join(QStringLiteral(", ")) << Qt::endl;
    return ExitSuccess;
}

int channelsCommand(const Invocation &inv, CommandIo &io)
{
    const QString sub = inv.arguments.value(0);
    const QString name = inv.arguments.value(1);
    if (sub == QLatin1String("list") && inv.arguments.size() == 1)
        return channelsList(inv, io);
    if (inv.arguments.size() != 2 || name.isEmpty())
        return usageError(io, QStringLiteral("use: loadwright channels list | add NAME --plugin PLUGIN --set "
                                             "key=value... | test NAME | remove NAME"));
    if (sub == QLatin1String("add"))
        return channelsAdd(inv, io, name);
    if (sub == QLatin1String("test"))
        return channelsTest(inv, io, name);
    if (sub == QLatin1String("remove"))
        return channelsRemove(inv, io, name);
    return usageError(io,
                      QStringLiteral("unknown 'channels' action '%1' (list, add, test, remove)").arg(sub));
}

RunDeliveries::RunDeliveries(const Invocation &inv, const QString &workspacePath) : m_path(workspacePath)
{
    if (inv.has(QStringLiteral("notify-wait")))
        m_waitS = std::max(0.0, inv.value(QStringLiteral("notify-wait")).toDouble());
    m_registry = std::make_shared<PluginRegistry>();
    m_registry->load();
    m_service =
        std::make_unique<DeliveryService>(DeliveryOptions::fromEnvironment(workspacePath), m_registry);
    m_service->start();
}

RunDeliveries::~RunDeliveries() = default;

void RunDeliveries::waitForRun(qint64 runId, CommandIo &io)
{
    if (runId <= 0)
        return;
    Workspace::OpenOptions options;
    options.createIfMissing = false;
    QString error;
    const std::unique_ptr<Workspace> ws = lw::openWorkspace(m_path, options, &error);
    if (!ws)
        return;
    const Channels channels(*ws);
    const QDeadlineTimer deadline(qint64(m_waitS * 1000));
    int left = channels.undeliveredOfRun(runId, &error);
    while (left > 0 && !deadline.hasExpired()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 100);
        QThread::msleep(100);
        left = channels.undeliveredOfRun(runId, &error);
    }
    m_service->stop();
    if (left > 0)
        io.err << "loadwright: " << left << " notification(s) of run " << runId
               << " not delivered yet; they stay in the outbox and are sent by the next loadwright run "
                  "or workbench"
               << Qt::endl;
}

} // namespace lw::cli
