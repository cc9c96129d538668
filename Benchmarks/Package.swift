// swift-tools-version:6.1
import Foundation
import PackageDescription

// The benchmarks are a package of their own, so services that depend on Vitals never resolve what only the
// benchmarks need. Run them through scripts/bench-*, which build this package in release mode.

// A path dependency is known by its folder's name, whatever the checkout is called.
let vitals = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent.lowercased()

let package = Package(
    name: "vitals-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.7.3"),
        .package(url: "https://github.com/apple/swift-service-context", from: "1.5.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/vapor/vapor", from: "4.122.3"),
    ],
    targets: [
        .executableTarget(
            name: "bench-http-server",
            dependencies: [
                .product(name: "Vitals", package: vitals),
                .product(name: "VitalsHummingbird", package: vitals),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            path: "BenchHTTPServer"
        ),
        .executableTarget(
            name: "bench-vapor-server",
            dependencies: [
                .product(name: "Vitals", package: vitals),
                .product(name: "VitalsVapor", package: vitals),
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            path: "BenchVaporServer"
        ),
        .executableTarget(
            name: "bench-exposition",
            dependencies: [.product(name: "VitalsCore", package: vitals)],
            path: "BenchExposition"
        ),
        .executableTarget(
            name: "bench-library",
            dependencies: [
                .product(name: "Vitals", package: vitals),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
                .product(name: "ServiceContextModule", package: "swift-service-context"),
            ],
            path: "BenchLibrary"
        ),
    ]
)

for target in package.targets {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    target.swiftSettings = settings
}
