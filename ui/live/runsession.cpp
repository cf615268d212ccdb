#include "live/runsession.h"

#include "live/livedashboard.h"

#include <QThread>

namespace lw::ui {

RunSession::RunSession(RunRequest request, LiveDashboard *dashboard, QObject *parent)
    : QObject(parent), m_thread(new QThread(this)), m_controller(new RunController(std::move(request))),
      m_dashboard(dashboard)
{
    qRegisterMetaType<lw::RunStatus>();
    qRegisterMetaType<lw::PrerequisiteResult>();
    qRegisterMetaType<lw::EngineHello>();
    qRegisterMetaType<lw::EngineInterval>();
    qRegisterMetaType<lw::ResourceSample>();
    qRegisterMetaType<lw::RunEvent>();
    qRegisterMetaType<lw::RunProgress>();
    qRegisterMetaType<lw::RunOutcome>();
    m_thread->setObjectName(QStringLiteral("run controller"));
    m_controller->moveToThread(m_thread);
    connect(m_thread, &QThread::started, m_controller, &RunController::start);
    connect(m_thread, &QThread::finished, m_controller, &QObject::deleteLater);

    RunController *c = m_controller;
    if (dashboard) {
        connect(c, &RunController::runCreated, dashboard, &LiveDashboard::onRunCreated);
        connect(c, &RunController::statusChanged, dashboard, &LiveDashboard::onStatusChanged);
        connect(c, &RunController::prerequisiteChecked, dashboard, &LiveDashboard::onPrerequisiteChecked);
        connect(c, &RunController::engineReady, dashboard, &LiveDashboard::onEngineReady);
        connect(c, &RunController::intervalRecorded, dashboard, &LiveDashboard::onIntervalRecorded);
        connect(c, &RunController::resourceSampled, dashboard, &LiveDashboard::onResourceSampled);
        connect(c, &RunController::eventLogged, dashboard, &LiveDashboard::onEventLogged);
        connect(c, &RunController::progressed, dashboard, &LiveDashboard::onProgressed);
        connect(c, &RunController::finished, dashboard, &LiveDashboard::onFinished);
        connect(dashboard, &LiveDashboard::stopRequested, this, &RunSession::stop);
        connect(dashboard, &LiveDashboard::emergencyStopRequested, this, &RunSession::emergencyStop);
    }
    connect(c, &RunController::finished, this, [this](const lw::RunOutcome &outcome) {
        m_outcome = outcome;
        m_thread->quit();
        emit finished(outcome);
    });
}

RunSession::~RunSession()
{
    if (!m_started) {
        delete m_controller; // never moved into a running thread
        return;
    }
    m_thread->quit();
    m_thread->wait();
}

void RunSession::start()
{
    if (m_started)
        return;
    m_started = true;
    m_thread->start();
}

void RunSession::stop()
{
    if (isActive())
        QMetaObject::invokeMethod(m_controller, &RunController::stop, Qt::QueuedConnection);
}

void RunSession::emergencyStop()
{
    if (isActive())
        QMetaObject::invokeMethod(m_controller, &RunController::emergencyStop, Qt::QueuedConnection);
}

} // namespace lw::ui
