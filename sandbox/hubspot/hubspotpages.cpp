// The sandbox's own pages: an index at "/" and the record pages that the
// app's "Open in HubSpot" links point to (/contacts/{hubId}/record/{typeId}/{id}).
#include "hubspotcrm.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace desk::sandbox::hubspot {

namespace {

const char kStyle[] = R"(
:root { color-scheme: light dark; --bg:#f5f8fa; --card:#fff; --fg:#33475b; --muted:#516f90;
        --border:#cbd6e2; --link:#0091ae; }
@media (prefers-color-scheme: dark) { :root { --bg:#1b2330; --card:#253342; --fg:#eaf0f6;
        --muted:#99afc4; --border:#425b76; --link:#7fd1de; } }
body { margin:0; font:15px/1.5 system-ui, sans-serif; background:var(--bg); color:var(--fg); }
main { max-width:760px; margin:32px auto; background:var(--card); border:1px solid var(--border);
       border-radius:8px; padding:24px 32px; }
a { color:var(--link); } code { font-size:13px; }
table { border-collapse:collapse; width:100%; }
td, th { border-top:1px solid var(--border); padding:6px 4px; text-align:left; vertical-align:top; }
td:first-child { color:var(--muted); width:35%; }
)";

QString page(const QString &title, const QString &body)
{
    return u"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"_s +
           htmlEscape(title) + u"</title><style>"_s + QString::fromUtf8(kStyle) +
           u"</style></head><body><main>"_s + body + u"</main></body></html>"_s;
}

} // namespace

HttpResponse HubSpotCrm::indexPage(const HttpRequest &request)
{
    const OAuthConfig &c = m_oauth->config();
    QStringList endpoints = {u"GET /oauth/authorize"_s};
    for (const DatedVersion &v : datedVersions()) {
        const QString o = u"/crm/objects/"_s + v.name;
        endpoints << u"POST /oauth/"_s + v.name + u"/token (/introspect, /revoke)"_s
                  << u"GET "_s + o + u"/{type} and /{type}/{id}"_s
                  << u"POST "_s + o + u"/{type}/batch/read and /{type}/search"_s
                  << u"POST /crm/associations/"_s + v.name + u"/{from}/{to}/batch/read"_s;
        if (v.perRecordAssociations)
            endpoints << u"GET "_s + o + u"/{type}/{id}/associations/{toType}"_s;
        endpoints << u"GET /crm/properties/"_s + v.name + u"/{type}"_s
                  << u"GET /crm/owners/"_s + v.name + u" and /{ownerId}"_s
                  << u"GET /crm/pipelines/"_s + v.name + u"/{deals|tickets}"_s
                  << u"GET /account-info/"_s + v.name + u"/details"_s;
    }
    if (m_config.legacy)
        endpoints << u"POST /oauth/v3/token (and /oauth/v1/token)"_s
                  << u"POST /oauth/v3/token/introspect"_s << u"POST /oauth/v3/token/revoke"_s
                  << u"DELETE /oauth/v1/refresh-tokens/{token}"_s
                  << u"GET /oauth/v1/access-tokens/{token}"_s
                  << u"GET /oauth/v1/refresh-tokens/{token}"_s << u"GET /crm/v3/objects/{type}"_s
                  << u"GET /crm/v3/objects/{type}/{id}"_s
                  << u"POST /crm/v3/objects/{type}/batch/read"_s
                  << u"POST /crm/v3/objects/{type}/search"_s
                  << u"POST /crm/v4/associations/{from}/{to}/batch/read"_s
                  << u"GET /crm/v4/objects/{type}/{id}/associations/{toType}"_s
                  << u"GET /crm/v3/properties/{type}"_s << u"GET /crm/v3/owners"_s
                  << u"GET /crm/v3/pipelines/{deals|tickets}"_s;
    endpoints << u"POST /_sandbox/changes"_s
              << u"GET /contacts/{hubId}/record/{objectTypeId}/{id}"_s;
    QJsonObject counts;
    for (int t = 0; t < kObjectTypeCount; ++t)
        counts.insert(typeName(ObjectType(t)), qint64(m_data->store(ObjectType(t)).active.size()));
    counts.insert(u"owners"_s, m_data->owners().size());

    if (request.header("accept").contains("application/json")) {
        QJsonArray list;
        for (const QString &e : endpoints)
            list.append(e);
        return HttpResponse::json(200, QJsonObject{{u"name"_s, u"integrations-sandbox"_s},
                                                   {u"provider"_s, u"hubspot"_s},
                                                   {u"hubId"_s, c.hubId},
                                                   {u"hubDomain"_s, c.hubDomain},
                                                   {u"clientId"_s, c.clientId},
                                                   {u"counts"_s, counts},
                                                   {u"endpoints"_s, list}});
    }
    QString body = u"<h1>Integrations Desk sandbox (HubSpot)</h1><p>A local server that speaks "
                   "HubSpot's OAuth and CRM APIs on demo data. Demo account: <code>"_s +
                   htmlEscape(c.hubDomain) + u"</code>, hub id <code>"_s +
                   QString::number(c.hubId) + u"</code>. Demo OAuth client: <code>"_s +
                   htmlEscape(c.clientId) +
                   u"</code>.</p><table><tr><th>Objects</th><th></th></tr>"_s;
    for (auto it = counts.begin(); it != counts.end(); ++it)
        body += u"<tr><td>"_s + it.key() + u"</td><td>"_s +
                QString::number(it.value().toInteger()) + u"</td></tr>"_s;
    body += u"</table><h2>Endpoints</h2><ul>"_s;
    for (const QString &e : endpoints)
        body += u"<li><code>"_s + htmlEscape(e) + u"</code></li>"_s;
    body += u"</ul>"_s;
    return HttpResponse::html(200, page(u"Integrations Desk sandbox"_s, body));
}

HttpResponse HubSpotCrm::recordPage(const QString &hubId, const QString &objectTypeId,
                                    const QString &id)
{
    ObjectType type;
    qint64 numeric = 0;
    bool idOk = false;
    numeric = id.toLongLong(&idOk);
    const bool typeOk = objectTypeId.startsWith(u"0-"_s) && parseObjectType(objectTypeId, &type);
    const ObjectRecord *record = nullptr;
    if (hubId == QString::number(m_oauth->config().hubId) && typeOk && idOk) {
        record = m_data->store(type).find(numeric, false);
        if (!record)
            record = m_data->store(type).find(numeric, true);
    }
    if (!record) {
        HttpResponse r = HttpResponse::html(
            404, page(u"Record not found"_s,
                      u"<h1>Record not found</h1><p>This record does not exist in this "
                      "account.</p>"_s));
        return r;
    }
    const TypeStore &store = m_data->store(type);
    QString rows;
    for (int c = 0; c < store.schema.size(); ++c) {
        const QString &value = record->values[size_t(c)];
        rows += u"<tr><td>"_s + htmlEscape(store.schema.at(c).label) +
                u"</td><td data-property=\""_s + htmlEscape(store.schema.at(c).name) + u"\">"_s +
                (value.isNull() ? u"—"_s : htmlEscape(value)) + u"</td></tr>"_s;
    }
    const QString title = singularName(type).at(0).toUpper() + singularName(type).mid(1) + u" "_s +
                          QString::number(record->id);
    return HttpResponse::html(
        200,
        page(title, u"<h1 id=\"record-title\">"_s + htmlEscape(title) + u"</h1>"_s +
                        (record->archived ? u"<p><strong>Archived</strong></p>"_s : QString()) +
                        u"<table>"_s + rows + u"</table>"_s));
}

} // namespace desk::sandbox::hubspot
