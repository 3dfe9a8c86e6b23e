package holders_test

import (
	"fmt"

	"github.com/scantrail/scantrail/sim/holders"
)

// The real identity is readable by anyone; a salted pseudonym differs from
// holder to holder, so two holders cannot join on it.
func ExampleAccount() {
	real, _ := holders.Account(holders.Real, 0, 42)
	a, _ := holders.Account(holders.Salted, holders.Salt(1, 0), 42)
	b, _ := holders.Account(holders.Salted, holders.Salt(1, 1), 42)
	fmt.Println(real)
	fmt.Println(a != b)
	// Output:
	// ID00000042
	// true
}
