#include "hubspotoptions.h"

using namespace Qt::StringLiterals;

namespace desk::sandbox::hubspot {

namespace {

bool onOff(const QCommandLineParser &parser, const QString &name, bool *value, QString *error)
{
    const QString text = parser.value(name);
    if (text != u"on"_s && text != u"off"_s) {
        *error = u"--"_s + name + u" needs on or off"_s;
        return false;
    }
    *value = text == u"on"_s;
    return true;
}

bool choice(const QCommandLineParser &parser, const QString &name, const QString &first,
            const QString &second, bool *isSecond, QString *error)
{
    const QString text = parser.value(name);
    if (text != first && text != second) {
        *error = u"--"_s + name + u" needs "_s + first + u" or "_s + second;
        return false;
    }
    *isSecond = text == second;
    return true;
}

bool number(const QCommandLineParser &parser, const QString &name, qint64 min, qint64 max,
            qint64 *value, QString *error)
{
    bool ok = false;
    *value = parser.value(name).toLongLong(&ok);
    if (!ok || *value < min || *value > max) {
        *error = u"--"_s + name + u" needs an integer between "_s + QString::number(min) +
                 u" and "_s + QString::number(max);
        return false;
    }
    return true;
}

} // namespace

QList<QCommandLineOption> commandLineOptions()
{
    return {
        {u"hubspot-legacy"_s,
         u"on: also serve the legacy /crm/v3, /crm/v4, /oauth/v1 and /oauth/v3 paths; off: "
         "they answer 404, as after the sunsets."_s,
         u"on|off"_s, u"on"_s},
        {u"hubspot-token-optional-fields"_s,
         u"Date-based token responses carry the optional hub_id, user_id and scopes."_s,
         u"on|off"_s, u"on"_s},
        {u"hubspot-revoke-status"_s, u"Success status of the date-based token revoke."_s,
         u"204|200"_s, u"204"_s},
        {u"hubspot-introspect-inactive"_s,
         u"Date-based introspection of an unknown, expired or revoked token: "
         "active-false (200 {\"active\":false}) or error (400)."_s,
         u"active-false|error"_s, u"active-false"_s},
        {u"hubspot-rate-headers"_s,
         u"X-HubSpot-RateLimit-* headers on date-based paths (legacy paths always have them)."_s,
         u"on|off"_s, u"on"_s},
        {u"hubspot-to-object-id"_s,
         u"JSON type of toObjectId on date-based association endpoints (v4 keeps numbers)."_s,
         u"string|number"_s, u"string"_s},
        {u"hubspot-inline-associations"_s,
         u"Inline associations per record and type on list and read (then a nested cursor)."_s,
         u"N"_s, u"100"_s},
        {u"hubspot-association-page"_s,
         u"Associations per input and page of the associations batch read."_s, u"N"_s, u"500"_s},
        {u"fanout-contacts"_s,
         u"The first company and the first deal are also associated with the first N contacts."_s,
         u"N"_s, u"0"_s},
        {u"hubspot-list-order"_s,
         u"Order of the object lists: id, or shuffled (a fixed pseudo-random order)."_s,
         u"id|shuffled"_s, u"id"_s},
        {u"search-lag-ms"_s, u"CRM search sees every record as it was N ms ago (its index lags)."_s,
         u"N"_s, u"0"_s},
        {u"churn"_s,
         u"Apply a HubSpot change set periodically, e.g. "
         "contacts:modify=10,add=3,delete=2@5000ms (repeatable)."_s,
         u"SPEC"_s},
    };
}

bool readOptions(const QCommandLineParser &parser, Options *options, QString *error)
{
    Options &o = *options;
    bool revoke200 = false, inactiveError = false, numericIds = false;
    qint64 cap = 0, page = 0, fanout = 0, lag = 0;
    if (!onOff(parser, u"hubspot-legacy"_s, &o.legacy, error) ||
        !onOff(parser, u"hubspot-token-optional-fields"_s, &o.tokenOptionalFields, error) ||
        !choice(parser, u"hubspot-revoke-status"_s, u"204"_s, u"200"_s, &revoke200, error) ||
        !choice(parser, u"hubspot-introspect-inactive"_s, u"active-false"_s, u"error"_s,
                &inactiveError, error) ||
        !onOff(parser, u"hubspot-rate-headers"_s, &o.crm.datedRateHeaders, error) ||
        !choice(parser, u"hubspot-to-object-id"_s, u"string"_s, u"number"_s, &numericIds, error) ||
        !choice(parser, u"hubspot-list-order"_s, u"id"_s, u"shuffled"_s, &o.crm.shuffledLists,
                error) ||
        !number(parser, u"hubspot-inline-associations"_s, 1, 100000, &cap, error) ||
        !number(parser, u"hubspot-association-page"_s, 1, 100000, &page, error) ||
        !number(parser, u"fanout-contacts"_s, 0, 10000000, &fanout, error) ||
        !number(parser, u"search-lag-ms"_s, 0, 86400000, &lag, error))
        return false;
    o.revokeStatus = revoke200 ? 200 : 204;
    o.introspectInactiveError = inactiveError;
    o.crm.legacy = o.legacy;
    o.crm.datedNumericIds = numericIds;
    o.crm.inlineAssociationCap = int(cap);
    o.crm.associationPageSize = int(page);
    o.crm.searchLagMs = lag;
    o.fanoutContacts = int(fanout);
    for (const QString &text : parser.values(u"churn"_s)) {
        ChurnSpec spec;
        ObjectType type;
        if (!parseChurnSpec(text, &spec, error)) {
            *error = u"--churn: "_s + *error;
            return false;
        }
        if (!parseObjectType(spec.change.type, &type)) {
            *error = u"--churn: unknown type \""_s + spec.change.type +
                     u"\" (contacts, companies, deals, tickets)"_s;
            return false;
        }
        o.churn.append(spec);
    }
    return true;
}

void applyTo(const Options &options, OAuthConfig *oauth)
{
    oauth->legacy = options.legacy;
    oauth->tokenOptionalFields = options.tokenOptionalFields;
    oauth->revokeStatus = options.revokeStatus;
    oauth->introspectInactiveError = options.introspectInactiveError;
}

} // namespace desk::sandbox::hubspot
