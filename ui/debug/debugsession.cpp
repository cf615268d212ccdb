#include "debug/debugsession.h"

#include <QThread>

namespace lw::ui {

DebugSession::DebugSession(RunRequest request, QObject *parent)
    : QObject(parent), m_thread(new QThread(this)), m_controller(new RunController(std::move(request)))
{
    qRegisterMetaType<lw::RunStatus>();
    qRegisterMetaType<lw::RunOutcome>();
    m_thread->setObjectName(QStringLiteral("debug run controller"));
    m_controller->moveToThread(m_thread);
    connect(m_thread, &QThread::started, m_controller, &RunController::start);
    connect(m_thread, &QThread::finished, m_controller, &QObject::deleteLater);
    connect(m_controller, &RunController::runCreated, this, &DebugSession::runCreated);
    connect(m_controller, &RunController::statusChanged, this, &DebugSession::statusChanged);
    connect(m_controller, &RunController::debugStepRecorded, this, &DebugSession::stepRecorded);
    connect(m_controller, &RunController::finished, this, [this](const lw::RunOutcome &outcome) {
        m_outcome = outcome;
        m_thread->quit();
        emit finished(outcome);
    });
}

DebugSession::~DebugSession()
{
    if (!m_started) {
        delete m_controller; // never moved into a running thread
        return;
    }
    m_thread->quit();
    m_thread->wait();
}

void DebugSession::start()
{
    if (m_started)
        return;
    m_started = true;
    m_thread->start();
}

void DebugSession::cancel()
{
    if (isActive())
        QMetaObject::invokeMethod(m_controller, &RunController::emergencyStop, Qt::QueuedConnection);
}

} // namespace lw::ui
