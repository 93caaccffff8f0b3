#include "uitestutil.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QMutex>
#include <QThread>

namespace desktest {

bool waitFor(const std::function<bool()> &condition, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!condition()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(2);
    }
    return true;
}

namespace {
QDateTime at(int n)
{
    return QDateTime(QDate(2024, 1, 1), QTime(9, 0), Qt::UTC).addSecs(qint64(n) * 3600);
}
} // namespace

desk::IntegrationItem contact(int n, const QString &companyId, const QString &companyName)
{
    desk::IntegrationItem item;
    item.id = QString::number(1000 + n);
    item.type = QStringLiteral("contacts");
    item.name = QStringLiteral("Contact %1").arg(n, 6, 10, QLatin1Char('0'));
    item.parentId = companyId;
    item.parentType = companyId.isEmpty() ? QString() : QStringLiteral("company");
    item.parentName = companyName;
    item.created = at(n);
    item.modified = at(n + 10);
    item.url = QUrl(QStringLiteral("https://app.hubspot.com/contacts/1/record/0-1/") + item.id);
    item.properties.insert(QStringLiteral("email"), QStringLiteral("contact%1@example.com").arg(n));
    item.properties.insert(QStringLiteral("owner"), QStringLiteral("Owner %1").arg(n % 3));
    if (!companyId.isEmpty())
        item.associations.insert(QStringLiteral("companies"), {companyId});
    return item;
}

desk::IntegrationItem treeItem(const QString &type, const QString &id, const QString &parentType,
                               const QString &parentId, const QString &name)
{
    desk::IntegrationItem item;
    item.id = id;
    item.type = type;
    item.name = name.isEmpty() ? type + QLatin1Char(' ') + id : name;
    item.parentType = parentType;
    item.parentId = parentId;
    item.created = at(id.size());
    item.properties.insert(QStringLiteral("Notes"), QString(QStringLiteral("note of ") + id));
    return item;
}

desk::IntegrationItem company(int n)
{
    desk::IntegrationItem item;
    item.id = QString::number(500 + n);
    item.type = QStringLiteral("companies");
    item.name = QStringLiteral("Company %1").arg(QChar(QLatin1Char('A' + n % 26)));
    item.created = at(n);
    item.modified = at(n + 5);
    item.properties.insert(QStringLiteral("domain"), QStringLiteral("company%1.example").arg(n));
    return item;
}

desk::IntegrationItem deal(int n, const QString &companyId, double amount, const QString &stage)
{
    desk::IntegrationItem item;
    item.id = QString::number(9000 + n);
    item.type = QStringLiteral("deals");
    item.name = QStringLiteral("Deal %1").arg(n);
    item.parentId = companyId;
    item.parentType = companyId.isEmpty() ? QString() : QStringLiteral("company");
    item.created = at(n * 7);
    item.properties.insert(QStringLiteral("amount"), QString::number(amount, 'f', 2));
    item.properties.insert(QStringLiteral("dealstage"), stage);
    if (!companyId.isEmpty())
        item.associations.insert(QStringLiteral("companies"), {companyId});
    return item;
}

desk::IntegrationItem ticket(int n, const QString &companyId)
{
    desk::IntegrationItem item;
    item.id = QString::number(7000 + n);
    item.type = QStringLiteral("tickets");
    item.name = QStringLiteral("Ticket %1").arg(n);
    item.parentId = companyId;
    item.created = at(n * 3);
    item.properties.insert(QStringLiteral("hs_pipeline_stage"), QStringLiteral("Waiting on us"));
    if (!companyId.isEmpty())
        item.associations.insert(QStringLiteral("companies"), {companyId});
    return item;
}

namespace {
QMutex mutex;
QStringList collected;
QtMessageHandler previous = nullptr;

void handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (context.category && qstrcmp(context.category, "qt.modeltest") == 0 &&
        type >= QtWarningMsg) {
        QMutexLocker lock(&mutex);
        collected.append(message);
    }
    if (previous)
        previous(type, context, message);
}
} // namespace

ModelTestMessages::ModelTestMessages()
{
    clear();
    previous = qInstallMessageHandler(handler);
}

ModelTestMessages::~ModelTestMessages()
{
    qInstallMessageHandler(previous);
}

QStringList ModelTestMessages::messages()
{
    QMutexLocker lock(&mutex);
    return collected;
}

void ModelTestMessages::clear()
{
    QMutexLocker lock(&mutex);
    collected.clear();
}

} // namespace desktest
