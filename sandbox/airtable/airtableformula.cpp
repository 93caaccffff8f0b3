#include "airtableformula.h"

#include "server/isotime.h"

#include <QDateTime>
#include <QVector>

using namespace Qt::StringLiterals;

namespace desk::sandbox::airtable {

namespace {

enum class Type
{
    Time,
    Text,
    Number,
    Bool
};

struct Value
{
    Type type = Type::Bool;
    bool blank = false;
    bool b = false;
    double number = 0;
    qint64 ms = 0;
    QString text;
};

bool parseTime(const QString &text, qint64 *ms)
{
    return parseIsoInstant(text, ms);
}

bool truthy(const Value &v)
{
    if (v.blank)
        return false;
    switch (v.type) {
    case Type::Bool:
        return v.b;
    case Type::Number:
        return v.number != 0;
    case Type::Text:
        return !v.text.isEmpty();
    case Type::Time:
        return true;
    }
    return false;
}

struct Token
{
    enum Kind
    {
        End,
        Name,
        String,
        Number,
        Field,
        Op,
        Open,
        Close,
        Comma
    } kind = End;
    QString text;
};

} // namespace

struct Formula::Node
{
    enum class Kind
    {
        Literal,
        Field,
        Call,
        Compare
    };
    Kind kind = Kind::Literal;
    Type type = Type::Bool;
    Value literal;
    QString name; // field name, function name or comparison operator
    QString fieldType;
    std::vector<std::unique_ptr<Node>> args;

    Value eval(const FormulaRecord &r) const;
};

namespace {

class Parser
{
public:
    Parser(const QString &text, const Table &table) : m_text(text), m_table(table) {}

    std::unique_ptr<Formula::Node> parse(QString *error, bool *fields);

private:
    using NodePtr = std::unique_ptr<Formula::Node>;
    Token next();
    Token peek();
    NodePtr comparison();
    NodePtr term();
    NodePtr call(const QString &name);
    NodePtr field(const QString &name);
    bool coerceToTime(Formula::Node &node);
    NodePtr fail(const QString &message)
    {
        if (m_error.isEmpty())
            m_error = message;
        return nullptr;
    }

