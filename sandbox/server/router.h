#pragma once

#include "httptypes.h"

#include <QHash>
#include <QVector>

#include <functional>

namespace desk::sandbox {

using PathParams = QHash<QString, QString>;
using Handler = std::function<HttpResponse(const HttpRequest &, const PathParams &)>;

// What kind of endpoint a route is: fault injection applies to Data routes
// (and to OAuth and Page routes only when asked to, never to Control routes:
// the sandbox's own test controls such as /_sandbox/changes).
enum class RouteKind
{
    Data,
    OAuth,
    Page,
    Control
};

struct Route
{
    QByteArray method;
    QString pattern;      // e.g. /crm/v3/objects/{type}/{id}
    QStringList segments; // pattern split on '/'
    RouteKind kind = RouteKind::Data;
    bool sensitivePath = false; // path carries a secret: log the pattern, not the path
    Handler handler;
};

struct RouteMatch
{
    const Route *route = nullptr;
    PathParams params;
    int status = 200; // 404 or 405 when route is null
    QString logPath;  // safe to print
};

// Turns an injected status fault (the generic JSON body) into a provider's own
// error shape; returns the generic response unchanged for statuses it leaves alone.
using FaultShaper = std::function<HttpResponse(const HttpResponse &generic)>;

// Matches "/a/{x}/b" patterns segment by segment; literal segments win over
// parameters when both match (routes are tried in registration order, so
// register the literal ones first).
class Router
{
public:
    void add(const QByteArray &method, const QString &pattern, RouteKind kind, Handler handler,
             bool sensitivePath = false);
    RouteMatch match(const QByteArray &method, const QString &path) const;

    // Answers requests under `prefix` (e.g. "/notion") that match no route,
    // in the provider's own error shape. The handler gets the would-be status
    // (404 or 405) as params["status"].
    void addFallback(const QString &prefix, Handler handler);
    const Handler *fallback(const QString &path) const;

    // Injected status faults (5xx, 429, 529) under `prefix` go through `shaper`.
    void addFaultShaper(const QString &prefix, FaultShaper shaper);
    const FaultShaper *faultShaper(const QString &path) const;

private:
    QVector<Route> m_routes;
    QVector<QPair<QString, Handler>> m_fallbacks;
    QVector<QPair<QString, FaultShaper>> m_faultShapers;
};

} // namespace desk::sandbox
