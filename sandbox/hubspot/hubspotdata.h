// The HubSpot demo data: object types and their schemas, records (active and
// archived, with the history that search's index lag needs), associations keyed
// by id, owners and pipelines; generated at start-up and changed through
// applyChanges() (hubspotchanges.cpp).
#pragma once

#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QVector>

#include <array>
#include <memory>
#include <vector>

namespace desk::sandbox {
class Prng;
}

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
    // When the sandbox last changed this record (wall clock, ms since the epoch; 0 for
    // generated records) and the record as it was before that change (null: it did not
    // exist). Search, which lags behind, reads this chain.
    qint64 changedAtMs = 0;
    std::shared_ptr<const ObjectRecord> before;
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
    qint64 maxId() const; // over active and archived records, 0 when empty
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
    // The first company and the first deal are also associated with the first N
    // contacts (and they with them), so association paging is exercised.
    int fanoutContacts = 0;
};

// One change set for one object type (POST /_sandbox/changes, --churn).
struct ChangeSet
{
    int modify = 0;
    int add = 0;
    int remove = 0; // archive
    quint64 seed = 0;
};

struct ChangeOutcome
{
    std::vector<qint64> modified, added, deleted; // ascending ids
};

// All demo data: generated at start-up, then changed only through applyChanges().
class HubSpotData
{
public:
    void generate(const GeneratorConfig &config);

    const TypeStore &store(ObjectType type) const { return m_stores[int(type)]; }
    // Ids of the `to` records associated with record `id` of type `from`, ascending.
    const std::vector<qint64> &associated(ObjectType from, ObjectType to, qint64 id) const;
    static AssociationType associationType(ObjectType from, ObjectType to);

    // Modifies, adds and archives records of one type, deterministically for
    // (current data, changes.seed), at wall-clock time nowMs. False (nothing
    // changed) with an error text when it asks for more records than exist.
    bool applyChanges(ObjectType type, const ChangeSet &changes, qint64 nowMs,
                      ChangeOutcome *outcome, QString *error);
    // How far back search may look (its index lag): earlier states are kept that long.
    void setHistoryMs(qint64 ms) { m_historyMs = ms; }
    // The record as it was at asOfMs (walking its `before` chain), or null if it
    // did not exist yet.
    static const ObjectRecord *asOf(const ObjectRecord &record, qint64 asOfMs);

    const QVector<Owner> &owners() const { return m_owners; }
    const Pipeline &dealPipeline() const { return m_dealPipeline; }
    const Pipeline &ticketPipeline() const { return m_ticketPipeline; }

    static QString isoTime(qint64 msSinceEpoch); // 2024-03-05T10:15:30.123Z
    static qint64 firstId(ObjectType type);      // ids of generated records start here

private:
    using IndexLinks =
        std::array<std::array<std::vector<std::vector<int>>, kObjectTypeCount>, kObjectTypeCount>;
    void indexLinks(const IndexLinks &links);
    void applyFanout(int contacts);
    void link(ObjectType a, qint64 aId, ObjectType b, qint64 bId);
    void unlinkAll(ObjectType type, qint64 id);

    // hubspotchanges.cpp
    struct Taken // values that must stay unique: company names and domains, contact emails
    {
        QSet<QString> first, second;
    };
    Taken takenValues(ObjectType type) const;
    std::shared_ptr<const ObjectRecord> snapshot(const ObjectRecord &record, qint64 nowMs) const;
    void modifyRecord(ObjectType type, ObjectRecord &record, Prng &rng, qint64 nowMs, Taken *taken);
    void archiveRecord(ObjectType type, qint64 id, qint64 nowMs);
    qint64 addRecord(ObjectType type, Prng &rng, qint64 nowMs, Taken *taken);
    void fillContact(ObjectRecord &record, Prng &rng, Taken *taken);
    void fillCompany(ObjectRecord &record, Prng &rng, Taken *taken);
    void fillDeal(ObjectRecord &record, Prng &rng);
    void fillTicket(ObjectRecord &record, Prng &rng);
    qint64 randomActive(ObjectType type, Prng &rng) const; // 0 when there is none
    void setLastModified(ObjectType type, ObjectRecord &record, qint64 ms);

    std::array<TypeStore, kObjectTypeCount> m_stores;
    // m_links[from][to][fromId] -> ascending ids of `to` records
    std::array<std::array<QHash<qint64, std::vector<qint64>>, kObjectTypeCount>, kObjectTypeCount>
        m_links;
    qint64 m_historyMs = 0;
    QVector<Owner> m_owners;
    Pipeline m_dealPipeline;
    Pipeline m_ticketPipeline;
};

} // namespace desk::sandbox::hubspot
