package movement

// Role marks what a stop is for; sensors treat station entries and exits
// differently from other visits.
type Role uint8

// The roles of a stop.
const (
	RoleVisit Role = iota
	RoleEntry
	RoleExit
	RoleHome
	RoleWork
)

// Stop is one planned stay at a venue. Arrive and Depart are minutes since
// local midnight of the plan's day; they may pass 1440 for stays that end
// after midnight. Group is non-zero for a shared outing.
type Stop struct {
	Venue  int32
	Arrive int32
	Depart int32
	Group  int64
	Role   Role
}
