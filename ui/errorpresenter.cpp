// ErrorPresenter: banner text and actions for an Error in a situation.
#include "errorpresenter.h"

#include "displayformat.h"

#include <QRegularExpression>

namespace desk {

namespace {
using What = ErrorSituation::What;

// Lower case, without the closing punctuation and surrounding blanks: the form
// in which two sentences are compared.
QString comparable(const QString &sentence)
{
    QString s = sentence.trimmed().toCaseFolded();
    while (!s.isEmpty() && (s.endsWith(QLatin1Char('.')) || s.endsWith(QLatin1Char('!')) ||
                            s.endsWith(QChar(0x2026))))
        s.chop(1);
    return s.trimmed();
}

QStringList splitSentences(const QString &text)
{
    static const QRegularExpression boundary(QStringLiteral("(?<=[.!?\u2026])\\s+"));
    QStringList out;
    for (const QString &part : text.split(boundary, Qt::SkipEmptyParts))
        if (!part.trimmed().isEmpty())
            out.append(part.trimmed());
    return out;
}

bool isSignInKind(Error::Kind kind)
{
    return kind == Error::Kind::ReconnectNeeded || kind == Error::Kind::Unauthorized;
}
} // namespace

QString ErrorPresenter::situationText(const ErrorSituation &s)
{
    switch (s.what) {
    case What::SignIn:
        return tr("Sign-in failed.");
    case What::AccessToken:
        return tr("The access token was not accepted.");
    case What::Load:
        if (s.itemsKept > 0)
            return tr("Loading stopped; what arrived is kept (%1).")
                .arg(DisplayFormat::items(s.itemsKept));
        return tr("Loading stopped before any item arrived.");
    case What::Children:
        if (s.itemsKept > 0)
            return tr("The contents of \u201c%1\u201d could not all be loaded; what arrived is "
                      "kept (%2).")
                .arg(s.subject, DisplayFormat::items(s.itemsKept));
        return tr("The contents of \u201c%1\u201d could not be loaded.").arg(s.subject);
    case What::Export:
        return tr("Export failed; no file was written.");
    case What::OpenLink:
        return tr("No web browser could be opened for %1.").arg(s.subject);
    case What::Settings:
        return tr("The settings could not be saved.");
    case What::Storage:
        return tr("The local copy of this account could not be used.");
    case What::Other:
        break;
    }
    return {};
}

QString ErrorPresenter::adviceText(const Error &error, const ErrorSituation &s)
{
    switch (error.kind) {
    case Error::Kind::ReconnectNeeded:
    case Error::Kind::Unauthorized:
        return s.canResume ? tr("Reconnect, then resume where it stopped.")
                           : tr("Reconnect to continue.");
    case Error::Kind::Network:
        return s.sandbox ? tr("Check that the sandbox is still running, then try again.")
                         : tr("Check your internet connection, then try again.");
    case Error::Kind::Timeout:
        return tr("The service did not answer in time. Try again in a moment.");
    case Error::Kind::RateLimited:
        return tr("The service asks to slow down. Wait a minute, then try again.");
    case Error::Kind::Service:
        return tr("%1 has trouble right now. Try again later.")
            .arg(s.serviceName.isEmpty() ? tr("The service") : s.serviceName);
    case Error::Kind::Forbidden:
        return tr("The app lacks a permission. Add the missing scopes in Settings and reconnect.");
    case Error::Kind::AccessDenied:
        return tr("Press Connect to try again.");
    case Error::Kind::PortBusy:
        return tr("Another program uses the sign-in port. Close it or choose another redirect "
                  "port in Settings.");
    case Error::Kind::Keychain:
        return tr("Check that the system keychain is unlocked.");
    case Error::Kind::Configuration:
        return s.what == What::Export ? tr("Choose another folder or file name.")
                                      : tr("Check the settings.");
    case Error::Kind::Storage:
        return tr("The local copy was set aside and is rebuilt by the next load.");
    case Error::Kind::BadResponse:
        return tr("The service sent data that could not be read. Try again later.");
    default:
        break;
    }
    if (s.what == What::OpenLink)
        return tr("Copy the link and open it yourself.");
    return {};
}

QString ErrorPresenter::joinSentences(const QStringList &parts)
{
    QStringList sentences;
    for (const QString &part : parts)
        sentences += splitSentences(part);
    QStringList kept;
    QStringList keptForms;
    for (int i = 0; i < sentences.size(); ++i) {
        const QString form = comparable(sentences.at(i));
        if (form.isEmpty())
            continue;
        bool said = false;
        // Already said, or part of a longer sentence (earlier or later).
        for (int j = 0; j < sentences.size() && !said; ++j) {
            if (j == i)
                continue;
            const QString other = comparable(sentences.at(j));
            said = (other == form && j < i) || (other.size() > form.size() && other.contains(form));
        }
        if (!said && !keptForms.contains(form)) {
            kept.append(sentences.at(i));
            keptForms.append(form);
        }
    }
    return kept.join(QLatin1Char(' '));
}

ErrorAdvice ErrorPresenter::present(const Error &error, const ErrorSituation &s)
{
    ErrorAdvice advice;
    advice.text = joinSentences({situationText(s), error.message, adviceText(error, s)});
    if (isSignInKind(error.kind))
        advice.actions << QStringLiteral("connect");
    if (s.canResume && s.what == What::Load && !isSignInKind(error.kind))
        advice.actions << QStringLiteral("resume");
    if (s.what == What::Children)
        advice.actions << QStringLiteral("retryChildren");
    if (s.what == What::OpenLink)
        advice.actions << QStringLiteral("copyLink");
    switch (error.kind) {
    case Error::Kind::Forbidden:
    case Error::Kind::PortBusy:
        advice.actions << QStringLiteral("settings");
        break;
    case Error::Kind::Configuration:
        if (s.what != What::Export)
            advice.actions << QStringLiteral("settings");
        break;
    default:
        break;
    }
    return advice;
}

} // namespace desk
