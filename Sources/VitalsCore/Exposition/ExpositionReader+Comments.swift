/// `# HELP`, `# TYPE`, `# UNIT`, `# EOF` and plain comments.
extension ExpositionReader {
    mutating func comment() {
        let openMetrics = self.parser.format == .openMetrics
        var offset = self.lineStart + 1
        guard offset < self.lineEnd, self.bytes[offset] == UInt8(ascii: " ") || (!openMetrics && self.bytes[offset] == UInt8(ascii: "\t")) else {
            if openMetrics { self.fail(at: self.lineStart, "a comment is \"# \" followed by TYPE, HELP, UNIT or EOF") }
            return
        }
        offset = openMetrics ? offset + 1 : self.skipBlanks(from: offset)
        var keywordEnd = offset
        while keywordEnd < self.lineEnd, self.bytes[keywordEnd] != UInt8(ascii: " "), self.bytes[keywordEnd] != UInt8(ascii: "\t") { keywordEnd += 1 }
        let keyword = self.string(offset..<keywordEnd)
        switch keyword {
        case "EOF" where openMetrics:
            guard keywordEnd == self.lineEnd else {
                self.fail(at: keywordEnd, "nothing may follow \"# EOF\" on its line")
                return
            }
            self.sawEOF = true
        case "HELP", "TYPE":
            self.descriptor(keyword, from: keywordEnd)
        case "UNIT" where openMetrics:
            self.descriptor(keyword, from: keywordEnd)
        default:
            // The classic format ignores other comments; OpenMetrics has none.
            if openMetrics { self.fail(at: offset, "unknown comment \"# \(keyword)\"; OpenMetrics allows TYPE, HELP, UNIT and EOF") }
        }
    }

    /// `# HELP name text`, `# TYPE name type`, `# UNIT name unit`.
    private mutating func descriptor(_ keyword: String, from keywordEnd: Int) {
        let openMetrics = self.parser.format == .openMetrics
        guard keywordEnd < self.lineEnd else {
            self.fail(at: keywordEnd, "# \(keyword) needs a metric name")
            return
        }
        let nameStart = openMetrics ? keywordEnd + 1 : self.skipBlanks(from: keywordEnd)
        guard let nameEnd = self.metricName(at: nameStart) else {
            self.fail(at: nameStart, "# \(keyword) needs a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)")
            return
        }
        var textStart = nameEnd
        if textStart < self.lineEnd {
            guard self.bytes[textStart] == UInt8(ascii: " ") || (!openMetrics && self.bytes[textStart] == UInt8(ascii: "\t")) else {
                self.fail(at: textStart, "invalid character in metric name")
                return
            }
            textStart = openMetrics ? textStart + 1 : self.skipBlanks(from: textStart)
        }
        guard self.enterFamily(nameBytes: nameStart..<nameEnd, declared: true, at: nameStart) else { return }
        switch keyword {
        case "HELP":
            guard self.family?.help == nil else {
                self.fail(at: self.lineStart, "second # HELP for \(self.family?.name ?? "")")
                return
            }
            // Checked always, kept only for kept families.
            guard let help = self.unescape(textStart..<self.lineEnd, quotes: openMetrics, what: "HELP text", materialize: self.family?.kept == true)
            else { return }
            self.family?.help = help
        case "TYPE":
            let text = self.string(textStart..<self.lineEnd)
            let allowed: [MetricType] =
                openMetrics
                ? [.counter, .gauge, .histogram, .gaugehistogram, .stateset, .info, .summary, .unknown]
                : [.counter, .gauge, .histogram, .summary, .untyped]
            guard let type = MetricType(rawValue: text), allowed.contains(type) else {
                self.fail(at: textStart, "unknown type \"\(text)\"; use one of \(allowed.map(\.rawValue).joined(separator: ", "))")
                return
            }
            guard self.family?.typed == false else {
                self.fail(at: self.lineStart, "second # TYPE for \(self.family?.name ?? "")")
                return
            }
            guard self.family?.sawSample == false else {
                self.fail(at: self.lineStart, "# TYPE for \(self.family?.name ?? "") after its samples")
                return
            }
            self.family?.type = type
            self.family?.typed = true
        default:  // UNIT
            let unit = self.string(textStart..<self.lineEnd)
            guard let name = self.family?.name, unit.isEmpty || name.hasSuffix("_" + unit) else {
                self.fail(at: textStart, "unit \"\(unit)\" must be the suffix of the family name (\(self.family?.name ?? "")_…\(unit))")
                return
            }
            self.family?.unit = unit
        }
        self.syncFamily()
    }

