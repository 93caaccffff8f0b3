#pragma once

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QVariantMap>
#include <QVector>

namespace desk {

// One object of any integration (a HubSpot contact, an Airtable record, a Notion
// page...). Provider-neutral: the UI and exporters only ever see this.
struct IntegrationItem
{
    QString id;   // provider's id, unique within `type`
    QString type; // the provider's object type, as in its API: "contacts", "companies", "bases",
                  // "pages"...
    QString name; // display name
    QString parentId;   // id of the item this one hangs under (e.g. its company); may be empty
    QString parentType; // type of that parent, e.g. "companies"
    QString parentName; // display name of the parent when known
    QDateTime created;
    QDateTime modified;
    QUrl url;               // where the object opens in the provider's web app
    QVariantMap properties; // the provider's values, untouched (an owner property holds the id)
    // Human readings beside them: property -> text (an owner id -> "Ada Lovelace",
    // a stage id -> "Closed won"). Never replaces a value in `properties`.
    // Whether a type's items can have children is the presentation's business
    // (TypePresentation::container), not the item's. A map, not a hash: an item
    // has a few labels, and an empty-ish QHash costs about 2.5 KB an item.
    QMap<QString, QString> labels;
    QHash<QString, QStringList> associations; // associated type -> ids
    // What could not be read about this item, for the user ("Only 500 of the
    // associated contacts could be read."). Empty when the item is complete.
    QStringList problems;

    QJsonObject toJson() const;
    static IntegrationItem fromJson(const QJsonObject &object);
};

using ItemBatch = QVector<IntegrationItem>;

} // namespace desk

Q_DECLARE_METATYPE(desk::IntegrationItem)
Q_DECLARE_METATYPE(desk::ItemBatch)
