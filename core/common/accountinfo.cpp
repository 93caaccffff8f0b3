#include "common/accountinfo.h"

#include <QCoreApplication>

namespace desk {

QString AccountInfo::summary() const
{
    if (!isValid())
        return QCoreApplication::translate("desk::AccountInfo", "not signed in");
    const QString who = userEmail.isEmpty() ? accountName : userEmail;
    if (who.isEmpty())
        return QCoreApplication::translate("desk::AccountInfo", "account %1").arg(accountId);
    if (accountLabel.isEmpty() || accountLabel == who)
        return who;
    return QCoreApplication::translate("desk::AccountInfo", "%1 — %2").arg(who, accountLabel);
}

} // namespace desk
