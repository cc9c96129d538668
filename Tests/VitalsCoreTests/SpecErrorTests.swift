import Foundation
import Testing
import VitalsCore
import VitalsProcess

/// Broken specs and the exact messages they must produce: position, key path, what is wrong, what to do.
/// All problems of a file are reported at once. Fixtures live in Fixtures/broken/.
@Suite struct SpecErrorTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/broken")

    static let cases: [(file: String, messages: [String])] = [
        (
            "api-nothing-to-watch.yml",
            [
                "api-nothing-to-watch.yml:3:5: workloads.api: api \"api\" has nothing to watch (hint: add live, ready, metrics or synthetic)"
            ]
        ),
        (
            "bad-bool.yml",
            [
                "bad-bool.yml:4:16: workloads.worker.heartbeat: \"sometimes\" is not true or false (hint: write true or false)"
            ]
        ),
        (
            "bad-cron-fields.yml",
            [
                "bad-cron-fields.yml:4:16: workloads.nightly.schedule: a cron expression has 5 fields, this one has 4 (hint: write minute hour day-of-month month day-of-week, e.g. \"0 3 * * *\")"
            ]
        ),
        (
            "bad-cron-minute.yml",
            [
                "bad-cron-minute.yml:4:15: workloads.nightly.schedule: minute 61 is out of range 0-59 (hint: use a value from 0 to 59)"
            ]
        ),
        (
            "bad-duration.yml",
            [
                "bad-duration.yml:5:22: workloads.worker.progress_within: \"five minutes\" is not a duration (hint: write it like 30s, 5m, 1h30m or 250ms)"
            ]
        ),
        (
            "bad-kind.yml",
            [
                "bad-kind.yml:3:11: workloads.api.kind: unknown kind \"apu\"; did you mean \"api\"? (hint: use api, worker or job)"
            ]
        ),
        (
            "bad-listen.yml",
            [
                "bad-listen.yml:2:11: watcher.listen: \"localhost\" is not host:port (hint: write it like 127.0.0.1:9100)"
            ]
        ),
        (
            "bad-name.yml",
            [
                "bad-name.yml:2:3: workloads.Orders API: workload name \"Orders API\" is not URL-safe (hint: use lowercase letters, digits, '.', '_' and '-', starting with a letter or digit)"
            ]
        ),
        (
            "bad-severity.yml",
            [
                "bad-severity.yml:4:28: notify[0].severities: unknown severity \"urgent\" (hint: use info, warning or critical)"
            ]
        ),
        (
            "bad-storage.yml",
            [
                "bad-storage.yml:2:12: watcher.storage: storage must start with sqlite: or postgres:// (hint: write sqlite:.vitals/vitals.db or postgres://user@host/db)"
            ]
        ),
        (
            "bad-timezone.yml",
            [
                "bad-timezone.yml:5:15: workloads.nightly.timezone: unknown time zone \"Europe/Atlantis\" (hint: use an IANA name such as Europe/Berlin or America/New_York)"
            ]
        ),
        (
            "bad-url.yml",
            [
                "bad-url.yml:4:12: workloads.api.ready: \"127.0.0.1:8080/health/ready\" is not an http(s) URL (hint: write it like http://127.0.0.1:8080/health/ready)"
            ]
        ),
        (
            "channel-two-kinds.yml",
            [
                "channel-two-kinds.yml:2:5: notify[0]: channel \"ops\" needs exactly one of webhook, slack, alertmanager, command (hint: e.g. webhook: { url: https://… })"
            ]
        ),
        (
            "defaults-timeout-over-interval.yml",
            [
                "defaults-timeout-over-interval.yml:1:36: defaults.timeout: timeout 10s is longer than interval 5s (hint: a check must finish before the next one starts; lower timeout or raise interval)"
            ]
        ),
        (
            "duplicate-workload.yml",
            [
                "duplicate-workload.yml:2:3: duplicate key \"api\" (hint: each name may appear once; rename or merge the entries)"
            ]
        ),
        (
            "job-without-schedule.yml",
            [
                "job-without-schedule.yml:3:5: workloads.nightly: job \"nightly\" has no schedule (hint: add schedule: \"0 3 * * *\", \"every 1h\" or an OnCalendar expression)"
            ]
        ),
        (
            "many-problems.yml",
            [
                "many-problems.yml:5:24: workloads.nightly.schedule: \"FUNDAY\" is not a valid day of week (hint: use a number from 0 to 7 or a name such as SUN)",
                "many-problems.yml:6:19: workloads.nightly.max_duration: \"forever\" is not a duration (hint: write it like 30s, 5m, 1h30m or 250ms)",
                "many-problems.yml:9:5: workloads.api.redy: unknown key \"redy\"; did you mean \"ready\"? (hint: known keys here: kind, runbook, interval, timeout, live, ready, metrics, synthetic, slo, progress_within, backlog, heartbeat, schedule, timezone, grace, max_duration, min_records, token, post_only, retention, for, resolve_after, notify, window, max_error_ratio, max_p99, min_events, startup, failure_threshold, success_threshold, profile, instances, dns, routes, ignore_routes, no_traffic_after)",
            ]
        ),
        (
            "missing-kind.yml",
            [
                "missing-kind.yml:3:5: workloads.api: workload \"api\" has no kind (hint: add kind: api, worker or job)"
            ]
        ),
        (
            "no-workloads.yml",
            [
                "no-workloads.yml:1:1: workloads: no workloads are declared (hint: add a workloads: section naming what to watch)"
            ]
        ),
        (
            "slo-hundred-percent.yml",
            [
                "slo-hundred-percent.yml:5:26: workloads.api.slo.availability: 100% is not between 0% and 100% exclusive (hint: a 100% target leaves no error budget; use e.g. 99.9%)"
            ]
        ),
        (
            "timeout-over-interval.yml",
            [
                "timeout-over-interval.yml:6:14: workloads.api.timeout: timeout 30s is longer than interval 10s (hint: a check must finish before the next one starts; lower timeout or raise interval)"
            ]
        ),
        (
            "timezone-without-schedule.yml",
            [
                "timezone-without-schedule.yml:5:5: workloads.worker.timezone: timezone applies to kind job, not worker (hint: remove it, or change kind)"
            ]
        ),
        (
            "unknown-channel.yml",
            [
                "unknown-channel.yml:5:57: workloads.nightly.notify: no channel is named \"opps\"; did you mean \"ops\"? (hint: channels declared under notify: ops)",
                "unknown-channel.yml:5:69: workloads.nightly.for: \"-1m\" is not a duration (hint: write it like 30s, 5m, 1h30m or 250ms (0s for none))",
            ]
        ),
        (
            "unknown-top-key.yml",
            [
                "unknown-top-key.yml:1:1: workload: unknown key \"workload\"; did you mean \"workloads\"? (hint: known keys here: watcher, defaults, notify, workloads)"
            ]
        ),
        (
            "unknown-workload-key.yml",
            [
                "unknown-workload-key.yml:4:5: workloads.nightly.schedul: unknown key \"schedul\"; did you mean \"schedule\"? (hint: known keys here: kind, runbook, interval, timeout, live, ready, metrics, synthetic, slo, progress_within, backlog, heartbeat, schedule, timezone, grace, max_duration, min_records, token, post_only, retention, for, resolve_after, notify, window, max_error_ratio, max_p99, min_events, startup, failure_threshold, success_threshold, profile, instances, dns, routes, ignore_routes, no_traffic_after)"
            ]
        ),
        (
            "unset-variable.yml",
            [
                "unset-variable.yml:2:13: watcher.ping_key: environment variable VITALS_TEST_UNSET_KEY is not set (hint: export VITALS_TEST_UNSET_KEY, or give a default: ${VITALS_TEST_UNSET_KEY:-value})"
            ]
        ),
        (
            "weak-ping-key.yml",
            [
                "weak-ping-key.yml:2:13: watcher.ping_key: ping_key is 5 characters; at least 16 are required (hint: generate one with: openssl rand -hex 16)"
            ]
        ),
        (
            "worker-nothing-to-watch.yml",
            [
                "worker-nothing-to-watch.yml:3:5: workloads.worker: worker \"worker\" has nothing to watch (hint: add metrics: <url>, or heartbeat: true and ping the watcher)"
            ]
        ),
        (
            "wrong-kind-key.yml",
            [
                "wrong-kind-key.yml:5:5: workloads.api.schedule: schedule applies to kind job, not api (hint: remove it, or change kind)"
            ]
        ),
        (
            "wrong-type-list.yml",
            [
                "wrong-type-list.yml:2:3: workloads: expected a mapping of keys to values, found a list (hint: indent the keys below workloads)"
            ]
        ),
        (
            "instances-and-routes.yml",
            [
                "instances-and-routes.yml:4:32: workloads.orders-api.instances: \"10.0.0.9\" is not host:port (hint: write it like 10.0.0.7:8080 or orders-api.internal:8080)",
                "instances-and-routes.yml:5:11: workloads.orders-api.live: \"http://10.0.0.7:8080/health/live\" is not a path (hint: with instances or dns, write the path joined to each: /health/ready)",
                "instances-and-routes.yml:7:7: workloads.orders-api.routes.FETCH /orders: \"FETCH /orders\" is not a route: \"FETCH\" is not an HTTP method (GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS) (hint: route keys look like \"POST /orders/{id}\" or \"/orders\")",
                "instances-and-routes.yml:8:7: workloads.orders-api.routes.GET orders/{id}: \"GET orders/{id}\" is not a route: a route template starts with / (hint: route keys look like \"POST /orders/{id}\" or \"/orders\")",
                "instances-and-routes.yml:9:7: workloads.orders-api.routes.GET /orders/{id: \"GET /orders/{id\" is not a route: \"{id\" is not a placeholder; write {name} (hint: route keys look like \"POST /orders/{id}\" or \"/orders\")",
                "instances-and-routes.yml:10:38: workloads.orders-api.routes.POST /orders.slo_target: unknown key \"slo_target\" (hint: known keys here: max_p99, max_error_ratio, slo)",
                "instances-and-routes.yml:14:10: workloads.billing-api.dns: instances and dns are both set (hint: keep one: a list, or a name to resolve)",
                "instances-and-routes.yml:15:21: workloads.billing-api.ignore_routes: \"internal\" is not a route (hint: write a template such as /internal/status, or a prefix such as /debug/*)",
            ]
        ),
        (
            "yaml-syntax.yml",
            [
                "yaml-syntax.yml:4:4: YAML syntax: did not find expected key (hint: check indentation and quoting around here)"
            ]
        ),
    ]

    @Test(arguments: cases)
    func brokenSpecsExplainThemselves(file: String, messages: [String]) throws {
        let text = try String(contentsOf: Self.fixtures.appendingPathComponent(file), encoding: .utf8)
        do {
            let spec = try SpecLoader.parse(text, file: file, environment: [:])
            Issue.record("\(file) was accepted with \(spec.workloads.count) workloads")
        } catch {
            #expect(error.errors.map(\.description) == messages)
        }
    }

    @Test func everyFixtureIsCovered() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures.path).filter { $0.hasSuffix(".yml") }
        #expect(Set(files) == Set(Self.cases.map(\.file)))
        #expect(files.count >= 25)
    }
}
