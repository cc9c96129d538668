// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "vitals",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Vitals", targets: ["Vitals"]),
        .library(name: "VitalsHummingbird", targets: ["VitalsHummingbird"]),
        .library(name: "VitalsVapor", targets: ["VitalsVapor"]),
        .library(name: "VitalsCore", targets: ["VitalsCore"]),
        .library(name: "VitalsSignals", targets: ["VitalsSignals"]),
        .library(name: "VitalsTesting", targets: ["VitalsTesting"]),
        .executable(name: "vitals", targets: ["VitalsCLI"]),
    ],
    // What a service that depends on the library resolves is chosen by traits: the library alone with
    // `traits: []`, plus its framework with `["Hummingbird"]` or `["Vapor"]`. This repository's own build (the
    // `vitals` command, its tests) enables them all. See the end of this file for which package needs which.
    traits: [
        .trait(name: "Hummingbird", description: "VitalsHummingbird: the middleware and probe routes for Hummingbird 2."),
        .trait(name: "Vapor", description: "VitalsVapor: the middleware, probe routes and lifecycle for Vapor 4."),
        .trait(
            name: "Watcher",
            description: "The vitals command: watcher, rule compiler, audit and demo (SQLite, PostgreSQL, YAML, …).",
            enabledTraits: ["Hummingbird"]
        ),
        .default(enabledTraits: ["Hummingbird", "Vapor", "Watcher"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.7.3"),
        .package(url: "https://github.com/apple/swift-service-context", from: "1.5.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-otel/swift-otel", from: "1.6.0", traits: ["OTLPHTTP"]),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/vapor/vapor", from: "4.122.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
    ],
    targets: [
        // The signals contract (metric names, labels, buckets): what the library emits and the watcher reads.
        .target(name: "VitalsSignals"),
        // What every module shares and no user sees: the JSON writer, durations as seconds. No dependencies.
        .target(name: "VitalsBase"),
        // The one child-process runner: the command channel, `vitals run` and the tests' peers.
        .target(
            name: "VitalsProcess",
            dependencies: [
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        // Pure model of the watcher and the rule compiler: spec, schedules, diagnoses. No I/O, no clocks.
        .target(
            name: "VitalsCore",
            dependencies: ["VitalsSignals", "VitalsBase", .product(name: "Yams", package: "Yams")]
        ),
        // Persistence behind one protocol: SQLite (GRDB) for one watcher, PostgreSQL for several.
        .target(
            name: "VitalsStore",
            dependencies: [
                "VitalsCore", "VitalsBase",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The library for Swift services.
        .target(
            name: "Vitals",
            dependencies: [
                "VitalsSignals", "VitalsBase",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
                .product(name: "ServiceContextModule", package: "swift-service-context"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "OTel", package: "swift-otel"),
            ]
        ),
        .target(
            name: "VitalsHummingbird",
            dependencies: [
                "Vitals", "VitalsSignals",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
                .product(name: "ServiceContextModule", package: "swift-service-context"),
            ]
        ),
        .target(
            name: "VitalsVapor",
            dependencies: [
                "Vitals", "VitalsSignals", "VitalsBase",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
                .product(name: "ServiceContextModule", package: "swift-service-context"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The watcher as a library: probes, scrapes, ping API, evaluation, notifier, status page and JSON API.
        .target(
            name: "VitalsWatcher",
            dependencies: [
                "VitalsCore", "VitalsStore", "Vitals", "VitalsHummingbird", "VitalsSignals", "VitalsBase", "VitalsProcess",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "VitalsAudit",
            dependencies: ["VitalsBase", .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "VitalsRules",
            dependencies: ["VitalsCore", "VitalsSignals", "VitalsBase"]
        ),
        .target(
            name: "VitalsDemo",
            dependencies: [
                "Vitals",
                "VitalsHummingbird",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "VitalsCLI",
            dependencies: [
                "Vitals", "VitalsCore", "VitalsProcess",
                "VitalsDemo", "VitalsStore", "VitalsWatcher", "VitalsRules", "VitalsAudit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // The fuzzed edges, for the tests' corpus replay and for libFuzzer (scripts/fuzz): the pure core (the
        // exposition parser, pings, the spec, the audit's reading of a file), which builds with the fuzzer in minutes, and the watcher (API
        // bodies, observations through diagnoses, the status page and the JSON API).
        .target(name: "VitalsFuzzCore", dependencies: ["VitalsCore", "VitalsBase", "VitalsAudit"], path: "Fuzz/Core"),
        .target(name: "VitalsFuzz", dependencies: ["VitalsFuzzCore", "VitalsCore", "VitalsWatcher"], path: "Fuzz/Watcher"),
        .executableTarget(name: "vitals-fuzz", dependencies: ["VitalsFuzz", "VitalsFuzzCore"], path: "Fuzz/Runner"),
        .executableTarget(name: "vitals-fuzz-core", dependencies: ["VitalsFuzzCore"], path: "Fuzz/RunnerCore"),
        // Shipped helpers for testing services and watchers: a manual clock, fault-injecting targets.
        .target(name: "VitalsTesting"),
        // Helpers only our own tests use: captured log lines, exposition samples, child processes, PostgreSQL.
        .target(
            name: "VitalsTestSupport",
            dependencies: [
                "VitalsProcess", "VitalsStore", "Vitals",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
                .product(name: "ServiceContextModule", package: "swift-service-context"),
            ],
            path: "Tests/VitalsTestSupport"
        ),
        .testTarget(
            name: "VitalsTests",
            dependencies: [
                "Vitals", "VitalsSignals", "VitalsProcess", "VitalsTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        .testTarget(
            name: "VitalsHummingbirdTests",
            dependencies: [
                "Vitals", "VitalsHummingbird", "VitalsProcess", "VitalsTesting", "VitalsTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
                .product(name: "ServiceContextModule", package: "swift-service-context"),
            ]
        ),
        // Every Swift block of README.md and docs/, as compiled code (VitalsDocsTests checks they are the same).
        .target(
            name: "VitalsSnippets",
            dependencies: [
                "Vitals", "VitalsHummingbird", "VitalsVapor",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "VitalsDocsTests",
            dependencies: ["VitalsSnippets", "VitalsProcess", "VitalsTestSupport"]
        ),
        .testTarget(
            name: "VitalsVaporTests",
            dependencies: [
                "Vitals", "VitalsVapor", "VitalsTesting", "VitalsTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Vapor", package: "vapor"),
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceContextModule", package: "swift-service-context"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ]
        ),
        .testTarget(
            name: "VitalsCoreTests",
            dependencies: ["VitalsCore", "VitalsTestSupport", "VitalsProcess"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "VitalsFuzzTests",
            dependencies: ["VitalsFuzz", "VitalsFuzzCore"]
        ),
        .testTarget(
            name: "VitalsAuditTests",
            dependencies: ["VitalsAudit", "VitalsCore", "VitalsTestSupport", "VitalsProcess"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "VitalsRulesTests",
            dependencies: ["VitalsRules", "VitalsCore", "VitalsAudit", "VitalsTestSupport", "VitalsProcess"]
        ),
        .testTarget(
            name: "VitalsStoreTests",
            dependencies: [
                "VitalsStore", "VitalsCore", "VitalsBase", "VitalsProcess", "VitalsTesting", "VitalsTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "VitalsWatcherTests",
            dependencies: [
                "VitalsWatcher", "VitalsStore", "VitalsCore", "VitalsSignals", "VitalsBase", "Vitals", "VitalsProcess", "VitalsTesting",
                "VitalsTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "VitalsDemoTests",
            dependencies: [
                "VitalsDemo", "Vitals", "VitalsTestSupport", "VitalsProcess",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
    ]
)

// House style: every target gets the same strictness.
// The doc snippets are compiled as a user's code is, with the language's defaults.
for target in package.targets where target.name != "VitalsSnippets" {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    target.swiftSettings = settings
}

// Which trait brings each package in. The library's own dependencies (swift-log, swift-metrics, tracing,
// swift-prometheus, swift-otel, service-lifecycle, async-http-client, NIO) are always there; everything else
// is a dependency only under its trait, so a service built with `traits: []` never resolves GRDB, Yams,
// PostgresNIO, ArgumentParser, Hummingbird or Vapor.
let traitOfPackage: [String: String] = [
    "hummingbird": "Hummingbird", "swift-http-types": "Hummingbird",
    "vapor": "Vapor",
    "swift-argument-parser": "Watcher", "swift-system": "Watcher", "swift-subprocess": "Watcher", "GRDB.swift": "Watcher",
    "Yams": "Watcher", "postgres-nio": "Watcher", "swift-nio-ssl": "Watcher", "swift-nio-extras": "Watcher",
]
for target in package.targets {
    target.dependencies = target.dependencies.map { dependency in
        guard case .productItem(let name, let package?, let aliases, nil) = dependency, let trait = traitOfPackage[package] else {
            return dependency
        }
        return .productItem(name: name, package: package, moduleAliases: aliases, condition: .when(traits: [trait]))
    }
}
