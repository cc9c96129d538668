import VitalsCore

/// `--profile NAME` as `inspect` and `rules` take it.
enum ProfileOption {
    /// The profile named `name`, or a failure that suggests the closest one.
    static func parse(_ name: String) throws -> MetricProfile {
        if let profile = MetricProfile.named(name) { return profile }
        let known = MetricProfile.all.map(\.name)
        let suggestion = DidYouMean.suggestion(for: name, among: known).map { "; did you mean \($0)?" } ?? ""
        throw CommandFailure.fail("--profile \(name) is not a metric profile\(suggestion) (known: \(known.joined(separator: ", ")))")
    }
}