    /// Makes `nameBytes` the current family, starting it if new. False (after reporting) if its lines are split.
    mutating func enterFamily(nameBytes: Range<Int>, declared: Bool, at offset: Int) -> Bool {
        if let current = self.family, self.equal(current.nameBytes, nameBytes) { return true }
        let name = self.string(nameBytes)
        if let current = self.family { self.closedFamilies.insert(current.nameBytes, in: self.bytes) }
        if self.closedFamilies.contains(nameBytes, in: self.bytes) {
            self.fail(at: offset, "\(name) appears again after other families: a family's lines must be together")
            self.family = nil
            return false
        }
        let kept = self.parser.keep?(name) ?? true
        let type: MetricType = self.parser.format == .openMetrics ? .unknown : .untyped
        var index: Int?
        if kept {
            index = self.result.families.count
            self.result.families.append(MetricFamily(name: name, type: type))
        }
        self.result.familyCount += 1
        self.family = FamilyState(name: name, nameBytes: nameBytes, type: type, typed: false, kept: kept, index: index, sawSample: false)
        return true
    }

    /// Copies TYPE, HELP and UNIT into the kept family.
    mutating func syncFamily() {
        guard let family = self.family, let index = family.index else { return }
        self.result.families[index].type = family.type
        self.result.families[index].help = family.help
        self.result.families[index].unit = family.unit
    }

    /// HELP text or a label value with its escapes resolved: `\\`, `\n`, and `\"` where quotes are escaped.
    /// nil after reporting an invalid escape or invalid UTF-8. Without `materialize`, only checks, and
    /// returns an empty string: no allocation for what is not kept.
    mutating func unescape(_ range: Range<Int>, quotes: Bool, what: String, materialize: Bool = true) -> String? {
        guard self.validUTF8(range) else {
            self.fail(at: range.lowerBound, "\(what) is not valid UTF-8")
            return nil
        }
        guard let firstEscape = self.find(UInt8(ascii: "\\"), from: range.lowerBound, to: range.upperBound) else {
            return materialize ? self.string(range) : ""
        }
        if !materialize {
            var index = firstEscape
            while index < range.upperBound {
                if self.bytes[index] == UInt8(ascii: "\\") {
                    let next = index + 1 < range.upperBound ? self.bytes[index + 1] : 0
                    guard next == UInt8(ascii: "\\") || next == UInt8(ascii: "n") || (quotes && next == UInt8(ascii: "\"")) else {
                        self.fail(at: index, "invalid escape in \(what); only \\\\, \\\" and \\n are allowed")
                        return nil
                    }
                    index += 2
                } else {
                    index += 1
                }
            }
            return ""
        }
        var output: [UInt8] = []
        output.reserveCapacity(range.count)
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = self.bytes[index]
            if byte == UInt8(ascii: "\\") {
                let next = index + 1 < range.upperBound ? self.bytes[index + 1] : 0
                switch next {
                case UInt8(ascii: "\\"): output.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "n"): output.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "\"") where quotes: output.append(UInt8(ascii: "\""))
                default:
                    // Prometheus keeps unknown escapes in HELP as written; only the three above mean anything.
                    if what == "HELP text", next != 0 {
                        output.append(byte)
                        output.append(next)
                        index += 2
                        continue
                    }
                    self.fail(at: index, "invalid escape in \(what); only \\\\, \\\" and \\n are allowed")
                    return nil
                }
                index += 2
            } else {
                output.append(byte)
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
