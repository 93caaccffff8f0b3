#pragma once

#include <QProcess>
#include <QStringList>
#include <QUrl>

// Starts build/bin/integrations-sandbox as a child process on a free loopback
// port and waits for its "listening on http://127.0.0.1:PORT" line. Stops it
// (SIGTERM, then kill) on destruction. Its stderr request log is kept for
// tests that search it.
class SandboxProcess
{
public:
    explicit SandboxProcess(QStringList extraArguments = {});
    ~SandboxProcess();

    SandboxProcess(const SandboxProcess &) = delete;
    SandboxProcess &operator=(const SandboxProcess &) = delete;

    bool started() const { return m_baseUrl.isValid(); }
    QUrl baseUrl() const { return m_baseUrl; } // http://127.0.0.1:PORT
    QUrl url(const QString &pathAndQuery) const;
    quint16 port() const { return quint16(m_baseUrl.port()); }

    // Everything the sandbox wrote to stderr so far.
    QByteArray log();
    // Everything the sandbox wrote to stdout so far (including the ready line).
    QByteArray standardOutput();
    // Stops the process (SIGTERM) and returns its exit code, -1 if it crashed.
    int stop();

private:
    QProcess m_process;
    QUrl m_baseUrl;
    QByteArray m_stderr;
    QByteArray m_stdout;
};
