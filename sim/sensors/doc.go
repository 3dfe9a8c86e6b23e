// Package sensors turns a person's planned stops into the records the
// city's sensors keep: QR check-ins with the phone's GPS position, mobile
// payments, face-matching camera sightings and transit card taps.
//
// Rates are set per venue family with overrides per kind (see the
// scenario's sensors section). A scan needs a posted code, a smartphone and
// the person's compliance; a payment record needs a purchase, a venue that
// takes mobile payment and a payer who chose the phone over cash; a
// sighting needs a camera and a detected face, and the matcher names the
// right person with the hit rate, a wrong one with the false-match rate
// (the failure NIST FRVT, 2018, measures) and nobody otherwise; a tap is a
// station gate read of a stored-value card or a single ticket.
package sensors
