/// Every matcher the audit runs, in groups (line rules, project needs, workload signs), with one literal
/// set per language and view over their needles: a file is read once per view, whatever the number of
/// rules.
struct Catalog: Sendable {
    let groups: [[Matcher]]
    /// Flat matcher index to (group, index in group).
    private let owners: [(group: Int, member: Int)]
    /// By `Self.key(language, view)`.
    private let sets: [Int: LiteralSet]

    init(_ groups: [[Matcher]]) {
        self.groups = groups
        let owners = groups.enumerated().flatMap { group, matchers in matchers.indices.map { (group: group, member: $0) } }
        self.owners = owners
        var sets: [Int: LiteralSet] = [:]
        for language in Language.allCases {
            for view in SourceText.View.allCases {
                let literals = owners.enumerated().flatMap { owner, position -> [LiteralSet.Literal] in
                    let matcher = groups[position.group][position.member]
                    guard matcher.languages.contains(language), matcher.view == view else { return [] }
                    return matcher.needles.map { LiteralSet.Literal(bytes: Array($0.text.utf8), boundary: $0.boundary, owner: owner) }
                }
                if !literals.isEmpty { sets[Self.key(language, view)] = LiteralSet(literals) }
            }
        }
        self.sets = sets
    }

    /// Offsets of each matcher's literals in `source`: `hits[group][member]`, in order.
    func scan(_ source: SourceText) -> [[[Int]]] {
        var hits = self.groups.map { $0.map { _ in [Int]() } }
        var found: [(literal: Int, offset: Int)] = []
        for view in SourceText.View.allCases {
            guard let set = self.sets[Self.key(source.language, view)] else { continue }
            found.removeAll(keepingCapacity: true)
            set.scan(source.lowercased(view), into: &found)
            for (literal, offset) in found {
                let owner = self.owners[set.literals[literal].owner]
                // Two needles of one matcher can both start a match at the same place; one hit is enough.
                if hits[owner.group][owner.member].last != offset { hits[owner.group][owner.member].append(offset) }
            }
        }
        return hits
    }

    private static func key(_ language: Language, _ view: SourceText.View) -> Int {
        Language.allCases.firstIndex(of: language)! * SourceText.View.allCases.count + view.rawValue
    }
}
