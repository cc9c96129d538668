import Foundation
import Yams

/// Reads `vitals.yml`: YAML via Yams, `${VAR}` substituted as scalars, every problem reported at once
/// with `file:line:column`, key path and a hint.
public enum SpecLoader {
    /// Reads and validates the file at `path`.
    public static func load(path: String, environment: [String: String]) throws(SpecErrors) -> Spec {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SpecErrors([
                SpecError(
                    code: "file_unreadable",
                    message: "cannot read \(path)",
                    hint: "create it (see docs/spec.md) or pass another file",
                    file: path,
                    line: 1,
                    column: 1,
                    keyPath: ""
                )
            ])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SpecErrors([
                SpecError(
                    code: "not_utf8",
                    message: "\(path) is not UTF-8 text",
                    hint: "save it as UTF-8",
                    file: path,
                    line: 1,
                    column: 1,
                    keyPath: ""
                )
            ])
        }
        return try self.parse(text, file: path, environment: environment)
    }

    /// Validates spec text; `file` names it in errors.
    public static func parse(_ text: String, file: String, environment: [String: String]) throws(SpecErrors) -> Spec {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw SpecErrors([self.syntaxError(error, file: file)])
        }
        var reader = SpecReader(file: file, environment: environment)
        guard let root, let entries = reader.mapping(root, path: "") else {
            if root == nil {
                throw SpecErrors([
                    SpecError(
                        code: "empty",
                        message: "the spec is empty",
                        hint: "declare at least one workload under workloads:",
                        file: file,
                        line: 1,
                        column: 1,
                        keyPath: ""
                    )
                ])
            }
            throw SpecErrors(reader.errors)
        }
        reader.checkKeys(entries, allowed: ["watcher", "defaults", "notify", "workloads"], path: "")
        var spec = Spec(watcher: WatcherSettings(), defaults: CheckDefaults(), notify: [], workloads: [])
        if let node = entries.first(where: { $0.key == "watcher" })?.value { spec.watcher = reader.watcher(node) }
        if let node = entries.first(where: { $0.key == "defaults" })?.value { spec.defaults = reader.defaults(node) }
        if let node = entries.first(where: { $0.key == "notify" })?.value { spec.notify = reader.channels(node) }
        if let node = entries.first(where: { $0.key == "workloads" })?.value {
            spec.workloads = reader.workloads(node, defaults: spec.defaults, channels: spec.notify)
        } else if !reader.errors.contains(where: { $0.code == "unknown_key" && !$0.keyPath.contains(".") }) {
            reader.fail(
                "no_workloads",
                "no workloads are declared",
                hint: "add a workloads: section naming what to watch",
                at: root,
                path: "workloads"
            )
        }
        guard reader.errors.isEmpty else {
            throw SpecErrors(reader.errors.sorted { ($0.line, $0.column) < ($1.line, $1.column) })
        }
        return spec
    }

    private static func syntaxError(_ error: any Error, file: String) -> SpecError {
        if let yaml = error as? YamlError {
            switch yaml {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
                return SpecError(
                    code: "yaml_syntax",
                    message: "YAML syntax: \(problem)",
                    hint: "check indentation and quoting around here",
                    file: file,
                    line: mark.line,
                    column: mark.column,
                    keyPath: ""
                )
            case .duplicatedKeysInMapping(let duplicates, let context):
                return SpecError(
                    code: "duplicate_key",
                    message: "duplicate key \(duplicates.map { "\"\($0)\"" }.joined(separator: ", "))",
                    hint: "each name may appear once; rename or merge the entries",
                    file: file,
                    line: context.mark.line,
                    column: context.mark.column,
                    keyPath: ""
                )
            default: break
            }
        }
        return SpecError(code: "yaml_syntax", message: "YAML: \(error)", hint: "check the file's syntax", file: file, line: 1, column: 1, keyPath: "")
    }
}
