#pragma once

#include <QHash>
#include <QString>
#include <QStringList>
#include <QVector>

namespace desk {

// How one provider's items are shown, as plain values: what the tree, the
// details pane, the store's typed columns and the exporters need to know about a
// provider without naming it. A ProviderSpec holds one (core/providers); ui/ and
// core/store read it, never the provider.

struct TypePresentation
{
    QString id;          // the provider's type as in its API: "contacts", "tables", "pages"
    QString displayName; // translated plural: "Contacts"
    // The type its items hang under in the provider's own hierarchy (Airtable
    // records under tables); empty = top level or any (Notion pages).
    QString parentType;
    bool container = false;    // items of this type can have children
    bool lazyChildren = false; // ...which are loaded only when the user opens one
    bool isDefault = true;     // loaded when the user chose no types
    bool selectable = true;    // offered in the type choice (false: a root the provider makes)
};

// One of the tree's value columns (besides Name, Type, Created and Modified).
struct ValueColumn
{
    QString title;                          // translated: "Email / Domain"
    QHash<QString, QString> propertyByType; // type -> property; a type without one: empty cell
    bool preferLabel = true; // show item.labels[property] (an owner's name) when there is one
    bool numeric = false;    // sort as a number (amounts)
    bool parentName = false; // show the item's parent's name instead of a property
};

// A grouping beyond "By type" and the provider's hierarchy: each item under the
// item of `associationType` it is associated with (HubSpot: "By company").
struct GroupingPresentation
{
    QString id;              // stable, for settings: "association:companies"
    QString title;           // translated: "By company"
    QString associationType; // "companies"
    QString noneTitle;       // translated: "No company"
};

struct ItemPresentation
{
    QVector<TypePresentation> types; // in the order of the "By type" groups
    QVector<ValueColumn> columns;    // at most ItemRow's value slots
    QVector<GroupingPresentation> groupings;
    bool hierarchy = false; // items carry parentId/parentType: a "By parent" view makes sense
    QString webAppName;     // "HubSpot": "Open in HubSpot"

    const TypePresentation *type(const QString &id) const
    {
        for (const TypePresentation &t : types)
            if (t.id == id)
                return &t;
        return nullptr;
    }
    QString typeName(const QString &id) const
    {
        const TypePresentation *t = type(id);
        return t ? t->displayName : (id.isEmpty() ? id : id.left(1).toUpper() + id.mid(1));
    }
};

} // namespace desk
