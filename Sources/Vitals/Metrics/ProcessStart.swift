import Foundation

/// When this process started, as Unix seconds: the value of `process_start_time_seconds`.
///
/// Read from `/proc` on Linux so it is the real start even when the first registry is made late;
/// elsewhere (or if `/proc` is unreadable) the time of first use.
enum ProcessStart {
    static let unixSeconds: Double = fromProc() ?? WallClock.system.now()

    private static func fromProc() -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
            let system = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
            // The command name (field 2) may contain spaces; fields after the last ")" are fixed.
            let close = stat.lastIndex(of: ")"),
            let bootLine = system.split(separator: "\n").first(where: { $0.hasPrefix("btime ") }),
            let bootTime = Double(bootLine.dropFirst("btime ".count))
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // Field 22 (starttime) is the 20th after the command name: state is field 3.
        guard fields.count > 19, let ticks = Double(fields[19]) else { return nil }
        let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        guard ticksPerSecond > 0 else { return nil }
        return bootTime + ticks / ticksPerSecond
    }
}
