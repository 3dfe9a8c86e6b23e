// Package scenarios reads, checks and writes the scenarios that drive a
// scantrail run.
//
// # Scenario files
//
// A scenario is a YAML file that describes a simulated city (its venues),
// its population and how people move, the sensors at venue doors (QR
// check-ins, mobile payments, face-matching cameras and transit cards) and
// the data holders that receive each sensor stream. The Scenario type
// documents every field; Marshal of Default shows them all with their
// default values.
//
// # Defaults
//
// The default scenario is embedded in the program, together with any
// other scenarios in library/ (see Names). A scenario file, like every
// embedded scenario but the default, only names what it changes: it is
// laid over the default, mappings merging key by key at every depth and
// lists or single values replacing the default's. A file that says
//
//	population:
//	  people: 2000
//	sensors:
//	  qr:
//	    families:
//	      commercial: {scan: 0.4}
//
// keeps every other default, including commercial venues' posted share.
// To remove a value, set it to null; Validate then names what is missing.
//
// # Strictness
//
// Every key must be a field of the Scenario type: a misspelt key is an
// error naming the allowed keys, never silently ignored. Values are then
// validated as a whole (Validate) and every problem is reported at once,
// each with the file, line and dotted field path that set it and the
// values that are allowed. All such mistakes unwrap to ErrInvalid.
//
// # Overrides
//
// Load takes overrides such as population.people=2000 or
// holders.0.identifier=salted, applied after the file in order, as the
// command line's --set flag does. A path that names no field is an error
// listing the fields allowed at that level.
package scenarios
