import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import ChatAgent

// A calendar to pick a custom range: the first click picks the first day, the second the last.
Popup {
    id: root

    required property MetricsRange range

    modal: true
    focus: true
    padding: 14
    onAboutToShow: range.beginPicking()

    background: Rectangle {
        radius: Theme.radius
        color: Theme.surfaceRaised
        border.color: Theme.border
    }

    contentItem: ColumnLayout {
        spacing: 8

        RowLayout {
            Layout.fillWidth: true

            FlatButton {
                objectName: "previousMonth"
                text: "\u2039"
                onClicked: root.range.showPickerMonth(-1)
            }
            Label {
                objectName: "pickerTitle"
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                textFormat: Text.PlainText
                text: root.range.pickerTitle
                color: Theme.text
                font.weight: Font.DemiBold
            }
            FlatButton {
                objectName: "nextMonth"
                text: "\u203a"
                onClicked: root.range.showPickerMonth(1)
            }
        }
        DayOfWeekRow {
            Layout.fillWidth: true
            locale: grid.locale
        }
        MonthGrid {
            id: grid

            objectName: "monthGrid"
            Layout.fillWidth: true
            implicitWidth: 7 * 36
            month: root.range.pickerMonth
            year: root.range.pickerYear

            delegate: Rectangle {
                id: cell

                required property var model

                readonly property int key: root.range.dayKey(cell.model.year, cell.model.month, cell.model.day)
                readonly property bool picked: root.range.pickedFirst > 0 && cell.key >= root.range.pickedFirst && cell.key <= Math.max(root.range.pickedFirst, root.range.pickedLast)
                readonly property bool future: cell.key > root.range.todayKey

                implicitWidth: 36
                implicitHeight: 30
                radius: 6
                color: cell.picked ? Theme.accent : hover.hovered && !cell.future ? Theme.hover : "transparent"
                opacity: cell.model.month === grid.month ? 1 : 0.4

                Label {
                    anchors.centerIn: parent
                    textFormat: Text.PlainText
                    text: cell.model.day
                    color: cell.picked ? Theme.accentText : cell.future ? Theme.textMuted : Theme.text
                    font.weight: cell.key === root.range.todayKey ? Font.Bold : Font.Normal
                }
                HoverHandler {
                    id: hover
                }
                TapHandler {
                    enabled: !cell.future
                    onTapped: root.range.pickDay(cell.model.year, cell.model.month, cell.model.day)
                }
            }
        }
        Label {
            objectName: "pickedText"
            Layout.fillWidth: true
            textFormat: Text.PlainText
            text: root.range.pickedText
            color: Theme.textMuted
            font.pixelSize: Theme.smallFontSize
        }
        RowLayout {
            Layout.fillWidth: true

            Item {
                Layout.fillWidth: true
            }
            FlatButton {
                text: qsTr("Cancel")
                onClicked: root.close()
            }
            FlatButton {
                objectName: "applyRange"
                filled: true
                text: qsTr("Show range")
                enabled: root.range.canApplyPick
                onClicked: {
                    if (root.range.applyPick())
                        root.close();
                }
            }
        }
    }
}
