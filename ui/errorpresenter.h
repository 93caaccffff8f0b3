#pragma once

// ErrorPresenter: what the banner says about an Error in a situation (signing
// in, loading, exporting...), in one phrase per situation and one piece of
// advice per Error kind, with the actions that help (Reconnect, Settings,
// Resume, Retry). Never says the same thing twice: a sentence already said
// (or contained in a longer one) is dropped.

#include "common/error.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace desk {

struct ErrorSituation
{
    enum class What
    {
        SignIn,      // the sign-in failed
        AccessToken, // a pasted access token was refused
        Load,        // a load or refresh stopped
        Children,    // a container's contents stopped loading (subject: its name)
        Export,      // writing a file failed (subject: the path)
        OpenLink,    // the browser could not be started (subject: the link)
        Settings,    // saving settings failed
        Storage,     // the local copy could not be used
        Other,
    };
    What what = What::Other;
    QString serviceName;   // the spec's display name
    bool sandbox = false;  // demo mode: network trouble means the sandbox
    qint64 itemsKept = -1; // Load / Children: what stays on screen (-1: do not say)
    QString subject;
    bool canResume = false; // Load: the load can continue where it stopped
};

struct ErrorAdvice
{
    QString text;
    // Window action names, in order: "connect", "settings", "resume",
    // "retryChildren", "copyLink".
    QStringList actions;
};

class ErrorPresenter
{
    Q_DECLARE_TR_FUNCTIONS(desk::ErrorPresenter)
public:
    static ErrorAdvice present(const Error &error, const ErrorSituation &situation);
    // What happened, one phrase per situation.
    static QString situationText(const ErrorSituation &situation);
    // What the user can do about a kind of error (empty: nothing to add).
    static QString adviceText(const Error &error, const ErrorSituation &situation);
    // Joins sentences, dropping any already said or contained in another.
    static QString joinSentences(const QStringList &sentences);
};

} // namespace desk
