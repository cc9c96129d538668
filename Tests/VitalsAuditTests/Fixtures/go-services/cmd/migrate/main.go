package main

import (
	"flag"
	"fmt"
)

// A command-line program under cmd/: its printing is its output.
func main() {
	dry := flag.Bool("dry-run", false, "print the plan only")
	flag.Parse()
	fmt.Println("applied 3 migrations", *dry)
}
