#include "prometheustext.h"

#include <cmath>

QByteArray PrometheusText::number(double value)
{
    if (std::isinf(value))
        return value > 0 ? "+Inf" : "-Inf";
    if (value == std::floor(value) && std::abs(value) < 1e15)
        return QByteArray::number(qint64(value));
    QByteArray text = QByteArray::number(value, 'f', 3);
    while (text.endsWith('0'))
        text.chop(1);
    return text;
}

void PrometheusText::family(const QByteArray &name, const QByteArray &type, const QByteArray &help)
{
    m_text += "# HELP " + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n';
}

void PrometheusText::sample(const QByteArray &name, double value, const Labels &labels)
{
    m_text += name;
    if (!labels.isEmpty()) {
        m_text += '{';
        for (qsizetype i = 0; i < labels.size(); ++i) {
            QByteArray escaped = labels.at(i).second;
            escaped.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
            m_text += (i ? "," : "") + labels.at(i).first + "=\"" + escaped + '"';
        }
        m_text += '}';
    }
    m_text += ' ' + number(value) + '\n';
}

void PrometheusText::histogram(const QByteArray &name, const QByteArray &help, const Histogram &h)
{
    family(name, "histogram", help);
    for (qsizetype i = 0; i < h.bounds().size(); ++i)
        sample(name + "_bucket", double(h.cumulative(i)), { { "le", number(h.bounds().at(i)) } });
    sample(name + "_bucket", double(h.count()), { { "le", "+Inf" } });
    sample(name + "_sum", h.sumSeconds());
    sample(name + "_count", double(h.count()));
}
