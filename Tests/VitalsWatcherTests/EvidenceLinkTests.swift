import Testing

@testable import VitalsWatcher

/// The status page makes the spec's trace and logs links in evidence clickable, and nothing else: evidence
/// quotes program output, whose URLs the watcher does not vouch for.
@Suite struct EvidenceLinkTests {
    static let templates = ["https://tempo.example/trace/{trace_id}", "https://logs.example/?q=trace_id:{trace_id}&range=1h"]

    @Test func onlyTheSpecsTraceLinksBecomeAnchors() {
        let evidence =
            "slowest: trace 4bf9 on `GET /orders/{id}`, 2.3s (trace: https://tempo.example/trace/4bf9, logs: https://logs.example/?q=trace_id:4bf9&range=1h); output: see https://evil.example/<script>"
        let html = HTML.evidence(evidence, templates: Self.templates)
        #expect(html.contains(#"(trace: <a href="https://tempo.example/trace/4bf9">https://tempo.example/trace/4bf9</a>, "#), "\(html)")
        #expect(html.contains(#"logs: <a href="https://logs.example/?q=trace_id:4bf9&amp;range=1h">"#), "\(html)")
        #expect(!html.contains(#"href="https://evil"#), "\(html)")
        #expect(html.hasSuffix("see https://evil.example/&lt;script&gt;"), "\(html)")
    }

    @Test func withoutTemplatesOrATraceIDEvidenceIsOnlyEscaped() {
        let evidence = "see https://tempo.example/trace/ and <b>"
        #expect(HTML.evidence(evidence, templates: Self.templates) == HTML.escape(evidence))
        #expect(HTML.evidence(evidence, templates: []) == HTML.escape(evidence))
    }
}
