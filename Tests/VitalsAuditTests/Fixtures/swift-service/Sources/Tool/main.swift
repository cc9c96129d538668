import ArgumentParser

// A command-line program: printing is its output, not its logging.
struct Report: ParsableCommand {
    func run() { print("3 orders") }
}
