package sim

import "fmt"

// Family groups venue kinds by what a visit there means: travelling,
// consuming, living, dealing with the state or its services, or working.
type Family uint8

// The venue families.
const (
	Transit Family = iota
	Commercial
	Residential
	Government
	Workplace
	numFamilies
)

var familyNames = [...]string{"transit", "commercial", "residential", "government", "workplace"}

// Families lists every venue family in order.
func Families() []Family {
	fs := make([]Family, numFamilies)
	for i := range fs {
		fs[i] = Family(i)
	}
	return fs
}

// String returns the family's scenario name, for example "transit".
func (f Family) String() string {
	if int(f) < len(familyNames) {
		return familyNames[f]
	}
	return fmt.Sprintf("family(%d)", uint8(f))
}

// ParseFamily returns the family with the given scenario name.
func ParseFamily(name string) (Family, bool) {
	for i, n := range familyNames {
		if n == name {
			return Family(i), true
		}
	}
	return 0, false
}

// Kind is what a venue is: a metro station, a café, a hospital, and so on.
type Kind uint8

// The venue kinds.
const (
	MetroStation Kind = iota
	BusStop
	RailStation
	Restaurant
	Cafe
	Shop
	Mall
	Gym
	Entertainment
	HousingCompound
	GovernmentOffice
	Hospital
	Bank
	School
	Office
	Factory
	numKinds
)

var kindNames = [...]string{
	"metro_station", "bus_stop", "rail_station",
	"restaurant", "cafe", "shop", "mall", "gym", "entertainment",
	"housing_compound",
	"government_office", "hospital", "bank", "school",
	"office", "factory",
}

var kindFamily = [...]Family{
	Transit, Transit, Transit,
	Commercial, Commercial, Commercial, Commercial, Commercial, Commercial,
	Residential,
	Government, Government, Government, Government,
	Workplace, Workplace,
}

// NumKinds is the number of venue kinds; kinds index arrays of this size.
const NumKinds = int(numKinds)

// NumFamilies is the number of venue families.
const NumFamilies = int(numFamilies)

// Kinds lists every venue kind in order.
func Kinds() []Kind {
	ks := make([]Kind, numKinds)
	for i := range ks {
		ks[i] = Kind(i)
	}
	return ks
}

// String returns the kind's scenario name, for example "metro_station".
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// Family returns the family the kind belongs to.
func (k Kind) Family() Family { return kindFamily[k] }

// ParseKind returns the kind with the given scenario name.
func ParseKind(name string) (Kind, bool) {
	for i, n := range kindNames {
		if n == name {
			return Kind(i), true
		}
	}
	return 0, false
}

// KindNames returns the scenario names of all kinds, in order.
func KindNames() []string { return append([]string(nil), kindNames[:]...) }

// FamilyNames returns the scenario names of all families, in order.
func FamilyNames() []string { return append([]string(nil), familyNames[:]...) }

// Venue is a place with a door: where people arrive, and where sensors may
// record them. X and Y are metres east and north of the city's south-west
// corner, used for distances; Lat and Lon are the same point on the globe.
type Venue struct {
	ID             int32   `parquet:"venue_id"`
	Name           string  `parquet:"name"`
	Family         string  `parquet:"family,dict"`
	Kind           string  `parquet:"kind,dict"`
	Lat            float64 `parquet:"lat"`
	Lon            float64 `parquet:"lon"`
	X              float64 `parquet:"x_m"`
	Y              float64 `parquet:"y_m"`
	District       int32   `parquet:"district"`
	Opens          int32   `parquet:"opens_min"`
	Closes         int32   `parquet:"closes_min"`
	Attractiveness float64 `parquet:"attractiveness"`
	QRCode         bool    `parquet:"qr_code"`
	Camera         bool    `parquet:"camera"`
	MobilePayment  bool    `parquet:"mobile_payment"`

	// K is the kind as a number; it is not written out.
	K Kind `parquet:"-"`
}

// OpenAt reports whether the venue is open for the whole span from minute
// from to minute to of a day (minutes since local midnight). Venues open
// round the clock have Opens 0 and Closes 1440.
func (v *Venue) OpenAt(from, to int32) bool {
	return from >= v.Opens && to <= v.Closes
}
