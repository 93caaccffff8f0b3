// The error presenter: one phrase per situation, one piece of advice per kind,
// the actions that help, and no sentence said twice.
#include <catch2/catch.hpp>

#include "displayformat.h"
#include "errorpresenter.h"

#include <QRegularExpression>
#include <QSet>

using namespace desk;
using What = ErrorSituation::What;

namespace {
ErrorSituation in(What what, qint64 kept = -1)
{
    ErrorSituation s;
    s.what = what;
    s.serviceName = QStringLiteral("Service X");
    s.itemsKept = kept;
    s.subject = QStringLiteral("Orders");
    return s;
}

// Sentences of a text, compared without case and closing punctuation.
QStringList sentences(const QString &text)
{
    QStringList out;
    for (QString s : text.split(QRegularExpression(QStringLiteral("(?<=[.!?])\\s+")),
                                Qt::SkipEmptyParts)) {
        s = s.trimmed().toCaseFolded();
        while (s.endsWith(QLatin1Char('.')))
            s.chop(1);
        out.append(s);
    }
    return out;
}

bool saysNothingTwice(const QString &text)
{
    const QStringList all = sentences(text);
    for (int i = 0; i < all.size(); ++i)
        for (int j = 0; j < all.size(); ++j)
            if (i != j && all.at(j).contains(all.at(i)))
                return false;
    return true;
}
} // namespace

TEST_CASE("A declined sign-in says it once and offers nothing it cannot do", "[errors]")
{
    const Error declined(Error::Kind::AccessDenied, QStringLiteral("Access to Service X was declined."));
    const ErrorAdvice advice = ErrorPresenter::present(declined, in(What::SignIn));
    CHECK(advice.text == QStringLiteral("Sign-in failed. Access to Service X was declined. Press "
                                        "Connect to try again."));
    CHECK(advice.text.count(QStringLiteral("declined")) == 1);
    CHECK(advice.actions.isEmpty());
}

TEST_CASE("An expired sign-in asks to reconnect once, and to resume when the load can", "[errors]")
{
    const Error expired(Error::Kind::ReconnectNeeded,
                        QStringLiteral("Your Service X sign-in is no longer valid. Sign in again."));
    ErrorSituation s = in(What::Load, 3260);
    s.canResume = true;
    const ErrorAdvice advice = ErrorPresenter::present(expired, s);
    CHECK(advice.text.contains(QStringLiteral("Reconnect, then resume where it stopped.")));
    CHECK(advice.text.contains(DisplayFormat::items(3260)));
    CHECK(saysNothingTwice(advice.text));
    CHECK(advice.actions == QStringList{QStringLiteral("connect")});

    // The advice already in the message is not said again.
    const Error again(Error::Kind::Unauthorized, QStringLiteral("Reconnect to continue."));
    const ErrorAdvice plain = ErrorPresenter::present(again, in(What::SignIn));
    CHECK(plain.text == QStringLiteral("Sign-in failed. Reconnect to continue."));
}

TEST_CASE("A stopped load names what is kept, and never zero items", "[errors]")
{
    const Error service(Error::Kind::Service, QStringLiteral("The service answered 503."));
    const ErrorAdvice none = ErrorPresenter::present(service, in(What::Load, 0));
    CHECK(none.text.startsWith(QStringLiteral("Loading stopped before any item arrived.")));
    CHECK_FALSE(none.text.contains(QStringLiteral("0 items")));
    CHECK(none.text.contains(QStringLiteral("Service X has trouble right now.")));

    ErrorSituation resumable = in(What::Load, 1);
    resumable.canResume = true;
    const ErrorAdvice one = ErrorPresenter::present(service, resumable);
    CHECK(one.text.startsWith(QStringLiteral("Loading stopped; what arrived is kept (%1).")
                                  .arg(DisplayFormat::items(1))));
    CHECK(one.actions == QStringList{QStringLiteral("resume")});
}

TEST_CASE("Each kind has its own advice and actions", "[errors]")
{
    const struct
    {
        Error::Kind kind;
        const char *advice;
        QStringList actions;
    } cases[] = {
        {Error::Kind::Network, "Check your internet connection", {}},
        {Error::Kind::Timeout, "did not answer in time", {}},
        {Error::Kind::RateLimited, "Wait a minute", {}},
        {Error::Kind::Forbidden, "missing scopes", {QStringLiteral("settings")}},
        {Error::Kind::PortBusy, "sign-in port", {QStringLiteral("settings")}},
        {Error::Kind::Keychain, "keychain is unlocked", {}},
        {Error::Kind::Configuration, "Check the settings", {QStringLiteral("settings")}},
        {Error::Kind::Storage, "rebuilt", {}},
        {Error::Kind::BadResponse, "could not be read", {}},
    };
    QSet<QString> advices;
    for (const auto &c : cases) {
        const Error error(c.kind, QString());
        const ErrorAdvice advice = ErrorPresenter::present(error, in(What::Other));
        INFO(Error::kindName(c.kind).toStdString() << ": " << advice.text.toStdString());
        CHECK(advice.text.contains(QString::fromUtf8(c.advice)));
        CHECK(advice.actions == c.actions);
        advices.insert(ErrorPresenter::adviceText(error, in(What::Other)));
    }
    CHECK(advices.size() == int(std::size(cases))); // no two kinds share their wording

    ErrorSituation demo = in(What::Load, 5);
    demo.sandbox = true;
    CHECK(ErrorPresenter::present(Error(Error::Kind::Network, {}), demo)
              .text.contains(QStringLiteral("sandbox is still running")));
}

TEST_CASE("Situations: children, export and a link no browser opened", "[errors]")
{
    const Error service(Error::Kind::Service, {});
    const ErrorAdvice children = ErrorPresenter::present(service, in(What::Children, 12));
    CHECK(children.text.contains(QStringLiteral("\u201cOrders\u201d")));
    CHECK(children.text.contains(DisplayFormat::items(12)));
    CHECK(children.actions == QStringList{QStringLiteral("retryChildren")});

    const Error disk(Error::Kind::Configuration, QStringLiteral("Cannot write /x.csv: denied"));
    const ErrorAdvice exported = ErrorPresenter::present(disk, in(What::Export));
    CHECK(exported.text.startsWith(QStringLiteral("Export failed; no file was written.")));
    CHECK(exported.actions.isEmpty()); // Settings cannot fix a folder

    ErrorSituation link = in(What::OpenLink);
    link.subject = QStringLiteral("https://example.invalid/1");
    const ErrorAdvice open = ErrorPresenter::present(Error(), link);
    CHECK(open.text.contains(QStringLiteral("No web browser could be opened")));
    CHECK(open.text.contains(QStringLiteral("Copy the link")));
    CHECK(open.actions == QStringList{QStringLiteral("copyLink")});
}

TEST_CASE("Sentences already said are dropped, the rest kept in order", "[errors]")
{
    CHECK(ErrorPresenter::joinSentences({QStringLiteral("Sign in again."),
                                         QStringLiteral("Sign in again to continue.")}) ==
          QStringLiteral("Sign in again to continue."));
    CHECK(ErrorPresenter::joinSentences({QStringLiteral("A happened."), QStringLiteral("a happened"),
                                         QStringLiteral("Do B.")}) ==
          QStringLiteral("A happened. Do B."));
    CHECK(ErrorPresenter::joinSentences({QString(), QStringLiteral("Only this.")}) ==
          QStringLiteral("Only this."));
}
