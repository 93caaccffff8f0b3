// SortKeys: per-row sort keys and the ICU collator behind text keys.
#include "tree/sortkeys.h"

#include <QLocale>
#include <QLoggingCategory>
#include <cstring>
#include <unicode/ucol.h>

Q_LOGGING_CATEGORY(lcSortKeys, "desk.ui.tree.sort")

namespace desk::tree {

Collator::Collator()
{
    UErrorCode status = U_ZERO_ERROR;
    const QByteArray locale = QLocale().name().toLatin1();
    m_collator = ucol_open(locale.constData(), &status);
    if (U_FAILURE(status)) {
        qCWarning(lcSortKeys) << "no collator for" << locale << u_errorName(status);
        status = U_ZERO_ERROR;
        m_collator = ucol_open("", &status); // the root collation
    }
    if (m_collator) {
        // Numbers inside names sort as numbers ("Item 9" before "Item 10").
        ucol_setAttribute(m_collator, UCOL_NUMERIC_COLLATION, UCOL_ON, &status);
    }
}

Collator::~Collator()
{
    if (m_collator)
        ucol_close(m_collator);
}

void Collator::key(QStringView text, QByteArray &out) const
{
    out.clear();
    if (!m_collator) {
        out = text.toString().toCaseFolded().toUtf8();
        return;
    }
    const auto *chars = reinterpret_cast<const UChar *>(text.utf16());
    const int32_t length = int32_t(text.size());
    out.resize(qMax<qsizetype>(32, text.size() * 2 + 16));
    int32_t size = ucol_getSortKey(m_collator, chars, length,
                                   reinterpret_cast<uint8_t *>(out.data()), int32_t(out.size()));
    if (size > out.size()) {
        out.resize(size);
        size = ucol_getSortKey(m_collator, chars, length, reinterpret_cast<uint8_t *>(out.data()),
                               int32_t(out.size()));
    }
    out.truncate(qMax(0, size - 1)); // without the terminating 0
}

SortKeys::SortKeys() = default;
SortKeys::~SortKeys() = default;

void SortKeys::clear()
{
    m_rows.clear();
    m_tails.clear();
}

void SortKeys::setRowKey(int rowId, const SortKey &key)
{
    if (size_t(rowId) >= m_rows.size())
        m_rows.resize(size_t(rowId) + 1 + m_rows.size() / 2);
    m_rows[size_t(rowId)] = key;
}

SortKey SortKeys::fromBytes(const QByteArray &bytes, quint64 prefixOverride, bool overridePrefix)
{
    SortKey key;
    int taken = 0;
    if (overridePrefix) {
        key.prefix = prefixOverride;
    } else {
        for (int i = 0; i < 8; ++i) {
            key.prefix <<= 8;
            if (i < bytes.size())
                key.prefix |= quint8(bytes.at(i));
        }
        taken = qMin(8, int(bytes.size()));
    }
    const quint32 rest = quint32(qMin<qsizetype>(bytes.size() - taken, 4096));
    if (rest > 0) {
        key.tail = m_tails.append(bytes.constData() + taken, rest);
        key.tailLength = rest;
    }
    return key;
}

SortKey SortKeys::text(QStringView text)
{
    m_collator.key(text, m_scratch);
    return fromBytes(m_scratch, 0, false);
}

SortKey SortKeys::number(QStringView text)
{
    bool ok = false;
    double value = QLocale::c().toDouble(text.trimmed(), &ok);
    if (!ok)
        value = QLocale().toDouble(text.trimmed(), &ok);
    if (ok && !qIsNaN(value)) {
        quint64 bits;
        std::memcpy(&bits, &value, sizeof bits);
        // IEEE 754 order as unsigned integers: flip negatives, set the sign of positives.
        bits = (bits & (1ull << 63)) ? ~bits : bits | (1ull << 63);
        SortKey key;
        key.prefix = qMin(bits, ~quint64(0) - 1);
        return key;
    }
    m_collator.key(text, m_scratch);
    return fromBytes(m_scratch, ~quint64(0), true); // after every number
}

SortKey SortKeys::time(qint64 ms)
{
    SortKey key;
    key.prefix = quint64(ms) ^ (1ull << 63);
    return key;
}

int SortKeys::compare(const SortKey &a, const SortKey &b) const
{
    if (a.prefix != b.prefix)
        return a.prefix < b.prefix ? -1 : 1;
    if (a.tailLength == 0 || b.tailLength == 0)
        return a.tailLength == b.tailLength ? 0 : (a.tailLength == 0 ? -1 : 1);
    const int c =
        std::memcmp(m_tails.at(a.tail), m_tails.at(b.tail), std::min(a.tailLength, b.tailLength));
    if (c != 0)
        return c < 0 ? -1 : 1;
    return a.tailLength == b.tailLength ? 0 : (a.tailLength < b.tailLength ? -1 : 1);
}

} // namespace desk::tree
