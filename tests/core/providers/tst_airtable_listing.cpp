// Airtable's records listing and sync tokens without a server: cursors that
// continue an expired listing after the last record emitted (never twice, never
// an offset in a resume point), the recovery decisions and their bound, the
// request a listing makes, the sync tokens' round trip and the sweep's field.
#include <catch2/catch.hpp>

#include "providers/airtable/airtablelisting.h"
#include "providers/airtable/airtablepage.h"
#include "providers/airtable/airtablesync.h"

#include <QJsonDocument>
#include <QUrlQuery>

using namespace desk;
using namespace desk::airtable;

namespace {

QStringList names(std::initializer_list<const char *> list)
{
    QStringList out;
    for (const char *name : list)
        out.append(QString::fromLatin1(name));
    return out;
}

QDateTime at(int second, int ms = 0)
{
    return QDateTime(QDate(2024, 3, 1), QTime(10, 0, second, ms), Qt::UTC);
}

Record rec(const QString &id, const QDateTime &created)
{
    Record r;
    r.id = id;
    r.createdTime = created;
    return r;
}

RecordsPage pageOf(const QVector<Record> &records, const QString &offset)
{
    RecordsPage page;
    page.records = records;
    page.offset = offset;
    return page;
}

QStringList idsOf(const QVector<Record> &records)
{
    QStringList ids;
    for (const Record &r : records)
        ids.append(r.id);
    return ids;
}

Error expired()
{
    Error e(Error::Kind::Provider, QStringLiteral("start over"), QStringLiteral("422"), 422);
    e.code = QStringLiteral("LIST_RECORDS_ITERATOR_NOT_AVAILABLE");
    return e;
}

QString formulaOf(const ApiRequest &request)
{
    return QUrlQuery(request.url)
        .queryItemValue(QStringLiteral("filterByFormula"), QUrl::FullyDecoded);
}

// The values of `key` as the server decodes them (keys are sent encoded, e.g.
// fields%5B%5D, which QUrlQuery does not match against "fields[]").
QStringList queryValues(const ApiRequest &request, const QString &key)
{
    QStringList values;
    for (const auto &item : QUrlQuery(request.url).queryItems(QUrl::FullyDecoded))
        if (item.first == key)
            values.append(item.second);
    return values;
}

} // namespace

TEST_CASE("Airtable listing: an expired iterator continues after the last record, none twice",
          "[unit][airtable][listing]")
{
    const ListCursor first = ListCursor::decode({});
    CHECK(first.ordered);
    CHECK(first.offset.isEmpty());
    const ListingPage one =
        readListing(pageOf({rec(QStringLiteral("recA"), at(1)), rec(QStringLiteral("recB"), at(2)),
                            rec(QStringLiteral("recC"), at(2))},
                           QStringLiteral("itr1/recD")),
                    first);
    CHECK(idsOf(one.records) == names({"recA", "recB", "recC"}));
    const ListCursor next = ListCursor::decode(one.nextCursor);
    CHECK(next.offset == QStringLiteral("itr1/recD"));
    CHECK(next.ordered);
    CHECK(next.last == at(2));
    CHECK(next.lastIds == names({"recB", "recC"}));
    CHECK(next.pages == 1);
    // The resume point holds no offset: it names where a new listing starts.
    const ListCursor resume = ListCursor::decode(one.resumeCursor);
    CHECK(resume.offset.isEmpty());
    CHECK(resume.floor == at(2));
    CHECK(resume.floorIds == names({"recB", "recC"}));

    // Its offset expires: the stream continues with a new listing from recC's time on.
    const std::optional<StreamPage> recovered =
        recoverListing(expired(), next, true, QStringLiteral("T"), 3);
    REQUIRE(recovered.has_value());
    CHECK_FALSE(recovered->restart);
    CHECK_FALSE(recovered->failure);
    CHECK(recovered->items.isEmpty());
    const ListCursor continued = ListCursor::decode(recovered->nextCursor);
    CHECK(continued.offset.isEmpty());
    CHECK(continued.floor == at(2));
    CHECK(continued.shortListings == 1); // that listing gave one page only
    const ApiRequest request =
        listingRequest({QStringLiteral("app1"), QStringLiteral("tbl1"), 100, {}, {}}, continued);
    CHECK(formulaOf(request) ==
          QStringLiteral("IS_AFTER(CREATED_TIME(), '2024-03-01T10:00:01.000Z')"));
    CHECK_FALSE(QUrlQuery(request.url).hasQueryItem(QStringLiteral("offset")));
    CHECK(request.priority == 0);

    // The new listing starts a second early: what was emitted is dropped, a
    // record created at the same time but not emitted yet is kept.
    const ListingPage two =
        readListing(pageOf({rec(QStringLiteral("recA"), at(1, 500)),
                            rec(QStringLiteral("recB"), at(2)), rec(QStringLiteral("recC"), at(2)),
                            rec(QStringLiteral("recX"), at(2)), rec(QStringLiteral("recD"), at(3))},
                           {}),
                    continued);
    CHECK(idsOf(two.records) == names({"recX", "recD"}));
    CHECK(two.nextCursor.isEmpty());
    CHECK(two.resumeCursor.isEmpty());
}

