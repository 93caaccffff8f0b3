#pragma once

#include <QHash>
#include <QString>
#include <QStringList>
#include <QVector>

#include <array>
#include <vector>

namespace desk::sandbox::hubspot {

enum class ObjectType
{
    Contacts = 0,
    Companies = 1,
    Deals = 2,
    Tickets = 3
};
constexpr int kObjectTypeCount = 4;

// "contacts" <-> ObjectType; also accepts singular names and object type ids (0-1 ...).
bool parseObjectType(const QString &text, ObjectType *type);
QString typeName(ObjectType type);      // contacts
QString singularName(ObjectType type);  // contact
QString objectTypeId(ObjectType type);  // 0-1
QString requiredScope(ObjectType type); // crm.objects.contacts.read / tickets

struct PropertyOption
{
    QString value;
    QString label;
};

struct PropertyDef
{
    QString name;
    QString label;
    QString type;      // string, number, datetime, date, enumeration, phone_number
    QString fieldType; // text, textarea, number, date, select, phonenumber
    QString groupName;
    QString description;
    QVector<PropertyOption> options;
    bool isDefault = false; // returned when no properties= is given
    bool always = false;    // returned even when not requested (hs_object_id, dates)
};

struct ObjectRecord
{
    qint64 id = 0;
    qint64 createdMs = 0;
    qint64 updatedMs = 0;
    qint64 archivedMs = 0;
    bool archived = false;
    std::vector<QString> values; // aligned with the type's schema; null QString = null
};

struct TypeStore
{
    QVector<PropertyDef> schema;
    QHash<QString, int> columns;        // property name -> index into values
    std::vector<ObjectRecord> active;   // sorted by id
    std::vector<ObjectRecord> archived; // sorted by id

    const ObjectRecord *find(qint64 id, bool archivedStore, int *index = nullptr) const;
    // Index of the first active record with id >= after.
    int lowerBound(qint64 after, bool archivedStore) const;
};

struct AssociationType
{
    int typeId = 0;
    QString name; // contact_to_company
};

struct Owner
{
    qint64 id = 0;
    qint64 userId = 0;
    QString email;
    QString firstName;
    QString lastName;
    qint64 createdMs = 0;
    qint64 updatedMs = 0;
};

struct PipelineStage
{
    QString id;
    QString label;
    int displayOrder = 0;
    QString probability; // deals only; null for tickets
    bool isClosed = false;
};

struct Pipeline
{
    QString id;
    QString label;
    QVector<PipelineStage> stages;
};

struct GeneratorConfig
{
    quint64 seed = 1;
    int contacts = 300;
    int companies = 60;
    int deals = 120;
    int tickets = 80;
    int owners = 8;
    int archivedPerType = 3;
};

// All demo data, generated once at start-up and read-only afterwards.
class HubSpotData
{
public:
    void generate(const GeneratorConfig &config);

    const TypeStore &store(ObjectType type) const { return m_stores[int(type)]; }
    // Indices (into store(to).active) associated with store(from).active[index].
    const std::vector<int> &associated(ObjectType from, ObjectType to, int index) const;
    static AssociationType associationType(ObjectType from, ObjectType to);

    const QVector<Owner> &owners() const { return m_owners; }
    const Pipeline &dealPipeline() const { return m_dealPipeline; }
    const Pipeline &ticketPipeline() const { return m_ticketPipeline; }

    static QString isoTime(qint64 msSinceEpoch); // 2024-03-05T10:15:30.123Z

private:
    std::array<TypeStore, kObjectTypeCount> m_stores;
    // m_links[from][to][index] -> list of indices
    std::array<std::array<std::vector<std::vector<int>>, kObjectTypeCount>, kObjectTypeCount>
        m_links;
    QVector<Owner> m_owners;
    Pipeline m_dealPipeline;
    Pipeline m_ticketPipeline;
};

} // namespace desk::sandbox::hubspot
