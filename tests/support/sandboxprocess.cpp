#include "sandboxprocess.h"

#include <QDeadlineTimer>
#include <QProcessEnvironment>
#include <QRegularExpression>

SandboxProcess::SandboxProcess(QStringList extraArguments)
{
    QStringList arguments{QStringLiteral("--port"), QStringLiteral("0")};
    arguments += extraArguments;
    m_process.setProgram(QStringLiteral(DESK_SANDBOX_BINARY));
    m_process.setArguments(arguments);
    // Tests read the sandbox's info lines (request log, figures, summary): keep
    // them on whatever QT_LOGGING_RULES the environment sets.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    const QString rules = environment.value(QStringLiteral("QT_LOGGING_RULES"));
    environment.insert(QStringLiteral("QT_LOGGING_RULES"),
                       (rules.isEmpty() ? QString() : rules + QLatin1Char(';')) +
                           QStringLiteral("desk.sandbox*.info=true"));
    m_process.setProcessEnvironment(environment);
    m_process.start();
    if (!m_process.waitForStarted(10000))
        return;

    static const QRegularExpression ready(
        QStringLiteral("^listening on (http://127\\.0\\.0\\.1:\\d+)\\s*$"));
    QByteArray &stdoutBuffer = m_stdout;
    QDeadlineTimer deadline(60000);
    while (!deadline.hasExpired() && m_process.state() == QProcess::Running) {
        m_process.waitForReadyRead(200);
        m_stderr += m_process.readAllStandardError();
        stdoutBuffer += m_process.readAllStandardOutput();
        const int newline = stdoutBuffer.indexOf('\n');
        if (newline >= 0) {
            const auto match = ready.match(QString::fromUtf8(stdoutBuffer.left(newline)));
            if (match.hasMatch())
                m_baseUrl = QUrl(match.captured(1));
            return;
        }
    }
}

SandboxProcess::~SandboxProcess()
{
    stop();
}

QUrl SandboxProcess::url(const QString &pathAndQuery) const
{
    return QUrl(m_baseUrl.toString() + pathAndQuery);
}

QByteArray SandboxProcess::standardOutput()
{
    m_stdout += m_process.readAllStandardOutput();
    return m_stdout;
}

QByteArray SandboxProcess::log()
{
    m_stderr += m_process.readAllStandardError();
    return m_stderr;
}

int SandboxProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    m_process.terminate();
    if (!m_process.waitForFinished(10000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
    m_stderr += m_process.readAllStandardError();
    m_stdout += m_process.readAllStandardOutput();
    return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
}
