// RowFilter: sliced memmem search over the folded text of every row.
#include "tree/rowfilter.h"

#include <QElapsedTimer>
#include <algorithm>
#include <cstring>

namespace desk::tree {

QByteArrayList RowFilter::words(const QString &text)
{
    QByteArrayList words;
    for (const QString &word : text.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts))
        words.append(RowStore::fold(word));
    return words;
}

bool RowFilter::matches(QByteArrayView folded, const QByteArrayList &words)
{
    for (const QByteArray &word : words)
        if (!memmem(folded.data(), size_t(folded.size()), word.constData(), size_t(word.size())))
            return false;
    return true;
}

void RowFilter::start(const QByteArrayList &words)
{
    m_words = words;
    m_running = !words.isEmpty();
    m_narrowing = false;
    m_candidates.clear();
    m_next = 0;
    m_chunk = 0;
    m_segment = 0;
    m_match.clear();
    m_changed.clear();
}

bool RowFilter::narrows(const QByteArrayList &words, const QByteArrayList &earlier)
{
    // A row holding every new word holds every earlier one when each earlier
    // word is part of some new word.
    if (words.isEmpty() || earlier.isEmpty())
        return false;
    return std::all_of(earlier.begin(), earlier.end(), [&](const QByteArray &old) {
        return std::any_of(words.begin(), words.end(),
                           [&](const QByteArray &word) { return word.contains(old); });
    });
}

void RowFilter::startNarrowing(const QByteArrayList &words, std::vector<int> candidates)
{
    start(words);
    m_narrowing = m_running;
    m_candidates = std::move(candidates);
}

bool RowFilter::stepCandidates(const RowStore &rows, int budgetMs)
{
    QElapsedTimer timer;
    timer.start();
    if (m_match.size() < size_t(rows.capacity()))
        m_match.resize(size_t(rows.capacity()), 0);
    while (m_next < m_candidates.size()) {
        const size_t end = std::min(m_candidates.size(), m_next + 1024);
        for (; m_next < end; ++m_next) {
            const int rowId = m_candidates[m_next];
            if (rows.isAlive(rowId))
                m_match[size_t(rowId)] = matches(rows.folded(rowId), m_words) ? 1 : 0;
        }
        if (budgetMs >= 0 && timer.elapsed() >= budgetMs)
            return m_next >= m_candidates.size();
    }
    return true;
}

void RowFilter::searchChunk(const RowStore &rows, int chunk)
{
    const ChunkedArena<char> &arena = rows.foldedArena();
    const char *base = arena.chunk(chunk);
    const size_t used = arena.chunkUsed(chunk);
    const QByteArray &first = m_words.first();
    const quint32 chunkStart = quint32(chunk) << ChunkedArena<char>::kChunkBits;
    size_t from = 0;
    while (from < used) {
        const void *hit = memmem(base + from, used - from, first.constData(), size_t(first.size()));
        if (!hit)
            break;
        const quint32 at = chunkStart + quint32(static_cast<const char *>(hit) - base);
        // The segment holding the hit: segments never span chunks and are in arena order.
        while (m_segment + 1 < rows.segmentCount() && rows.segmentStart(m_segment + 1) <= at)
            ++m_segment;
        const int rowId = rows.segmentRow(m_segment);
        const quint32 start = rows.segmentStart(m_segment);
        quint32 end = at + 1;
        if (rowId >= 0) {
            const QByteArrayView text = rows.folded(rowId);
            end = start + quint32(text.size());
            if (at + quint32(first.size()) <= end && matches(text, m_words)) {
                if (size_t(rowId) >= m_match.size())
                    m_match.resize(size_t(rows.capacity()), 0);
                m_match[size_t(rowId)] = 1;
            }
        } else if (m_segment + 1 < rows.segmentCount()) {
            end = rows.segmentStart(m_segment + 1);
        }
        from = qMax<size_t>(from + 1, (end - chunkStart)); // on to the next segment
    }
}

bool RowFilter::step(const RowStore &rows, int budgetMs)
{
    if (!m_running)
        return true;
    if (m_narrowing)
        return stepCandidates(rows, budgetMs);
    QElapsedTimer timer;
    timer.start();
    while (m_chunk < rows.foldedArena().chunkCount()) {
        // The last chunk still grows: search it only at the end, in finish().
        if (m_chunk + 1 == rows.foldedArena().chunkCount())
            return true;
        searchChunk(rows, m_chunk++);
        if (timer.elapsed() >= budgetMs)
            return false;
    }
    return true;
}

std::vector<quint8> RowFilter::finish(const RowStore &rows)
{
    if (m_narrowing)
        stepCandidates(rows, -1);
    else
        while (m_chunk < rows.foldedArena().chunkCount())
            searchChunk(rows, m_chunk++);
    m_match.resize(size_t(rows.capacity()), 0);
    for (int rowId : m_changed)
        if (rows.isAlive(rowId))
            m_match[size_t(rowId)] = matches(rows.folded(rowId), m_words) ? 1 : 0;
    m_running = false;
    m_narrowing = false;
    m_changed.clear();
    m_candidates.clear();
    return std::move(m_match);
}

} // namespace desk::tree
