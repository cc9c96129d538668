import Foundation
import Synchronization

/// Hands what a child has written since the last call to a receiver. Reading a regular file stops at its
/// current end and never waits for more, so following costs no blocked thread.
final class OutputFollower: Sendable {
    private let handles: Mutex<[(ChildProcess.Stream, FileHandle)]>
    private let deliver: @Sendable (ChildProcess.Stream, [UInt8]) -> Void

    init(files: OutputFiles, deliver: @escaping @Sendable (ChildProcess.Stream, [UInt8]) -> Void) {
        let output = try? FileHandle(forReadingFrom: files.url(.output))
        let error = try? FileHandle(forReadingFrom: files.url(.error))
        self.handles = Mutex([(.output, output), (.error, error)].compactMap { stream, handle in handle.map { (stream, $0) } })
        self.deliver = deliver
    }

    /// Forwards everything new, standard output first.
    func forward() {
        self.handles.withLock { handles in
            for (stream, handle) in handles {
                while let data = try? handle.read(upToCount: 1 << 16), !data.isEmpty {
                    self.deliver(stream, Array(data))
                }
            }
        }
    }

    deinit {
        self.handles.withLock { handles in
            for (_, handle) in handles { try? handle.close() }
        }
    }
}
