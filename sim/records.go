package sim

// Visit is one ground-truth stay of a person at a venue. Group is non-zero
// when the person came with companions: everyone in the same outing shares
// the same Group. Visits are the truth the attacks are scored against; no
// data holder sees them.
type Visit struct {
	Person    int32 `parquet:"person_id,delta"`
	Venue     int32 `parquet:"venue_id"`
	Arrival   int64 `parquet:"arrival,timestamp(millisecond),delta"`
	Departure int64 `parquet:"departure,timestamp(millisecond),delta"`
	Group     int64 `parquet:"group_id"`
}

// Scan is a QR check-in: the phone of Person scanned the code of Venue at
// Time and reported the position Lat, Lon (with GPS error, or spoofed).
// Filer is the person whose account the check-in is filed under: Person,
// unless the household shares an account (see Person.Filer). A non-zero
// Alias marks an entry made under a made-up name, which no account ties to
// anyone. Entry says whether the code was scanned, the visit written down,
// or the check-in a dummy at a venue Person did not visit.
type Scan struct {
	Person int32   `parquet:"person_id,delta"`
	Venue  int32   `parquet:"venue_id"`
	Time   int64   `parquet:"time,timestamp(millisecond),delta"`
	Lat    float64 `parquet:"lat"`
	Lon    float64 `parquet:"lon"`
	Filer  int32   `parquet:"account_person_id,delta"`
	Alias  int64   `parquet:"alias_id"`
	Entry  Entry   `parquet:"entry"`
}

// Payment is a mobile payment by Person to the merchant at Venue. Cash
// purchases leave no record and so have no row.
type Payment struct {
	Person int32   `parquet:"person_id,delta"`
	Venue  int32   `parquet:"venue_id"`
	Time   int64   `parquet:"time,timestamp(millisecond),delta"`
	Amount float64 `parquet:"amount"`
}

// Sighting is a face capture by the camera at Venue. Person is who truly
// passed; Matched is whom the face matcher named, or -1 for no match. A
// false match names the wrong person.
type Sighting struct {
	Camera  int32   `parquet:"camera_venue_id"`
	Person  int32   `parquet:"person_id,delta"`
	Time    int64   `parquet:"time,timestamp(millisecond),delta"`
	Matched int32   `parquet:"matched_person_id"`
	Score   float32 `parquet:"score"`
}

// Tap is a transit card read at a station gate. Card is the card id (a
// single ticket has its own id); Entry is true at the entry gate and false
// at the exit gate.
type Tap struct {
	Person int32 `parquet:"person_id,delta"`
	Card   int64 `parquet:"card_id"`
	Venue  int32 `parquet:"station_venue_id"`
	Time   int64 `parquet:"time,timestamp(millisecond),delta"`
	Entry  bool  `parquet:"entry"`
}

// Stream names one kind of sensor record.
type Stream string

// The sensor streams, named as in scenarios and output files.
const (
	StreamScans     Stream = "scans"
	StreamPayments  Stream = "payments"
	StreamSightings Stream = "sightings"
	StreamTaps      Stream = "taps"
)

// Streams lists the sensor streams in output order.
func Streams() []Stream {
	return []Stream{StreamScans, StreamPayments, StreamSightings, StreamTaps}
}

// Day holds everything one simulated day produced, in person order.
type Day struct {
	Index     int
	Visits    []Visit
	Scans     []Scan
	Payments  []Payment
	Sightings []Sighting
	Taps      []Tap
}

// Reset empties the day's record slices, keeping their storage.
func (d *Day) Reset(index int) {
	d.Index = index
	d.Visits = d.Visits[:0]
	d.Scans = d.Scans[:0]
	d.Payments = d.Payments[:0]
	d.Sightings = d.Sightings[:0]
	d.Taps = d.Taps[:0]
}

// Account is the identifier under which a data holder knows a person.
type Account struct {
	Holder  string `parquet:"holder,dict"`
	Person  int32  `parquet:"person_id,delta"`
	Account string `parquet:"account"`
}

// Route says that a data holder receives a stream under an identifier
// scheme, and what the holder's policy keeps of it (see the scenario's
// Policy for each field's meaning; empty strings and zeros keep every
// record as received, on the server, forever). Silo is true when the
// holder's records may not be joined with another holder's.
type Route struct {
	Holder     string `parquet:"holder,dict"`
	Stream     string `parquet:"stream,dict"`
	Identifier string `parquet:"identifier,dict"`

	RetentionDays  int32   `parquet:"retention_days"`
	Place          string  `parquet:"place,dict"`
	Time           string  `parquet:"time,dict"`
	LocateBy       string  `parquet:"locate_by,dict"`
	GeoEpsilon     float64 `parquet:"geo_indistinguishability"`
	CloakingK      int32   `parquet:"cloaking_k"`
	Storage        string  `parquet:"storage,dict"`
	PhoneDays      int32   `parquet:"phone_days"`
	DiagnosisRate  float64 `parquet:"diagnosis_rate"`
	Release        string  `parquet:"release,dict"`
	ReleaseEpsilon float64 `parquet:"release_epsilon"`
	Silo           bool    `parquet:"silo"`
}
