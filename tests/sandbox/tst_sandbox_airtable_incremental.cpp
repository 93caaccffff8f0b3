// Black-box tests of what incremental reads of the sandbox's Airtable need:
// offsets that expire after N pages or N seconds (422
// LIST_RECORDS_ITERATOR_NOT_AVAILABLE) and stay opaque, the per-user limit
// across bases for PAT and OAuth traffic, filterByFormula on
// LAST_MODIFIED_TIME() and its refusals, fields[] and sort, and the change-set
// endpoint and churn option.
#include "airtabletestutil.h"

#include <catch2/catch.hpp>

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonDocument>
#include <QSet>
#include <QThread>

using namespace Qt::StringLiterals;
using namespace sandboxtest;

namespace {

QStringList unlimited(QStringList extra = {})
{
    return QStringList{u"--airtable-pat"_s,
                       kAtPat,
                       u"--airtable-rate-limit"_s,
                       u"off"_s,
                       u"--airtable-user-rate-limit"_s,
                       u"off"_s} +
           extra;
}

struct TableRef
{
    QString base;
    QString table;
    QString name;
};

// The first table of the first base that has a lastModifiedTime field.
TableRef tableWithLastModified(SandboxProcess &sandbox, HttpProbe &probe)
{
    for (const QJsonValue &b : atAllBases(sandbox, probe)) {
        const QString base = b.toObject().value(u"id"_s).toString();
        for (const QJsonValue &t : atTables(sandbox, probe, base))
            for (const QJsonValue &f : t.toObject().value(u"fields"_s).toArray())
                if (f.toObject().value(u"type"_s).toString() == u"lastModifiedTime"_s) {
                    CHECK(f.toObject().value(u"name"_s).toString() == u"Last modified"_s);
                    return {base, t.toObject().value(u"id"_s).toString(),
                            t.toObject().value(u"name"_s).toString()};
                }
    }
    FAIL("no table with a lastModifiedTime field");
    return {};
}

QString recordsPath(const TableRef &t, const QString &query)
{
    return u"/v0/"_s + t.base + u'/' + t.table + u'?' + query;
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

QStringList strings(const QJsonArray &array)
{
    QStringList out;
    for (const QJsonValue &v : array)
        out.append(v.toString());
    return out;
}

} // namespace

TEST_CASE("Airtable offsets expire after N pages and stay opaque", "[sandbox][airtable]")
{
    SandboxProcess sandbox(unlimited({u"--airtable-offset-pages"_s, u"2"_s}));
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const TableRef t = tableWithLastModified(sandbox, probe);
    const HttpResult page1 = atGet(sandbox, probe, recordsPath(t, u"pageSize=10"_s));
    REQUIRE(page1.status == 200);
    const QString offset1 = page1.json().object().value(u"offset"_s).toString();
    REQUIRE(offset1.startsWith(u"itr"_s));
    const HttpResult page2 =
        atGet(sandbox, probe, recordsPath(t, u"pageSize=10&offset="_s + atEncode(offset1)));
    REQUIRE(page2.status == 200);
    const QString offset2 = page2.json().object().value(u"offset"_s).toString();
    REQUIRE_FALSE(offset2.isEmpty());
    const HttpResult page3 =
        atGet(sandbox, probe, recordsPath(t, u"pageSize=10&offset="_s + atEncode(offset2)));
    INFO(page3.body.toStdString());
    CHECK(page3.status == 422);
    CHECK(atErrorType(page3) == u"LIST_RECORDS_ITERATOR_NOT_AVAILABLE"_s);
    CHECK_FALSE(page3.json()
                    .object()
                    .value(u"error"_s)
                    .toObject()
                    .value(u"message"_s)
                    .toString()
                    .isEmpty());

    // A fresh listing works again, and its offsets are new: an offset cannot be
    // derived from the record it continues at.
    const HttpResult fresh = atGet(sandbox, probe, recordsPath(t, u"pageSize=10"_s));
    REQUIRE(fresh.status == 200);
    CHECK(fresh.json().object().value(u"records"_s) == page1.json().object().value(u"records"_s));
    const QString freshOffset = fresh.json().object().value(u"offset"_s).toString();
    CHECK(freshOffset != offset1);
    CHECK(freshOffset.section(u'/', 1) == offset1.section(u'/', 1));
    const QString forged = u"itrForgedForged00/"_s + offset1.section(u'/', 1);
    CHECK(atErrorType(atGet(sandbox, probe, recordsPath(t, u"offset="_s + atEncode(forged)))) ==
          u"INVALID_OFFSET_VALUE"_s);
    // An offset of one table is not valid on another.
    const QJsonArray tables = atTables(sandbox, probe, t.base);
    QString otherTable;
    for (const QJsonValue &v : tables)
        if (v.toObject().value(u"id"_s).toString() != t.table)
            otherTable = v.toObject().value(u"id"_s).toString();
    REQUIRE_FALSE(otherTable.isEmpty());
    const HttpResult foreign =
        atGet(sandbox, probe,
              u"/v0/"_s + t.base + u'/' + otherTable + u"?offset="_s + atEncode(freshOffset));
    CHECK(foreign.status == 422);
    CHECK(atErrorType(foreign) == u"INVALID_OFFSET_VALUE"_s);
}

TEST_CASE("Airtable offsets expire after N idle seconds", "[sandbox][airtable]")
{
    SandboxProcess sandbox(unlimited({u"--airtable-offset-ttl"_s, u"1"_s}));
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const TableRef t = tableWithLastModified(sandbox, probe);
    const HttpResult page1 = atGet(sandbox, probe, recordsPath(t, u"pageSize=10"_s));
    REQUIRE(page1.status == 200);
    const QString offset = page1.json().object().value(u"offset"_s).toString();
    // Right away it works; each page gives a new offset with its own time.
    const HttpResult page2 =
        atGet(sandbox, probe, recordsPath(t, u"pageSize=10&offset="_s + atEncode(offset)));
    REQUIRE(page2.status == 200);
    QThread::msleep(1300);
    const HttpResult late =
        atGet(sandbox, probe, recordsPath(t, u"pageSize=10&offset="_s + atEncode(offset)));
    CHECK(late.status == 422);
    CHECK(atErrorType(late) == u"LIST_RECORDS_ITERATOR_NOT_AVAILABLE"_s);
    // Starting over from the beginning works.
    const RecordPages all = atAllRecords(sandbox, probe, t.base, t.table, 50);
    CHECK(all.ids.size() == 120);
}

TEST_CASE("Airtable per-user limit across bases counts PAT and OAuth traffic",
          "[sandbox][airtable][limits]")
{
    HttpProbe probe;
    auto run = [&](bool patOnly) {
        QStringList args{u"--airtable-pat"_s,
                         kAtPat,
                         u"--auto-consent"_s,
                         u"--airtable-user-rate-limit"_s,
                         u"8/1000"_s,
                         u"--airtable-penalty-ms"_s,
                         u"2000"_s};
        if (patOnly)
            args += QStringList{u"--airtable-user-limit-scope"_s, u"pat"_s};
        SandboxProcess sandbox(args);
        REQUIRE(sandbox.started());
        const QString oauth = atLogin(sandbox, probe).value(u"access_token"_s).toString();
        QStringList bases;
        for (const QJsonValue &b : atAllBases(sandbox, probe))
            bases.append(b.toObject().value(u"id"_s).toString());
        REQUIRE(bases.size() == 5);
        QThread::msleep(1100); // the listing above counted too
        // Eight requests over four bases: each base stays below its own 5/s.
        for (int i = 0; i < 8; ++i)
            REQUIRE(atGet(sandbox, probe, u"/v0/meta/bases/"_s + bases.at(i % 4) + u"/tables"_s)
                        .status == 200);
        const HttpResult limited =
            atGet(sandbox, probe, u"/v0/meta/bases/"_s + bases.at(4) + u"/tables"_s);
        REQUIRE(limited.status == 429);
        CHECK(limited.json()
                  .object()
                  .value(u"errors"_s)
                  .toArray()
                  .first()
                  .toObject()
                  .value(u"error"_s) == u"RATE_LIMIT_REACHED"_s);
        // The same user's OAuth token: limited too, unless only PAT traffic counts.
        const HttpResult viaOAuth = atGet(sandbox, probe, u"/v0/meta/whoami"_s, oauth);
        CHECK(viaOAuth.status == (patOnly ? 200 : 429));
        if (patOnly) // OAuth traffic never reaches the user limit
            for (int i = 0; i < 12; ++i)
                CHECK(atGet(sandbox, probe, u"/v0/meta/whoami"_s, oauth).status == 200);
        QThread::msleep(2100); // the penalty is over
        CHECK(atGet(sandbox, probe, u"/v0/meta/whoami"_s).status == 200);
    };
    SECTION("strict: OAuth tokens of the user count too")
    {
        run(false);
    }
    SECTION("--airtable-user-limit-scope pat")
    {
        run(true);
    }
}

TEST_CASE("Airtable filterByFormula on LAST_MODIFIED_TIME and its refusals", "[sandbox][airtable]")
{
    SandboxProcess sandbox(unlimited());
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const TableRef t = tableWithLastModified(sandbox, probe);
    const RecordPages all =
        atAllRecords(sandbox, probe, t.base, t.table, 100, u"&fields%5B%5D=Last%20modified"_s);
    REQUIRE(all.ids.size() == 120);
    QHash<QString, QString> modified;
    QStringList times;
    for (const QJsonValue &v : all.records) {
        const QJsonObject fields = v.toObject().value(u"fields"_s).toObject();
        CHECK(fields.keys() == QStringList{u"Last modified"_s}); // fields[] honoured
        const QString when = fields.value(u"Last modified"_s).toString();
        CHECK(when >= v.toObject().value(u"createdTime"_s).toString());
        modified.insert(v.toObject().value(u"id"_s).toString(), when);
        times.append(when);
    }
    times.sort();
    const QString cut = times.at(70);
    auto expect = [&](auto keep) {
        QStringList out;
        for (auto it = modified.begin(); it != modified.end(); ++it)
            if (keep(it.value()))
                out.append(it.key());
        return sorted(out);
    };
    auto filtered = [&](const QString &formula) {
        return sorted(atAllRecords(sandbox, probe, t.base, t.table, 30,
                                   u"&filterByFormula="_s + atEncode(formula))
                          .ids);
    };
    const QString quoted = u"'"_s + cut + u"'"_s;
    const QStringList after = expect([&](const QString &m) { return m > cut; });
    const QStringList before = expect([&](const QString &m) { return m < cut; });
    CHECK(!after.isEmpty());
    CHECK(filtered(u"IS_AFTER(LAST_MODIFIED_TIME(), "_s + quoted + u')') == after);
    CHECK(filtered(u"IS_AFTER(LAST_MODIFIED_TIME(), DATETIME_PARSE("_s + quoted + u"))"_s) ==
          after);
    CHECK(filtered(u"LAST_MODIFIED_TIME() > "_s + quoted) == after);
    CHECK(filtered(u"LAST_MODIFIED_TIME() >= "_s + quoted) ==
          expect([&](const QString &m) { return m >= cut; }));
    CHECK(filtered(u"LAST_MODIFIED_TIME() < "_s + quoted) == before);
    CHECK(filtered(u"is_before(last_modified_time(), "_s + quoted + u')') == before);
    CHECK(filtered(u"{Last modified} > "_s + quoted) == after);
    CHECK(filtered(
              u"AND(IS_AFTER(LAST_MODIFIED_TIME(), '2000-01-01'), NOT(LAST_MODIFIED_TIME() <= "_s +
              quoted + u"))"_s) == after);
    CHECK(filtered(QString()) == sorted(all.ids)); // an empty formula filters nothing

    for (const QString &bad :
         {u"FIND('a', {Name})"_s, u"{No such field} > 1"_s, u"LAST_MODIFIED_TIME() > 'garbage'"_s,
          u"IS_AFTER(LAST_MODIFIED_TIME())"_s, u"LAST_MODIFIED_TIME() + 1"_s, u"AND("_s,
          u"LAST_MODIFIED_TIME() > 5"_s}) {
        INFO(bad.toStdString());
        const HttpResult r =
            atGet(sandbox, probe, recordsPath(t, u"filterByFormula="_s + atEncode(bad)));
        CHECK(r.status == 422);
        CHECK(atErrorType(r) == u"INVALID_FILTER_BY_FORMULA"_s);
    }
}

TEST_CASE("Airtable fields[], sort, maxRecords and POST listRecords", "[sandbox][airtable]")
{
    SandboxProcess sandbox(unlimited());
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const TableRef t = tableWithLastModified(sandbox, probe);
    // An id sweep: one cheap field, by field id.
    const QJsonArray tables = atTables(sandbox, probe, t.base);
    QString primaryId, primaryName;
    for (const QJsonValue &v : tables)
        if (v.toObject().value(u"id"_s).toString() == t.table) {
            primaryId = v.toObject().value(u"primaryFieldId"_s).toString();
            for (const QJsonValue &f : v.toObject().value(u"fields"_s).toArray())
                if (f.toObject().value(u"id"_s).toString() == primaryId)
                    primaryName = f.toObject().value(u"name"_s).toString();
        }
    const RecordPages sweep =
        atAllRecords(sandbox, probe, t.base, t.table, 100,
                     u"&returnFieldsByFieldId=true&fields%5B%5D="_s + primaryId);
    CHECK(sweep.ids.size() == 120);
    for (const QJsonValue &v : sweep.records)
        for (const QString &key : v.toObject().value(u"fields"_s).toObject().keys())
            CHECK(key == primaryId);

    // Sorted by the last-modified field, descending, across pages.
    const RecordPages byModified =
        atAllRecords(sandbox, probe, t.base, t.table, 25,
                     u"&sort%5B0%5D%5Bfield%5D=Last%20modified&sort%5B0%5D%5Bdirection%5D=desc"_s);
    CHECK(sorted(byModified.ids) == sorted(sweep.ids));
    QString previous;
    for (const QJsonValue &v : byModified.records) {
        const QString m =
            v.toObject().value(u"fields"_s).toObject().value(u"Last modified"_s).toString();
        if (!previous.isEmpty())
            CHECK(m <= previous);
        previous = m;
    }
    // Ascending by the primary field (blanks first).
    const RecordPages byName = atAllRecords(sandbox, probe, t.base, t.table, 40,
                                            u"&sort%5B0%5D%5Bfield%5D="_s + atEncode(primaryName));
    QString last;
    for (const QJsonValue &v : byName.records) {
        const QString name =
            v.toObject().value(u"fields"_s).toObject().value(primaryName).toString();
        CHECK(name.compare(last, Qt::CaseInsensitive) >= 0);
        last = name;
    }
    // maxRecords across pages.
    const RecordPages capped =
        atAllRecords(sandbox, probe, t.base, t.table, 10, u"&maxRecords=15"_s);
    CHECK(capped.ids.size() == 15);
    CHECK(capped.requests == 2);
    // POST listRecords takes the same parameters as JSON.
    const HttpResult post = probe.post(
        sandbox.url(u"/airtable/v0/"_s + t.base + u'/' + t.table + u"/listRecords"_s),
        QJsonDocument(
            QJsonObject{{u"pageSize"_s, 25},
                        {u"sort"_s, QJsonArray{QJsonObject{{u"field"_s, u"Last modified"_s},
                                                           {u"direction"_s, u"desc"_s}}}}})
            .toJson(),
        "application/json", bearer(kAtPat));
    REQUIRE(post.status == 200);
    QJsonArray firstPage;
    for (int i = 0; i < 25; ++i)
        firstPage.append(byModified.records.at(i));
    CHECK(post.json().object().value(u"records"_s).toArray() == firstPage);

    for (const QString &bad : {u"fields%5B%5D=Nope"_s, u"sort%5B0%5D%5Bfield%5D=Nope"_s}) {
        const HttpResult r = atGet(sandbox, probe, recordsPath(t, bad));
        CHECK(r.status == 422);
        CHECK(atErrorType(r) == u"UNKNOWN_FIELD_NAME"_s);
    }
    const HttpResult direction = atGet(
        sandbox, probe,
        recordsPath(t, u"sort%5B0%5D%5Bfield%5D=Last%20modified&sort%5B0%5D%5Bdirection%5D=up"_s));
    CHECK(direction.status == 422);
}

TEST_CASE("Airtable changes: modify, add and delete records, deterministic per seed",
          "[sandbox][airtable][changes]")
{
    SandboxProcess sandbox(unlimited());
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const TableRef t = tableWithLastModified(sandbox, probe);
    const RecordPages before = atAllRecords(sandbox, probe, t.base, t.table, 100);
    QHash<QString, QJsonObject> old;
    QString newest;
    for (const QJsonValue &v : before.records) {
        old.insert(v.toObject().value(u"id"_s).toString(), v.toObject());
        newest = std::max(
            newest,
            v.toObject().value(u"fields"_s).toObject().value(u"Last modified"_s).toString());
    }
    // A listing in progress when the data changes.
    const HttpResult first = atGet(sandbox, probe, recordsPath(t, u"pageSize=50"_s));
    REQUIRE(first.status == 200);

    const QJsonObject request{{u"base"_s, t.base}, {u"table"_s, t.name}, {u"modify"_s, 3},
                              {u"add"_s, 2},       {u"delete"_s, 2},     {u"seed"_s, 4}};
    const HttpResult r = atChanges(sandbox, probe, request);
    INFO(r.body.toStdString());
    REQUIRE(r.status == 200);
    const QJsonObject answer = r.json().object();
    const QStringList mod = strings(answer.value(u"modified"_s).toArray());
    const QStringList added = strings(answer.value(u"added"_s).toArray());
    const QStringList deleted = strings(answer.value(u"deleted"_s).toArray());
    REQUIRE(mod.size() == 3);
    REQUIRE(added.size() == 2);
    REQUIRE(deleted.size() == 2);

    // What changed since the newest generated edit: exactly the modified and added records.
    const RecordPages since =
        atAllRecords(sandbox, probe, t.base, t.table, 100,
                     u"&filterByFormula="_s +
                         atEncode(u"IS_AFTER(LAST_MODIFIED_TIME(), '"_s + newest + u"')"_s));
    CHECK(sorted(since.ids) == sorted(mod + added));
    for (const QJsonValue &v : since.records) {
        const QJsonObject rec = v.toObject();
        const QString id = rec.value(u"id"_s).toString();
        CHECK(rec.value(u"fields"_s).toObject().value(u"Last modified"_s).toString() > newest);
        if (mod.contains(id)) {
            CHECK(rec.value(u"createdTime"_s) == old.value(id).value(u"createdTime"_s));
            CHECK(rec.value(u"fields"_s) != old.value(id).value(u"fields"_s));
        } else {
            CHECK(rec.value(u"createdTime"_s).toString() > newest);
        }
    }
    for (const QString &id : deleted) {
        const HttpResult gone =
            atGet(sandbox, probe, u"/v0/"_s + t.base + u'/' + t.table + u'/' + id);
        CHECK(gone.status == 404);
    }
    const RecordPages after = atAllRecords(sandbox, probe, t.base, t.table, 100);
    CHECK(after.ids.size() == 120);
    for (const QString &id : deleted)
        CHECK_FALSE(after.ids.contains(id));
    // The listing begun before the change goes on without the deleted records.
    QStringList rest;
    QString offset = first.json().object().value(u"offset"_s).toString();
    while (!offset.isEmpty()) {
        const HttpResult page =
            atGet(sandbox, probe, recordsPath(t, u"pageSize=50&offset="_s + atEncode(offset)));
        REQUIRE(page.status == 200);
        for (const QJsonValue &v : page.json().object().value(u"records"_s).toArray())
            rest.append(v.toObject().value(u"id"_s).toString());
        offset = page.json().object().value(u"offset"_s).toString();
    }
    for (const QString &id : deleted)
        CHECK_FALSE(rest.contains(id));

    // Same seed on a fresh sandbox: the same change; the first table by default.
    SandboxProcess again(unlimited());
    REQUIRE(again.started());
    CHECK(atChanges(again, probe, request).json().object() == answer);
    const HttpResult byDefault = atChanges(again, probe, {{u"modify"_s, 1}, {u"seed"_s, 1}});
    REQUIRE(byDefault.status == 200);
    CHECK(byDefault.json().object().value(u"modified"_s).toArray().size() == 1);
    // Errors come in the shared shape; nothing changes.
    for (const QJsonObject &bad :
         {QJsonObject{{u"base"_s, u"appNoSuchBase0000"_s}, {u"modify"_s, 1}},
          QJsonObject{{u"table"_s, u"No such table"_s}, {u"modify"_s, 1}},
          QJsonObject{{u"add"_s, u"two"_s}}, QJsonObject{{u"type"_s, u"records"_s}},
          QJsonObject{{u"modify"_s, 1}, {u"remove"_s, 1}}}) {
        const HttpResult refused = atChanges(again, probe, bad);
        CHECK(refused.status == 400);
        CHECK(refused.json().object().value(u"error"_s).toString() == u"invalid_change"_s);
    }
}

TEST_CASE("Airtable churn option changes records periodically", "[sandbox][airtable][changes]")
{
    SandboxProcess sandbox(unlimited({u"--airtable-churn"_s, u"first:modify=2,add=1@150ms"_s}));
    REQUIRE(sandbox.started());
    HttpProbe probe;
    const QString base = atAllBases(sandbox, probe).first().toObject().value(u"id"_s).toString();
    const QString table =
        atTables(sandbox, probe, base).first().toObject().value(u"id"_s).toString();
    QElapsedTimer clock;
    clock.start();
    int count = 120;
    bool edited = false;
    while (clock.elapsed() < 10000 && !(edited && count > 120)) {
        QThread::msleep(200);
        const RecordPages all = atAllRecords(sandbox, probe, base, table, 100);
        count = int(all.ids.size());
        edited = QJsonDocument(all.records).toJson().contains("(edited ");
    }
    CHECK(edited);
    CHECK(count > 120);
}
