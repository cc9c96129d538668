#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Sample lines: `name{label="value",…} value [timestamp] [# {exemplar labels} value [timestamp]]`.
extension ExpositionReader {
    mutating func sample() {
        let openMetrics = self.parser.format == .openMetrics
        guard let nameEnd = self.metricName(at: self.lineStart) else {
            self.fail(at: self.lineStart, "expected a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)")
            return
        }
        let nameBytes = self.lineStart..<nameEnd
        guard self.joinFamily(nameBytes), self.family != nil else { return }
        self.samplesSeen += 1
        if self.samplesSeen > self.parser.sampleLimit {
            self.fail(at: self.lineStart, "more than \(self.parser.sampleLimit) samples (sample limit)", kind: .limit)
            self.stopped = true
            return
        }
        // Fields, not a copy of the family: a copy would retain and release its strings on every line.
        let kept = self.family!.kept
        var offset = nameEnd
        var labels: [Label] = []
        // The ranges buffer is lent out and given back, so its capacity is reused from line to line.
        var ranges: [LabelRange] = []
        swap(&ranges, &self.labelRanges)
        ranges.removeAll(keepingCapacity: true)
        if offset < self.lineEnd, self.bytes[offset] == UInt8(ascii: "{") {
            let end = self.labels(from: offset + 1, into: &labels, ranges: &ranges, materialize: kept)
            swap(&ranges, &self.labelRanges)
            guard let end else { return }
            offset = end
        } else {
            swap(&ranges, &self.labelRanges)
        }
        let seriesEnd = offset
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
                        self.fail(
                            at: start,
                            openMetrics ? "unexpected text after the sample" : "unexpected text after the sample (exemplars are OpenMetrics only)"
                        )
                        return
                    }
                    guard let parsed = self.exemplar(from: start, sampleName: nameBytes, materialize: kept) else { return }
                    exemplar = parsed
                }
            }
        }
        guard self.checkType(nameBytes: nameBytes) else { return }
        self.family!.sawSample = true
        guard kept, let index = self.family!.index else {
            self.result.sampleCount += 1
            return
        }
        guard self.series.insert(name: nameBytes, labels: self.labelRanges, in: self.bytes) else {
            self.fail(at: self.lineStart, "duplicate series \(self.string(self.lineStart..<seriesEnd))")
            return
        }
        self.result.sampleCount += 1
        let name = self.sampleName(nameBytes)
        self.result.families[index].samples.append(Sample(name: name, labels: labels, value: value, timestamp: timestamp, exemplar: exemplar))
    }

    /// The sample's name as a String, shared by every sample with the same suffix in the family.
    private mutating func sampleName(_ nameBytes: Range<Int>) -> String {
        let familyCount = self.family!.nameBytes.count
        let suffix = (nameBytes.lowerBound + familyCount)..<nameBytes.upperBound
        if suffix.isEmpty { return self.family!.name }
        for known in self.family!.suffixNames where self.equal(known.suffix, suffix) { return known.name }
        let name = self.string(nameBytes)
        self.family!.suffixNames.append(SuffixName(suffix: suffix, name: name))
        return name
    }

    /// Puts the sample in the current family if its name is the family's (with a suffix its type allows),
    /// else starts a family of its own.
    private mutating func joinFamily(_ nameBytes: Range<Int>) -> Bool {
        if let family = self.family {
            if self.equal(family.nameBytes, nameBytes) { return true }
            for suffix in family.type.suffixes where nameBytes.count == family.nameBytes.count + suffix.utf8.count {
                let prefix = nameBytes.lowerBound..<(nameBytes.lowerBound + family.nameBytes.count)
                if self.equal(prefix, family.nameBytes), suffix.utf8.elementsEqual(self.slice(prefix.upperBound..<nameBytes.upperBound)) {
                    return true
                }
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
    private mutating func labels(from start: Int, into labels: inout [Label], ranges: inout [LabelRange], materialize: Bool) -> Int? {
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
                self.fail(at: offset, "label name longer than \(self.parser.labelNameLimit) bytes (label limit)", kind: .limit)
                return nil
            }
            if ranges.contains(where: { self.equal($0.name, name) }) {
                self.fail(at: offset, "label \(self.string(name)) appears twice")
                return nil
            }
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
                self.fail(at: valueStart, "label value longer than \(self.parser.labelValueLimit) bytes (label limit)", kind: .limit)
                return nil
            }
            // Escapes and UTF-8 are checked whether kept or not: a scrape is valid or it is not.
            let position = ranges.count
            ranges.append(LabelRange(name: name, value: valueStart..<valueEnd))
            if materialize, position < self.previousLabels.count, self.equal(self.previousLabels[position].value, valueStart..<valueEnd),
                self.equal(self.previousLabels[position].name, name)
            {
                // As on the line before: no new Strings (the bytes were validated when first seen).
                labels.append(Label(self.previousLabels[position].nameString, self.previousLabels[position].valueString))
                offset = classic ? self.skipBlanks(from: valueEnd + 1) : valueEnd + 1
            } else {
                guard let value = self.unescape(valueStart..<valueEnd, quotes: true, what: "label value", materialize: materialize) else {
                    return nil
                }
                if materialize {
                    let nameString =
                        position < self.previousLabels.count && self.equal(self.previousLabels[position].name, name)
                        ? self.previousLabels[position].nameString : self.string(name)
                    labels.append(Label(nameString, value))
                    let remembered = RememberedLabel(name: name, nameString: nameString, value: valueStart..<valueEnd, valueString: value)
                    if position < self.previousLabels.count {
                        self.previousLabels[position] = remembered
                    } else {
                        self.previousLabels.append(remembered)
                    }
                }
                offset = classic ? self.skipBlanks(from: valueEnd + 1) : valueEnd + 1
            }
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
        var ranges: [LabelRange] = []
        guard let labelsEnd = self.labels(from: start + 3, into: &labels, ranges: &ranges, materialize: materialize) else { return nil }
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
    /// `_total` on OpenMetrics counters. Works on bytes: it runs for every line.
    private mutating func checkType(nameBytes: Range<Int>) -> Bool {
        let familyBytes = self.family!.nameBytes
        let suffix = (nameBytes.lowerBound + min(familyBytes.count, nameBytes.count))..<nameBytes.upperBound
        switch self.family!.type {
        case .histogram, .gaugehistogram:
            guard self.matches(suffix, "_bucket") else { return true }
            guard let le = self.labelRanges.first(where: { self.matches($0.name, "le") }) else {
                self.fail(at: nameBytes.lowerBound, "histogram bucket without an le label")
                return false
            }
            guard NumberParser.double(self.slice(le.value)) != nil else {
                self.fail(at: nameBytes.lowerBound, "le=\"\(self.string(le.value))\" is not a number")
                return false
            }
        case .summary where suffix.isEmpty:
            if !self.labelRanges.contains(where: { self.matches($0.name, "quantile") }) {
                self.fail(at: nameBytes.lowerBound, "summary sample without a quantile label")
                return false
            }
        case .counter where self.parser.format == .openMetrics:
            if suffix.isEmpty {
                self.fail(at: nameBytes.lowerBound, "an OpenMetrics counter's samples are named \(self.family!.name)_total (or _created)")
                return false
            }
        default:
            break
        }
        return true
    }

    /// Whether the bytes in `range` are `text`.
    func matches(_ range: Range<Int>, _ text: StaticString) -> Bool {
        range.count == text.utf8CodeUnitCount && memcmp(self.bytes.baseAddress! + range.lowerBound, text.utf8Start, range.count) == 0
    }
}
