#pragma once

// The part of Airtable's formula language that filterByFormula needs for
// incremental reads: LAST_MODIFIED_TIME(), CREATED_TIME(), RECORD_ID(),
// IS_AFTER, IS_BEFORE, DATETIME_PARSE, AND, OR, NOT, TRUE(), FALSE(), {Field}
// references, string and number literals, and = != > >= < <=. Anything else is
// refused (the caller answers 422 INVALID_FILTER_BY_FORMULA) instead of being
// ignored, so a client never mistakes an unfiltered listing for a filtered one.
#include "airtabledata.h"

#include <QJsonObject>
#include <QString>

#include <memory>

namespace desk::sandbox::airtable {

// What a formula can look at for one record.
struct FormulaRecord
{
    QString id;
    qint64 createdMs = 0;
    qint64 modifiedMs = 0;
    QJsonObject fields; // by field name; only filled when the formula references fields
};

class Formula
{
public:
    Formula();
    ~Formula();
    Formula(Formula &&) noexcept;
    Formula &operator=(Formula &&) noexcept;

    // Compiles `text` against the table's fields; false with *error on failure.
    bool compile(const QString &text, const Table &table, QString *error);
    bool isEmpty() const;
    bool referencesFields() const;
    bool matches(const FormulaRecord &record) const;

    struct Node;

private:
    std::unique_ptr<Node> m_root;
    bool m_fields = false;
};

} // namespace desk::sandbox::airtable
