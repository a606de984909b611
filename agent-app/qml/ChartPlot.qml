import QtQuick
import QtQuick.Controls
import ChatAgent

// One panel of the queue chart: bars (two overlaid series) or lines (two series, gaps where a
// bucket has no value), with value labels on the left and bucket labels below. Values arrive
// scaled to the axis (0–1, -1 = none); this only draws them.
Item {
    id: root

    property string title
    property bool bars: true
    property var valuesA: []
    property var valuesB: []
    property color colorA: Theme.accentSoft
    property color colorB: Theme.accent
    property var axisLabels: []
    property var bucketLabels: []

    readonly property int axisWidth: 72
    readonly property int bucketCount: valuesA.length

    implicitHeight: 170

    onValuesAChanged: canvas.requestPaint()
    onValuesBChanged: canvas.requestPaint()
    onBarsChanged: canvas.requestPaint()

    Connections {
        target: Theme
        function onChanged() {
            canvas.requestPaint();
        }
    }

    Label {
        id: titleLabel

        objectName: "plotTitle"
        textFormat: Text.PlainText
        text: root.title
        color: Theme.text
        font.pixelSize: 13
        font.weight: Font.DemiBold
    }

    Item {
        id: plot

        x: root.axisWidth
        y: titleLabel.height + 10
        width: root.width - root.axisWidth - 8
        height: root.height - y - 22
    }

    Repeater {
        model: root.axisLabels

        Label {
            id: axisLabel

            required property string modelData
            required property int index

            x: 0
            width: root.axisWidth - 8
            y: plot.y + plot.height * (1 - axisLabel.index / Math.max(1, root.axisLabels.length - 1)) - axisLabel.height / 2
            horizontalAlignment: Text.AlignRight
            textFormat: Text.PlainText
            text: axisLabel.modelData
            color: Theme.textMuted
            font.pixelSize: 11
        }
    }

    Repeater {
        model: root.bucketLabels

        Label {
            id: bucketLabel

            required property string modelData
            required property int index

            visible: bucketLabel.modelData !== ""
            x: plot.x + (bucketLabel.index + 0.5) * plot.width / Math.max(1, root.bucketCount) - bucketLabel.width / 2
            y: plot.y + plot.height + 4
            textFormat: Text.PlainText
            text: bucketLabel.modelData
            color: Theme.textMuted
            font.pixelSize: 11
        }
    }

    Canvas {
        id: canvas

        objectName: "plotCanvas"
        x: plot.x
        y: plot.y
        width: plot.width
        height: plot.height
        onWidthChanged: requestPaint()
        onHeightChanged: requestPaint()

        function drawLine(ctx, values, color, slot) {
            ctx.strokeStyle = color;
            ctx.fillStyle = color;
            ctx.lineWidth = 2;
            let drawing = false;
            ctx.beginPath();
            for (let i = 0; i < values.length; ++i) {
                if (values[i] < 0) {
                    drawing = false;
                    continue;
                }
                const x = (i + 0.5) * slot;
                const y = height * (1 - values[i]);
                if (drawing)
                    ctx.lineTo(x, y);
                else
                    ctx.moveTo(x, y);
                drawing = true;
            }
            ctx.stroke();
            for (let j = 0; j < values.length; ++j) {
                if (values[j] < 0)
                    continue;
                ctx.beginPath();
                ctx.arc((j + 0.5) * slot, height * (1 - values[j]), 2.5, 0, 2 * Math.PI);
                ctx.fill();
            }
        }

        onPaint: {
            const ctx = getContext("2d");
            ctx.reset();
            ctx.strokeStyle = Theme.border;
            ctx.lineWidth = 1;
            const lines = Math.max(2, root.axisLabels.length);
            for (let i = 0; i < lines; ++i) {
                const y = Math.round(height * (1 - i / (lines - 1))) + (i === 0 ? -0.5 : 0.5);
                ctx.beginPath();
                ctx.moveTo(0, y);
                ctx.lineTo(width, y);
                ctx.stroke();
            }
            const n = root.bucketCount;
            if (n === 0)
                return;
            const slot = width / n;
            if (root.bars) {
                for (let k = 0; k < n; ++k) {
                    const a = root.valuesA[k];
                    const b = root.valuesB[k];
                    if (a > 0) {
                        ctx.fillStyle = root.colorA;
                        ctx.fillRect(k * slot + slot * 0.12, height * (1 - a), slot * 0.76, height * a);
                    }
                    if (b > 0) {
                        ctx.fillStyle = root.colorB;
                        ctx.fillRect(k * slot + slot * 0.3, height * (1 - b), slot * 0.4, height * b);
                    }
                }
            } else {
                drawLine(ctx, root.valuesA, root.colorA, slot);
                drawLine(ctx, root.valuesB, root.colorB, slot);
            }
        }
    }
}
