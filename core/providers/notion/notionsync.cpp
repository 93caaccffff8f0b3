// Notion's sync token (mark, databases, parents) and the state one load's
// streams share.
#include "providers/notion/notionsync.h"

#include "providers/notion/notionpage.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>

namespace desk::notion {

namespace {

constexpr int kTokenVersion = 1;
constexpr int kMaxBlockChain = 8;

// Parent types in the token, one letter each (the token can hold thousands).
const QHash<QString, QString> &typeLetters()
{
    static const QHash<QString, QString> letters{{kPages, QStringLiteral("p")},
                                                 {kDataSources, QStringLiteral("s")},
                                                 {kDatabases, QStringLiteral("d")},
                                                 {kWorkspace, QStringLiteral("w")}};
    return letters;
}

} // namespace

QString SyncToken::encode() const
{
    QJsonObject dbs;
    for (auto it = databases.cbegin(); it != databases.cend(); ++it)
        dbs.insert(it.key(), QJsonArray::fromStringList(it.value()));
    QJsonObject known;
    for (auto it = parents.cbegin(); it != parents.cend(); ++it)
        known.insert(it.key(), QJsonArray{typeLetters().value(it.value().type), it.value().name});
    const QJsonObject o{{QStringLiteral("v"), kTokenVersion},
                        {QStringLiteral("mark"), mark.toUTC().toString(Qt::ISODateWithMs)},
                        {QStringLiteral("databases"), dbs},
                        {QStringLiteral("parents"), known}};
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

std::optional<SyncToken> SyncToken::decode(const QString &text)
{
    const QJsonObject o = QJsonDocument::fromJson(text.toUtf8()).object();
    if (o.value(QStringLiteral("v")).toInt() != kTokenVersion)
        return std::nullopt;
    SyncToken token;
    token.mark =
        QDateTime::fromString(o.value(QStringLiteral("mark")).toString(), Qt::ISODateWithMs);
    if (!token.mark.isValid())
        return std::nullopt;
    const QJsonObject dbs = o.value(QStringLiteral("databases")).toObject();
    for (auto it = dbs.constBegin(); it != dbs.constEnd(); ++it) {
        QStringList sources;
        for (const QJsonValue &id : it.value().toArray())
            sources.append(id.toString());
        token.databases.insert(it.key(), sources);
    }
    const QJsonObject known = o.value(QStringLiteral("parents")).toObject();
    for (auto it = known.constBegin(); it != known.constEnd(); ++it) {
        const QJsonArray entry = it.value().toArray();
        const QString type = typeLetters().key(entry.at(0).toString());
        if (type.isEmpty())
            return std::nullopt;
        token.parents.insert(it.key(), KnownParent{type, entry.at(1).toString()});
    }
    return token;
}

void LoadState::sawEdit(const QDateTime &edited)
{
    if (edited.isValid() && (!newest.isValid() || edited > newest))
        newest = edited;
}

bool LoadState::sawLive(const IntegrationItem &item, const ParentRef &parent)
{
    sawEdit(item.modified);
    names.insert(item.id, KnownParent{item.type, item.name});
    if (item.type == kDataSources)
        liveDataSources.insert(item.id);
    if (parent.kind == ParentRef::Kind::Item)
        parentRefs.insert(parent.id);
    else if (parent.kind == ParentRef::Kind::Lookup)
        blockRefs.insert(parent.id);
    if (!incremental)
        return false;
    const auto before = previous.parents.constFind(item.id);
    return before != previous.parents.cend() && before->name != item.name;
}

std::optional<KnownParent> LoadState::known(const QString &id) const
{
    if (removed.contains(id))
        return std::nullopt;
    const auto read = names.constFind(id);
    if (read != names.cend())
        return *read;
    const auto kept = previous.parents.constFind(id);
    if (incremental && kept != previous.parents.cend())
        return *kept;
    return std::nullopt;
}

bool LoadState::changed(const QDateTime &edited) const
{
    return !cutoff.isValid() || !edited.isValid() || edited >= cutoff;
}

QString LoadState::token() const
{
    SyncToken next;
    if (incremental) {
        next = previous;
        for (const QString &id : removed) {
            next.parents.remove(id);
            next.databases.remove(id);
        }
        for (QStringList &sources : next.databases)
            sources.erase(
                std::remove_if(sources.begin(), sources.end(),
                               [this](const QString &id) { return removed.contains(id); }),
                sources.end());
    }
    next.mark = previous.mark.isValid() && (!newest.isValid() || previous.mark > newest)
                    ? previous.mark
                    : newest;
    if (!next.mark.isValid())
        next.mark = QDateTime::fromMSecsSinceEpoch(0, Qt::UTC); // an empty workspace
    for (auto it = databases.cbegin(); it != databases.cend(); ++it)
        next.databases.insert(it.key(), it.value());
    QSet<QString> parents = parentRefs;
    for (const QString &block : blockRefs) {
        QString at = block;
        for (int i = 0; i < kMaxBlockChain && blockParents.contains(at); ++i)
            at = blockParents.value(at);
        if (at != block)
            parents.insert(at);
    }
    parents.insert(kWorkspace);
    for (auto it = next.parents.cbegin(); it != next.parents.cend(); ++it)
        parents.insert(it.key());
    for (const QString &id : std::as_const(parents))
        if (const auto parent = known(id))
            next.parents.insert(id, *parent);
    return next.encode();
}

} // namespace desk::notion
