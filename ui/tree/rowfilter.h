#pragma once

// RowFilter: which rows contain every word of the filter text. Searches the
// RowStore's case-folded text arena with memmem, one arena chunk at a time,
// so a million rows are matched in slices the event loop can interleave. A
// narrowing search (each earlier word inside a new word: "ze" after "z") tests
// only the rows the earlier words matched.

#include "tree/rowstore.h"

#include <QByteArrayList>
#include <vector>

namespace desk::tree {

class RowFilter
{
public:
    // The filter text as folded words; empty = no filter.
    static QByteArrayList words(const QString &text);
    static bool matches(QByteArrayView folded, const QByteArrayList &words);

    void start(const QByteArrayList &words);
    // Whether every row matching `words` also matches `earlier`.
    static bool narrows(const QByteArrayList &words, const QByteArrayList &earlier);
    // A search over `candidates` only (the rows an earlier, wider filter matched);
    // rows added or changed meanwhile must be reported with rowChanged().
    void startNarrowing(const QByteArrayList &words, std::vector<int> candidates);
    bool isRunning() const { return m_running; }
    bool isNarrowing() const { return m_running && m_narrowing; }
    const QByteArrayList &words() const { return m_words; }
    // Searches for about `budgetMs`; true once every row was searched.
    bool step(const RowStore &rows, int budgetMs);
    // A row that changed while the search runs: matched again at the end.
    void rowChanged(int rowId) { m_changed.push_back(rowId); }
    // The result by row id (call once step() returned true).
    std::vector<quint8> finish(const RowStore &rows);
    void cancel() { m_running = false; }

private:
    void searchChunk(const RowStore &rows, int chunk);
    bool stepCandidates(const RowStore &rows, int budgetMs);

    QByteArrayList m_words;
    bool m_running = false;
    int m_chunk = 0;   // next arena chunk
    int m_segment = 0; // segment cursor (segments are in arena order)
    bool m_narrowing = false;
    std::vector<int> m_candidates; // narrowing: the rows to test, from m_next
    size_t m_next = 0;
    std::vector<quint8> m_match;
    std::vector<int> m_changed;
};

} // namespace desk::tree