    QString m_text;
    const Table &m_table;
    int m_pos = 0;
    bool m_havePeek = false;
    Token m_peek;
    QString m_error;
    bool m_fields = false;
};

Token Parser::peek()
{
    if (!m_havePeek) {
        m_peek = next();
        m_havePeek = true;
    }
    return m_peek;
}

Token Parser::next()
{
    if (m_havePeek) {
        m_havePeek = false;
        return m_peek;
    }
    while (m_pos < m_text.size() && m_text.at(m_pos).isSpace())
        ++m_pos;
    Token t;
    if (m_pos >= m_text.size())
        return t;
    const QChar c = m_text.at(m_pos);
    if (c == u'\'' || c == u'"') {
        t.kind = Token::String;
        ++m_pos;
        while (m_pos < m_text.size() && m_text.at(m_pos) != c) {
            if (m_text.at(m_pos) == u'\\' && m_pos + 1 < m_text.size())
                ++m_pos;
            t.text.append(m_text.at(m_pos++));
        }
        if (m_pos >= m_text.size())
            fail(u"unterminated string"_s);
        ++m_pos;
    } else if (c == u'{') {
        t.kind = Token::Field;
        const int end = m_text.indexOf(u'}', m_pos);
        if (end < 0) {
            fail(u"unterminated {field} reference"_s);
            m_pos = int(m_text.size());
            return t;
        }
        t.text = m_text.mid(m_pos + 1, end - m_pos - 1);
        m_pos = end + 1;
    } else if (c.isDigit() ||
               (c == u'.' && m_pos + 1 < m_text.size() && m_text.at(m_pos + 1).isDigit())) {
        t.kind = Token::Number;
        while (m_pos < m_text.size() && (m_text.at(m_pos).isDigit() || m_text.at(m_pos) == u'.'))
            t.text.append(m_text.at(m_pos++));
    } else if (c.isLetter() || c == u'_') {
        t.kind = Token::Name;
        while (m_pos < m_text.size() &&
               (m_text.at(m_pos).isLetterOrNumber() || m_text.at(m_pos) == u'_'))
            t.text.append(m_text.at(m_pos++));
    } else if (c == u'(' || c == u')' || c == u',') {
        t.kind = c == u'(' ? Token::Open : c == u')' ? Token::Close : Token::Comma;
        t.text = c;
        ++m_pos;
    } else {
        static const QStringList ops = {u"!="_s, u">="_s, u"<="_s, u"="_s, u">"_s, u"<"_s};
        for (const QString &op : ops) {
            if (m_text.mid(m_pos, op.size()) == op) {
                t.kind = Token::Op;
                t.text = op;
                m_pos += int(op.size());
                return t;
            }
        }
        fail(u"'"_s + c + u"' is not supported here"_s);
        m_pos = int(m_text.size());
    }
    return t;
}

std::unique_ptr<Formula::Node> Parser::parse(QString *error, bool *fields)
{
    NodePtr root = comparison();
    if (root && peek().kind != Token::End)
        fail(u"unexpected '"_s + peek().text + u"' after the end of the formula"_s);
    if (!m_error.isEmpty()) {
        *error = m_error;
        return nullptr;
    }
    *fields = m_fields;
    return root;
}

// A string literal where a time is needed becomes that time (or an error now,
// not a silent mismatch later).
bool Parser::coerceToTime(Formula::Node &node)
{
    if (node.type == Type::Time)
        return true;
    if (node.kind != Formula::Node::Kind::Literal || node.type != Type::Text)
        return false;
    qint64 ms = 0;
    if (!parseTime(node.literal.text, &ms)) {
        fail(u"'"_s + node.literal.text +
             u"' is not a date (use ISO 8601, e.g. 2024-01-31T12:00:00.000Z)"_s);
        return false;
    }
    node.type = Type::Time;
    node.literal.type = Type::Time;
    node.literal.ms = ms;
    return true;
}

std::unique_ptr<Formula::Node> Parser::comparison()
{
    NodePtr left = term();
    if (!left || peek().kind != Token::Op)
        return left;
    const QString op = next().text;
    NodePtr right = term();
    if (!right)
        return nullptr;
    if (left->type == Type::Time || right->type == Type::Time) {
        if (!coerceToTime(*left) || !coerceToTime(*right))
            return fail(u"a time can only be compared with a time or a date string"_s);
    } else if (left->type != right->type &&
               !(left->type == Type::Bool && right->type == Type::Number) &&
               !(left->type == Type::Number && right->type == Type::Bool)) {
        return fail(u"cannot compare these values with "_s + op);
    }
    auto node = std::make_unique<Formula::Node>();
    node->kind = Formula::Node::Kind::Compare;
    node->type = Type::Bool;
    node->name = op;
    node->args.push_back(std::move(left));
    node->args.push_back(std::move(right));
    return node;
}

std::unique_ptr<Formula::Node> Parser::term()
{
    const Token t = next();
    auto literal = [](Type type) {
        auto n = std::make_unique<Formula::Node>();
        n->type = type;
        n->literal.type = type;
        return n;
    };
    switch (t.kind) {
    case Token::String: {
        NodePtr n = literal(Type::Text);
        n->literal.text = t.text;
        return n;
    }
    case Token::Number: {
        bool ok = false;
        NodePtr n = literal(Type::Number);
        n->literal.number = t.text.toDouble(&ok);
        return ok ? std::move(n) : fail(u"bad number "_s + t.text);
    }
    case Token::Field:
        return field(t.text);
    case Token::Name:
        return call(t.text.toUpper());
    case Token::Open: {
        NodePtr inner = comparison();
        if (inner && next().kind != Token::Close)
            return fail(u"missing ')'"_s);
        return inner;
    }
    default:
        return fail(t.kind == Token::End ? u"the formula ends too early"_s
                                         : u"unexpected '"_s + t.text + u"'"_s);
    }
}

std::unique_ptr<Formula::Node> Parser::field(const QString &name)
{
    for (const FieldDef &f : m_table.fields) {
        if (f.name != name)
            continue;
        auto n = std::make_unique<Formula::Node>();
        n->kind = Formula::Node::Kind::Field;
        n->name = name;
        n->fieldType = f.type;
        static const QStringList times = {u"date"_s, u"dateTime"_s, u"createdTime"_s,
                                          u"lastModifiedTime"_s};
        static const QStringList numbers = {u"number"_s, u"currency"_s, u"percent"_s, u"rating"_s,
                                            u"autoNumber"_s};
        static const QStringList texts = {u"singleLineText"_s, u"multilineText"_s,
                                          u"email"_s,          u"url"_s,
                                          u"phoneNumber"_s,    u"singleSelect"_s};
        if (times.contains(f.type))
            n->type = Type::Time;
        else if (numbers.contains(f.type))
            n->type = Type::Number;
        else if (f.type == u"checkbox"_s)
            n->type = Type::Bool;
        else if (texts.contains(f.type))
            n->type = Type::Text;
        else
            return fail(u"fields of type "_s + f.type +
                        u" are not supported in the sandbox's formulas"_s);
        m_fields = true;
        return n;
    }
    return fail(u"unknown field name: {"_s + name + u'}');
}

std::unique_ptr<Formula::Node> Parser::call(const QString &name)
{
    if (next().kind != Token::Open)
        return fail(u"expected '(' after "_s + name);
    auto node = std::make_unique<Formula::Node>();
    node->kind = Formula::Node::Kind::Call;
    node->name = name;
    if (peek().kind == Token::Close) {
        next();
    } else {
        for (;;) {
            NodePtr arg = comparison();
            if (!arg)
                return nullptr;
            node->args.push_back(std::move(arg));
            const Token sep = next();
            if (sep.kind == Token::Close)
                break;
            if (sep.kind != Token::Comma)
                return fail(u"expected ',' or ')' in "_s + name + u"()"_s);
        }
    }
    const int n = int(node->args.size());
    auto arity = [&](int want) {
        return n == want
                   ? true
                   : (fail(name + u"() takes "_s + QString::number(want) + u" argument(s) here"_s),
                      false);
    };
    if (name == u"LAST_MODIFIED_TIME"_s || name == u"CREATED_TIME"_s) {
        if (!arity(0))
            return nullptr;
        node->type = Type::Time;
    } else if (name == u"RECORD_ID"_s) {
        if (!arity(0))
            return nullptr;
        node->type = Type::Text;
    } else if (name == u"TRUE"_s || name == u"FALSE"_s) {
        if (!arity(0))
            return nullptr;
        node->type = Type::Bool;
    } else if (name == u"DATETIME_PARSE"_s) {
        if (!arity(1) || !coerceToTime(*node->args.front()))
            return fail(u"DATETIME_PARSE() takes one ISO 8601 date string here"_s);
        return std::move(node->args.front());
    } else if (name == u"IS_AFTER"_s || name == u"IS_BEFORE"_s) {
        if (!arity(2))
            return nullptr;
        for (auto &a : node->args)
            if (!coerceToTime(*a))
                return fail(name + u"() compares two times or date strings"_s);
        node->type = Type::Bool;
    } else if (name == u"AND"_s || name == u"OR"_s || name == u"NOT"_s) {
        if (name == u"NOT"_s ? !arity(1) : n == 0)
            return fail(name + u"() needs arguments"_s);
        node->type = Type::Bool;
    } else {
        return fail(u"the function "_s + name + u"() is not imitated by the sandbox"_s);
    }
    return node;
}

int compareValues(const Value &a, const Value &b)
{
    switch (a.type) {
    case Type::Time:
        return a.ms < b.ms ? -1 : a.ms > b.ms;
    case Type::Text:
        return a.text.compare(b.text);
    default: {
        const double x = a.type == Type::Bool ? double(a.b) : a.number;
        const double y = b.type == Type::Bool ? double(b.b) : b.number;
        return x < y ? -1 : x > y;
    }
    }
}

} // namespace

Value Formula::Node::eval(const FormulaRecord &r) const
{
    Value v;
    v.type = type;
    switch (kind) {
    case Kind::Literal:
        return literal;
    case Kind::Field: {
        const QJsonValue j = r.fields.value(name);
        v.blank = j.isUndefined() || j.isNull();
        if (type == Type::Time)
            v.blank = v.blank || !parseTime(j.toString(), &v.ms);
        else if (type == Type::Number)
            v.number = j.toDouble();
        else if (type == Type::Bool) {
            v.b = j.toBool(false);
            v.blank = false; // an unchecked box (left out of fields) is false, not blank
        } else
            v.text = j.toString();
        return v;
    }
    case Kind::Compare: {
        const Value a = args[0]->eval(r), b = args[1]->eval(r);
        if (a.blank || b.blank) {
            const bool bothEmpty = (a.blank || (a.type == Type::Text && a.text.isEmpty())) &&
                                   (b.blank || (b.type == Type::Text && b.text.isEmpty()));
            v.b = name == u"="_s ? bothEmpty : name == u"!="_s ? !bothEmpty : false;
            return v;
        }
        const int c = compareValues(a, b);
        v.b = name == u"="_s    ? c == 0
              : name == u"!="_s ? c != 0
              : name == u">"_s  ? c > 0
              : name == u">="_s ? c >= 0
              : name == u"<"_s  ? c < 0
                                : c <= 0;
        return v;
    }
    case Kind::Call:
        break;
    }
    if (name == u"LAST_MODIFIED_TIME"_s) {
        v.ms = r.modifiedMs;
    } else if (name == u"CREATED_TIME"_s) {
        v.ms = r.createdMs;
    } else if (name == u"RECORD_ID"_s) {
        v.text = r.id;
    } else if (name == u"TRUE"_s || name == u"FALSE"_s) {
        v.b = name == u"TRUE"_s;
    } else if (name == u"IS_AFTER"_s || name == u"IS_BEFORE"_s) {
        const Value a = args[0]->eval(r), b = args[1]->eval(r);
        v.b = !a.blank && !b.blank && (name == u"IS_AFTER"_s ? a.ms > b.ms : a.ms < b.ms);
    } else if (name == u"NOT"_s) {
        v.b = !truthy(args[0]->eval(r));
    } else {
        const bool all = name == u"AND"_s;
        v.b = all;
        for (const auto &a : args)
            if (truthy(a->eval(r)) != all) {
                v.b = !all;
                break;
            }
    }
    return v;
}

Formula::Formula() = default;
Formula::~Formula() = default;
Formula::Formula(Formula &&) noexcept = default;
Formula &Formula::operator=(Formula &&) noexcept = default;

bool Formula::compile(const QString &text, const Table &table, QString *error)
{
    m_root.reset();
    m_fields = false;
    if (text.trimmed().isEmpty())
        return true; // an empty formula filters nothing
    Parser parser(text, table);
    m_root = parser.parse(error, &m_fields);
    return m_root != nullptr;
}

bool Formula::isEmpty() const
{
    return !m_root;
}

bool Formula::referencesFields() const
{
    return m_fields;
}

bool Formula::matches(const FormulaRecord &record) const
{
    return !m_root || truthy(m_root->eval(record));
}

} // namespace desk::sandbox::airtable
