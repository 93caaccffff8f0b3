// A provider that exists only for the tests: "Test Notes", one object type
// (notes), one stream (GET /api/notes?cursor=..., pages of
// {"notes":[{"id","title"}],"next"}), declared here and registered with one line.
// Nothing outside this folder names it.
#include "providers/providerspec.h"

#include <QJsonArray>
#include <QJsonObject>

namespace {

desk::StreamSpec notesStream(const desk::PlanContext &context)
{
    const QUrl web = context.profile.webBaseUrl;
    desk::StreamSpec stream;
    stream.key = QStringLiteral("notes");
    stream.type = QStringLiteral("notes");
    stream.request = [](const QString &cursor) {
        desk::ApiRequest request;
        request.url = QUrl(QStringLiteral("/api/notes"));
        if (!cursor.isEmpty())
            request.url.setQuery(QStringLiteral("cursor=") + cursor);
        return request;
    };
    stream.read = [web](const QJsonDocument &document) -> desk::Result<desk::StreamPage> {
        const QJsonValue notes = document.object().value(QStringLiteral("notes"));
        if (!notes.isArray())
            return desk::Error(desk::Error::Kind::BadResponse, QStringLiteral("unreadable notes"),
                               QStringLiteral("notes: 'notes' missing"));
        desk::StreamPage page;
        for (const QJsonValue &value : notes.toArray()) {
            desk::IntegrationItem item;
            item.type = QStringLiteral("notes");
            item.id = value.toObject().value(QStringLiteral("id")).toString();
            item.name = value.toObject().value(QStringLiteral("title")).toString();
            item.url = QUrl(web.toString() + QStringLiteral("/n/") + item.id);
            page.items.append(item);
        }
        page.nextCursor = document.object().value(QStringLiteral("next")).toString();
        return page;
    };
    return stream;
}

desk::ProviderSpec notesSpec()
{
    desk::ProviderSpec spec;
    spec.id = QStringLiteral("testnotes");
    spec.displayName = QStringLiteral("Test Notes");
    desk::TypePresentation notes;
    notes.id = QStringLiteral("notes");
    notes.displayName = QStringLiteral("Notes");
    spec.itemPresentation.types = {notes};
    spec.itemPresentation.webAppName = QStringLiteral("Test Notes");
    spec.endpoints.api = QUrl(QStringLiteral("https://notes.invalid"));
    spec.endpoints.web = QUrl(QStringLiteral("https://notes.invalid/app"));
    spec.sandbox.authorize = QStringLiteral("/authorize");
    spec.sandbox.token = QStringLiteral("/token");
    spec.sandbox.webOnSandbox = true;
    spec.demoClient = {QStringLiteral("notes-demo"), QStringLiteral("notes-demo-secret")};
    spec.plan = [](const desk::PlanContext &context) {
        desk::LoadPlan plan;
        plan.streams.append(notesStream(context));
        return plan;
    };
    return spec;
}

} // namespace

// The one registration line.
static const bool registered = desk::ProviderRegistry::add(notesSpec());
