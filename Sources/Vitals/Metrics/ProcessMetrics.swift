import Foundation
import Prometheus
import Synchronization
import VitalsSignals

/// The process signals other client libraries expose — CPU seconds, resident memory, open and maximum
/// file descriptors — read from `/proc` at each scrape (Linux). The watcher shows them beside a latency
/// or error problem: a service at 100 % CPU is slow for a different reason than one waiting on its database.
/// Elsewhere nothing is read and the families stay absent, as in `prometheus_client`.
final class ProcessMetrics: Sendable {
    private let cpu: Counter
    private let memory: Gauge
    private let openFiles: Gauge
    private let maxFiles: Gauge
    /// CPU seconds already counted: the counter is moved by the difference, so it only ever grows.
    private let counted = Mutex(0.0)

    init(registry: PrometheusCollectorRegistry) {
        self.cpu = registry.counter(Signal.Process.cpuSeconds.name, help: Signal.Process.cpuSeconds.help)
        self.memory = registry.gauge(Signal.Process.residentMemory.name, help: Signal.Process.residentMemory.help)
        self.openFiles = registry.gauge(Signal.Process.openFileDescriptors.name, help: Signal.Process.openFileDescriptors.help)
        self.maxFiles = registry.gauge(Signal.Process.maxFileDescriptors.name, help: Signal.Process.maxFileDescriptors.help)
    }

    /// Reads `/proc/self` once.
    func sample() {
        #if os(Linux)
        if let seconds = Self.cpuSeconds() {
            let increase = self.counted.withLock { counted in
                defer { counted = max(counted, seconds) }
                return max(0, seconds - counted)
            }
            if increase > 0 { self.cpu.increment(by: increase) }
        }
        if let pages = Self.residentPages() { self.memory.set(to: pages * Double(sysconf(Int32(_SC_PAGESIZE)))) }
        if let open = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") { self.openFiles.set(to: Double(open.count)) }
        if let limit = Self.maxOpenFiles() { self.maxFiles.set(to: limit) }
        #endif
    }

    #if os(Linux)
    /// utime + stime from `/proc/self/stat`, in seconds.
    private static func cpuSeconds() -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return nil }
        // Fields after the command name: state is field 3, utime 14 and stime 15 (the 12th and 13th after it).
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]), ticksPerSecond > 0 else { return nil }
        return (user + system) / ticksPerSecond
    }

    /// The second field of `/proc/self/statm`: resident pages.
    private static func residentPages() -> Double? {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = statm.split(separator: " ")
        return fields.count > 1 ? Double(fields[1]) : nil
    }

    /// The soft limit from `/proc/self/limits` ("Max open files  1024  1048576  files").
    private static func maxOpenFiles() -> Double? {
        guard let limits = try? String(contentsOfFile: "/proc/self/limits", encoding: .utf8),
            let line = limits.split(separator: "\n").first(where: { $0.hasPrefix("Max open files") })
        else { return nil }
        return line.dropFirst("Max open files".count).split(separator: " ").first.flatMap { Double($0) }
    }
    #endif
}
