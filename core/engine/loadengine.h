#pragma once

// LoadEngine: the one ItemLoader. It runs what a provider declares
// (LoadDefinition: type catalog, API dialect, plan factory, child streams) on
// one ApiClient and owns everything providers used to repeat:
//
// - outstanding requests and cancel (cancel() ends every request at once and
//   emits finished() before it returns);
// - the unknown-type check (TypeCatalog::resolve);
// - per-stream cursors and resume points: a stream resumes at its first page
//   not emitted; a refused (expired) cursor is never kept;
// - ordered emission: per stream, pages are emitted in cursor order, each once
//   its follow-ups are in and the load's references are in;
// - restart of a stream whose cursor expired (counts stay exact);
// - de-duplication of types read by several partitions, combined progress;
// - request counts: every HTTP exchange (retries included) counts against the
//   type of the stream, follow-up, total or lookup that made it;
// - totals, the hierarchy assembler, parent names of known parents;
// - finished() exactly once per start() or resume(), with per-type sync state
//   and per-stream resume cursors;
// - checkpoint() after every emitted page and when types complete, so a keeper
//   can store items, removals, cursors and completion together;
// - children on demand as child streams.

#include "auth/providerprofile.h"
#include "engine/itemloader.h"
#include "engine/loadplan.h"
#include "net/apiclient.h"

#include <memory>

namespace desk {

class LoadEngine : public ItemLoader
{
    Q_OBJECT
public:
    // Applies definition.dialect() to `client` (and the profile's API base URL
    // when the client has none yet).
    LoadEngine(ApiClient &client, ProviderProfile profile, LoadDefinition definition,
               QObject *parent = nullptr);
    ~LoadEngine() override;

    // Page sizes, pacing, optional requests. Applies the dialect for it to the
    // client again. Takes effect for the next start().
    void setTuning(const LoadTuning &tuning);
    const LoadTuning &tuning() const;

    void start(const LoadRequest &request) override;
    void cancel() override;
    bool canResume() const override;
    void resume() override;

    bool canFetchChildren(const IntegrationItem &parent) const override;
    void fetchChildren(const IntegrationItem &parent) override;

    bool isRunning() const;
    LoadProgress progress() const;
    const LoadDefinition &definition() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
    friend struct Private;
};

} // namespace desk