TEST_CASE("Airtable listing: out of creation order it restarts, and expiring too often fails",
          "[unit][airtable][listing]")
{
    const ListingPage unordered =
        readListing(pageOf({rec(QStringLiteral("recB"), at(5)), rec(QStringLiteral("recA"), at(1))},
                           QStringLiteral("itr1/recC")),
                    ListCursor::decode({}));
    CHECK(unordered.records.size() == 2);
    CHECK(unordered.nextCursor == QStringLiteral("itr1/recC")); // a plain offset
    const ListCursor plain = ListCursor::decode(unordered.nextCursor);
    CHECK_FALSE(plain.ordered);
    const std::optional<StreamPage> restart =
        recoverListing(expired(), plain, true, QStringLiteral("T"), 2);
    REQUIRE(restart.has_value());
    CHECK(restart->restart);

    // A listing that keeps expiring after one page: the third time is an error.
    ListCursor cursor = ListCursor::decode({});
    cursor.pages = 1;
    cursor.last = at(1);
    cursor.lastIds = {QStringLiteral("recA")};
    cursor.offset = QStringLiteral("itr1/recB");
    for (int strike = 1; strike <= 2; ++strike) {
        const std::optional<StreamPage> page =
            recoverListing(expired(), cursor, true, QStringLiteral("T"), strike);
        REQUIRE(page.has_value());
        REQUIRE_FALSE(page->failure);
        cursor = ListCursor::decode(page->nextCursor);
        CHECK(cursor.shortListings == strike);
        cursor.pages = 1;
        cursor.offset = QStringLiteral("itr2/recB");
    }
    const std::optional<StreamPage> failed =
        recoverListing(expired(), cursor, true, QStringLiteral("\u201cTasks\u201d"), 300);
    REQUIRE(failed.has_value());
    CHECK(failed->failure.kind == Error::Kind::Service);
    CHECK(failed->failure.message.contains(QStringLiteral("\u201cTasks\u201d")));
    CHECK(failed->failure.message.contains(QStringLiteral("300")));
    // Two pages or more before an expiry is progress: the count starts again.
    cursor.pages = 2;
    const std::optional<StreamPage> progress =
        recoverListing(expired(), cursor, true, QStringLiteral("T"), 300);
    REQUIRE(progress.has_value());
    CHECK_FALSE(progress->failure);
    CHECK(ListCursor::decode(progress->nextCursor).shortListings == 0);
}

TEST_CASE("Airtable listing: INVALID_OFFSET_VALUE restarts an old offset, fails a fresh one",
          "[unit][airtable][listing]")
{
    Error invalid(Error::Kind::Provider, QStringLiteral("bad"), QStringLiteral("422"), 422);
    invalid.code = QStringLiteral("INVALID_OFFSET_VALUE");
    const ListCursor old = ListCursor::decode(QStringLiteral("itrOldOldOldOld0/rec1"));
    CHECK(old.offset == QStringLiteral("itrOldOldOldOld0/rec1"));
    const std::optional<StreamPage> restart =
        recoverListing(invalid, old, false, QStringLiteral("T"), 0);
    REQUIRE(restart.has_value());
    CHECK(restart->restart);
    const std::optional<StreamPage> failed =
        recoverListing(invalid, old, true, QStringLiteral("T"), 0);
    REQUIRE(failed.has_value());
    CHECK(failed->failure.kind == Error::Kind::Provider);
    Error other(Error::Kind::Service, QStringLiteral("down"), {}, 503);
    CHECK_FALSE(recoverListing(other, old, true, QStringLiteral("T"), 0).has_value());
}

TEST_CASE("Airtable listing request: filter, fields, offset, budgets and priority",
          "[unit][airtable][listing]")
{
    ListingQuery query{QStringLiteral("app1"),
                       QStringLiteral("tbl 1"),
                       50,
                       QStringLiteral("IS_AFTER(LAST_MODIFIED_TIME(), '2024-03-01T10:00:00.000Z')"),
                       {QStringLiteral("fldCheck")}};
    ListCursor cursor = ListCursor::decode({});
    cursor.floor = at(4);
    cursor.offset = QStringLiteral("itr9/rec+9");
    const ApiRequest request = listingRequest(query, cursor);
    CHECK(request.url.path() == QStringLiteral("/v0/app1/tbl 1"));
    const QUrlQuery q(request.url);
    CHECK(q.queryItemValue(QStringLiteral("pageSize")) == QStringLiteral("50"));
    CHECK(q.queryItemValue(QStringLiteral("offset"), QUrl::FullyDecoded) ==
          QStringLiteral("itr9/rec+9"));
    CHECK(formulaOf(request) ==
          QStringLiteral("AND(IS_AFTER(LAST_MODIFIED_TIME(), '2024-03-01T10:00:00.000Z'), "
                         "IS_AFTER(CREATED_TIME(), '2024-03-01T10:00:03.000Z'))"));
    CHECK(queryValues(request, QStringLiteral("fields[]")) ==
          QStringList{QStringLiteral("fldCheck")});
    CHECK(q.queryItemValue(QStringLiteral("returnFieldsByFieldId")) == QStringLiteral("true"));
    CHECK(request.budget == QStringLiteral("app1"));
    CHECK(request.sharedBudgets == QStringList{kUserBudget});
    CHECK(request.priority == 1); // a listing's next page goes first
}

