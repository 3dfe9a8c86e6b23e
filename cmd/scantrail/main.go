// Command scantrail simulates QR-code surveillance in a synthetic city and
// measures what the resulting records reveal. Run it without arguments for
// help.
package main

import (
	"os"
)

func main() {
	os.Exit(execute(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
