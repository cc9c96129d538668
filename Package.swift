// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "vitals",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Vitals", targets: ["Vitals"]),
        .library(name: "VitalsHummingbird", targets: ["VitalsHummingbird"]),
        .library(name: "VitalsCore", targets: ["VitalsCore"]),
        .library(name: "VitalsSignals", targets: ["VitalsSignals"]),
        .library(name: "VitalsTesting", targets: ["VitalsTesting"]),
        .executable(name: "vitals", targets: ["VitalsCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.7.3"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-otel/swift-otel", from: "1.6.0", traits: ["OTLPHTTP"]),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.25.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.24.0"),
    ],
    targets: [
        // The signals contract (metric names, labels, buckets): what the library emits and the watcher reads.
        // A module of its own, without dependencies, so services using the library never build the watcher's.
        .target(name: "VitalsSignals"),
        // Pure model of the watcher and the rule compiler: spec, schedules, diagnoses. No I/O, no clocks.
        .target(
            name: "VitalsCore",
            dependencies: ["VitalsSignals", .product(name: "Yams", package: "Yams")]
        ),
        // Persistence behind one protocol: SQLite (GRDB) for one watcher, PostgreSQL for several.
        .target(
            name: "VitalsStore",
            dependencies: [
                "VitalsCore", "VitalsSignals",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "Vitals",
            dependencies: [
                "VitalsSignals",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "OTel", package: "swift-otel"),
            ]
        ),
        .target(
            name: "VitalsHummingbird",
            dependencies: [
                "Vitals",
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        // The watcher as a library: ping API, evaluation, notifier, status page and JSON API; probes and scrapes next.
        .target(
            name: "VitalsWatcher",
            dependencies: [
                "VitalsCore", "VitalsStore", "Vitals", "VitalsHummingbird", "VitalsSignals",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "VitalsAudit",
            dependencies: ["VitalsCore", "VitalsSignals", .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "VitalsRules",
            dependencies: ["VitalsCore", "VitalsSignals"]
        ),
        .target(
            name: "VitalsDemo",
            dependencies: [
                "Vitals",
                "VitalsHummingbird",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .executableTarget(
            name: "VitalsCLI",
            dependencies: [
                "Vitals", "VitalsCore",
                "VitalsDemo", "VitalsStore", "VitalsWatcher", "VitalsRules", "VitalsAudit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "VitalsTesting",
            dependencies: [.product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log")]
        ),
        // Benchmarks, run against a release build by scripts/bench-library.
        .executableTarget(
            name: "bench-http-server",
            dependencies: [
                "Vitals", "VitalsHummingbird",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            path: "Benchmarks/BenchHTTPServer"
        ),
        .executableTarget(
            name: "bench-exposition",
            dependencies: ["VitalsCore"],
            path: "Benchmarks/BenchExposition"
        ),
        .executableTarget(
            name: "bench-library",
            dependencies: ["Vitals", .product(name: "Logging", package: "swift-log")],
            path: "Benchmarks/BenchLibrary"
        ),
        .testTarget(
            name: "VitalsTests",
            dependencies: [
                "Vitals", "VitalsTesting", "VitalsSignals",
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            ]
        ),
        .testTarget(
            name: "VitalsHummingbirdTests",
            dependencies: [
                "Vitals", "VitalsHummingbird", "VitalsTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            ]
        ),
        .testTarget(
            name: "VitalsCoreTests",
            dependencies: ["VitalsCore", "VitalsTesting"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "VitalsAuditTests",
            dependencies: ["VitalsAudit", "VitalsCore", "VitalsTesting"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "VitalsRulesTests",
            dependencies: ["VitalsRules", "VitalsCore", "VitalsTesting"]
        ),
        .testTarget(
            name: "VitalsStoreTests",
            dependencies: ["VitalsStore", "VitalsCore", "VitalsTesting"]
        ),
        .testTarget(
            name: "VitalsWatcherTests",
            dependencies: [
                "VitalsWatcher", "VitalsStore", "VitalsCore", "Vitals", "VitalsTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(
            name: "VitalsDemoTests",
            dependencies: [
                "VitalsDemo", "Vitals", "VitalsHummingbird", "VitalsTesting",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ]
)

// House style: every target gets the same strictness.
for target in package.targets {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    target.swiftSettings = settings
}