TEST_CASE("Airtable sync tokens round trip and keep their ids compactly", "[unit][airtable][sync]")
{
    TableState a;
    a.baseId = QStringLiteral("appA");
    a.since = at(7, 250);
    for (int i = 0; i < 50; ++i)
        a.ids.insert(QStringLiteral("rec%1").arg(i, 14, 10, QLatin1Char('0')));
    a.ids.insert(QStringLiteral("odd-id"));
    a.recent.insert(QStringLiteral("rec00000000000001"), QStringLiteral("h1"));
    TableState b;
    b.baseId = QStringLiteral("appB");
    b.since = at(9);
    const QString token =
        recordsToken({{QStringLiteral("tblA"), encodeTable(QStringLiteral("tblA"), a)},
                      {QStringLiteral("tblB"), encodeTable(QStringLiteral("tblB"), b)}});
    CHECK(token.size() < 50 * 14 + 300);
    const auto decoded = decodeRecordsToken(token);
    REQUIRE(decoded.has_value());
    REQUIRE(decoded->size() == 2);
    const TableState &back = decoded->value(QStringLiteral("tblA"));
    CHECK(back.baseId == a.baseId);
    CHECK(back.since == a.since);
    CHECK(back.ids == a.ids);
    CHECK(back.recent == a.recent);
    CHECK(decoded->value(QStringLiteral("tblB")).ids.isEmpty());
    CHECK_FALSE(decodeRecordsToken(QStringLiteral("t2")).has_value());
    CHECK_FALSE(decodeRecordsToken({}).has_value());

    CHECK(decodeBasesToken(basesToken({QStringLiteral("appB"), QStringLiteral("appA")})) ==
          names({"appA", "appB"}));
    const QHash<QString, QString> tables{{QStringLiteral("tbl1"), QStringLiteral("appA")}};
    CHECK(decodeTablesToken(tablesToken(tables)) == tables);

    LoadSync sync;
    sync.knownTables = {{QStringLiteral("tblA"), QStringLiteral("appA")}};
    sync.knownRecords = *decoded;
    const QVector<ItemKey> gone = sync.vanishedBase(QStringLiteral("appA"));
    CHECK(gone.size() == 1 + 1 + 51); // the base, its table, the table's records
    CHECK(gone.contains(ItemKey{QStringLiteral("bases"), QStringLiteral("appA")}));
    CHECK(gone.contains(ItemKey{QStringLiteral("records"), QStringLiteral("odd-id")}));
}

TEST_CASE("Airtable content hash follows what an item shows", "[unit][airtable][sync]")
{
    IntegrationItem item;
    item.id = QStringLiteral("rec1");
    item.type = QStringLiteral("records");
    item.name = QStringLiteral("One");
    item.properties.insert(QStringLiteral("Status"), QStringLiteral("Done"));
    const QString hash = contentHash(item);
    CHECK(hash == contentHash(item));
    IntegrationItem edited = item;
    edited.properties.insert(QStringLiteral("Status"), QStringLiteral("Todo"));
    CHECK(contentHash(edited) != hash);
}

TEST_CASE("Airtable tables: the id sweep asks for the cheapest field", "[unit][airtable][sync]")
{
    const QByteArray body = R"({"tables":[
        {"id":"tbl1","name":"A","primaryFieldId":"fld1","fields":[
            {"id":"fld1","name":"Name","type":"singleLineText"},
            {"id":"fld2","name":"Qty","type":"number"},
            {"id":"fld3","name":"Done","type":"checkbox"}]},
        {"id":"tbl2","name":"B","primaryFieldId":"fldP","fields":[
            {"id":"fldP","name":"Notes","type":"multilineText"}]}]})";
    const auto tables = parseTables(QJsonDocument::fromJson(body));
    REQUIRE(tables.ok());
    CHECK(tables.value().at(0).sweepFieldId == QStringLiteral("fld3"));
    CHECK(tables.value().at(1).sweepFieldId == QStringLiteral("fldP")); // else the primary
}
