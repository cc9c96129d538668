import Foundation

/// A Heroku-style `Procfile` (`web: gunicorn app:app`, `worker: celery -A app worker`): each line a
/// process, whose name says its kind.
enum Procfile {
    /// The workloads the `Procfile`s among `files` declare, in order.
    static func workloads(among files: [String], root: String) -> [DeclaredWorkload] {
        var workloads: [DeclaredWorkload] = []
        for file in files where file == "Procfile" || file.hasSuffix("/Procfile") {
            guard let bytes = SourceTree.contents(of: SourceTree.join(root, file), limit: 1 << 16) else { continue }
            let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            for (number, line) in lines.enumerated() {
                guard let colon = line.firstIndex(of: ":"), !line.hasPrefix("#") else { continue }
                let name = line[..<colon].trimmingCharacters(in: .whitespaces)
                let command = line[line.index(after: colon)...].lowercased()
                guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else { continue }
                let kind =
                    if name == "web" { "api" } else if ["clock", "scheduler", "beat", "cron"].contains(name) || command.contains(" beat") {
                        "job"
                    } else if name == "release" { "" } else { "worker" }
                guard !kind.isEmpty else { continue }
                workloads.append(DeclaredWorkload(name: name, kind: kind, evidence: "\(file):\(number + 1)"))
            }
        }
        return workloads
    }
}
