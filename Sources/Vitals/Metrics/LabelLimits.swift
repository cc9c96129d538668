/// Hard caps on how many distinct values one label of one metric may take.
///
/// Past the cap a new value is recorded as `_other` and counted in `vitals_label_overflow_total`, so a
/// bug that puts user ids or raw paths into a label degrades one label instead of the metrics backend.
public struct LabelLimits: Sendable, Hashable {
    /// Distinct values allowed per label when no override applies. Default 200.
    public var valuesPerLabel: Int
    /// Per label name overrides, e.g. `["http_route": 500]`.
    public var overrides: [String: Int]

    /// Caps of `valuesPerLabel` per label, except the labels named in `overrides`.
    public init(valuesPerLabel: Int = 200, overrides: [String: Int] = [:]) {
        self.valuesPerLabel = valuesPerLabel
        self.overrides = overrides
    }

    /// 200 values per label.
    public static let `default` = LabelLimits()

    func limit(for label: String) -> Int { self.overrides[label] ?? self.valuesPerLabel }
}
