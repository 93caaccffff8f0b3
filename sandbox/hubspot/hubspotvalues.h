// Demo vocabulary and value helpers shared by the start-up generator
// (hubspotdata.cpp) and the change endpoint (hubspotchanges.cpp).
#pragma once

#include "hubspotdata.h"
#include "server/prng.h"

#include <QSet>
#include <QStringList>
#include <QVector>

namespace desk::sandbox::hubspot::demo {

struct Place
{
    QString city;
    QString country;
    QString phonePrefix; // country calling code and area
    int localDigits;
};

const QStringList &firstNames();
const QStringList &lastNames();
const QStringList &companyPrefixes();
const QStringList &companySuffixes();
const QVector<Place> &places();
const QStringList &jobTitles();
const QStringList &freeMailDomains();
const QVector<PropertyOption> &industries();
const QVector<PropertyOption> &lifecycleStages();
const QVector<PropertyOption> &ticketCategories();
const QVector<PropertyOption> &ticketPriorities();
const QStringList &ticketSubjects();
const QStringList &ticketContents();
const QStringList &dealProducts();
QVector<PropertyOption> currencies();

QString asciiLower(const QString &text); // "Zoë" -> "zoe"
QString digits(Prng &rng, int count);

// Sets one property of a record by name.
struct Setter
{
    const TypeStore &store;
    ObjectRecord &record;
    void operator()(const QString &name, const QString &value) const
    {
        record.values[size_t(store.columns.value(name))] = value;
    }
};

// The value blocks of each type, in the order the generator draws them (so the
// same seed keeps giving the same data), for generated and added records alike.
QString pickOwner(Prng &rng, const QVector<Owner> &owners); // null for about 10%
// name, domain (both unique: *names, *domains), phone, city, country, industry,
// numberofemployees, annualrevenue
void companyDetails(Prng &rng, const Setter &set, QSet<QString> *names, QSet<QString> *domains);
struct CompanyFacts
{
    QString name, domain, city, country;
};
// email (unique: *emails), firstname, lastname, company, city, country, phone,
// jobtitle, lifecyclestage; `company` null: a person without a company.
void contactDetails(Prng &rng, const Setter &set, qint64 id, const QString &first,
                    const QString &last, const CompanyFacts *company, QSet<QString> *emails);
// dealname ("<who> - <product>"), amount, dealstage, pipeline, closedate,
// hubspot_owner_id, deal_currency_code
void dealDetails(Prng &rng, const Setter &set, const QString &who, const Pipeline &pipeline,
                 qint64 createdMs, const QVector<Owner> &owners);
// subject, content, hs_pipeline, hs_pipeline_stage, hs_ticket_category,
// hs_ticket_priority, hubspot_owner_id
void ticketDetails(Prng &rng, const Setter &set, const Pipeline &pipeline,
                   const QVector<Owner> &owners);

} // namespace desk::sandbox::hubspot::demo
