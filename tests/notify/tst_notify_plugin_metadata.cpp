// Each plugin in <build>/plugins: the IID and metadata QPluginLoader reads before instantiating,
// and the instance agreeing with its metadata.
#include "plugintestsupport.h"

#include <QJsonArray>
#include <QSet>
#include <QTest>

using namespace lw::notify;

class TestPluginMetadata : public QObject
{
    Q_OBJECT

private slots:
    void metadata_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QStringList>("requiredKeys");
        QTest::newRow("webhook") << QStringLiteral("webhook") << QStringList{QStringLiteral("url")};
        QTest::newRow("slack") << QStringLiteral("slack") << QStringList{QStringLiteral("url")};
        QTest::newRow("email") << QStringLiteral("email")
                               << QStringList{QStringLiteral("server"), QStringLiteral("from"),
                                              QStringLiteral("to")};
        QTest::newRow("desktop") << QStringLiteral("desktop") << QStringList{};
        QTest::newRow("command") << QStringLiteral("command") << QStringList{QStringLiteral("program")};
    }

    void metadata()
    {
        QFETCH(QString, name);
        QFETCH(QStringList, requiredKeys);
        QPluginLoader loader(lw::test::pluginPath(name));
        const QJsonObject meta = loader.metaData();
        QVERIFY2(!meta.isEmpty(), qPrintable(loader.errorString()));
        QCOMPARE(meta.value(QLatin1String("IID")).toString(), QStringLiteral(LW_NOTIFICATION_PLUGIN_IID));
        const QJsonObject own = meta.value(QLatin1String("MetaData")).toObject();
        QCOMPARE(own.value(QLatin1String("name")).toString(), name);
        QCOMPARE(own.value(QLatin1String("apiVersion")).toInt(), kNotificationPluginApiVersion);
        QVERIFY(!own.value(QLatin1String("version")).toString().isEmpty());
        QVERIFY(!own.value(QLatin1String("description")).toString().isEmpty());

        const auto loaded = lw::test::loadPlugin(name);
        QVERIFY2(loaded.plugin, qPrintable(loaded.error));
        NotificationPlugin *plugin = loaded.plugin;
        QCOMPARE(plugin->name(), name);
        QCOMPARE(plugin->version(), own.value(QLatin1String("version")).toString());
        QCOMPARE(plugin->description(), own.value(QLatin1String("description")).toString());
        QCOMPARE(plugin->apiVersion(), kNotificationPluginApiVersion);

        QSet<QString> keys;
        QStringList required;
        for (const ConfigField &field : plugin->configFields()) {
            QVERIFY2(!field.key.isEmpty() && !field.label.isEmpty() && !field.help.isEmpty(),
                     qPrintable(field.key));
            QVERIFY2(!keys.contains(field.key), qPrintable(QStringLiteral("duplicate key ") + field.key));
            keys.insert(field.key);
            if (field.required)
                required.append(field.key);
        }
        QCOMPARE(required, requiredKeys);
        // An empty configuration is usable only when nothing is required.
        QCOMPARE(plugin->validateConfig({}).isEmpty(), requiredKeys.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestPluginMetadata)
#include "tst_notify_plugin_metadata.moc"
