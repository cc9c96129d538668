import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The watcher holds a descriptor per connection, probe and scrape in flight: it raises its soft limit on
/// open files to the hard limit at start, as Go's runtime and most servers do (the usual soft limit, 1,024,
/// is below what 512 probes at once beside 512 client connections need).
enum ResourceLimits {
    static func raiseOpenFiles(logger: Logger) {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        let soft = limit.rlim_cur
        limit.rlim_cur = limit.rlim_max
        if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) != 0 {
            logger.warning("Could not raise the open-file limit", metadata: ["limit.soft": "\(soft)"])
        }
    }
}
