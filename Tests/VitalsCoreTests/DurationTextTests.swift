import Testing
import VitalsCore

@Suite struct DurationTextTests {
    @Test(arguments: [
        ("250ms", Duration.milliseconds(250)), ("30s", .seconds(30)), ("5m", .seconds(300)), ("1h30m", .seconds(5400)),
        ("2d", .seconds(172_800)), ("1.5s", .milliseconds(1500)), ("45", .seconds(45)), (" 10s ", .seconds(10)),
    ])
    func parses(text: String, expected: Duration) {
        #expect(DurationText.parse(text) == expected)
    }

    @Test(arguments: ["", "s", "10x", "-5s", "5 s", "1h-3m", "ten seconds", "1..5s"])
    func rejects(text: String) {
        #expect(DurationText.parse(text) == nil)
    }
}
