#include "router.h"

using namespace Qt::StringLiterals;

namespace desk::sandbox {

namespace {

bool matchSegments(const QStringList &pattern, const QStringList &path, PathParams *params)
{
    if (pattern.size() != path.size())
        return false;
    PathParams found;
    for (int i = 0; i < pattern.size(); ++i) {
        const QString &p = pattern.at(i);
        if (p.startsWith(u'{') && p.endsWith(u'}')) {
            if (path.at(i).isEmpty())
                return false;
            found.insert(p.mid(1, p.size() - 2), path.at(i));
        } else if (p != path.at(i)) {
            return false;
        }
    }
    if (params)
        *params = found;
    return true;
}

// A path we cannot attribute to a route is printed with long segments elided,
// in case a client put something secret in it.
QString safeUnknownPath(const QStringList &segments)
{
    QStringList out;
    for (const QString &s : segments)
        out.append(s.size() > 24 ? u"…"_s : s);
    return out.join(u'/');
}

// The entry whose prefix `path` is at or below, or null.
template <typename T>
const T *underPrefix(const QVector<QPair<QString, T>> &entries, const QString &path)
{
    for (const auto &e : entries)
        if (path == e.first || path.startsWith(e.first + u'/'))
            return &e.second;
    return nullptr;
}

} // namespace

void Router::add(const QByteArray &method, const QString &pattern, RouteKind kind, Handler handler,
                 bool sensitivePath)
{
    Route r;
    r.method = method;
    r.pattern = pattern;
    r.segments = pattern.split(u'/');
    r.kind = kind;
    r.sensitivePath = sensitivePath;
    r.handler = std::move(handler);
    m_routes.append(std::move(r));
}

RouteMatch Router::match(const QByteArray &method, const QString &path) const
{
    QString normalized = path;
    if (normalized.size() > 1 && normalized.endsWith(u'/'))
        normalized.chop(1);
    const QStringList segments = normalized.split(u'/');
    RouteMatch result;
    const Route *pathMatch = nullptr;
    for (const Route &r : m_routes) {
        PathParams params;
        if (!matchSegments(r.segments, segments, &params))
            continue;
        if (!pathMatch)
            pathMatch = &r;
        if (r.method == method || (method == "HEAD" && r.method == "GET")) {
            result.route = &r;
            result.params = params;
            result.logPath = r.sensitivePath ? r.pattern : path;
            return result;
        }
    }
    if (pathMatch) {
        result.status = 405;
        result.logPath = pathMatch->sensitivePath ? pathMatch->pattern : path;
    } else {
        result.status = 404;
        result.logPath = safeUnknownPath(segments);
    }
    return result;
}

void Router::addFallback(const QString &prefix, Handler handler)
{
    m_fallbacks.append({prefix, std::move(handler)});
}

const Handler *Router::fallback(const QString &path) const
{
    return underPrefix(m_fallbacks, path);
}

void Router::addFaultShaper(const QString &prefix, FaultShaper shaper)
{
    m_faultShapers.append({prefix, std::move(shaper)});
}

const FaultShaper *Router::faultShaper(const QString &path) const
{
    return underPrefix(m_faultShapers, path);
}

} // namespace desk::sandbox
