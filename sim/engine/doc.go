// Package engine runs a scenario end to end: it builds the city and its
// population, then plans and senses one day at a time, handing each day's
// ground-truth visits and sensor records to a sim.Sink before the next day
// begins, so memory does not grow with the number of days.
//
// Within a day, people are split into fixed chunks that worker goroutines
// plan in any order; the chunks are then joined in person order. Every
// random draw comes from a stream named by the seed, the person and the
// day, so the output is byte-identical whatever the number of workers.
package engine
