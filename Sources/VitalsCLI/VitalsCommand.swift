import ArgumentParser

/// `vitals`: the command line of Vitals.
@main
struct VitalsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vitals",
        abstract: "Know that each service is healthy and doing its job, before its users tell you.",
        subcommands: [
            DemoCommand.self, ServeCommand.self, CheckCommand.self, ScheduleCommand.self, TokensCommand.self, PingCommand.self, RunCommand.self,
            SilenceCommand.self, InspectCommand.self, RulesCommand.self, AuditCommand.self,
        ]
    )
}
