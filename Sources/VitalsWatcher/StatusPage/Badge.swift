import Foundation
import VitalsCore

/// A workload's state as a README badge: `/badges/<workload>.svg` (shields.io's flat look, drawn here) and
/// `/badges/<workload>.json` (shields.io's endpoint schema, so a shields.io badge can be made from it too).
/// It says only the state — never evidence — and follows the status page's visibility.
struct Badge: Encodable, Equatable {
    let schemaVersion = 1
    /// The workload's name.
    let label: String
    /// `up`, `failing`, `degraded`, `at risk`, `silenced`, `unknown`, `starting` or `unchecked`.
    let message: String
    /// Hex, as shields.io takes it.
    let color: String
    /// The state as the status page and the API name it.
    let state: String

    /// The badge of a workload in `state` whose firing or pending diagnoses are `diagnoses`: a firing
    /// critical diagnosis is `failing`, a firing warning `degraded`.
    init(name: String, state: String, diagnoses: [WorkloadStatus.DiagnosisStatus]) {
        self.label = name
        self.state = state
        let critical = diagnoses.contains { $0.severity == Severity.critical.rawValue && !$0.silenced }
        (self.message, self.color) =
            switch state {
            case "ok": ("up", "#2da44e")
            case "firing": critical ? ("failing", "#cf222e") : ("degraded", "#bf8700")
            case "pending": ("at risk", "#bf8700")
            default: (state, "#6e7781")
            }
    }

    /// shields.io's endpoint schema (its keys as it spells them, unlike the API's snake_case) and `state`.
    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? #"{"schemaVersion":1}"#
    }

    /// Flat, 20 px high: the label on grey, the message on the state's colour. Widths come from a
    /// per-character estimate of 11 px Verdana, as shields.io's are close enough to.
    var svg: String {
        let (label, message) = (HTML.escape(self.label), HTML.escape(self.message))
        let labelWidth = Self.width(self.label)
        let messageWidth = Self.width(self.message)
        let total = labelWidth + messageWidth
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(total)" height="20" role="img" aria-label="\(label): \(message)">\
            <title>\(label): \(message)</title>\
            <rect width="\(labelWidth)" height="20" fill="#555"/><rect x="\(labelWidth)" width="\(messageWidth)" height="20" fill="\(self.color)"/>\
            <g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">\
            <text x="\(labelWidth / 2)" y="14">\(label)</text><text x="\(labelWidth + messageWidth / 2)" y="14">\(message)</text></g></svg>
            """
    }

    /// Pixels for `text` at 11 px: about 7 a character, 10 of padding on each side.
    static func width(_ text: String) -> Int { 20 + Int((Double(text.count) * 7).rounded(.up)) }
}
