package import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import VitalsBase
import VitalsCore

/// The status page's routes: every workload with its state, diagnoses and evidence, and charts of its last
/// runs (`/`), and a page per workload (`/workloads/{name}`), as ``StatusView`` renders them.
struct StatusPage: Sendable {
    let status: StatusReader
    let access: Access
    let view: StatusView

    func add(to router: Router<BasicRequestContext>) {
        router.get("/") { request, _ in
            if let refusal = self.access.refusal(request, write: false) { return refusal }
            switch WorkloadQuery.parse(request.uri.queryParameters.map { $0 }) {
            case .failure(let error):
                return Self.html(
                    HTML.page(title: "Bad request", body: "<h1>\(HTML.escape(error.message))</h1><p><a href=\"/\">All workloads</a></p>"),
                    status: .badRequest
                )
            case .success(let query):
                let page = try await self.status.workloads(runs: APIRoutes.listRuns, query: query)
                return Self.html(self.view.overview(page, query: query, evaluatedAt: self.status.latest.get()?.at))
            }
        }
        router.get("workloads/{name}") { request, context in
            if let refusal = self.access.refusal(request, write: false) { return refusal }
            let name = context.parameters.get("name") ?? ""
            guard let workload = try await self.status.workload(named: name, runs: APIRoutes.detailRuns) else {
                return Self.html(
                    HTML.page(title: "Not found", body: "<h1>No workload is named \(HTML.escape(name))</h1><p><a href=\"/\">All workloads</a></p>"),
                    status: .notFound
                )
            }
            return Self.html(self.view.detail(workload))
        }
        router.get("badges/{file}") { request, context in
            if let refusal = self.access.refusal(request, write: false) { return refusal }
            let file = context.parameters.get("file") ?? ""
            let (name, format) =
                file.hasSuffix(".svg") ? (String(file.dropLast(4)), "svg") : file.hasSuffix(".json") ? (String(file.dropLast(5)), "json") : (file, "")
            guard !format.isEmpty else {
                return APIResponse.error(.notFound, "a badge is /badges/<workload>.svg or /badges/<workload>.json")
            }
            guard let badge = self.status.badge(named: name) else {
                return APIResponse.error(.notFound, "no workload is named \"\(name)\"")
            }
            // Image proxies (GitHub's camo) cache what they are allowed to: a badge is only worth its freshness.
            let (type, body) = format == "svg" ? ("image/svg+xml; charset=utf-8", badge.svg) : ("application/json", badge.json)
            return Response(
                status: .ok,
                headers: [.contentType: type, .cacheControl: "no-cache, max-age=0"],
                body: .init(byteBuffer: ByteBuffer(string: body))
            )
        }
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// The status page as HTML and SVG, rendered on the server from what the status reader and the board hold:
/// pure, so it is fuzzed with whatever observations a target can produce.
package struct StatusView: Sendable {
    let title: String
    /// The evaluation cadence, to tell a stale page.
    let evaluateEvery: Duration
    /// Minute rollups for the API, worker and SLO charts.
    let board: ObservationBoard

    package init(title: String, evaluateEvery: Duration, board: ObservationBoard) {
        self.title = title
        self.evaluateEvery = evaluateEvery
        self.board = board
    }

    package func overview(_ page: WorkloadPage, query: WorkloadQuery, evaluatedAt: Date?) -> String {
        var body = "<h1>\(HTML.escape(self.title))</h1><p class=\"muted\">\(Self.summary(page.counts)) — evaluated \(HTML.time(evaluatedAt))</p>"
        // What is shown is the last evaluation: say so when it is old, rather than look current.
        if let evaluatedAt, Date().timeIntervalSince(evaluatedAt) > 3 * self.evaluateEvery.inSeconds {
            body +=
                "<p class=\"state firing\">the last evaluation is \(Int(Date().timeIntervalSince(evaluatedAt))) s old: evaluation is failing or stalled (see the watcher's logs and /metrics)</p>"
        }
        body += Self.filterForm(query) + Self.pager(page, query: query)
        body += "<table><tr><th>Workload</th><th>State</th><th>Diagnoses</th><th>Recently</th></tr>"
        for workload in page.workloads {
            body +=
                "<tr><td><a href=\"/workloads/\(HTML.escape(workload.name))\">\(HTML.escape(workload.name))</a><br><span class=\"muted\">\(workload.kind)</span></td>"
            body += "<td>\(Self.badge(workload.state))</td><td>\(self.diagnoses(workload))</td>"
            body += "<td>\(self.recent(workload))</td></tr>"
        }
        if page.workloads.isEmpty { body += "<tr><td colspan=\"4\" class=\"muted\">no workload matches</td></tr>" }
        return HTML.page(title: self.title, body: body + "</table>" + (page.matched > page.workloads.count ? Self.pager(page, query: query) : ""))
    }

    /// Every state with its count, each a link to the list of just those.
    static func summary(_ counts: [String: Int]) -> String {
        counts.sorted { (WorkloadQuery.rank($0.key), $0.key) < (WorkloadQuery.rank($1.key), $1.key) }
            .map { "<a href=\"/?state=\($0.key)\">\($0.value) \(HTML.escape($0.key))</a>" }.joined(separator: " · ")
    }

    /// A plain GET form, so filtering works without JavaScript.
    static func filterForm(_ query: WorkloadQuery) -> String {
        func options(_ name: String, _ values: [String], chosen: Set<String>) -> String {
            "<select name=\"\(name)\"><option value=\"\">any \(name)</option>"
                + values.map { "<option\(chosen == [$0] ? " selected" : "")>\($0)</option>" }.joined() + "</select>"
        }
        return "<form method=\"get\" action=\"/\"><input name=\"q\" placeholder=\"name contains\" value=\"\(HTML.escape(query.name))\"> "
            + options("state", WorkloadQuery.knownStates, chosen: query.states) + " " + options("kind", WorkloadQuery.knownKinds, chosen: query.kinds)
            + " <button>Show</button></form>"
    }

    /// "101–200 of 9,876 matching" with links to the pages either side.
    static func pager(_ page: WorkloadPage, query: WorkloadQuery) -> String {
        let first = page.workloads.isEmpty ? 0 : page.offset + 1
        var parts = [
            "\(first)–\(page.offset + page.workloads.count) of \(page.matched)\(page.matched == page.total ? "" : " matching (\(page.total) in all)")"
        ]
        if page.offset > 0 {
            parts.insert("<a href=\"/\(HTML.escape(query.queryString(offset: max(0, page.offset - page.limit))))\">← previous</a>", at: 0)
        }
        if let next = page.next { parts.append("<a href=\"/\(HTML.escape(next))\">next →</a>") }
        return "<p class=\"muted\">\(parts.joined(separator: " · "))</p>"
    }

    package func detail(_ workload: WorkloadStatus) -> String {
        var body = "<p><a href=\"/\">← all workloads</a></p><h1>\(HTML.escape(workload.name)) \(Self.badge(workload.state))</h1>"
        body += "<p class=\"muted\">\(workload.kind)" + (workload.schedule.map { " · schedule <code>\(HTML.escape($0))</code>" } ?? "")
        body += (workload.runbook.map { " · " + HTML.link($0, "runbook") } ?? "") + "</p>"
        body += "<h2>Diagnoses</h2>\(self.diagnoses(workload))"
        if !workload.silences.isEmpty {
            body +=
                "<h2>Silences</h2><ul>"
                + workload.silences.map {
                    "<li>#\($0.id) \(HTML.escape($0.diagnosis?.rawValue ?? "all diagnoses")) from \(HTML.time($0.startsAt)) to \(HTML.time($0.endsAt)) by \(HTML.escape($0.createdBy)): \(HTML.escape($0.comment))</li>"
                }.joined() + "</ul>"
        }
        if workload.kind == "job" {
            body += "<h2>Duration of the last \(workload.runs.count) runs</h2>" + Self.durationChart(workload.runs, width: 640, height: 90)
            body += "<h2>Records of the last \(workload.runs.count) runs</h2>" + Self.recordsChart(workload.runs)
            body += "<h2>Runs</h2><table><tr><th>Started</th><th>Finished</th><th>Outcome</th><th>Duration</th><th>Records</th></tr>"
            for run in workload.runs {
                body +=
                    "<tr><td>\(HTML.time(run.startedAt))</td><td>\(HTML.time(run.finishedAt))</td><td>\(run.outcome)\(run.exitStatus.map { $0 == 0 ? "" : " (exit \($0))" } ?? "")</td>"
                body += "<td>\(HTML.seconds(run.durationSeconds))</td><td>\(run.records.map(String.init) ?? "—")</td></tr>"
            }
            body += "</table>"
        } else {
            let now = Int64(Date().timeIntervalSince1970 / 60)
            let rollups = self.board.chart(workload.name)
            if workload.kind == "api", !rollups.isEmpty { body += SignalCharts.api(rollups, now: now) }
            if workload.kind == "worker", !rollups.isEmpty { body += SignalCharts.worker(rollups, now: now) }
            if let slo = self.board.workloads[workload.name]?.api?.slo {
                body += SignalCharts.slo(slo, minutes: self.board.observation(workload.name, watchingSince: Date()).sloMinutes, now: now)
            }
            if workload.lastPing != nil { body += "<p>\(Self.lastPing(workload))</p>" }
        }
        return HTML.page(title: "\(workload.name) — \(self.title)", body: body)
    }

    /// The overview's small chart: run durations for a job, request rate for an API, backlog for a worker.
    func recent(_ workload: WorkloadStatus) -> String {
        let now = Int64(Date().timeIntervalSince1970 / 60)
        switch workload.kind {
        case "job": return Self.durationChart(workload.runs, width: 200, height: 36)
        case "api" where self.board.workloads[workload.name]?.endpoints?.metrics != nil:
            return LineChart(width: 200, height: 36, label: "requests per second, last 3 hours", axis: nil)
                .render([SignalCharts.requestRate(self.board.chart(workload.name), now: now)])
        case "worker" where self.board.workloads[workload.name]?.endpoints?.metrics != nil:
            return LineChart(width: 200, height: 36, label: "backlog, last 3 hours", axis: nil)
                .render([SignalCharts.backlog(self.board.chart(workload.name), now: now)])
        default: return Self.lastPing(workload)
        }
    }

    static func badge(_ state: String) -> String { "<span class=\"state \(state)\">\(state)</span>" }

    func diagnoses(_ workload: WorkloadStatus) -> String {
        if workload.state == "unchecked" {
            return "<span class=\"muted\">nothing to read: give it live, ready, metrics, synthetic or heartbeat</span>"
        }
        if workload.diagnoses.isEmpty { return "<span class=\"muted\">none</span>" }
        let templates = [self.board.links.trace, self.board.links.logs].compactMap { $0 }
        return workload.diagnoses.map { diagnosis in
            let alert = diagnosis.alert.map { " · \($0)\(diagnosis.silenced ? ", silenced" : "")" } ?? ""
            return
                "<div><b>\(HTML.escape(diagnosis.id))</b> <span class=\"muted\">\(diagnosis.severity)\(alert)</span><br><span class=\"evidence\">\(HTML.evidence(diagnosis.evidence, templates: templates))</span></div>"
        }.joined()
    }

    static func lastPing(_ workload: WorkloadStatus) -> String {
        workload.lastPing.map { "last ping \(HTML.time($0))" } ?? "<span class=\"muted\">no ping yet</span>"
    }

    /// Oldest on the left, like every time axis.
    static func durationChart(_ runs: [WorkloadStatus.RunStatus], width: Int, height: Int) -> String {
        SVGChart(width: width, height: height, label: "run durations, oldest to newest").render(
            runs.reversed().map { run in
                SVGChart.Bar(
                    value: run.durationSeconds,
                    style: run.outcome,
                    title: "\(HTML.time(run.startedAt ?? run.finishedAt)): \(run.outcome), \(HTML.seconds(run.durationSeconds))"
                )
            }
        )
    }

    static func recordsChart(_ runs: [WorkloadStatus.RunStatus]) -> String {
        SVGChart(width: 640, height: 90, label: "records per run, oldest to newest").render(
            runs.reversed().map { run in
                SVGChart.Bar(
                    value: run.records.map(Double.init),
                    style: run.outcome,
                    title: "\(HTML.time(run.startedAt ?? run.finishedAt)): \(run.records.map(String.init) ?? "no count") records"
                )
            }
        )
    }
}
