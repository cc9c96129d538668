/// Sample lines: `name{label="value",…} value [timestamp] [# {exemplar labels} value [timestamp]]`.
extension ExpositionReader {
    mutating func sample() {
        let openMetrics = self.parser.format == .openMetrics
        guard let nameEnd = self.metricName(at: self.lineStart) else {
            self.fail(at: self.lineStart, "expected a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)")
            return
        }
        let nameBytes = self.lineStart..<nameEnd
        guard self.joinFamily(nameBytes) else { return }
        self.result.sampleCount += 1
        if self.result.sampleCount > self.parser.sampleLimit {
            self.fail(at: self.lineStart, "more than \(self.parser.sampleLimit) samples (sample limit)")
            self.stopped = true
            return
        }
        guard let family = self.family else { return }
        let kept = family.kept
        var offset = nameEnd
        var labels: [Label] = []
        var labelNames: [Range<Int>] = []
        if offset < self.lineEnd, self.bytes[offset] == UInt8(ascii: "{") {
            guard let end = self.labels(from: offset + 1, into: &labels, names: &labelNames, materialize: kept) else { return }
            offset = end
        }
        // Value.
        guard let valueStart = self.separator(after: offset, what: "the value") else { return }
        let valueEnd = self.tokenEnd(from: valueStart)
        guard let value = NumberParser.double(self.slice(valueStart..<valueEnd)) else {
            self.fail(at: valueStart, "\"\(self.string(valueStart..<valueEnd))\" is not a number (NaN, +Inf and -Inf are)")
            return
        }
        offset = valueEnd
        // Timestamp and exemplar.
        var timestamp: Double?
        var exemplar: Exemplar?
        if offset < self.lineEnd {
            guard let start = self.separator(after: offset, what: "the timestamp") else { return }
            if start == self.lineEnd, !openMetrics {
                offset = start  // trailing blanks
            } else if self.bytes[start] != UInt8(ascii: "#") {
                let end = self.tokenEnd(from: start)
                guard let parsed = self.timestamp(start..<end) else { return }
                timestamp = parsed
                offset = end
            }
            if offset < self.lineEnd {
                guard let start = self.separator(after: offset, what: "an exemplar") else { return }
                if start < self.lineEnd {
                    guard openMetrics, self.bytes[start] == UInt8(ascii: "#") else {
                        self.fail(at: start, openMetrics ? "unexpected text after the sample" : "unexpected text after the sample (exemplars are OpenMetrics only)")
                        return
                    }
                    guard let parsed = self.exemplar(from: start, sampleName: nameBytes, materialize: kept) else { return }
                    exemplar = parsed
                }
            }
        }
        guard self.checkType(family, nameBytes: nameBytes, labels: labelNames, labelValues: labels) else { return }
        self.family?.sawSample = true
        guard kept, let index = family.index else { return }
        let name = self.equal(nameBytes, family.nameBytes) ? family.name : self.string(nameBytes)
        let key = SeriesKey(name: name, labels: labels.sorted { $0.name < $1.name })
        guard self.seenSeries.insert(key).inserted else {
            self.fail(at: self.lineStart, "duplicate series \(name){\(labels.map { "\($0.name)=\"\($0.value)\"" }.joined(separator: ","))}")
            return
        }
        self.result.families[index].samples.append(Sample(name: name, labels: labels, value: value, timestamp: timestamp, exemplar: exemplar))
    }

    /// Puts the sample in the current family if its name is the family's (with a suffix its type allows),
    /// else starts a family of its own.
    private mutating func joinFamily(_ nameBytes: Range<Int>) -> Bool {
        if let family = self.family {
            if self.equal(family.nameBytes, nameBytes) { return true }
            for suffix in family.type.suffixes where nameBytes.count == family.nameBytes.count + suffix.utf8.count {
                let prefix = nameBytes.lowerBound..<(nameBytes.lowerBound + family.nameBytes.count)
                if self.equal(prefix, family.nameBytes), suffix.utf8.elementsEqual(self.slice(prefix.upperBound..<nameBytes.upperBound)) { return true }
            }
        }
        return self.enterFamily(nameBytes: nameBytes, declared: false, at: nameBytes.lowerBound)
    }

    /// After a token: blanks (one space exactly in OpenMetrics), then the next token's start. nil after reporting.
    private mutating func separator(after offset: Int, what: String) -> Int? {
        guard offset < self.lineEnd else {
            self.fail(at: offset, "expected \(what)")
            return nil
        }
        let byte = self.bytes[offset]
        guard byte == UInt8(ascii: " ") || (self.parser.format == .prometheus && byte == UInt8(ascii: "\t")) else {
            self.fail(at: offset, "expected a space before \(what)")
            return nil
        }
        if self.parser.format == .openMetrics {
            guard offset + 1 < self.lineEnd, self.bytes[offset + 1] != UInt8(ascii: " ") else {
                self.fail(at: offset, "OpenMetrics separates with exactly one space and allows no trailing space")
                return nil
            }
            return offset + 1
        }
        return self.skipBlanks(from: offset)
    }

    private func tokenEnd(from offset: Int) -> Int {
        var end = offset
        while end < self.lineEnd, self.bytes[end] != UInt8(ascii: " "), self.bytes[end] != UInt8(ascii: "\t") { end += 1 }
        return end
    }

    /// Classic: integer milliseconds. OpenMetrics: seconds, possibly fractional. Returned in seconds.
    private mutating func timestamp(_ range: Range<Int>) -> Double? {
        if self.parser.format == .prometheus {
            guard let milliseconds = NumberParser.int64(self.slice(range)) else {
                self.fail(at: range.lowerBound, "timestamp \"\(self.string(range))\" is not whole milliseconds")
                return nil
            }
            return Double(milliseconds) / 1000
        }
        guard let seconds = NumberParser.double(self.slice(range)), seconds.isFinite else {
            self.fail(at: range.lowerBound, "timestamp \"\(self.string(range))\" is not a number of seconds")
            return nil
        }
        return seconds
    }

    /// `{a="1",b="2"}` from just after `{`; returns the offset after `}`. Label values are kept only when
    /// `materialize`; names and values are validated either way.
    private mutating func labels(from start: Int, into labels: inout [Label], names: inout [Range<Int>], materialize: Bool) -> Int? {
        let classic = self.parser.format == .prometheus
        var offset = classic ? self.skipBlanks(from: start) : start
        while true {
            guard offset < self.lineEnd else {
                self.fail(at: offset, "unclosed label set: expected }")
                return nil
            }
            if self.bytes[offset] == UInt8(ascii: "}") { return offset + 1 }
            guard let nameEnd = self.labelName(at: offset) else {
                self.fail(at: offset, "expected a label name ([a-zA-Z_][a-zA-Z0-9_]*)")
                return nil
            }
            let name = offset..<nameEnd
            guard name.count <= self.parser.labelNameLimit else {
                self.fail(at: offset, "label name longer than \(self.parser.labelNameLimit) bytes")
                return nil
            }
            if names.contains(where: { self.equal($0, name) }) {
                self.fail(at: offset, "label \(self.string(name)) appears twice")
                return nil
            }
            names.append(name)
            offset = classic ? self.skipBlanks(from: nameEnd) : nameEnd
            guard offset < self.lineEnd, self.bytes[offset] == UInt8(ascii: "=") else {
                self.fail(at: offset, "expected = after label name \(self.string(name))")
                return nil
            }
            offset = classic ? self.skipBlanks(from: offset + 1) : offset + 1
            guard offset < self.lineEnd, self.bytes[offset] == UInt8(ascii: "\"") else {
                self.fail(at: offset, "expected a quoted label value")
                return nil
            }
            let valueStart = offset + 1
            var valueEnd = valueStart
            while valueEnd < self.lineEnd, self.bytes[valueEnd] != UInt8(ascii: "\"") {
                valueEnd += self.bytes[valueEnd] == UInt8(ascii: "\\") ? 2 : 1
            }
            guard valueEnd < self.lineEnd else {
                self.fail(at: offset, "unterminated label value")
                return nil
            }
            guard valueEnd - valueStart <= self.parser.labelValueLimit else {
                self.fail(at: valueStart, "label value longer than \(self.parser.labelValueLimit) bytes")
                return nil
            }
            // Escapes and UTF-8 are checked whether kept or not: a scrape is valid or it is not.
            guard let value = self.unescape(valueStart..<valueEnd, quotes: true, what: "label value") else { return nil }
            if materialize { labels.append(Label(self.string(name), value)) }
            offset = classic ? self.skipBlanks(from: valueEnd + 1) : valueEnd + 1
            guard offset < self.lineEnd else { continue }
            if self.bytes[offset] == UInt8(ascii: ",") {
                offset = classic ? self.skipBlanks(from: offset + 1) : offset + 1
                if !classic, offset < self.lineEnd, self.bytes[offset] == UInt8(ascii: "}") {
                    self.fail(at: offset - 1, "trailing comma in a label set (OpenMetrics allows none)")
                    return nil
                }
            } else if self.bytes[offset] != UInt8(ascii: "}") {
                self.fail(at: offset, "expected , or } after a label value")
                return nil
            }
        }
    }

    /// ` # {labels} value [timestamp]` (OpenMetrics), from the `#`.
    private mutating func exemplar(from start: Int, sampleName: Range<Int>, materialize: Bool) -> Exemplar? {
        guard start + 2 < self.lineEnd, self.bytes[start + 1] == UInt8(ascii: " "), self.bytes[start + 2] == UInt8(ascii: "{") else {
            self.fail(at: start, "an exemplar is \" # {labels} value [timestamp]\"")
            return nil
        }
        let name = self.string(sampleName)
        let type = self.family?.type
        guard (type == .counter && name.hasSuffix("_total")) || ((type == .histogram || type == .gaugehistogram) && name.hasSuffix("_bucket")) else {
            self.fail(at: start, "exemplars belong on counter _total and histogram _bucket samples only")
            return nil
        }
        var labels: [Label] = []
        var names: [Range<Int>] = []
        guard let labelsEnd = self.labels(from: start + 3, into: &labels, names: &names, materialize: materialize) else { return nil }
        let runes = labels.reduce(0) { $0 + $1.name.unicodeScalars.count + $1.value.unicodeScalars.count }
        guard runes <= 128 else {
            self.fail(at: start + 2, "exemplar labels exceed 128 characters")
            return nil
        }
        guard let valueStart = self.separator(after: labelsEnd, what: "the exemplar value") else { return nil }
        let valueEnd = self.tokenEnd(from: valueStart)
        guard let value = NumberParser.double(self.slice(valueStart..<valueEnd)) else {
            self.fail(at: valueStart, "exemplar value \"\(self.string(valueStart..<valueEnd))\" is not a number")
            return nil
        }
        var timestamp: Double?
        if valueEnd < self.lineEnd {
            guard let stampStart = self.separator(after: valueEnd, what: "the exemplar timestamp") else { return nil }
            let stampEnd = self.tokenEnd(from: stampStart)
            guard stampEnd == self.lineEnd else {
                self.fail(at: stampEnd, "unexpected text after the exemplar")
                return nil
            }
            guard let parsed = self.timestamp(stampStart..<stampEnd) else { return nil }
            timestamp = parsed
        }
        return Exemplar(labels: labels, value: value, timestamp: timestamp)
    }

    /// What a family's type asks of its samples: `le` on buckets, `quantile` on summary quantiles,
    /// `_total` on OpenMetrics counters.
    private mutating func checkType(_ family: FamilyState, nameBytes: Range<Int>, labels: [Range<Int>], labelValues: [Label]) -> Bool {
        let suffix = self.string(family.nameBytes.upperBound <= nameBytes.upperBound && nameBytes.count > family.nameBytes.count
                                 ? (nameBytes.lowerBound + family.nameBytes.count)..<nameBytes.upperBound : nameBytes.upperBound..<nameBytes.upperBound)
        func has(_ label: String) -> Bool { labels.contains { self.string($0) == label } }
        switch family.type {
        case .histogram, .gaugehistogram:
            if suffix == "_bucket", !has("le") {
                self.fail(at: nameBytes.lowerBound, "histogram bucket without an le label")
                return false
            }
            if suffix == "_bucket", let le = labelValues.first(where: { $0.name == "le" }), Double(le.value) == nil, le.value != "+Inf" {
                self.fail(at: nameBytes.lowerBound, "le=\"\(le.value)\" is not a number")
                return false
            }
        case .summary where suffix.isEmpty && family.kept:
            if !has("quantile") {
                self.fail(at: nameBytes.lowerBound, "summary sample without a quantile label")
                return false
            }
        case .counter where self.parser.format == .openMetrics:
            if suffix.isEmpty {
                self.fail(at: nameBytes.lowerBound, "an OpenMetrics counter's samples are named \(family.name)_total (or _created)")
                return false
            }
        default:
            break
        }
        return true
    }
}
