// A records listing's cursor, requests and pages, and its recovery from an
// expired or refused offset (see airtablelisting.h).
#include "providers/airtable/airtablelisting.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QUrl>

namespace desk::airtable {

const QString kUserBudget = QStringLiteral("user");

namespace {

Q_LOGGING_CATEGORY(lcListing, "desk.core.providers.airtable.listing", QtInfoMsg)

// Listings in a row that may expire after at most one page before the table
// counts as failed (each costs a refused request as well as the page).
constexpr int kMaxShortListings = 3;
// How much earlier than the last emitted record a continuation asks from: the
// server may compare times at a coarser precision than the milliseconds sent.
constexpr qint64 kContinuationSlackMs = 1000;

QString isoTime(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

QDateTime readTime(const QJsonValue &value)
{
    return value.isString() ? QDateTime::fromString(value.toString(), Qt::ISODateWithMs)
                            : QDateTime();
}

QJsonArray toArray(const QStringList &list)
{
    QJsonArray array;
    for (const QString &s : list)
        array.append(s);
    return array;
}

QStringList toList(const QJsonValue &value)
{
    QStringList list;
    for (const QJsonValue &v : value.toArray())
        list.append(v.toString());
    return list;
}

QByteArray queryPair(const char *key, const QString &value)
{
    return QUrl::toPercentEncoding(QLatin1String(key)) + '=' + QUrl::toPercentEncoding(value);
}

QString tr(const char *text)
{
    return QCoreApplication::translate("desk::AirtableListing", text);
}

} // namespace

QString ListCursor::encode() const
{
    if (!ordered && !floor.isValid())
        return offset; // nothing else is of use: the engine restarts such a listing
    QJsonObject o;
    if (!offset.isEmpty())
        o.insert(QStringLiteral("o"), offset);
    if (!ordered)
        o.insert(QStringLiteral("u"), 1);
    if (floor.isValid()) {
        o.insert(QStringLiteral("f"), isoTime(floor));
        o.insert(QStringLiteral("fi"), toArray(floorIds));
    }
    if (last.isValid()) {
        o.insert(QStringLiteral("l"), isoTime(last));
        o.insert(QStringLiteral("li"), toArray(lastIds));
    }
    o.insert(QStringLiteral("p"), pages);
    if (shortListings > 0)
        o.insert(QStringLiteral("x"), shortListings);
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

ListCursor ListCursor::decode(const QString &text)
{
    ListCursor c;
    if (text.isEmpty())
        return c;
    const QJsonDocument document = text.startsWith(QLatin1Char('{'))
                                       ? QJsonDocument::fromJson(text.toUtf8())
                                       : QJsonDocument();
    if (!document.isObject()) {
        c.offset = text;
        c.ordered = false;
        return c;
    }
    const QJsonObject o = document.object();
    c.offset = o.value(QStringLiteral("o")).toString();
    c.ordered = !o.contains(QStringLiteral("u"));
    c.floor = readTime(o.value(QStringLiteral("f")));
    c.floorIds = toList(o.value(QStringLiteral("fi")));
    c.last = readTime(o.value(QStringLiteral("l")));
    c.lastIds = toList(o.value(QStringLiteral("li")));
    c.pages = o.value(QStringLiteral("p")).toInt();
    c.shortListings = o.value(QStringLiteral("x")).toInt();
    return c;
}

ListCursor ListCursor::continuation() const
{
    ListCursor c;
    c.floor = last;
    c.floorIds = lastIds;
    c.last = last;
    c.lastIds = lastIds;
    return c;
}

ApiRequest listingRequest(const ListingQuery &query, const ListCursor &cursor)
{
    QStringList formulas;
    if (!query.formula.isEmpty())
        formulas.append(query.formula);
    if (cursor.floor.isValid())
        formulas.append(QStringLiteral("IS_AFTER(CREATED_TIME(), '%1')")
                            .arg(isoTime(cursor.floor.addMSecs(-kContinuationSlackMs))));
    QByteArrayList pairs{queryPair("pageSize", QString::number(query.pageSize))};
    if (!cursor.offset.isEmpty())
        pairs.append(queryPair("offset", cursor.offset));
    if (formulas.size() == 1)
        pairs.append(queryPair("filterByFormula", formulas.first()));
    else if (formulas.size() > 1)
        pairs.append(queryPair("filterByFormula", QStringLiteral("AND(") +
                                                      formulas.join(QStringLiteral(", ")) +
                                                      QLatin1Char(')')));
    for (const QString &field : query.fields)
        pairs.append(queryPair("fields[]", field));
    if (!query.fields.isEmpty())
        pairs.append(queryPair("returnFieldsByFieldId", QStringLiteral("true")));
    ApiRequest request;
    request.url =
        QUrl(QStringLiteral("/v0/") + QString::fromLatin1(QUrl::toPercentEncoding(query.baseId)) +
             QLatin1Char('/') + QString::fromLatin1(QUrl::toPercentEncoding(query.tableId)));
    request.url.setQuery(QString::fromLatin1(pairs.join('&')), QUrl::StrictMode);
    request.budget = query.baseId;
    request.sharedBudgets = {kUserBudget};
    // The next page of a listing goes before new listings: its iterator expires
    // when left idle, theirs does not exist yet.
    request.priority = cursor.offset.isEmpty() ? 0 : 1;
    return request;
}

ListingPage readListing(const RecordsPage &page, const ListCursor &cursor)
{
    ListingPage out;
    ListCursor next = cursor;
    next.offset = page.offset;
    next.pages = cursor.pages + 1;
    for (const Record &record : page.records) {
        const QDateTime &created = record.createdTime;
        if (cursor.floor.isValid() && created.isValid() &&
            (created < cursor.floor ||
             (created == cursor.floor && cursor.floorIds.contains(record.id))))
            continue; // emitted by the listing this one continues
        if (next.ordered) {
            if (!created.isValid() || (next.last.isValid() && created < next.last)) {
                next.ordered = false;
            } else if (created == next.last) {
                next.lastIds.append(record.id);
            } else {
                next.last = created;
                next.lastIds = {record.id};
            }
        }
        out.records.append(record);
    }
    if (page.offset.isEmpty())
        return out;
    out.nextCursor = next.encode();
    out.resumeCursor = next.ordered ? next.continuation().encode() : out.nextCursor;
    return out;
}

std::optional<StreamPage> recoverListing(const Error &error, const ListCursor &cursor,
                                         bool issuedHere, const QString &tableLabel, int emitted)
{
    const bool expired = error.code == QLatin1String("LIST_RECORDS_ITERATOR_NOT_AVAILABLE");
    const bool refused =
        error.code == QLatin1String("INVALID_OFFSET_VALUE") && !cursor.offset.isEmpty();
    if (!expired && !refused)
        return std::nullopt;
    if (refused && issuedHere)
        return StreamPage::failed(
            Error(Error::Kind::Provider,
                  tr("Airtable refused the position in the list of %1 that it had given.")
                      .arg(tableLabel),
                  error.detail, error.httpStatus));
    // An expired iterator, or an offset from an earlier run that Airtable no
    // longer knows: both mean "start a new listing".
    if (!cursor.ordered)
        return StreamPage::restarted();
    const int shortListings = cursor.pages <= 1 ? cursor.shortListings + 1 : 0;
    if (shortListings >= kMaxShortListings)
        return StreamPage::failed(
            Error(Error::Kind::Service,
                  tr("Airtable kept ending the list of %1 before it could be read to the end "
                     "(%2 of its records were loaded). Try again later.")
                      .arg(tableLabel)
                      .arg(emitted),
                  QStringLiteral("%1: the iterator expired after at most one page %2 times "
                                 "in a row")
                      .arg(tableLabel)
                      .arg(shortListings),
                  error.httpStatus));
    ListCursor next = cursor.continuation();
    next.shortListings = shortListings;
    qCInfo(lcListing).noquote() << tableLabel << "listing expired after" << cursor.pages
                                << "pages: continuing after the last record read";
    StreamPage page;
    page.nextCursor = next.encode();
    return page;
}

} // namespace desk::airtable
