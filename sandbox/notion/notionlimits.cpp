#include "notionlimits.h"

#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcNotionLimits, "desk.sandbox.notion.limits")

namespace desk::sandbox::notion {

namespace {

const QString kConnectionReason = u"public_api_request_rate_limit"_s;
const QString kWorkspaceReason = u"public_api_space_request_rate_limit"_s;

int secondsUntil(qint64 ms)
{
    return int(std::max<qint64>(1, (ms + 999) / 1000));
}

} // namespace

bool parseWindowBudget(const QString &text, LimitConfig *config)
{
    if (text == u"off"_s) {
        config->windowBudget = 0;
        return true;
    }
    bool budgetOk = false, windowOk = true;
    const int budget = text.section(u'/', 0, 0).toInt(&budgetOk);
    const int window = text.contains(u'/') ? text.section(u'/', 1).toInt(&windowOk) : 60000;
    if (!budgetOk || !windowOk || budget < 1 || window < 1 || window > 60000)
        return false;
    config->windowBudget = budget;
    config->windowMs = window;
    return true;
}

NotionLimits::NotionLimits(const LimitConfig &config)
    : m_config(config), m_bucket(config.ratePerSecond, config.burst)
{
    m_clock.start();
}

LimitDecision NotionLimits::take(const QString &connection)
{
    LimitDecision d;
    const qint64 now = m_clock.elapsed();
    if (!m_bucket.available(connection)) {
        d.allowed = false;
        d.retryAfterS = m_config.retryAfterS;
        d.reason = kConnectionReason;
        return d;
    }
    Window *window = nullptr;
    if (m_config.windowBudget > 0) {
        window = &m_windows[connection];
        if (window->used == 0 || now - window->startMs >= m_config.windowMs) {
            window->startMs = now; // a fixed window starts with its first request
            window->used = 0;
        }
        if (window->used >= m_config.windowBudget) {
            d.allowed = false;
            // The budget comes back when the window ends: never more than a window away.
            d.retryAfterS = secondsUntil(window->startMs + m_config.windowMs - now);
            d.reason = kConnectionReason;
            return d;
        }
    }
    if (m_config.workspaceMax > 0) {
        while (!m_workspaceHits.empty() &&
               m_workspaceHits.front() <= now - m_config.workspaceWindowMs)
            m_workspaceHits.pop_front();
        if (int(m_workspaceHits.size()) >= m_config.workspaceMax) {
            d.allowed = false;
            d.retryAfterS =
                m_config.workspaceRetryAfterS > 0
                    ? m_config.workspaceRetryAfterS
                    : secondsUntil(m_workspaceHits.front() + m_config.workspaceWindowMs - now);
            d.reason = kWorkspaceReason;
            qCInfo(lcNotionLimits, "workspace over %d requests per %d ms", m_config.workspaceMax,
                   m_config.workspaceWindowMs);
            return d;
        }
        m_workspaceHits.push_back(now);
    }
    if (window)
        ++window->used;
    m_bucket.take(connection);
    return d;
}

} // namespace desk::sandbox::notion
