package scenarios

import "github.com/scantrail/scantrail/sim"

// For returns the QR setting of a venue kind: each field set for the kind
// in Kinds wins over the field set for its family in Families. A field
// set in neither, which Validate rules out, reads as zero.
func (q QR) For(kind sim.Kind) (posted, scan float64) {
	fam, own := q.Families[kind.Family().String()], q.Kinds[kind.String()]
	return *pick(own.Posted, fam.Posted), *pick(own.Scan, fam.Scan)
}

// For returns the payment setting of a venue kind with every field
// filled, a kind's own field winning over its family's. The pointers are
// fresh copies; changing them leaves the scenario alone.
func (p Payment) For(kind sim.Kind) PaymentRate {
	fam, own := p.Families[kind.Family().String()], p.Kinds[kind.String()]
	return PaymentRate{
		Accepts:      pick(own.Accepts, fam.Accepts),
		Purchase:     pick(own.Purchase, fam.Purchase),
		AmountMedian: pick(own.AmountMedian, fam.AmountMedian),
		AmountSigma:  pick(own.AmountSigma, fam.AmountSigma),
	}
}

// For returns the camera setting of a venue kind with every field filled,
// a kind's own field winning over its family's. The pointers are fresh
// copies.
func (c Camera) For(kind sim.Kind) CameraRate {
	fam, own := c.Families[kind.Family().String()], c.Kinds[kind.String()]
	return CameraRate{
		Coverage:   pick(own.Coverage, fam.Coverage),
		Detection:  pick(own.Detection, fam.Detection),
		HitRate:    pick(own.HitRate, fam.HitRate),
		FalseMatch: pick(own.FalseMatch, fam.FalseMatch),
	}
}

// pick returns a copy of the first value that is set, or of zero.
func pick(values ...*float64) *float64 {
	for _, v := range values {
		if v != nil {
			x := *v
			return &x
		}
	}
	return new(float64)
}

// rateField is one optional number of a rate, with the rule it must meet.
type rateField struct {
	name  string
	value *float64
	check func(c *checker, path string, x float64)
}

// rate is a family or kind setting made of optional numbers.
type rate interface {
	QRRate | PaymentRate | CameraRate
	fields() []rateField
}

func (r QRRate) fields() []rateField {
	return []rateField{
		{"posted", r.Posted, (*checker).probability},
		{"scan", r.Scan, (*checker).probability},
	}
}

func (r PaymentRate) fields() []rateField {
	return []rateField{
		{"accepts", r.Accepts, (*checker).probability},
		{"purchase", r.Purchase, (*checker).probability},
		{"amount_median", r.AmountMedian, (*checker).positive},
		{"amount_sigma", r.AmountSigma, (*checker).nonNegative},
	}
}

func (r CameraRate) fields() []rateField {
	return []rateField{
		{"coverage", r.Coverage, (*checker).probability},
		{"detection", r.Detection, (*checker).probability},
		{"hit_rate", r.HitRate, (*checker).probability},
		{"false_match", r.FalseMatch, (*checker).probability},
	}
}
