#include "authtestutil.h"

#include <QLoggingCategory>

namespace authtest {

namespace {
QMutex g_mutex;
QString g_log;

void handler(QtMsgType, const QMessageLogContext &context, const QString &message)
{
    QMutexLocker lock(&g_mutex);
    g_log += QString::fromLatin1(context.category ? context.category : "default") +
             QStringLiteral(": ") + message + QLatin1Char('\n');
}
} // namespace

LogCapture::LogCapture()
{
    {
        QMutexLocker lock(&g_mutex);
        g_log.clear();
    }
    QLoggingCategory::setFilterRules(QStringLiteral("desk.*=true\nqt.networkauth*=true"));
    m_previous = qInstallMessageHandler(handler);
}

LogCapture::~LogCapture()
{
    qInstallMessageHandler(m_previous);
    QLoggingCategory::setFilterRules(QString());
}

QString LogCapture::text() const
{
    QMutexLocker lock(&g_mutex);
    return g_log;
}

} // namespace authtest
