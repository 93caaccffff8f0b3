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
    for (const auto &f : m_fallbacks)
        if (path == f.first || path.startsWith(f.first + u'/'))
            return &f.second;
    return nullptr;
}

void Router::addFaultShaper(const QString &prefix, FaultShaper shaper)
{
    m_faultShapers.append({prefix, std::move(shaper)});
}

const FaultShaper *Router::faultShaper(const QString &path) const
{
    for (const auto &f : m_faultShapers)
        if (path == f.first || path.startsWith(f.first + u'/'))
            return &f.second;
    return nullptr;
}

} // namespace desk::sandbox
