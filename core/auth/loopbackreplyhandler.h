#pragma once

#include "common/error.h"

#include <QAbstractOAuthReplyHandler>
#include <QHostAddress>
#include <QPointer>
#include <QString>
#include <QVector>

class QTcpServer;
class QTcpSocket;

namespace desk {

// The verdict on one request head received on the redirect listener (pure: no
// socket, no state; used by LoopbackReplyHandler and the fuzz target).
struct LoopbackRequestCheck
{
    int status = 400;    // 200 = a valid callback; else the HTTP status to answer
    QString reason;      // why it was rejected (no secrets)
    QString code;        // set when status == 200 and the callback carries a code
    QString error;       // set when status == 200 and the callback reports an error
    QString description; // error_description that came with `error`
};
// `head` is the request up to (not including) the blank line. `path` is the
// callback path, `expectedState` the state the callback must carry (empty =
// nothing is accepted).
LoopbackRequestCheck checkLoopbackRequest(const QByteArray &head, const QString &path,
                                          const QString &expectedState);

// The loopback redirect target of a native-app sign-in (RFC 8252 §7.3).
//
// Listens on 127.0.0.1 (and ::1 when the machine has IPv6 loopback) only, never on
// other interfaces. callback() is exactly the registered `http://localhost:PORT/PATH`.
// Only `GET PATH?...` carrying the expected `state` is accepted; anything else
// (other path, other method, wrong/missing/duplicated state, no code and no error)
// is answered with HTTP 400 and the handler keeps waiting. The first valid callback
// gets a small success or error page (never showing a code or token) and the
// listener closes. Token requests are made by OAuthSession, not here, so this
// handler never emits QAbstractOAuthReplyHandler::callbackReceived.
class LoopbackReplyHandler : public QAbstractOAuthReplyHandler
{
    Q_OBJECT
public:
    // port 0 = any free port (tests); path must start with '/'.
    LoopbackReplyHandler(quint16 port, QString path, QObject *parent = nullptr);
    ~LoopbackReplyHandler() override;

    // Starts listening. Error kind PortBusy when the port is taken (naming the port
    // and the setting), Configuration for other failures.
    Error listen();
    // Stops listening and drops pending connections.
    void close();
    bool isListening() const;
    quint16 port() const;
    QString path() const { return m_path; }

    // The `state` a valid callback must carry.
    void setExpectedState(const QString &state);

    QString callback() const override;
    void networkReplyFinished(QNetworkReply *reply) override;

    // The small HTML page shown in the browser (exposed for tests).
    static QByteArray pageHtml(bool success);
    static QString portBusyMessage(quint16 port);

Q_SIGNALS:
    // A valid callback with an authorization code (the code is a secret: never log it).
    void authorizationCodeReceived(const QString &code);
    // A valid callback reporting an error (e.g. access_denied) with its description.
    void authorizationErrorReceived(const QString &error, const QString &description);
    // A request that was answered with an HTTP error and ignored (reason has no secrets).
    void requestRejected(int httpStatus, const QString &reason);

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void handleRequest(QTcpSocket *socket, const QByteArray &head);
    void reply(QTcpSocket *socket, int status, const QByteArray &reason, const QByteArray &body);
    void reject(QTcpSocket *socket, int status, const QString &reason);

    quint16 m_port;
    QString m_path;
    QString m_expectedState;
    QVector<QTcpServer *> m_servers;
    bool m_done = false;
};

} // namespace desk
