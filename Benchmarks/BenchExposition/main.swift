// Parses exposition files repeatedly and prints throughput. Run by scripts/bench-exposition against a
// release build, beside Python's prometheus_client parser on the same files.
//   bench-exposition <file> <format: prometheus|openmetrics> <seconds>
// Prints one line per mode: "<mode> <MB/s> <samples/s> <samples>".
import Foundation
import VitalsCore

let arguments = CommandLine.arguments
guard arguments.count == 4, let data = FileManager.default.contents(atPath: arguments[1]),
    let format = ExpositionFormat(rawValue: arguments[2]), let seconds = Double(arguments[3])
else {
    FileHandle.standardError.write(Data("usage: bench-exposition <file> <prometheus|openmetrics> <seconds>\n".utf8))
    exit(2)
}
let bytes = [UInt8](data)

/// Repeats `parse` for about `seconds` after a warm-up; returns (MB/s, samples/s, samples per parse).
func measure(_ parser: ExpositionParser) -> (Double, Double, Int) {
    var samples = 0
    for _ in 0..<3 { samples = parser.parse(bytes).sampleCount }  // warm-up
    let clock = ContinuousClock()
    let start = clock.now
    var runs = 0
    while (clock.now - start) < .seconds(seconds) {
        let exposition = parser.parse(bytes)
        precondition(exposition.errors.isEmpty, "\(exposition.errors.first!)")
        runs += 1
    }
    let elapsed = (clock.now - start) / .seconds(1)
    return (Double(bytes.count * runs) / elapsed / 1e6, Double(samples * runs) / elapsed, samples)
}

// Everything materialized, as prometheus_client does; then a scrape keeping only the HTTP families a
// diagnosis reads (every line still validated and counted).
let all = measure(ExpositionParser(format: format))
print(String(format: "all %.1f %.0f %d", all.0, all.1, all.2))
let wanted: Set<String> = ["http_server_request_duration_seconds", "process_start_time_seconds", "up"]
let scrape = measure(ExpositionParser(format: format, keep: { wanted.contains($0) }))
print(String(format: "scrape %.1f %.0f %d", scrape.0, scrape.1, scrape.2))
