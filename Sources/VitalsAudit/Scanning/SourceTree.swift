#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The files under a directory, read with the system calls directly: Foundation's enumerator asked for
/// each file's resource values and took as long as scanning it.
enum SourceTree {
    /// Every regular file under `root`, relative to it and sorted, outside `skipped` directory names.
    /// Symbolic links are not followed (a link can loop, or leave the repository); nil when `root`
    /// cannot be read.
    static func files(under root: String, skipping skipped: Set<String>) -> [String]? {
        guard let top = opendir(root) else { return nil }
        closedir(top)
        var files: [String] = []
        var pending = [""]
        while let directory = pending.popLast() {
            guard let handle = opendir(self.join(root, directory)) else { continue }
            defer { closedir(handle) }
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                guard name != ".", name != ".." else { continue }
                let relative = self.join(directory, name)
                switch Self.kind(entry.pointee.d_type, path: self.join(root, relative)) {
                case .directory where !skipped.contains(name): pending.append(relative)
                case .file: files.append(relative)
                default: break
                }
            }
        }
        return files.sorted()
    }

    /// `directory/name`, or `name` alone at the top.
    static func join(_ directory: String, _ name: String) -> String {
        directory.isEmpty ? name : directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// The file's bytes, or nil when it cannot be read or is larger than `limit`.
    static func contents(of path: String, limit: Int) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, Int(status.st_size) <= limit else { return nil }
        let size = Int(status.st_size)
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        // A file that shrinks while read is read as far as it goes; one that grows, up to its size then.
        while filled < size {
            let got = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + filled, size - filled) }
            if got <= 0 { break }
            filled += got
        }
        return filled == size ? bytes : Array(bytes[..<filled])
    }

    private enum Kind { case file, directory, other }

    private static func kind(_ type: UInt8, path: String) -> Kind {
        switch Int32(type) {
        case Int32(DT_REG): return .file
        case Int32(DT_DIR): return .directory
        case Int32(DT_UNKNOWN):
            // Some file systems do not fill in the type: ask, without following a link.
            var status = stat()
            guard lstat(path, &status) == 0 else { return .other }
            switch status.st_mode & S_IFMT {
            case S_IFREG: return .file
            case S_IFDIR: return .directory
            default: return .other
            }
        default: return .other
        }
    }
}
