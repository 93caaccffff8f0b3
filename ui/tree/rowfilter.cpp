// RowFilter: sliced memmem search over the folded text of every row.
#include "tree/rowfilter.h"

#include <QElapsedTimer>
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
    m_chunk = 0;
    m_segment = 0;
    m_match.clear();
    m_changed.clear();
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
    while (m_chunk < rows.foldedArena().chunkCount())
        searchChunk(rows, m_chunk++);
    m_match.resize(size_t(rows.capacity()), 0);
    for (int rowId : m_changed)
        if (rows.isAlive(rowId))
            m_match[size_t(rowId)] = matches(rows.folded(rowId), m_words) ? 1 : 0;
    m_running = false;
    m_changed.clear();
    return std::move(m_match);
}

} // namespace desk::tree
