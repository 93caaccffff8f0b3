#pragma once

#include <QString>
#include <QUrl>

namespace desk {

// `base` with `path` appended to its path: trailing slashes of the base path are
// dropped and `path` gets a leading one, so "http://h/x/" + "v1/a" and
// "http://h/x" + "/v1/a" both give "http://h/x/v1/a". Query and fragment of
// `base` are kept.
QUrl appendPath(const QUrl &base, const QString &path);

} // namespace desk
