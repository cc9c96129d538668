extension Duration {
    /// Seconds as a `TimeInterval`, for date arithmetic.
    var seconds: Double { Double(self.components.seconds) + Double(self.components.attoseconds) / 1e18 }
}
