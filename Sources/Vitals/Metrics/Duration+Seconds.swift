extension Duration {
    /// The duration in seconds, as metrics and logs record it.
    package var inSeconds: Double {
        Double(self.components.seconds) + Double(self.components.attoseconds) / 1e18
    }
}
