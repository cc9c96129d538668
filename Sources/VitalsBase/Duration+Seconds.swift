extension Duration {
    /// The duration in seconds, as metrics, logs and date arithmetic use it. Shared by the library and the
    /// watcher through this module, which both import.
    package var inSeconds: Double {
        Double(self.components.seconds) + Double(self.components.attoseconds) / 1e18
    }
}
