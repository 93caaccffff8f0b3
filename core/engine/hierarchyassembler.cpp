#include "engine/hierarchyassembler.h"

namespace desk {

HierarchyAssembler::HierarchyAssembler(Options options) : m_options(std::move(options))
{
    m_released.insert(m_options.root.id, m_options.root.type);
}

void HierarchyAssembler::clear()
{
    m_released.clear();
    m_released.insert(m_options.root.id, m_options.root.type);
    m_waitingForParent.clear();
    m_waitingForLookup.clear();
    m_heldIds.clear();
    m_resolved.clear();
    m_toAsk.clear();
    m_asked.clear();
    m_lookups = 0;
}

int HierarchyAssembler::heldCount() const
{
    return int(m_heldIds.size());
}

bool HierarchyAssembler::isHeld(const QString &id) const
{
    return m_heldIds.contains(id);
}

void HierarchyAssembler::add(IntegrationItem item, const ParentRef &parent, ItemBatch &out)
{
    if (m_released.contains(item.id) || isHeld(item.id))
        return; // the same object came twice
    Held held{std::move(item), 0, parent.label};
    place(std::move(held), parent, out);
}

void HierarchyAssembler::place(Held held, const ParentRef &parent, ItemBatch &out)
{
    switch (parent.kind) {
    case ParentRef::Kind::Root:
        held.item.parentId = m_options.root.id;
        held.item.parentType = m_options.root.type;
        release(std::move(held.item), out);
        return;
    case ParentRef::Kind::Unknown:
        attachToRoot(std::move(held.item), parent.label.isEmpty() ? held.label : parent.label, out);
        return;
    case ParentRef::Kind::Item: {
        held.item.parentId = parent.id;
        held.item.parentType = parent.type;
        held.label = parent.label;
        const auto found = m_released.constFind(parent.id);
        if (found != m_released.cend()) {
            held.item.parentType = found.value(); // trust what the parent really is
            release(std::move(held.item), out);
            return;
        }
        m_heldIds.insert(held.item.id);
        m_waitingForParent[parent.id].append(std::move(held));
        return;
    }
    case ParentRef::Kind::Lookup:
        placeUnderLookup(std::move(held), parent, out);
        return;
    }
}

void HierarchyAssembler::placeUnderLookup(Held held, const ParentRef &parent, ItemBatch &out)
{
    held.label = parent.label;
    const auto resolved = m_resolved.constFind(parent.id);
    if (resolved != m_resolved.cend()) {
        if (resolved->kind == ParentRef::Kind::Lookup && held.depth + 1 > m_options.maxDepth) {
            attachToRoot(std::move(held.item), parent.label, out);
            return;
        }
        const ParentRef next = *resolved;
        ++held.depth;
        if (next.kind == ParentRef::Kind::Unknown) {
            attachToRoot(std::move(held.item), parent.label, out);
            return;
        }
        place(std::move(held), next, out);
        return;
    }
    const bool pending = m_waitingForLookup.contains(parent.id) || m_asked.contains(parent.id);
    if (held.depth >= m_options.maxDepth || (!pending && m_lookups >= m_options.maxLookups)) {
        attachToRoot(std::move(held.item), parent.label, out);
        return;
    }
    if (!pending) {
        ++m_lookups;
        m_toAsk.append(parent.id);
    }
    m_heldIds.insert(held.item.id);
    m_waitingForLookup[parent.id].append(std::move(held));
}

void HierarchyAssembler::resolve(const QString &key, const ParentRef &parent, ItemBatch &out)
{
    m_asked.remove(key);
    m_toAsk.removeAll(key);
    m_resolved.insert(key, parent);
    const QVector<Held> waiting = m_waitingForLookup.take(key);
    for (Held held : waiting) {
        m_heldIds.remove(held.item.id);
        ++held.depth;
        if (parent.kind == ParentRef::Kind::Unknown) {
            attachToRoot(std::move(held.item), held.label, out);
            continue;
        }
        place(std::move(held), parent, out);
    }
}

QStringList HierarchyAssembler::takeLookups()
{
    QStringList keys;
    keys.swap(m_toAsk);
    for (const QString &key : std::as_const(keys))
        m_asked.insert(key);
    return keys;
}

void HierarchyAssembler::requeueUnanswered()
{
    for (const QString &key : std::as_const(m_asked))
        if (!m_toAsk.contains(key))
            m_toAsk.append(key);
    m_asked.clear();
}

void HierarchyAssembler::release(IntegrationItem item, ItemBatch &out)
{
    // Breadth first: the item, then whatever waited for it.
    QVector<IntegrationItem> queue{std::move(item)};
    for (int i = 0; i < queue.size(); ++i) {
        IntegrationItem current = std::move(queue[i]);
        if (m_released.contains(current.id))
            continue;
        m_released.insert(current.id, current.type);
        m_heldIds.remove(current.id);
        const QVector<Held> children = m_waitingForParent.take(current.id);
        for (const Held &child : children) {
            IntegrationItem c = child.item;
            c.parentType = current.type;
            c.parentName = current.name;
            m_heldIds.remove(c.id);
            queue.append(std::move(c));
        }
        out.append(std::move(current));
    }
}

void HierarchyAssembler::attachToRoot(IntegrationItem item, const QString &label, ItemBatch &out)
{
    item.parentId = m_options.root.id;
    item.parentType = m_options.root.type;
    item.parentName.clear();
    if (m_options.orphanProblem)
        item.problems.append(m_options.orphanProblem(label));
    m_heldIds.remove(item.id);
    release(std::move(item), out);
}

QVector<ItemKey> HierarchyAssembler::missingParents() const
{
    QVector<ItemKey> keys;
    for (auto it = m_waitingForParent.cbegin(); it != m_waitingForParent.cend(); ++it)
        if (!isHeld(it.key()) && !m_released.contains(it.key()) && !it.value().isEmpty())
            keys.append(ItemKey{it.value().first().item.parentType, it.key()});
    return keys;
}

void HierarchyAssembler::resolveMissingParent(const QString &id,
                                              const std::optional<KnownParent> &parent,
                                              ItemBatch &out)
{
    const QVector<Held> waiting = m_waitingForParent.take(id);
    for (Held held : waiting) {
        if (!parent) {
            attachToRoot(std::move(held.item), held.label, out);
            continue;
        }
        held.item.parentType = parent->type;
        held.item.parentName = parent->name;
        release(std::move(held.item), out);
    }
}

void HierarchyAssembler::settle(ItemBatch &out)
{
    while (!m_waitingForParent.isEmpty()) {
        // A parent that is not itself held never came; when every parent is
        // held, the rest is a cycle: break it anywhere.
        QString key;
        for (auto it = m_waitingForParent.cbegin(); it != m_waitingForParent.cend(); ++it)
            if (!isHeld(it.key())) {
                key = it.key();
                break;
            }
        if (key.isEmpty())
            key = m_waitingForParent.cbegin().key();
        const QVector<Held> orphans = m_waitingForParent.take(key);
        for (const Held &held : orphans)
            attachToRoot(held.item, held.label, out);
    }
    const auto waiting = std::exchange(m_waitingForLookup, {});
    for (auto it = waiting.cbegin(); it != waiting.cend(); ++it)
        for (const Held &held : it.value())
            attachToRoot(held.item, held.label, out);
    m_heldIds.clear();
    m_toAsk.clear();
    m_asked.clear();
}

} // namespace desk
