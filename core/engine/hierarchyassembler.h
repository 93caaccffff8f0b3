#pragma once

// HierarchyAssembler: turns items that arrive in any order into a stream in
// which every parent comes before its children. Generic: a provider says what
// each item hangs under (ParentRef); the assembler holds items until their
// parent is seen, resolves indirect parents through lookups the caller makes,
// puts orphans under the root with a problem, and breaks cycles.

#include "engine/loadplan.h"
#include "items/integrationitem.h"

#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QVector>
#include <functional>
#include <optional>

namespace desk {

class HierarchyAssembler
{
public:
    struct Options
    {
        ItemKey root;         // always present: items under it are released at once
        int maxLookups = 200; // lookups per assembler at most; beyond: under the root
        int maxDepth = 4;     // nested lookups followed at most
        // The problem text of an item put under the root (its parent's label).
        std::function<QString(const QString &parentLabel)> orphanProblem;
    };

    explicit HierarchyAssembler(Options options);

    // An item and what it hangs under. Items released by it (itself, and whatever
    // waited for it) are appended to `out`, parents first. An item already
    // released or held is ignored (it came twice).
    void add(IntegrationItem item, const ParentRef &parent, ItemBatch &out);
    // The answer to a lookup (takeLookups()): what `key` hangs under; Unknown
    // when it could not be read. Releases what waited for it.
    void resolve(const QString &key, const ParentRef &parent, ItemBatch &out);
    // Keys to look up that were not handed out yet; each is handed out once
    // (again after requeueUnanswered()).
    QStringList takeLookups();
    // Lookups handed out but never answered (their requests were cancelled) are
    // handed out again by the next takeLookups().
    void requeueUnanswered();
    // Parents that items wait for and that neither came nor are held (waiting
    // for their own parent): after the last item, these never came in this load.
    // The type is the one the first waiting child names.
    QVector<ItemKey> missingParents() const;
    // What a missing parent is, read outside this load: found (its real type and
    // name), the items waiting for it go under it; not found, under the root with
    // a problem. Releases what waited for them.
    void resolveMissingParent(const QString &id, const std::optional<KnownParent> &parent,
                              ItemBatch &out);
    // No more items will come: whatever is still held goes under the root with a
    // problem (a cycle is broken where it is found), parents before children.
    void settle(ItemBatch &out);
    void clear();

    bool isReleased(const QString &id) const { return m_released.contains(id); }
    int heldCount() const;
    int lookupsAsked() const { return m_lookups; }
    int lookupsOutstanding() const { return int(m_asked.size()); }

private:
    struct Held
    {
        IntegrationItem item;
        int depth = 0; // lookups followed so far
        QString label; // the parent, for the problem text
    };

    void place(Held held, const ParentRef &parent, ItemBatch &out);
    void placeUnderLookup(Held held, const ParentRef &parent, ItemBatch &out);
    void release(IntegrationItem item, ItemBatch &out);
    void attachToRoot(IntegrationItem item, const QString &label, ItemBatch &out);
    bool isHeld(const QString &id) const;

    Options m_options;
    QHash<QString, QString> m_released;               // id -> type
    QHash<QString, QVector<Held>> m_waitingForParent; // parent id -> children
    QHash<QString, QVector<Held>> m_waitingForLookup; // lookup key -> children
    QSet<QString> m_heldIds;
    QHash<QString, ParentRef> m_resolved; // answered lookups
    QStringList m_toAsk;
    QSet<QString> m_asked; // handed out, not answered
    int m_lookups = 0;
};

} // namespace desk
