#pragma once

// Grouping strategies: where each row of the RowStore goes in one view of the
// item tree. One class per view; Tree does the structural work.
//  - TypeGrouping ("By type"): a group per type, in the presentation's order.
//  - AssociationGrouping (a GroupingPresentation, e.g. "By company"): rows
//    under the item of the association type that ItemRow::groupParentId names,
//    a placeholder while that item is not loaded, a "none" group for the rest.
//  - ParentGrouping ("By parent"): the provider's own hierarchy (parentId /
//    parentType), placeholders for parents not loaded, cycles broken at the
//    top, a stub row under lazy containers.

#include "items/itempresentation.h"
#include "tree/rowstore.h"
#include "tree/tree.h"

#include <QCoreApplication>
#include <QHash>
#include <QSet>
#include <QString>
#include <functional>

namespace desk::tree {

class Grouping
{
    Q_DECLARE_TR_FUNCTIONS(Grouping)

public:
    struct Context
    {
        Tree &tree;
        const RowStore &rows;
        const ItemPresentation &presentation;
        // Lazy containers whose children are not loaded: they get a stub row.
        std::function<bool(int rowId)> wantsStub;
    };

    // Order of pinned rows (groups, the "none" group, stubs) against sorted ones.
    enum Rank
    {
        RankSorted = 1 << 20, // items and placeholders: by the sort column
        RankNone,             // the "none" group: last in both directions
        RankStub,             // the stub row: after the children
    };

    explicit Grouping(const Context &context) : m_c(context) {}
    virtual ~Grouping() = default;

    // A row new to the store / changed / about to leave it.
    virtual void added(int rowId) = 0;
    virtual void updated(int rowId) = 0;
    virtual void removing(int rowId) = 0;
    // The row's lazy children state changed (stub wanted or not).
    virtual void stubChanged(int rowId) { Q_UNUSED(rowId); }
    // A node that leaves the tree (tables of the strategy forget it).
    virtual void forget(const TreeNode *node) { Q_UNUSED(node); }

    // Rows that are not items.
    virtual QString title(const TreeNode *node) const = 0;     // Name column
    virtual QString typeTitle(const TreeNode *node) const = 0; // Type column
    virtual QString key(const TreeNode *node) const = 0;       // stable across views
    virtual int rank(const TreeNode *node) const;
    // The (type, id) of the item a placeholder stands for.
    virtual ItemKey placeholderKey(const TreeNode *node) const = 0;

protected:
    struct Placeholder
    {
        QString type; // may be empty (any type with that id)
        QString id;
        QString title; // as the children know their parent; may be empty
    };
    std::unique_ptr<TreeNode> itemNode(int rowId) const
    {
        return std::make_unique<TreeNode>(TreeNode::Kind::Item, rowId, isLeaf(rowId));
    }
    // Rows that never have children in this view.
    virtual bool isLeaf(int rowId) const
    {
        Q_UNUSED(rowId);
        return false;
    }
    TreeNode *newPlaceholder(const QString &type, const QString &id, const QString &title);
    const Placeholder &placeholder(const TreeNode *node) const
    {
        return m_placeholders.at(node->ref());
    }
    QString placeholderTitle(const TreeNode *node) const;
    static QString counted(const QString &title, const TreeNode *group);
    int itemChildren(const TreeNode *node) const;

    Context m_c;
    QVector<Placeholder> m_placeholders;
};

class TypeGrouping : public Grouping
{
public:
    using Grouping::Grouping;
    void added(int rowId) override;
    void updated(int rowId) override;
    void removing(int rowId) override;
    QString title(const TreeNode *node) const override;
    QString typeTitle(const TreeNode *node) const override;
    QString key(const TreeNode *node) const override;
    int rank(const TreeNode *node) const override;
    ItemKey placeholderKey(const TreeNode *) const override { return {}; }

private:
    bool isLeaf(int) const override { return true; }
    QHash<quint32, TreeNode *> m_groups; // type -> group
};

class AssociationGrouping : public Grouping
{
public:
    AssociationGrouping(const Context &context, const GroupingPresentation &grouping);
    void added(int rowId) override;
    void updated(int rowId) override;
    void removing(int rowId) override;
    void forget(const TreeNode *node) override;
    QString title(const TreeNode *node) const override;
    QString typeTitle(const TreeNode *node) const override;
    QString key(const TreeNode *node) const override;
    ItemKey placeholderKey(const TreeNode *node) const override;

private:
    bool isLeaf(int rowId) const override { return !isGroupParentType(rowId); }
    bool isGroupParentType(int rowId) const;
    TreeNode *target(int rowId);
    void dropIfEmpty(TreeNode *parent);

    GroupingPresentation m_grouping;
    TreeNode *m_none = nullptr;
    QHash<QString, TreeNode *> m_missing; // id of a group parent not loaded -> placeholder
};

class ParentGrouping : public Grouping
{
public:
    using Grouping::Grouping;
    void added(int rowId) override;
    void updated(int rowId) override;
    void removing(int rowId) override;
    void stubChanged(int rowId) override;
    void forget(const TreeNode *node) override;
    QString title(const TreeNode *node) const override;
    QString typeTitle(const TreeNode *node) const override;
    QString key(const TreeNode *node) const override;
    ItemKey placeholderKey(const TreeNode *node) const override;

private:
    bool isLeaf(int rowId) const override;
    static QString keyOf(const QString &type, const QString &id)
    {
        return type + QLatin1Char('\x1f') + id;
    }
    TreeNode *parentNode(int rowId) const; // the parent's item node, if loaded
    TreeNode *target(int rowId, const TreeNode *node);
    TreeNode *stubOf(const TreeNode *node) const;
    void dropIfEmpty(TreeNode *parent);

    QHash<QString, TreeNode *> m_missing; // keyOf(parentType, parentId) -> placeholder
    QSet<quint32> m_types;                // types seen, for parents named without a type
};

} // namespace desk::tree
