import VitalsSignals

/// The `http_request_method` label value: one of the registered methods, otherwise `_OTHER`.
///
/// A client can send any token as a method; recording it verbatim would let anyone grow the label set.
public enum HTTPMethodLabel {
    /// Methods recorded by name (RFC 9110 and PATCH, RFC 5789).
    public static let known: [String] = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"]

    /// `method` if known, else `_OTHER`.
    public static func normalised(_ method: String) -> String {
        self.index(of: method).map { self.known[$0] } ?? Signal.HTTP.otherMethod
    }

    static func index(of method: String) -> Int? {
        self.known.firstIndex(of: method)
    }
}
