import Foundation
import SystemPackage

/// The files a child reads its input from and writes its output to, in a directory of their own that
/// ``remove()`` deletes.
struct OutputFiles: Sendable {
    enum Role: String, Sendable { case input, output, error }

    let directory: URL

    init(input: Data) throws {
        self.directory = FileManager.default.temporaryDirectory.appendingPathComponent("vitals-child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: self.directory, withIntermediateDirectories: true)
        try input.write(to: self.url(.input))
        for role in [Role.output, .error] {
            FileManager.default.createFile(atPath: self.url(role).path, contents: nil)
        }
    }

    func url(_ role: Role) -> URL { self.directory.appendingPathComponent(role.rawValue) }

    /// A descriptor for the child: read-only for input, write-only for output.
    func open(_ role: Role) throws -> FileDescriptor {
        try FileDescriptor.open(FilePath(self.url(role).path), role == .input ? .readOnly : .writeOnly)
    }

    /// The last `last` bytes of a file, or all of it.
    func read(_ role: Role, last: Int?) throws -> Data {
        let handle = try FileHandle(forReadingFrom: self.url(role))
        defer { try? handle.close() }
        if let last {
            let size = try handle.seekToEnd()
            try handle.seek(toOffset: size > UInt64(last) ? size - UInt64(last) : 0)
        }
        return try handle.readToEnd() ?? Data()
    }

    func remove() { try? FileManager.default.removeItem(at: self.directory) }
}
