#pragma once

// One table's records listing (GET /v0/{base}/{table}, paged by offset) as the
// engine's opaque stream cursor, and what the stream does when Airtable lets
// the listing's iterator expire (422 LIST_RECORDS_ITERATOR_NOT_AVAILABLE,
// "it may then restart iteration from the beginning").
//
// Airtable lists a table without `view` or `sort` in creation order (not
// documented; the sandbox does). While a listing shows that order (no record
// created before the one ahead of it), an expired iterator is continued by a
// new listing of the records created from the last emitted one on
// (filterByFormula on CREATED_TIME(), a second early for the server's
// precision) that skips what was emitted: nothing is emitted twice and the
// table finishes even when every listing is cut after N pages. A listing that
// strays from creation order restarts from the beginning instead (the engine's
// restart: callers replace by key, counts stay exact, at most 3 times).
//
// Resume points hold no offset while the order holds: a later resume() or run
// starts a new listing there, so an offset that may have expired meanwhile is
// never sent again. A table whose listing keeps expiring after at most one page
// ends with an error that says so; what it emitted stays.

#include "engine/loadplan.h"
#include "providers/airtable/airtablepage.h"

#include <QDateTime>
#include <QString>
#include <QStringList>
#include <optional>

namespace desk::airtable {

// The rate budget every request of the user counts against (50 requests/s
// across all bases); a base's own budget is its id.
extern const QString kUserBudget;

struct ListCursor
{
    QString offset;        // Airtable's, for this listing's next page; empty: a new listing
    bool ordered = true;   // every record so far came in creation order
    QDateTime floor;       // a continuation lists records created from here on...
    QStringList floorIds;  // ...less these (created exactly then, emitted already)
    QDateTime last;        // the latest createdTime emitted so far
    QStringList lastIds;   // the records created exactly then
    int pages = 0;         // pages this listing has given
    int shortListings = 0; // listings in a row that expired after at most one page

    QString encode() const;
    // "" = a new listing from the beginning; a string that is not ours (an
    // offset, e.g. an older version's resume point) = that offset, order unknown.
    static ListCursor decode(const QString &text);
    // A new listing that continues after what this one emitted.
    ListCursor continuation() const;
};

// What a listing asks for besides its position.
struct ListingQuery
{
    QString baseId;
    QString tableId;
    int pageSize = 100;
    QString formula;    // the stream's own filter; empty: every record
    QStringList fields; // fields[] (ids); empty: every field
};

ApiRequest listingRequest(const ListingQuery &query, const ListCursor &cursor);

struct ListingPage
{
    QVector<Record> records; // those not emitted before
    QString nextCursor;      // empty: the last page
    QString resumeCursor;
};
ListingPage readListing(const RecordsPage &page, const ListCursor &cursor);

// A request of the listing at `cursor` failed: the page the stream uses
// instead (a continuation, a restart, or a failure naming `tableLabel`), or
// nullopt when the error is not the listing's (the stream fails with it).
// `issuedHere`: Airtable gave this cursor's offset in this run; `emitted`: the
// records the stream emitted so far (for the message).
std::optional<StreamPage> recoverListing(const Error &error, const ListCursor &cursor,
                                         bool issuedHere, const QString &tableLabel, int emitted);

} // namespace desk::airtable
