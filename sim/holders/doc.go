// Package holders models the organisations that receive sensor streams
// (a health authority, a payment provider, public security, venue
// operators) and the identifier under which each knows a person: the real
// identity, a stable hash shared by every holder, or a pseudonym salted
// per holder so that two holders' records cannot be joined on it.
package holders
